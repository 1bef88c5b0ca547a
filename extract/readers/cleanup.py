"""Scan clean-up before OCR: grey, deskew; for faded pages also flatten, upscale, binarise.

Why: Tesseract's own binarisation fails on faded, noisy, low-resolution copies that a person
reads easily (scripts/bench_ocr.py: 67% syllable error raw); flattening the paper tone,
enlarging small type, Gaussian blur and Otsu recover them (about 10%). On well-inked pages
the same treatment costs tone marks, so those only get deskewed. Pure functions on arrays.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

# Median ink-blob height (roughly the x-height plus marks): 11-12 pt type at 300 dpi gives
# about 23 px. Below MIN we enlarge to TARGET, which Tesseract reads best.
MIN_LETTER_HEIGHT_PX = 20.0
TARGET_LETTER_HEIGHT_PX = 28.0
MAX_UPSCALE = 3.0
# Ink darker than the paper by at least this much is left to Tesseract's own thresholding,
# which keeps small tone marks better than blur + Otsu; fainter ink gets our binarisation.
MIN_GOOD_CONTRAST = 80.0
MAX_INK_SHARE = 0.25
MAX_DESKEW_DEGREES = 5.0
# The contrast test and the skew estimate run on every second pixel of each row and column
# (a quarter of the work; a view, so values are not averaged and contrast stays comparable).
# Subsampled contrast reads about 10% lower; within this band of MIN_GOOD_CONTRAST the test
# is repeated at full size so the well-inked/faded decision is the one full size would make.
ANALYSIS_STEP = 2
CONTRAST_RECHECK = (0.75, 1.25)
BACKGROUND_SHRINK = 4


@dataclass(frozen=True)
class Prepared:
    """The page Tesseract reads, and how it maps back to the input image (for word boxes).

    ``image`` = rotate(enlarge(input, scale), angle) about its centre.
    """

    image: np.ndarray
    scale: float = 1.0
    angle: float = 0.0

    def box_to_input(self, x0: float, top: float, x1: float, bottom: float,
                     ) -> tuple[float, float, float, float]:
        """A box on the prepared page as the axis-aligned box it covers on the input image."""
        corners = np.array([[x0, top], [x1, top], [x0, bottom], [x1, bottom]], dtype=np.float64)
        if self.angle:
            height, width = self.image.shape[:2]
            forward = cv2.getRotationMatrix2D((width / 2, height / 2), self.angle, 1.0)
            inverse = cv2.invertAffineTransform(forward)
            corners = corners @ inverse[:, :2].T + inverse[:, 2]
        corners /= self.scale
        (left, upper), (right, lower) = corners.min(axis=0), corners.max(axis=0)
        return float(max(left, 0.0)), float(max(upper, 0.0)), float(right), float(lower)


def to_grey(image: Image.Image | np.ndarray) -> np.ndarray:
    """8-bit grey array of any PIL image (alpha composited on white paper); an 8-bit grey
    array (a PDF page PDFium rendered in grey) is taken as it is, without a copy."""
    if isinstance(image, np.ndarray):
        if image.ndim == 3 and image.shape[2] == 1:
            image = image[:, :, 0]
        if image.ndim != 2 or image.dtype != np.uint8:
            raise ValueError(f"expected an 8-bit grey array, got {image.dtype} {image.shape}")
        return image
    if image.mode in ("RGBA", "LA", "P"):
        image = image.convert("RGBA")
        paper = Image.new("RGBA", image.size, (255, 255, 255, 255))
        image = Image.alpha_composite(paper, image)
    return np.asarray(image.convert("L"), dtype=np.uint8)


def flatten(grey: np.ndarray) -> np.ndarray:
    """Divide out the paper's uneven tone (shadows, yellowing) so one threshold fits the page.

    The background is the grey with the ink filled in (a max filter wider than any stroke),
    smoothed; without this a global threshold cuts dark paper into blobs. Paper tone changes
    slowly, so the background is estimated on a quarter-size copy (1/16 of the pixels: 0.02 s
    instead of 0.12 s on an A4 page at 300 dpi) and enlarged back.
    """
    size = max(15, (min(grey.shape) // 60) | 1)
    factor = BACKGROUND_SHRINK if min(grey.shape) >= 60 * BACKGROUND_SHRINK else 1
    height, width = grey.shape
    small = cv2.resize(grey, (width // factor, height // factor), interpolation=cv2.INTER_AREA)
    window = max(3, (size // factor) | 1)
    background = cv2.blur(cv2.dilate(small, np.ones((window, window), np.uint8)),
                          (window * 3, window * 3))
    background = cv2.resize(background, (width, height), interpolation=cv2.INTER_LINEAR)
    return cv2.divide(grey, np.maximum(background, 1), scale=255)


def otsu(grey: np.ndarray, blur: int = 5) -> np.ndarray:
    """Blur then Otsu: text black (0) on white (255). Blur first so noise does not split it."""
    if blur > 1:
        grey = cv2.GaussianBlur(grey, (blur, blur), 0)
    level, _ = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    # Otsu fails when ink is a tiny share of the page (a few lines): it splits the paper's
    # noise in two. Printed text is rarely over a quarter of a page's pixels, so while the
    # "ink" class is implausibly large, re-run Otsu within it (ink vs the darker paper).
    for _ in range(3):
        darker = grey[grey <= level]
        if darker.size <= MAX_INK_SHARE * grey.size or darker.size < 100:
            break
        level, _ = cv2.threshold(darker.reshape(-1, 1), 0, 255,
                                 cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    _, binary = cv2.threshold(grey, level, 255, cv2.THRESH_BINARY)
    return binary


def components(ink: np.ndarray) -> tuple[int, np.ndarray, np.ndarray]:
    """(count, labels, stats) of 8-connected ink blobs. 16-bit labels when they fit: writing a
    32-bit label image is most of the cost on a page (0.06-0.12 s against 0.02 s at 300 dpi);
    a page with more than 65535 blobs (pure noise) falls back to 32 bits."""
    try:
        count, labels, stats, _ = cv2.connectedComponentsWithStatsWithAlgorithm(
            ink, 8, cv2.CV_16U, cv2.CCL_DEFAULT)
    except cv2.error:
        count, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    return count, labels, stats


def text_height(binary: np.ndarray) -> float | None:
    """Median height of letter-sized ink blobs: how big the type is, whatever the dpi claims."""
    count, _, stats = components(255 - binary)
    heights = stats[1:, cv2.CC_STAT_HEIGHT]
    widths = stats[1:, cv2.CC_STAT_WIDTH]
    keep = (heights >= 4) & (widths >= 2) & (heights <= binary.shape[0] // 10)
    if count < 20 or keep.sum() < 20:
        return None
    return float(np.median(heights[keep]))


def upscale_factor(binary: np.ndarray) -> float:
    """How much to enlarge a page whose letters are too small for Tesseract (1.0: leave it).

    The letter height is measured on every second pixel when the page is large (a quarter
    of the connected-component work, heights read to within a pixel).
    """
    step = ANALYSIS_STEP if min(binary.shape) >= 400 * ANALYSIS_STEP else 1
    height = text_height(np.ascontiguousarray(binary[::step, ::step])) if step > 1 \
        else text_height(binary)
    if height is not None:
        height *= step
    if height is None or height >= MIN_LETTER_HEIGHT_PX:
        return 1.0
    return float(min(MAX_UPSCALE, TARGET_LETTER_HEIGHT_PX / height))


def contrast(grey: np.ndarray, binary: np.ndarray) -> float:
    """Mean paper grey minus mean ink grey, split by the Otsu mask: how faded the print is."""
    ink = grey[binary == 0]
    paper = grey[binary == 255]
    if ink.size == 0 or paper.size == 0:
        return 0.0
    return float(paper.mean() - ink.mean())


def skew_angle(binary: np.ndarray) -> float:
    """Skew in degrees from the minimum-area rectangles of text lines (smeared ink)."""
    ink = 255 - binary
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (max(15, binary.shape[1] // 60), 3))
    smeared = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, kernel)
    contours, _ = cv2.findContours(smeared, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    angles, weights = [], []
    for contour in contours:
        (_, _), (w, h), angle = cv2.minAreaRect(contour)
        if w < h:  # OpenCV's angle is of the side it calls width: make that the long one
            w, h, angle = h, w, angle + 90.0
        if w < binary.shape[1] / 8 or h == 0 or w / h < 5:
            continue
        while angle > 45:  # text lines are horizontal: fold into (-45, 45]
            angle -= 90.0
        while angle <= -45:
            angle += 90.0
        angles.append(angle)
        weights.append(w)
    if len(angles) < 3:
        return 0.0
    order = np.argsort(angles)
    cumulative = np.cumsum(np.asarray(weights)[order])
    median = float(np.asarray(angles)[order][np.searchsorted(cumulative, cumulative[-1] / 2)])
    return median if abs(median) <= MAX_DESKEW_DEGREES else 0.0


def rotate(grey: np.ndarray, angle: float) -> np.ndarray:
    """Rotate about the centre, filling the corners with the paper's colour."""
    height, width = grey.shape
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    paper = int(np.percentile(grey[::4, ::4], 90))  # a sample is plenty for the paper tone
    return cv2.warpAffine(grey, matrix, (width, height), flags=cv2.INTER_CUBIC,
                          borderMode=cv2.BORDER_CONSTANT, borderValue=paper)


