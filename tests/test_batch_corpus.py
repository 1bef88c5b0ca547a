"""Real inputs for the batch, database and Ray tests: text cut from the seed report, small
PDFs rendered from it, and the bad files an archive really holds (empty, junk named .pdf, a
truncated PDF, an unknown format, a missing path). Imported by the other test_batch*/
test_db*/test_ray* modules; its own test checks the corpus is what they assume."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from schemas import Box, Citation, Document, DocumentIdentity, Figure, Line, Page, Source

SEED = Path(__file__).resolve().parent.parent / "fixtures" / "seed"


@dataclass
class Corpus:
    folder: Path
    good: list[Path]
    bad: list[Path]  # includes paths outside `folder` given explicitly on the command line

    @property
    def args(self) -> list[str]:
        """What to pass to `extract batch`: the folder plus the explicit bad paths outside it."""
        outside = [str(p) for p in self.bad if not p.is_relative_to(self.folder)]
        return [str(self.folder), *outside]


def seed_lines() -> list[str]:
    ocr = (SEED / "000_d4a8368e78cf9a51.txt").read_text(encoding="utf-8").splitlines()
    truth = (SEED / "truth.txt").read_text(encoding="utf-8").splitlines()
    return ocr + truth


def text_files(folder: Path, count: int, lines_per_file: int = 20, prefix: str = "report") \
        -> list[Path]:
    """`count` distinct .txt files, each a window of the seed (OCR text, then the truth)."""
    lines = seed_lines()
    step = max(1, (len(lines) - lines_per_file) // count)
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for index in range(count):
        start = (index * step) % (len(lines) - lines_per_file)
        body = "\n".join(lines[start:start + lines_per_file])
        path = folder / f"{prefix}{index:03d}.txt"
        path.write_text(f"{body}\nTệp số {index}\n", encoding="utf-8")
        files.append(path)
    return files


def text_pdf(path: Path, lines: int = 30, offset: int = 0) -> Path:
    from fixtures.generate import render_text_pdf

    truth = (SEED / "truth.txt").read_text(encoding="utf-8").splitlines()
    return render_text_pdf("\n".join(truth[offset:offset + lines]), path)


def slow_scan(path: Path, pages: int = 4) -> Path:
    """A scanned PDF of `pages` full 300-dpi pages: many seconds of Tesseract (timeout tests)."""
    from fixtures.generate import render_scan_pdf

    truth = (SEED / "truth.txt").read_text(encoding="utf-8").splitlines()
    text = "\f".join("\n".join(truth[k * 40:(k + 1) * 40]) for k in range(pages))
    path.parent.mkdir(parents=True, exist_ok=True)
    return render_scan_pdf(text, path, "clean")


def bad_files(folder: Path, outside: Path) -> list[Path]:
    """Five inputs that must each become one error record, never stop the batch."""
    folder.mkdir(parents=True, exist_ok=True)
    outside.mkdir(parents=True, exist_ok=True)
    empty = folder / "empty.txt"
    empty.write_bytes(b"")
    junk = folder / "junk.pdf"
    junk.write_bytes(b"<html>this is a web page saved as .pdf</html>\n" * 20)
    truncated = folder / "truncated.pdf"
    whole = text_pdf(outside / "whole.pdf").read_bytes()
    truncated.write_bytes(whole[: len(whole) // 3])
    (outside / "whole.pdf").unlink()
    unknown = outside / "archive.bin"
    unknown.write_bytes(bytes(range(256)) * 40)
    missing = outside / "missing.pdf"
    return [empty, junk, truncated, unknown, missing]


def make_corpus(root: Path, good_text: int = 43, good_pdf: int = 2) -> Corpus:
    folder = root / "inbox"
    good = text_files(folder / "text", good_text)
    good += [text_pdf(folder / "pdf" / f"scan{n}.pdf", offset=40 * n) for n in range(good_pdf)]
    bad = bad_files(folder / "bad", root / "elsewhere")
    return Corpus(folder, good, bad)


def read_lines(path: Path) -> list[dict]:
    """Parse a JSON Lines file strictly: every line must be a JSON object."""
    text = path.read_text(encoding="utf-8")
    assert text == "" or text.endswith("\n"), f"{path} does not end with a newline"
    rows = [json.loads(line) for line in text.splitlines()]
    assert all(isinstance(row, dict) for row in rows)
    return rows


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def document_with_figures(figure_count: int = 2, sha: str = "a" * 64) -> Document:
    """A small Document with money and household figures and one citation (loader tests)."""
    line = "Tổng kinh phí 5.766 triệu đồng, hỗ trợ 120 hộ nghèo."
    return Document(
        source=Source(path="/archive/x.txt", name="x.txt", sha256=sha, size_bytes=10,
                      media_type="text/plain", page_count=1),
        pages=[Page(number=1, reader="text", lines=[Line(number=1, text=line)])],
        document=DocumentIdentity(type="Báo cáo", number="12/BC-UBND", cites=[Citation(
            kind="Quyết định", number="59/2015/QĐ-TTg", date=dt.date(2015, 11, 19),
            quote="Quyết định số 59/2015/QĐ-TTg ngày 19/11/2015", page=1, line=1)]),
        figures=[
            Figure(unit="money", value=5766, money_unit="triệu", vnd=5_766_000_000,
                   quote="5.766 triệu đồng", page=1, line=1, start=14, end=30,
                   box=Box(x0=10, top=20, x1=90, bottom=32), confidence=0.9),
            Figure(unit="household", value=120, quote="120 hộ nghèo", page=1, line=1,
                   start=39, end=51, confidence=0.8, notes=["poor"]),
        ][:figure_count],
    )


def test_corpus_is_distinct_and_bad_files_are_bad(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path, good_text=10, good_pdf=1)
    hashes = {sha256(p) for p in corpus.good}
    assert len(hashes) == len(corpus.good) == 11
    assert corpus.good[-1].read_bytes().startswith(b"%PDF")
    assert [p.exists() for p in corpus.bad] == [True, True, True, True, False]
    assert corpus.bad[0].stat().st_size == 0
