"""Readers: any input file (PDF, scan, image, OCR text) → one ``Document`` with raw text.

The format is decided by content (``detect``), and for PDFs per page: a page with a usable
text layer is read from it, a page without one goes to OCR (``ocr="auto"``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from extract.readers.detect import MEDIA_TYPES, detect
from extract.readers.source import check_file, make_source
from schemas import Document, Page, Warning

OcrMode = Literal["auto", "always", "never"]

__all__ = ["read_document"]


def read_document(path: Path, *, ocr: OcrMode = "auto", lang: str = "vie",
                  password: str | None = None, dpi: int = 300) -> Document:
    """Read ``path`` into a Document, or raise InputError naming the file and the cause."""
    path = Path(path)
    size = check_file(path)
    kind = detect(path)
    warnings: list[Warning] = []
    pages: list[Page]
    if kind == "text":
        from extract.readers.text import read_text

        pages, warnings = read_text(path)
    elif kind == "pdf":
        from extract.readers.pdf import read_pdf

        pages, warnings = read_pdf(path, ocr=ocr, lang=lang, password=password, dpi=dpi)
        warnings += [Warning(code="no-text-layer", page=page.number,
                             message="page has no usable text layer and OCR is off "
                             "(--ocr never)")
                     for page in pages if ocr == "never" and not page.lines and not page.error]
    else:
        from extract.readers.image import read_image

        pages = read_image(path, lang=lang)
    source = make_source(path, size, MEDIA_TYPES[kind], len(pages))
    return Document(source=source, pages=pages, warnings=warnings)
