"""Render true text, OCR it with Tesseract, and cache the result (for benchmark and learning).

Both the channel learner and the benchmark need "what Tesseract makes of this text at this
quality"; the OCR runs take seconds a page, so results are cached on disk under
``bench-out/ocr-cache`` (git-ignored), keyed by text, quality, language and seed.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "bench-out" / "ocr-cache"


def _clean_up(image):  # type: ignore[no-untyped-def]
    """Gaussian blur then Otsu binarisation: what brings faded scans back (see shared README)."""
    import cv2
    import numpy as np

    pixels = np.asarray(image.convert("L"))
    blurred = cv2.GaussianBlur(pixels, (3, 3), 0)
    _, binary = cv2.threshold(blurred, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    from PIL import Image

    return Image.fromarray(binary)


def ocr_rendered(text: str, quality: str, lang: str, seed: int = 0, dpi: int = 300) -> str:
    """Tesseract's reading of ``text`` rendered as a scan of ``quality`` (cached)."""
    key = hashlib.sha256(f"{quality}|{lang}|{seed}|{dpi}|{text}".encode()).hexdigest()[:24]
    path = CACHE / f"{key}.txt"
    if path.is_file():
        return path.read_text(encoding="utf-8")
    import pytesseract

    from fixtures.generate import render_page_images

    pages = []
    for image in render_page_images(text, quality, seed=seed, dpi=dpi):
        image_dpi = int(image.info.get("dpi", (dpi, dpi))[0])
        pages.append(
            pytesseract.image_to_string(
                _clean_up(image), lang=lang, config=f"--psm 6 --dpi {image_dpi}"
            )
        )
    result = "\n".join(pages)
    CACHE.mkdir(parents=True, exist_ok=True)
    path.write_text(result, encoding="utf-8")
    return result