def remove_specks(binary: np.ndarray, max_area: int) -> np.ndarray:
    """Drop isolated ink dots smaller than ``max_area`` px that lie far from any text."""
    ink = 255 - binary
    count, labels, stats = components(ink)
    small = np.zeros(count, dtype=bool)
    small[1:] = stats[1:, cv2.CC_STAT_AREA] < max_area
    if not small.any():
        return binary
    # Diacritics and dots of i are small too: keep small blobs that sit near larger ink.
    in_small = small[labels]
    big_ink = np.where(in_small, 0, ink).astype(np.uint8)
    reach = max(3, int(max_area ** 0.5) * 3)
    near_text = cv2.dilate(big_ink, np.ones((reach, reach), np.uint8)) > 0
    drop = in_small & ~near_text
    cleaned = binary.copy()
    cleaned[drop] = 255
    return cleaned


def _well_inked(grey: np.ndarray) -> tuple[bool, np.ndarray]:
    """(is the print dark enough for Tesseract's own thresholding, a binary for the skew).

    Decided on a subsampled copy; near the threshold, at full size.
    """
    if min(grey.shape) >= 400 * ANALYSIS_STEP:
        sample = np.ascontiguousarray(grey[::ANALYSIS_STEP, ::ANALYSIS_STEP])
        binary = otsu(sample, blur=3)
        level = contrast(sample, binary)
        low, high = CONTRAST_RECHECK
        if not low * MIN_GOOD_CONTRAST <= level <= high * MIN_GOOD_CONTRAST:
            return level >= MIN_GOOD_CONTRAST, binary
    binary = otsu(grey)
    return contrast(grey, binary) >= MIN_GOOD_CONTRAST, binary


