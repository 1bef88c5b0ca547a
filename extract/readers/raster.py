"""A PDF page as 8-bit grey pixels for OCR: the scan itself when the page is one, else a render.

Why: a scanned PDF page is usually a single full-page image at the scanner's resolution.
Rendering it at 300 dpi makes PDFium decode the image, then resample and smooth it onto a new
bitmap (about 125 ms a page); when the image already has the resolution we would render at,
decoding it alone gives the same pixels in about 20 ms. Anything else (text, vector drawings,
several images, rotation, another resolution) is rendered as before.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

MAX_RENDER_PIXELS = 120_000_000  # as extract.readers.image.MAX_PIXELS: A3 at 600 dpi and more
# The embedded image is used as it is when its resolution is within this share of the dpi
# asked for (scanners write 299.96 dpi and the like) and it covers the page to within 1 pt.
DPI_TOLERANCE = 0.02
COVER_TOLERANCE_PT = 1.0


@dataclass
class PagePixels:
    """Grey pixels of a page, the dpi they are at, and the PDFium bitmap that owns them."""

    image: np.ndarray
    dpi: int
    owner: Any = None  # keeps PDFium's buffer alive while ``image`` views it
    source: str = "render"  # "render" or "image" (the embedded scan, decoded)


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
        if abs(pixels * 72.0 / points - dpi) > DPI_TOLERANCE * dpi:
            return None
    return image


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
            return PagePixels(_grey(bitmap), dpi, owner=bitmap, source="image")
    bitmap = page.render(scale=scale, grayscale=True)
    return PagePixels(_grey(bitmap), dpi, owner=bitmap)


__all__ = ["MAX_RENDER_PIXELS", "PagePixels", "page_pixels"]
