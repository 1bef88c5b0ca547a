"""Scan clean-up and Tesseract plumbing on rendered pages with a known truth."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from extract.readers import ocr as ocr_module
from extract.readers.cleanup import clean_page, otsu, skew_angle, to_grey
from extract.readers.ocr import OcrUnavailable, check_tesseract, ocr_image
from fixtures.generate import excerpt, render_page_images
from normalize.metrics import ser


def _crop_top(image: Image.Image, fraction: float) -> Image.Image:
    cropped = image.crop((0, 0, image.width, round(image.height * fraction)))
    cropped.info = dict(image.info)
    return cropped


def test_faded_copy_needs_clean_up(seed_page1_truth: str) -> None:
    """The case the clean-up exists for: raw Tesseract loses most of a faded low-res copy."""
    truth = excerpt(seed_page1_truth, 6, 10)
    page = _crop_top(render_page_images(truth, "harsh", seed=5)[0], 0.3)
    dpi = page.info["dpi"][0]
    assert dpi < 250
    raw = ser(truth, ocr_image(page, number=1, dpi=dpi, clean=False).text(restored=False))
    cleaned = ser(truth, ocr_image(page, number=1, dpi=dpi).text(restored=False))
    assert raw > 0.5
    assert cleaned < 0.2
    assert cleaned < raw / 3


def test_clean_up_leaves_good_scans_grey_and_upright(seed_page1_truth: str) -> None:
    page = render_page_images(excerpt(seed_page1_truth, 6, 12), "clean")[0]
    prepared = clean_page(page)
    assert (prepared.scale, prepared.angle) == (1.0, 0.0)
    assert (prepared.image == to_grey(page)).all()


@pytest.mark.parametrize("angle", [-2.0, 1.2])
def test_skew_is_measured(seed_page1_truth: str, angle: float) -> None:
    page = render_page_images(excerpt(seed_page1_truth, 6, 20), "clean")[0]
    tilted = page.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    measured = skew_angle(otsu(to_grey(tilted)))
    # Image y points down, so a counter-clockwise tilt measures negative; rotating by the
    # measured angle (what clean_page does) straightens the page.
    assert measured == pytest.approx(-angle, abs=0.3)
    straightened = tilted.rotate(measured, resample=Image.Resampling.BICUBIC, fillcolor=255)
    assert abs(skew_angle(otsu(to_grey(straightened)))) < 0.3


def test_boxes_are_in_input_pixels_after_upscaling(seed_page1_truth: str) -> None:
    truth = excerpt(seed_page1_truth, 6, 6)
    page = _crop_top(render_page_images(truth, "harsh", seed=2)[0], 0.25)
    result = ocr_image(page, number=1, dpi=page.info["dpi"][0])
    assert result.lines
    for line in result.lines:
        for word in line.words:
            assert word.box.x1 <= page.width + 1 and word.box.bottom <= page.height + 1


def test_missing_language_data_names_the_package(tmp_path: Path) -> None:
    with pytest.raises(OcrUnavailable, match="tesseract-ocr-xyz"):
        check_tesseract(tmp_path / "scan.png", "vie+xyz")


def test_missing_tesseract_binary_names_the_package(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import pytesseract

    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", str(tmp_path / "none"))
    ocr_module._available_languages.cache_clear()
    try:
        with pytest.raises(OcrUnavailable, match="tesseract-ocr"):
            check_tesseract(tmp_path / "scan.png", "vie")
    finally:
        ocr_module._available_languages.cache_clear()


def test_omp_thread_limit_is_set() -> None:
    import os

    assert os.environ["OMP_THREAD_LIMIT"] == "1"


def test_tesseract_failure_becomes_a_page_error(seed_page1_truth: str) -> None:
    """A page Tesseract cannot read is recorded on the page, not raised (partial success)."""
    page = render_page_images(excerpt(seed_page1_truth, 6, 3), "clean")[0]
    result = ocr_image(page, number=4, lang="no-such-model")
    assert result.number == 4 and result.lines == []
    assert result.error is not None and result.error.stage == "ocr"
    assert "Tesseract failed" in result.error.message


def test_boxes_follow_the_tilt_of_the_input(seed_page1_truth: str) -> None:
    """Deskewing is internal: word boxes still point at the words on the tilted input."""
    import numpy as np

    page = render_page_images(excerpt(seed_page1_truth, 6, 8), "clean")[0]
    tilted = page.rotate(2.0, resample=Image.Resampling.BICUBIC, fillcolor=255)
    assert abs(clean_page(tilted).angle) > 1.5
    result = ocr_image(tilted, number=1, dpi=300)
    slopes = []
    for line in result.lines:
        if len(line.words) >= 6:
            xs = [(w.box.x0 + w.box.x1) / 2 for w in line.words]
            ys = [(w.box.top + w.box.bottom) / 2 for w in line.words]
            slopes.append(np.polyfit(xs, ys, 1)[0])
    assert len(slopes) >= 4
    # PIL's +2° turns the page counter-clockwise: a line rises to the right (y shrinks).
    assert np.median(slopes) == pytest.approx(-np.tan(np.radians(2.0)), abs=0.01)
