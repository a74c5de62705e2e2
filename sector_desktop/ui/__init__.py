"""The PySide6 shell: main window, pages, item models, dialogs and workers."""
