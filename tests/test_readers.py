"""Readers on real files: OCR text, text-layer PDFs, scanned PDFs, PNG, multi-page TIFF."""

from __future__ import annotations

import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from extract.errors import InputError
from extract.readers import read_document
from extract.readers.pdf import usable_text
from normalize.metrics import ser

SEED_OCR = "000_d4a8368e78cf9a51.txt"


def _lines(text: str) -> list[str]:
    return text.split("\n")[:-1] if text.endswith("\n") else text.split("\n")


def _boxes_inside(page) -> None:
    for line in page.lines:
        for word in line.words:
            assert word.box is not None
            assert 0 <= word.box.x0 <= word.box.x1 <= page.width + 1
            assert 0 <= word.box.top <= word.box.bottom <= page.height + 1


def test_seed_ocr_text_keeps_every_line_in_place(seed_dir: Path) -> None:
    path = seed_dir / SEED_OCR
    raw = path.read_text(encoding="utf-8")
    document = read_document(path)
    assert document.source.media_type == "text/plain"
    assert document.source.page_count == len(document.pages) == 1
    page = document.pages[0]
    assert page.reader == "text"
    assert [line.text for line in page.lines] == raw.split("\n")
    assert [line.number for line in page.lines] == list(range(1, len(page.lines) + 1))
    assert all([w.text for w in line.words] == line.text.split() for line in page.lines)
    assert document.warnings == []


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16"])
def test_text_with_bom_and_form_feeds(tmp_path: Path, encoding: str) -> None:
    body = "Trang một, dòng một\r\n\r\nDòng ba\fTrang hai\n\f"
    path = tmp_path / "ocr.txt"
    path.write_bytes(body.encode(encoding))
    document = read_document(path)
    assert [[line.text for line in page.lines] for page in document.pages] == [
        ["Trang một, dòng một", "", "Dòng ba"], ["Trang hai"]]
    assert document.pages[1].lines[0].number == 1


def test_legacy_encodings_read_like_utf8(tmp_path: Path) -> None:
    legacy = Path(__file__).resolve().parent.parent / "fixtures" / "legacy"
    if not (legacy / "sample.tcvn3.txt").exists():
        pytest.skip("legacy samples not present")
    expected = read_document(legacy / "sample.utf8.txt").text(restored=False)
    for name in ("sample.tcvn3.txt", "sample.vni.txt", "sample.cp1258.txt"):
        document = read_document(legacy / name)
        assert document.text(restored=False) == expected, name
        assert document.warnings[0].code == "legacy-encoding"


def test_text_pdf_lines_match_the_truth(samples_dir: Path) -> None:
    truth = (samples_dir / "seed_p1-2.truth.txt").read_text(encoding="utf-8")
    document = read_document(samples_dir / "seed_p1-2.text.pdf")
    assert document.source.media_type == "application/pdf"
    assert document.source.page_count == 2
    printed = [line.strip() for line in _lines(truth) if line.strip()]
    read = [line.text for page in document.pages for line in page.lines]
    assert read == printed
    for page in document.pages:
        assert (page.reader, page.unit) == ("pdf-text", "pt")
        assert page.width == pytest.approx(595.28, abs=0.1)
        _boxes_inside(page)


def test_format_is_detected_by_content_not_name(tmp_path: Path, samples_dir: Path) -> None:
    disguised = tmp_path / "report.dat"
    shutil.copy(samples_dir / "seed_p1-2.text.pdf", disguised)
    assert read_document(disguised).source.media_type == "application/pdf"
    image = tmp_path / "scan.pdf.bin"
    shutil.copy(samples_dir / "seed_lines.png", image)
    assert read_document(image).source.media_type == "image/png"