def clean_page(image: Image.Image | np.ndarray) -> Prepared:
    """Page ready for Tesseract, with the scale and rotation applied (boxes map back).

    A well-inked page is only deskewed and stays grey; a faded one is enlarged when its
    letters are small, blurred, Otsu-binarised and cleared of specks.
    """
    grey = to_grey(image)
    good, first = _well_inked(grey)
    if good:
        # Measured on rendered pages at 150-300 dpi: Tesseract alone beats our upscaling and
        # binarisation on well-inked pages, which lose hooks and tone marks to blur.
        angle = skew_angle(first)
        if abs(angle) < 0.3:
            return Prepared(grey)
        return Prepared(rotate(grey, angle), angle=angle)
    grey = flatten(grey)
    first = otsu(grey)
    scale = upscale_factor(first)
    if scale > 1.0:
        grey = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
    blur = 5 if scale < 1.5 else 7  # wider for enlarged pages; 9+ merges tone marks
    binary = otsu(grey, blur=blur)
    angle = skew_angle(binary)
    if abs(angle) >= 0.1:
        grey = rotate(grey, angle)
        binary = otsu(grey, blur=blur)
    else:
        angle = 0.0
    binary = remove_specks(binary, max_area=max(6, int(6 * scale * scale)))
    return Prepared(binary, scale=scale, angle=angle)
