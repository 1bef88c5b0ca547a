"""PDF pages: the text layer when it is usable (pdfplumber), OCR when it is not.

Why per page: archives hold PDFs where some pages were typed and others scanned in, and
text layers that are empty, or garbage such as "(cid:12)" runs from fonts without a Unicode
map. Such a page is read as an image instead (``ocr="auto"``).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from extract.errors import InputError
from extract.readers.layout import PlacedWord, group_lines
from schemas import Box, Line, Page, PageError, Word

STAGE = "read-pdf"
MIN_LETTERS = 20
MAX_RENDER_PIXELS = 120_000_000  # as extract.readers.image.MAX_PIXELS: A3 at 600 dpi and more
_CID = re.compile(r"\(cid:\d+\)")


def usable_text(text: str) -> bool:
    """True when a page's text layer holds real text: enough letters, little junk."""
    cid_chars = sum(len(m) for m in _CID.findall(text))
    text = _CID.sub("", text)
    visible = [c for c in text if not c.isspace()]
    if not visible:
        return False
    letters = sum(1 for c in visible if c.isalpha())
    junk = sum(1 for c in visible
               if c == "\ufffd" or unicodedata.category(c) in ("Cc", "Co", "Cn", "Cs"))
    if letters < MIN_LETTERS or junk > 0.1 * len(visible):
        return False
    return cid_chars <= 0.2 * (cid_chars + len(visible))


def _open_error(path: Path, error: Exception, password: str | None) -> InputError:
    """Turn pdfminer's exceptions into one clear line (encrypted, corrupt)."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    cause = error.args[0] if error.args and isinstance(error.args[0], Exception) else error
    if isinstance(cause, PDFPasswordIncorrect):
        if password:
            return InputError(path, STAGE, "encrypted PDF: the password given with --password "
                              "is wrong")
        return InputError(path, STAGE, "encrypted PDF: give its password with --password")
    if isinstance(cause, PDFEncryptionError):
        return InputError(path, STAGE, f"encrypted PDF with an unsupported scheme: {cause}")
    detail = " ".join(str(cause).split())[:200] or type(cause).__name__
    return InputError(path, STAGE, f"corrupt or unreadable PDF: {detail}")


def _text_page(number: int, plumber_page) -> Page:
    raw = plumber_page.extract_words(keep_blank_chars=False, use_text_flow=False)
    words = [PlacedWord(w["text"], float(w["x0"]), float(w["top"]), float(w["x1"]),
                        float(w["bottom"])) for w in raw]
    lines = []
    for index, group in enumerate(group_lines(words), start=1):
        boxed = [Word(text=w.text, box=Box(x0=w.x0, top=w.top, x1=max(w.x0, w.x1),
                                           bottom=max(w.top, w.bottom))) for w in group]
        lines.append(Line(number=index, text=" ".join(w.text for w in boxed), words=boxed,
                          box=Box.union([w.box for w in boxed if w.box is not None])))
    return Page(number=number, reader="pdf-text", width=float(plumber_page.width),
                height=float(plumber_page.height), unit="pt", lines=lines)


def _ocr_page(path: Path, number: int, pdfium_doc, lang: str, dpi: int) -> Page:
    from extract.readers.ocr import ocr_image

    try:
        page = pdfium_doc[number - 1]
        width, height = page.get_size()
        scale = dpi / 72.0
        if width * height * scale * scale > MAX_RENDER_PIXELS:  # posters, maps: cap memory
            scale = (MAX_RENDER_PIXELS / (width * height)) ** 0.5
            dpi = int(scale * 72)
        image = page.render(scale=scale, grayscale=True).to_pil()
    except Exception as error:  # noqa: BLE001 - one bad page must not sink the document
        return Page(number=number, reader="ocr", dpi=dpi, ocr_lang=lang,
                    error=PageError(stage="rasterise", message=f"{type(error).__name__}: "
                                    f"{error}"))
    return ocr_image(image, number=number, lang=lang, dpi=dpi)


def _open_pdfium(path: Path, password: str | None):
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(str(path), password=password)
    except pdfium.PdfiumError as error:
        raise InputError(path, STAGE, f"corrupt or unreadable PDF: {error}") from error


def read_pdf(path: Path, *, ocr: str = "auto", lang: str = "vie", password: str | None = None,
             dpi: int = 300) -> list[Page]:
    """All pages of a PDF, each from its text layer or from OCR as ``ocr`` decides."""
    import pdfplumber

    try:
        pdf = pdfplumber.open(path, password=password or "")
    except Exception as error:
        raise _open_error(path, error, password) from error
    pdfium_doc = None
    pages: list[Page] = []
    with pdf:
        try:
            plumber_pages = list(pdf.pages)
        except Exception as error:
            raise _open_error(path, error, password) from error
        if not plumber_pages:
            raise InputError(path, STAGE, "PDF has no pages")
        for number, plumber_page in enumerate(plumber_pages, start=1):
            page = None
            if ocr != "always":
                try:
                    page = _text_page(number, plumber_page)
                except Exception as error:  # noqa: BLE001 - keep the other pages
                    page = Page(number=number, reader="pdf-text", error=PageError(
                        stage=STAGE, message=f"{type(error).__name__}: {error}"))
                finally:
                    plumber_page.close()  # drop pdfplumber's per-page caches: long PDFs
                if ocr == "auto" and not usable_text(page.text(restored=False)):
                    page = None
            if page is None:
                if pdfium_doc is None:
                    from extract.readers.ocr import check_tesseract

                    check_tesseract(path, lang)
                    pdfium_doc = _open_pdfium(path, password)
                page = _ocr_page(path, number, pdfium_doc, lang, dpi)
            pages.append(page)
    if pdfium_doc is not None:
        pdfium_doc.close()
    if all(page.error is not None for page in pages):
        raise InputError(path, STAGE, f"no page could be read: {pages[0].error.message}")
    return pages
