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


def ocr_rendered(text: str, quality: str, lang: str, seed: int = 0, dpi: int = 300) -> str:
    """The project's OCR reader's reading of ``text`` rendered as a scan of ``quality`` (cached).

    Uses ``extract.readers.ocr.ocr_image`` (clean-up + Tesseract), so the benchmark measures the
    text the pipeline really hands to restoration.
    """
    key = hashlib.sha256(f"reader|{quality}|{lang}|{seed}|{dpi}|{text}".encode()).hexdigest()[:24]
    path = CACHE / f"{key}.txt"
    if path.is_file():
        return path.read_text(encoding="utf-8")
    from extract.readers.ocr import ocr_image
    from fixtures.generate import render_page_images

    pages = []
    for number, image in enumerate(render_page_images(text, quality, seed=seed, dpi=dpi), 1):
        image_dpi = int(image.info.get("dpi", (dpi, dpi))[0])
        page = ocr_image(image, number=number, lang=lang, dpi=image_dpi)
        pages.append("\n".join(line.text for line in page.lines))
    result = "\n".join(pages)
    CACHE.mkdir(parents=True, exist_ok=True)
    path.write_text(result, encoding="utf-8")
    return result