def test_ocr_modes_on_a_mixed_pdf(tmp_path: Path, seed_page1_truth: str) -> None:
    """Page 1 typed (text layer), page 2 scanned: auto reads each the right way."""
    from fixtures.generate import excerpt, render_scan_pdf, render_text_pdf

    typed, scanned = excerpt(seed_page1_truth, 6, 6), excerpt(seed_page1_truth, 12, 8)
    mixed = pdfium.PdfDocument.new()
    for source in (render_text_pdf(typed, tmp_path / "typed.pdf"),
                   render_scan_pdf(scanned, tmp_path / "scanned.pdf", "worn", seed=3)):
        mixed.import_pages(pdfium.PdfDocument(str(source)), [0])
    path = tmp_path / "mixed.pdf"
    mixed.save(str(path))

    auto = read_document(path, ocr="auto")
    assert [p.reader for p in auto.pages] == ["pdf-text", "ocr"]
    assert auto.pages[0].text(restored=False) == "\n".join(
        line.strip() for line in _lines(typed) if line.strip())
    scan_page = auto.pages[1]
    assert (scan_page.unit, scan_page.dpi, scan_page.ocr_lang) == ("px", 300, "vie")
    assert ser(scanned, scan_page.text(restored=False)) < 0.02
    _boxes_inside(scan_page)
    confidences = [w.confidence for line in scan_page.lines for w in line.words]
    assert all(c is None or 0.0 <= c <= 1.0 for c in confidences)
    assert sum(c is not None and c > 0.8 for c in confidences) > 0.8 * len(confidences)
    never = read_document(path, ocr="never")
    assert [p.reader for p in never.pages] == ["pdf-text", "pdf-text"]
    assert never.pages[1].lines == []
    assert [(w.code, w.page) for w in never.warnings] == [("no-text-layer", 2)]
    assert auto.warnings == []
    always = read_document(path, ocr="always", dpi=200)
    assert [(p.reader, p.dpi) for p in always.pages] == [("ocr", 200), ("ocr", 200)]
    assert ser(typed, always.pages[0].text(restored=False)) < 0.05


def test_png_image_is_ocred(samples_dir: Path) -> None:
    truth = (samples_dir / "seed_lines.truth.txt").read_text(encoding="utf-8")
    document = read_document(samples_dir / "seed_lines.png")
    assert document.source.media_type == "image/png"
    page = document.pages[0]
    assert (page.reader, page.dpi, page.unit) == ("ocr", 300, "px")
    assert ser(truth, document.text(restored=False)) < 0.03
    _boxes_inside(page)


def test_multipage_tiff_gives_one_page_per_frame(samples_dir: Path) -> None:
    truth_pages = (samples_dir / "two_pages.truth.txt").read_text(encoding="utf-8").split("\f")
    document = read_document(samples_dir / "two_pages.tiff")
    assert document.source.media_type == "image/tiff"
    assert document.source.page_count == 2
    assert [p.number for p in document.pages] == [1, 2]
    for truth, page in zip(truth_pages, document.pages, strict=True):
        assert ser(truth, page.text(restored=False)) < 0.05


def test_jpeg_without_dpi_is_read(tmp_path: Path, samples_dir: Path) -> None:
    from PIL import Image

    path = tmp_path / "photo.jpg"
    Image.open(samples_dir / "seed_lines.png").convert("RGB").save(path, quality=85)
    truth = (samples_dir / "seed_lines.truth.txt").read_text(encoding="utf-8")
    document = read_document(path)
    assert document.source.media_type == "image/jpeg"
    assert ser(truth, document.text(restored=False)) < 0.05


def test_encrypted_pdf_needs_and_accepts_the_password(samples_dir: Path) -> None:
    path = samples_dir / "seed_p1.encrypted.pdf"
    with pytest.raises(InputError, match="--password"):
        read_document(path)
    with pytest.raises(InputError, match="wrong"):
        read_document(path, password="not-it")
    document = read_document(path, password="sohoa-secret")
    assert document.pages[0].lines[0].text.startswith("ỦY BAN NHÂN DÂN")


def test_usable_text_layer_rules() -> None:
    good = "Thực hiện Công văn số 503/SNNMT-CCPTNT ngày 21/3/2025 của Sở Nông nghiệp"
    assert usable_text(good)
    assert not usable_text("")
    assert not usable_text("   \n  ")
    assert not usable_text("12 3 4")
    assert not usable_text("(cid:12)(cid:40)(cid:3)" * 20 + " ab")
    assert not usable_text("\ufffd" * 30 + good)
