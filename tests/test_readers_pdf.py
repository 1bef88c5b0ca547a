"""PDF text layers read through PDFium: legacy encodings, glyphs without Unicode, hyphens, boxes.

Every PDF here is real: drawn with reportlab in Liberation Serif, so its text layer carries
exactly the codes a legacy font (.VnTime for TCVN3, VNI-Times for VNI) would have carried.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from extract.readers import read_document
from normalize.legacy import encode_legacy

ROOT = Path(__file__).resolve().parents[1]
FONT = Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf")
TRUTH = ROOT / "fixtures" / "seed" / "truth.txt"
# cp1252 leaves these bytes undefined: no font draws them, so no text layer holds them.
_UNDEFINED = {0x81, 0x8D, 0x8F, 0x90, 0x9D}


def _body_lines(count: int, first: int = 10) -> list[str]:
    """Prose lines of the seed truth, NFC, without curly quotes (TCVN3 has none)."""
    lines = [unicodedata.normalize("NFC", line.strip()) for line in
             TRUTH.read_text(encoding="utf-8").splitlines()]
    lines = [line for line in lines if len(line) > 40 and not any(c in line for c in "“”‘’")]
    return lines[first:first + count]


def _codes_as_text(codes: bytes) -> str:
    """What the legacy font's text layer maps those codes to: their cp1252 characters."""
    return codes.decode("cp1252")


def _draw_pdf(path: Path, pages: list[list[str]]) -> Path:
    """One PDF page per list of lines, each line drawn as it is in Liberation Serif."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    if not FONT.exists():
        pytest.skip("Liberation Serif not installed (scripts/setup.sh installs it)")
    pdfmetrics.registerFont(TTFont("LibSerif", str(FONT)))
    drawing = canvas.Canvas(str(path))
    for lines in pages:
        drawing.setFont("LibSerif", 11)
        for index, line in enumerate(lines):
            drawing.drawString(50, 800 - 16 * index, line)
        drawing.showPage()
    drawing.save()
    return path


def _legacy_lines(lines: list[str], encoding: str) -> list[str]:
    codes = [encode_legacy(line, encoding) for line in lines]
    assert all(b >= 0x20 and b not in _UNDEFINED for line in codes for b in line)
    return [_codes_as_text(line) for line in codes]


@pytest.mark.parametrize("encoding", ["vni", "tcvn3"])
def test_legacy_text_layer_comes_out_as_unicode(tmp_path: Path, encoding: str) -> None:
    # ABC (TCVN3) documents draw capitals with a second font over lower-case codes, so a
    # TCVN3 text layer holds lower-case codes; VNI has capitals of its own.
    lines = _body_lines(8)
    if encoding == "tcvn3":
        lines = [line.lower() for line in lines]
    pdf = _draw_pdf(tmp_path / f"{encoding}.pdf", [_legacy_lines(lines, encoding)])
    raw = read_document(pdf, ocr="never")  # the layer really holds the legacy codes
    assert raw.pages[0].reader == "pdf-text"
    document = read_document(pdf)
    page = document.pages[0]
    assert page.reader == "pdf-text"
    assert [line.text for line in page.lines] == lines
    assert all(" ".join(w.text for w in line.words) == line.text for line in page.lines)
    assert [(w.code, w.page) for w in document.warnings] == [("legacy-encoding", 1)]
    assert encoding in document.warnings[0].message


def test_unicode_pages_of_a_mixed_document_are_left_alone(tmp_path: Path) -> None:
    """Page 1 typed in Unicode, page 2 in VNI: the document is decided VNI, and only the
    lines that VNI makes more Vietnamese change (the Unicode page is read as printed)."""
    unicode_lines, vni_source = _body_lines(6), _body_lines(6, first=20)
    pdf = _draw_pdf(tmp_path / "mixed.pdf", [unicode_lines, _legacy_lines(vni_source, "vni")])
    document = read_document(pdf)
    assert [line.text for line in document.pages[0].lines] == unicode_lines
    assert [line.text for line in document.pages[1].lines] == vni_source
    assert [(w.code, w.page) for w in document.warnings] == [("legacy-encoding", 2)]


def test_unicode_text_layer_gets_no_legacy_warning(samples_dir: Path) -> None:
    document = read_document(samples_dir / "seed_p1-2.text.pdf")
    assert document.warnings == []


def test_glyphs_without_unicode_map_send_the_page_to_ocr(tmp_path: Path,
                                                        samples_dir: Path) -> None:
    """A font whose ToUnicode map is gone: PDFium would hand out glyph codes (control
    characters, wrong letters) as text; they must count as junk so the page is OCR'd."""
    data = (samples_dir / "seed_p1-2.text.pdf").read_bytes()
    assert data.count(b"/ToUnicode") >= 1
    broken = tmp_path / "no-unicode-map.pdf"
    broken.write_bytes(data.replace(b"/ToUnicode", b"/ToUnicodX"))  # same length: xref holds
    never = read_document(broken, ocr="never")
    text = never.pages[0].text(restored=False)
    assert "\ufffd" in text
    assert not any(unicodedata.category(c) == "Cc" for c in text.replace("\n", ""))
    auto = read_document(broken, ocr="auto", dpi=150)
    assert [page.reader for page in auto.pages] == ["ocr", "ocr"]


