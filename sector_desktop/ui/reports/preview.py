"""Preview a generated PDF in the app, then print it on a local printer or save a copy."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QKeySequence, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ..screen_fit import open_size


class PdfPreviewDialog(QDialog):
    """Shows a PDF file; Print… goes to the system print dialog, which works with no network."""

    def __init__(self, pdf_path: Path, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pdf_path = pdf_path
        self.setObjectName("pdfPreview")
        self.setWindowTitle(title)
        open_size(self, 900, 1000)  # as tall as the screen allows: Print and Save stay on it
        self.document = QPdfDocument(self)
        self.document.load(str(pdf_path))
        self.view = QPdfView(self)
        self.view.setObjectName("pdfView")
        self.view.setAccessibleName(f"Preview of {title}")
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)
        pages = QLabel(f"{self.document.pageCount()} page{'s' if self.document.pageCount() != 1 else ''}")
        pages.setObjectName("previewPageCount")
        print_button = QPushButton("Print…")
        print_button.setObjectName("printButton")
        print_button.setShortcut(QKeySequence.StandardKey.Print)
        print_button.clicked.connect(self.print_document)
        save = QPushButton("Save as PDF…")
        save.setObjectName("savePdfButton")
        save.setShortcut(QKeySequence.StandardKey.Save)
        save.clicked.connect(self.save_copy)
        close = QPushButton("Close")
        close.clicked.connect(self.accept)
        bar = QHBoxLayout()
        bar.addWidget(pages)
        bar.addStretch(1)
        for b in (print_button, save, close):
            bar.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(bar)

    def save_copy(self, target: Path | None = None) -> Path | None:
        if target is None:
            name, _ = QFileDialog.getSaveFileName(
                self, "Save as PDF", str(Path.home() / self.pdf_path.name), "PDF (*.pdf)"
            )
            if not name:
                return None
            target = Path(name)
        shutil.copyfile(self.pdf_path, target)
        return target

    def print_document(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.windowTitle())
        printer.setFromTo(1, self.document.pageCount())
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            print_pdf(self.document, printer)


def print_pdf(document: QPdfDocument, printer: QPrinter) -> int:
    """Render each page at the printer's resolution (capped at 300 dpi) and send it. Returns pages sent."""
    first, last = printer.fromPage() or 1, printer.toPage() or document.pageCount()
    dpi = min(printer.resolution(), 300)
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    sent = 0
    try:
        for index in range(first - 1, last):
            if sent:
                printer.newPage()
            points = document.pagePointSize(index)
            image = document.render(
                index, QSize(int(points.width() * dpi / 72), int(points.height() * dpi / 72))
            )
            area = QRectF(painter.viewport())
            scaled = image.size().scaled(area.size().toSize(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRectF(QPointF(0, 0), scaled.toSizeF()), image)
            sent += 1
    finally:
        painter.end()
    return sent
