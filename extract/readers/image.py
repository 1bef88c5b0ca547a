"""Image files (PNG, JPEG, TIFF incl. multi-page) → OCR'd pages.

The pixel cap is checked from the header before any pixel is decoded, so a decompression
bomb (a tiny file claiming a gigapixel image) is refused instead of exhausting memory.
"""

from __future__ import annotations

import warnings
from pathlib import Path

from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

from extract.errors import InputError
from extract.readers.ocr import check_tesseract, ocr_image
from schemas import Page, PageError

STAGE = "read-image"
# A3 at 600 dpi is ~70 Mpx; anything far above is not a page scan.
MAX_PIXELS = 120_000_000
DEFAULT_DPI = 300


def _dpi(frame: Image.Image) -> int:
    """The dpi the file declares, when plausible; scans without it are assumed 300 dpi."""
    dpi = frame.info.get("dpi")
    try:
        value = round(float(dpi[0])) if dpi else 0
    except (TypeError, ValueError, IndexError):
        value = 0
    return value if 50 <= value <= 2400 else DEFAULT_DPI


def read_image(path: Path, *, lang: str = "vie") -> list[Page]:
    """One OCR'd page per image frame; a frame that fails becomes a Page with an error."""
    previous = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            try:
                image = Image.open(path)
            except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
                raise InputError(path, STAGE, f"image too large (over {MAX_PIXELS:,} pixels): "
                                 "refused to decode") from error
            except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
                raise InputError(path, STAGE, f"corrupt or unreadable image: {error}") from error
            with image:
                return _read_frames(path, image, lang)
    finally:
        Image.MAX_IMAGE_PIXELS = previous


def _read_frames(path: Path, image: Image.Image, lang: str) -> list[Page]:
    check_tesseract(path, lang)
    pages: list[Page] = []
    for number, frame in enumerate(ImageSequence.Iterator(image), start=1):
        width, height = frame.size
        if width * height > MAX_PIXELS:
            raise InputError(path, STAGE, f"image too large: page {number} is {width}x{height} "
                             f"pixels (cap {MAX_PIXELS:,})")
        try:
            frame.load()
            pixels = ImageOps.exif_transpose(frame)  # phone photos: honour the orientation tag
        except (OSError, SyntaxError, ValueError) as error:
            if number == 1:
                raise InputError(path, STAGE, f"corrupt or unreadable image: {error}") from error
            pages.append(Page(number=number, reader="ocr", ocr_lang=lang,
                              error=PageError(stage=STAGE, message=str(error))))
            continue
        pages.append(ocr_image(pixels, number=number, lang=lang, dpi=_dpi(frame)))
    if all(page.error is not None for page in pages):
        raise InputError(path, STAGE, f"no page could be read: {pages[0].error.message}")
    return pages
