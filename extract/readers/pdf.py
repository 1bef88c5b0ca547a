"""PDF pages: the text layer when it is usable (PDFium's text page), OCR when it is not.

Why per page: archives hold PDFs where some pages were typed and others scanned in, and
text layers that are empty, or garbage: glyph codes of fonts without a Unicode map (PDFium
flags them; they become U+FFFD here, "(cid:12)" runs in pdfminer's words). Such a page is
read as an image instead (``ocr="auto"``). Text layers typed in legacy 8-bit Vietnamese fonts
(TCVN3 .VnTime, VNI-Times) are converted to Unicode, with a ``legacy-encoding`` warning.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from extract.errors import InputError
from extract.readers.layout import group_lines
from extract.readers.pdftext import page_geometry, page_words
from schemas import Box, Line, Page, PageError, Warning, Word

STAGE = "read-pdf"
MIN_LETTERS = 20
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


def _why_unopenable(path: Path, password: str | None, error: Exception) -> InputError:
    """Why PDFium refused a file, asked of pdfminer: PDFium's error code is a per-thread
    "last error" that a failure does not always set (a zero-page PDF leaves the code of an
    earlier encrypted file), so it cannot name the cause by itself. Only bad files get here."""
    import pdfplumber

    try:
        with pdfplumber.open(path, password=password or "") as pdf:
            if not pdf.pages:
                return InputError(path, STAGE, "PDF has no pages")
    except Exception as miner_error:  # noqa: BLE001 - classified below
        return _open_error(path, miner_error, password)
    detail = " ".join(str(error).split())[:200] or type(error).__name__
    return InputError(path, STAGE, f"corrupt or unreadable PDF: {detail}")


def _open_pdf(path: Path, password: str | None):
    """Open with PDFium, or raise an InputError naming the cause (encrypted, corrupt)."""
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(str(path), password=password or None)
    except pdfium.PdfiumError as error:
        raise _why_unopenable(path, password, error) from error


def _text_page(number: int, pdfium_page) -> Page:
    geometry = page_geometry(pdfium_page)
    lines = []
    for index, group in enumerate(group_lines(page_words(pdfium_page)), start=1):
        boxed = [Word(text=w.text, box=Box(x0=w.x0, top=w.top, x1=max(w.x0, w.x1),
                                           bottom=max(w.top, w.bottom))) for w in group]
        lines.append(Line(number=index, text=" ".join(w.text for w in boxed), words=boxed,
                          box=Box.union([w.box for w in boxed if w.box is not None])))
    return Page(number=number, reader="pdf-text", width=geometry.width, height=geometry.height,
                unit="pt", lines=lines)


def _ocr_page(number: int, pdfium_page, lang: str, dpi: int) -> Page:
    from extract.readers.ocr import ocr_image
    from extract.readers.raster import page_pixels

    try:
        pixels = page_pixels(pdfium_page, dpi)
    except Exception as error:  # noqa: BLE001 - one bad page must not sink the document
        return Page(number=number, reader="ocr", dpi=dpi, ocr_lang=lang,
                    error=PageError(stage="rasterise", message=f"{type(error).__name__}: "
                                    f"{error}"))
    # ``pixels`` (and the PDFium bitmap it holds) lives until OCR is done with its buffer.
    return ocr_image(pixels.image, number=number, lang=lang, dpi=pixels.dpi)


def _decode_legacy(pages: list[Page]) -> list[Warning]:
    """Text layers typed in TCVN3 (.VnTime) or VNI fonts carry the font's 8-bit codes as
    Latin-1 letters; convert them to Unicode.

    The encoding is detected per page (one line alone is ambiguous; a whole page is not), and
    a page too short or too plain to tell takes the document's majority encoding. A line is
    converted only when that makes it more Vietnamese (normalize.legacy), so genuine Unicode
    pages of a mixed document stay as read.
    """
    from collections import Counter

    from normalize.legacy import convert_legacy_text, detect_legacy_encoding, fix_legacy_text

    text_pages = [page for page in pages if page.reader == "pdf-text" and page.lines]
    found = {page.number: detect_legacy_encoding("\n".join(line.text for line in page.lines))
             for page in text_pages}
    votes = Counter(encoding for encoding in found.values() if encoding is not None)
    if not votes:
        return []
    majority = votes.most_common(1)[0][0]
    warnings = []
    for page in text_pages:
        encoding = found[page.number] or majority
        changed = False
        for line in page.lines:
            if fix_legacy_text(line.text, encoding)[1] is None:
                continue
            try:
                words = [convert_legacy_text(word.text, encoding) for word in line.words]
            except ValueError:
                continue
            for word, text in zip(line.words, words, strict=True):
                word.text = text
            line.text = " ".join(words)
            changed = True
        if changed:
            warnings.append(Warning(code="legacy-encoding", page=page.number,
                                    message=f"text layer decoded as {encoding}"))
    return warnings


def read_pdf(path: Path, *, ocr: str = "auto", lang: str = "vie", password: str | None = None,
             dpi: int = 300) -> tuple[list[Page], list[Warning]]:
    """All pages of a PDF, each from its text layer or from OCR as ``ocr`` decides, and the
    warnings about how they were read (legacy encodings converted)."""
    pdf = _open_pdf(path, password)
    pages: list[Page] = []
    try:
        if len(pdf) == 0:
            raise InputError(path, STAGE, "PDF has no pages")
        checked_tesseract = False
        for number in range(1, len(pdf) + 1):
            try:
                pdfium_page = pdf[number - 1]
            except Exception as error:  # noqa: BLE001 - keep the other pages
                pages.append(Page(number=number, reader="pdf-text", error=PageError(
                    stage=STAGE, message=f"{type(error).__name__}: {error}")))
                continue
            try:
                page = None
                if ocr != "always":
                    try:
                        page = _text_page(number, pdfium_page)
                    except Exception as error:  # noqa: BLE001 - keep the other pages
                        page = Page(number=number, reader="pdf-text", error=PageError(
                            stage=STAGE, message=f"{type(error).__name__}: {error}"))
                    if ocr == "auto" and not usable_text(page.text(restored=False)):
                        page = None
                if page is None:
                    if not checked_tesseract:
                        from extract.readers.ocr import check_tesseract

                        check_tesseract(path, lang)
                        checked_tesseract = True
                    page = _ocr_page(number, pdfium_page, lang, dpi)
            finally:
                pdfium_page.close()  # one page in memory at a time: long PDFs stay flat
            pages.append(page)
    finally:
        pdf.close()
    if all(page.error is not None for page in pages):
        raise InputError(path, STAGE, f"no page could be read: {pages[0].error.message}")
    return pages, _decode_legacy(pages)
