"""The fixture generator: one printed line per input line, pages, determinism, scan kinds."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest

from extract.readers import read_document
from fixtures.generate import layout_pages, main, render_page_images, render_text_pdf

LONG = ("Nghị quyết số 37/2024/NQ-HĐND ngày 11/12/2024 của Hội đồng nhân dân tỉnh Hải Dương "
        "về chính sách hỗ trợ thành viên thuộc hộ nghèo, hộ cận nghèo trên địa bàn tỉnh")


def test_long_lines_shrink_instead_of_wrapping(tmp_path: Path) -> None:
    text = f"Dòng ngắn\n{LONG}\nDòng cuối\n"
    [page] = layout_pages(text)
    assert [line.text for line in page] == text.splitlines()
    assert page[1].size < page[0].size
    document = read_document(render_text_pdf(text, tmp_path / "long.pdf"))
    assert [line.text for line in document.pages[0].lines] == text.splitlines()


def test_form_feed_and_full_pages_start_new_pages(tmp_path: Path) -> None:
    lines = [f"Dòng số {i}" for i in range(1, 61)]
    text = "Trang bìa\f" + "\n".join(lines) + "\n"
    pages = layout_pages(text)
    assert [len(page) for page in pages] == [1, 45, 15]
    document = read_document(render_text_pdf(text, tmp_path / "pages.pdf"))
    assert document.source.page_count == 3
    assert [line.text for page in document.pages[1:] for line in page.lines] == lines


def test_output_is_deterministic_for_a_seed(tmp_path: Path) -> None:
    text = "Ủy ban nhân dân huyện Tứ Kỳ\nBáo cáo tổng kết\n"
    first = render_text_pdf(text, tmp_path / "a.pdf").read_bytes()
    second = render_text_pdf(text, tmp_path / "b.pdf").read_bytes()
    assert hashlib.sha256(first).digest() == hashlib.sha256(second).digest()
    same = [np.asarray(render_page_images(text, "worn", seed=4, dpi=100)[0]) for _ in range(2)]
    other = np.asarray(render_page_images(text, "worn", seed=5, dpi=100)[0])
    assert (same[0] == same[1]).all()
    assert not (same[0] == other).all()


def test_scan_kinds_differ_as_promised() -> None:
    text = "Thực hiện Công văn số 503/SNNMT-CCPTNT ngày 21/3/2025\n" * 5
    clean, worn, harsh = (render_page_images(text, kind)[0] for kind in ("clean", "worn", "harsh"))
    assert clean.info["dpi"] == worn.info["dpi"] == (300, 300)
    assert 150 <= harsh.info["dpi"][0] <= 200
    assert np.asarray(clean).min() == 0 and np.asarray(clean).max() == 255
    faded = np.asarray(harsh)
    assert np.percentile(faded, 0.5) > 80  # no true black left: faded ink
    with pytest.raises(ValueError, match="unknown scan quality"):
        render_page_images(text, "mouldy")  # type: ignore[arg-type]


def test_cli_writes_the_requested_kinds(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                        ) -> None:
    truth = tmp_path / "report.txt"
    truth.write_text("Ủy ban nhân dân\nBáo cáo\n", encoding="utf-8")
    assert main([str(truth), "--out", str(tmp_path / "out"), "--kinds", "text,worn"]) == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["report.text.pdf",
                                                                    "report.worn.pdf"]
    scan = read_document(tmp_path / "out" / "report.worn.pdf", ocr="never")
    assert scan.pages[0].lines == []  # image only: no text layer
    assert main([str(truth), "--out", str(tmp_path / "x"), "--kinds", "sepia"]) == 2
    assert "sepia" in capsys.readouterr().err
