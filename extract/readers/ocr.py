"""Tesseract OCR of one page image → a Page with lines, word boxes (px) and confidences.

One Tesseract at a time per process with ``OMP_THREAD_LIMIT=1``: Tesseract's OpenMP threads
fight each other (and the batch runner's processes) and make OCR slower, not faster.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

from extract.errors import SohoaError
from extract.readers.cleanup import Prepared, clean_page, to_grey
from schemas import Box, Line, Page, PageError, Word

os.environ["OMP_THREAD_LIMIT"] = "1"
# The same for OpenCV's clean-up: batch runs one process per core, where extra threads only
# add switching (measured: ~10% more CPU per faded page with OpenCV's default threads).
cv2.setNumThreads(1)

STAGE = "ocr"


class OcrUnavailable(SohoaError):
    """Tesseract or its language data is missing: an installation problem, not bad input."""


@lru_cache(maxsize=1)
def _available_languages() -> frozenset[str]:
    import pytesseract

    if shutil.which(pytesseract.pytesseract.tesseract_cmd) is None:
        raise FileNotFoundError
    return frozenset(pytesseract.get_languages(config=""))


def check_tesseract(path: Path, lang: str) -> None:
    """Fail early, naming what to install, when Tesseract or a language model is missing."""
    try:
        languages = _available_languages()
    except (FileNotFoundError, OSError) as error:
        raise OcrUnavailable(path, STAGE, "Tesseract is not installed: install the Debian "
                             "packages tesseract-ocr and tesseract-ocr-vie "
                             "(scripts/setup.sh)") from error
    missing = [code for code in lang.split("+") if code not in languages]
    if missing:
        packages = " ".join(f"tesseract-ocr-{code.lower().replace('_', '-')}" for code in missing)
        raise OcrUnavailable(path, STAGE, f"Tesseract language data missing for "
                             f"{'+'.join(missing)}: install {packages}")


def _lines_from_data(data: dict[str, list], prepared: Prepared) -> list[Line]:
    """Group Tesseract's word rows by (block, paragraph, line) in reading order."""
    groups: dict[tuple[int, int, int], list[Word]] = {}
    for i, text in enumerate(data["text"]):
        text = (text or "").strip()
        if int(data["level"][i]) != 5 or not text:
            continue
        conf = float(data["conf"][i])
        left, top = float(data["left"][i]), float(data["top"][i])
        x0, y0, x1, y1 = prepared.box_to_input(left, top, left + data["width"][i],
                                               top + data["height"][i])
        box = Box(x0=x0, top=y0, x1=x1, bottom=y1)
        word = Word(text=text, box=box, confidence=None if conf < 0 else min(conf, 100) / 100)
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        groups.setdefault(key, []).append(word)
    lines = []
    for number, words in enumerate(groups.values(), start=1):
        confs = [w.confidence for w in words if w.confidence is not None]
        lines.append(Line(number=number, text=" ".join(w.text for w in words), words=words,
                          box=Box.union([w.box for w in words if w.box is not None]),
                          confidence=sum(confs) / len(confs) if confs else None))
    return lines


def ocr_image(image: Image.Image | np.ndarray, *, number: int, lang: str = "vie",
              dpi: int | None = None, clean: bool = True) -> Page:
    """OCR one page image (PIL, or an 8-bit grey array); boxes are in the input image's
    pixels, top-left origin.

    ``clean=False`` skips the clean-up (benchmarks use it to show what clean-up buys).
    A Tesseract failure on this page becomes ``Page.error``; the document goes on.
    """
    import pytesseract

    height, width = image.shape[:2] if isinstance(image, np.ndarray) else image.size[::-1]
    if clean:
        prepared = clean_page(image)
    else:
        prepared = Prepared(to_grey(image))
    page = Page(number=number, reader="ocr", width=float(width), height=float(height), unit="px",
                dpi=dpi, ocr_lang=lang)
    try:
        with tempfile.TemporaryDirectory(prefix="sohoa-ocr-") as folder:
            # pytesseract would save a maximally compressed PNG (seconds per page); an
            # uncompressed PGM written here and passed by name costs a few milliseconds to
            # write and nothing to decode on Tesseract's side.
            image_path = os.path.join(folder, "page.pgm")
            cv2.imwrite(image_path, np.ascontiguousarray(prepared.image))
            effective_dpi = round((dpi or 300) * prepared.scale)
            data = pytesseract.image_to_data(
                image_path, lang=lang, config=f"--psm 3 --dpi {effective_dpi}",
                output_type=pytesseract.Output.DICT,
            )
    except (pytesseract.TesseractError, RuntimeError, OSError) as error:
        message = " ".join(str(error).split())[:300] or type(error).__name__
        page.error = PageError(stage=STAGE, message=f"Tesseract failed: {message}")
        return page
    page.lines = _lines_from_data(data, prepared)
    return page


__all__ = ["OcrUnavailable", "check_tesseract", "ocr_image"]