def test_line_end_hyphen_is_kept(tmp_path: Path) -> None:
    """PDFium flags a hyphen that ends a line and reports it as U+FFFE; the page printed '-'."""
    lines = ["Ngày 25/4/2023, UBND huyện Tứ Kỳ đã ban hành Kế hoạch số 82/KH-",
             "UBND truyền thông về Chương trình MTQG giảm nghèo bền vững trên địa bàn"]
    document = read_document(_draw_pdf(tmp_path / "hyphen.pdf", [lines]))
    assert [line.text for line in document.pages[0].lines] == lines


def test_words_boxes_follow_the_drawing(tmp_path: Path) -> None:
    """Word boxes in points, top-left origin: words drawn further right and lower are so."""
    lines = ["Một hai ba", "bốn năm sáu bảy tám chín mười mười một mười hai mười ba"]
    document = read_document(_draw_pdf(tmp_path / "boxes.pdf", [lines]))
    page = document.pages[0]
    assert (page.unit, round(page.width), round(page.height)) == ("pt", 595, 842)
    first, second = page.lines
    assert first.words[0].box.x0 == pytest.approx(50, abs=1.5)
    assert first.words[0].box.bottom == pytest.approx(842 - 800, abs=6)
    assert second.box.top > first.box.bottom - 2
    xs = [w.box.x0 for w in second.words]
    assert xs == sorted(xs) and len(set(xs)) == len(xs)


def test_scanned_page_pixels_are_the_embedded_scan(clean_scan_pdf: Path) -> None:
    """At the scan's own dpi the embedded image is decoded, not rendered; the pixels are
    the page a render would give (same size to a pixel, same tones up to smoothing)."""
    import numpy as np
    import pypdfium2 as pdfium

    from extract.readers.raster import page_pixels

    pdf = pdfium.PdfDocument(str(clean_scan_pdf))
    try:
        page = pdf[0]
        decoded = page_pixels(page, 300)
        rendered = page.render(scale=300 / 72, grayscale=True).to_numpy()
        assert (decoded.source, decoded.dpi, decoded.image.dtype) == ("image", 300, np.uint8)
        assert abs(decoded.image.shape[0] - rendered.shape[0]) <= 1
        assert abs(decoded.image.shape[1] - rendered.shape[1]) <= 1
        rows = min(decoded.image.shape[0], rendered.shape[0])
        cols = min(decoded.image.shape[1], rendered.shape[1])
        difference = np.abs(decoded.image[:rows, :cols].astype(int)
                            - rendered[:rows, :cols].astype(int))
        assert difference.mean() < 4
        other = page_pixels(page, 200)  # below the scan's resolution: rendered, as asked
        assert (other.source, other.dpi) == ("render", 200)
        assert abs(other.image.shape[1] - round(page.get_width() * 200 / 72)) <= 1
        larger = page_pixels(page, 400)  # above it: decoded and enlarged to the render's size
        assert (larger.source, larger.dpi) == ("image-enlarged", 400)
        rendered = page.render(scale=400 / 72, grayscale=True).to_numpy()
        assert larger.image.shape == rendered.shape
        assert np.abs(larger.image.astype(int) - rendered.astype(int)).mean() < 4
    finally:
        pdf.close()


def test_text_page_is_rendered_not_decoded(samples_dir: Path) -> None:
    import pypdfium2 as pdfium

    from extract.readers.raster import page_pixels

    pdf = pdfium.PdfDocument(str(samples_dir / "seed_p1-2.text.pdf"))
    try:
        pixels = page_pixels(pdf[0], 100)
        assert pixels.source == "render"
        assert pixels.image.ndim == 2 and pixels.image.min() < 100 < pixels.image.max()
    finally:
        pdf.close()
