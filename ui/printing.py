"""Printing a PDF exactly as it was made: each page rendered by QtPdf at the
printer's resolution, so what prints is what was previewed and archived."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtCore import QObject
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPrintSupport import QPrinter


def load_pdf(data: bytes, parent: QObject) -> QPdfDocument:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtPdf import QPdfDocument

    document = QPdfDocument(parent)
    buffer = QBuffer(document)
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    return document


def print_pdf(document: QPdfDocument, printer: QPrinter) -> int:
    """Send every page to ``printer``; returns the number of pages printed."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QPainter
    from PySide6.QtPrintSupport import QPrinter

    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("The printer could not be opened.")
    try:
        for page in range(document.pageCount()):
            if page:
                printer.newPage()
            area = printer.pageRect(QPrinter.Unit.DevicePixel).toRect()
            size = document.pagePointSize(page).toSize().scaled(
                area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(area.topLeft(), document.render(page, size))
    finally:
        painter.end()
    return document.pageCount()
