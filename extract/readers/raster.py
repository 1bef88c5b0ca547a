"""A PDF page as 8-bit grey pixels for OCR: the scan itself when the page is one, else a render.

Why: a scanned PDF page is usually a single full-page image at the scanner's resolution.
Rendering it at 300 dpi makes PDFium decode the image, then resample and smooth it onto a new
bitmap (about 125 ms a page); when the image already has the resolution we would render at,
decoding it alone gives the same pixels in about 20 ms. Anything else (text, vector drawings,
several images, rotation, another resolution) is rendered as before.

A render smooths the image slightly even at its own resolution, and Tesseract reads the
smoothed page better; a light Gaussian (3x3, sigma 0.7) gives the decoded scan the same
softness. Measured with scripts/bench_ocr.py-style runs on the seed and tune texts (4 pages
each, 36 pages): syllable error clean 0.81% rendered, 0.95% decoded raw, 0.72% decoded and
smoothed; worn 0.65%, 0.53%, 0.50%. A scan of lower resolution (harsh fixtures: 160-200
dpi) is decoded and enlarged to the render's size with bilinear interpolation, which is what
PDFium's render does: harsh 9.38% rendered, 9.39% decoded and enlarged (bicubic: 14.9%), at
a tenth of the cost. Scans of higher resolution than asked are rendered (not measured).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

MAX_RENDER_PIXELS = 120_000_000  # as extract.readers.image.MAX_PIXELS: A3 at 600 dpi and more
# The embedded image is used as it is when its resolution is within this share of the dpi
# asked for (scanners write 299.96 dpi and the like) and it covers the page to within 1 pt;
# down to MIN_DPI_SHARE of the dpi asked for, it is decoded and enlarged.
DPI_TOLERANCE = 0.02
MIN_DPI_SHARE = 1 / 3
COVER_TOLERANCE_PT = 1.0
SMOOTH_SIGMA = 0.7


@dataclass
class PagePixels:
    """Grey pixels of a page, the dpi they are at, and the PDFium bitmap that owns them."""

    image: np.ndarray
    dpi: int
    owner: Any = None  # keeps PDFium's buffer alive while ``image`` views it
    source: str = "render"  # "render", "image" (the embedded scan) or "image-enlarged"


def _grey(bitmap) -> np.ndarray:
    pixels = bitmap.to_numpy()
    if bitmap.format == pdfium_c.FPDFBitmap_Gray:
        return pixels if pixels.ndim == 2 else pixels[:, :, 0]
    if bitmap.format == pdfium_c.FPDFBitmap_BGR:
        return cv2.cvtColor(pixels, cv2.COLOR_BGR2GRAY)
    return cv2.cvtColor(pixels, cv2.COLOR_BGRA2GRAY)  # BGRx, BGRA


def _single_scan_image(page, dpi: int):
    """The page's one image object, when it is a plain 8-bit scan covering the upright page
    at about ``dpi``; otherwise None (and the page is rendered)."""
    if page.get_rotation() != 0:
        return None
    count = pdfium_c.FPDFPage_CountObjects(page.raw)
    if count != 1:
        return None
    image = next(page.get_objects(max_depth=1), None)
    if image is None or image.type != pdfium_c.FPDF_PAGEOBJ_IMAGE:
        return None
    matrix = image.get_matrix()
    if matrix.b != 0 or matrix.c != 0 or matrix.a <= 0 or matrix.d <= 0:
        return None  # rotated or mirrored placement
    left, bottom, right, top = image.get_bounds()
    page_left, page_bottom, page_right, page_top = page.get_cropbox()
    if max(abs(left - page_left), abs(bottom - page_bottom), abs(right - page_right),
           abs(top - page_top)) > COVER_TOLERANCE_PT:
        return None
    metadata = image.get_metadata()
    if metadata.bits_per_pixel not in (8, 24):  # 1-bit fax scans: decode arrays, let PDFium
        return None
    width_px, height_px = image.get_px_size()
    for pixels, points in ((width_px, right - left), (height_px, top - bottom)):
        resolution = pixels * 72.0 / points
        if resolution > (1 + DPI_TOLERANCE) * dpi or resolution < MIN_DPI_SHARE * dpi:
            return None
    return image


def _same_resolution(image, dpi: int) -> bool:
    width_px, _ = image.get_px_size()
    left, _, right, _ = image.get_bounds()
    return abs(width_px * 72.0 / (right - left) - dpi) <= DPI_TOLERANCE * dpi


def page_pixels(page, dpi: int) -> PagePixels:
    """Grey pixels of ``page`` at ``dpi`` (lowered for posters so memory stays bounded)."""
    width, height = page.get_size()
    scale = dpi / 72.0
    if width * height * scale * scale > MAX_RENDER_PIXELS:
        scale = (MAX_RENDER_PIXELS / (width * height)) ** 0.5
        dpi = int(scale * 72)
    image = _single_scan_image(page, dpi)
    if image is not None:
        try:
            bitmap = image.get_bitmap(render=False)
        except pdfium.PdfiumError:
            bitmap = None
        if bitmap is not None:
            if _same_resolution(image, dpi):
                smooth = cv2.GaussianBlur(_grey(bitmap), (3, 3), SMOOTH_SIGMA)
                return PagePixels(smooth, dpi, source="image")
            size = (math.ceil(width * scale), math.ceil(height * scale))  # as PDFium renders
            enlarged = cv2.resize(_grey(bitmap), size, interpolation=cv2.INTER_LINEAR)
            return PagePixels(enlarged, dpi, source="image-enlarged")
    bitmap = page.render(scale=scale, grayscale=True)
    return PagePixels(_grey(bitmap), dpi, owner=bitmap)


__all__ = ["MAX_RENDER_PIXELS", "PagePixels", "page_pixels"]
