"""Preview an attachment in the app: photos as images, PDFs with Qt's PDF viewer.

The file is encrypted at rest; its plain bytes are read into memory for the preview, never written out.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, Qt
from PySide6.QtGui import QImageReader, QPixmap
from PySide6.QtWidgets import QDialog, QLabel, QScrollArea, QVBoxLayout, QWidget

from sector_desktop.services.attachments import AttachmentInfo, read_attachment

from ..context import AppContext
from ..screen_fit import open_size


class AttachmentPreview(QDialog):
    def __init__(self, ctx: AppContext, item: AttachmentInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.buffer = QBuffer(self)
        self.buffer.setData(QByteArray(read_attachment(ctx.db, ctx.paths, item)))
        self.buffer.open(QBuffer.OpenModeFlag.ReadOnly)
        self.setObjectName("attachmentPreview")
        self.setWindowTitle(item.filename)
        open_size(self, 760, 900)
        layout = QVBoxLayout(self)
        layout.addWidget(self._body(item), 1)

    def _body(self, item: AttachmentInfo) -> QWidget:
        if item.mime_type == "application/pdf":
            from PySide6.QtPdf import QPdfDocument
            from PySide6.QtPdfWidgets import QPdfView

            self.document = QPdfDocument(self)
            self.document.load(self.buffer)
            view = QPdfView(self)
            view.setPageMode(QPdfView.PageMode.MultiPage)
            view.setDocument(self.document)
            view.setAccessibleName(f"Preview of {item.filename}")
            return view
        reader = QImageReader(self.buffer)
        image = reader.read()
        if image.isNull():
            # HEIC needs a Qt image plugin that not every system has; say so instead of failing.
            note = QLabel(
                f"This {item.mime_type} file cannot be shown here ({reader.errorString()}). "
                "It is stored safely and can be exported."
            )
            note.setWordWrap(True)
            return note
        label = QLabel()
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setPixmap(
            QPixmap.fromImage(image).scaledToWidth(720, Qt.TransformationMode.SmoothTransformation)
        )
        label.setAccessibleName(f"Photo {item.filename}")
        scroll = QScrollArea()
        scroll.setWidget(label)
        scroll.setWidgetResizable(True)
        return scroll
