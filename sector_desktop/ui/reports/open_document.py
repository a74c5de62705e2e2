"""Generate a document in a worker, show progress when it takes a while, then open the preview."""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from ..context import AppContext
from ..tasks import run_task

PROGRESS_AFTER_MS = 500  # a progress window only when the wait is noticeable


def _file_name(title: str) -> str:
    return re.sub(r"[^\w.-]+", "-", title).strip("-")[:80] + ".pdf"


def open_document(
    ctx: AppContext,
    parent: QWidget,
    title: str,
    make_pdf: Callable[[], bytes],
    on_error: Callable[[Exception], None] | None = None,
) -> None:
    """Run `make_pdf` off the UI thread, save it under the profile's cache, and preview it."""
    progress = QProgressDialog(f"Preparing {title}…", "", 0, 0, parent)
    progress.setObjectName("documentProgress")
    progress.setCancelButton(None)
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(0)
    progress.reset()
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.timeout.connect(progress.show)
    timer.start(PROGRESS_AFTER_MS)
    target = ctx.paths.cache_dir / "documents" / _file_name(title)

    def work() -> object:
        # reportlab is imported here, not at start-up: it costs most of a second before first paint.
        from sector_desktop.services.documents import write_pdf

        return write_pdf(make_pdf(), target)

    def finish() -> None:
        timer.stop()
        progress.close()

    def done(path: object) -> None:
        from .preview import PdfPreviewDialog

        finish()
        dialog = PdfPreviewDialog(path, title, parent)  # type: ignore[arg-type]
        dialog.open()
        parent._last_preview = dialog  # type: ignore[attr-defined]  # keep it reachable for tests

    def failed(exc: Exception) -> None:
        finish()
        if on_error is not None:
            on_error(exc)
        else:
            QMessageBox.warning(parent, "Could not prepare the document", str(exc))

    run_task(work, done, failed)
