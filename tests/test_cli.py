"""`extract` end to end: real inputs, real outputs, and every kind of bad input.

Bad input must give exit status 3, one stderr line naming the file and the cause, and
leave nothing in the output folder (no result, no temporary file).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image

from extract.cli import main
from extract.errors import EXIT_BAD_INPUT, EXIT_USAGE
from normalize.metrics import ser
from schemas import Document

PASSWORD = "sohoa-secret"


def _make_zero_page_pdf(folder: Path) -> Path:
    path = folder / "zero.pdf"
    pdfium.PdfDocument.new().save(str(path))
    return path


def _make_corrupt_pdf(folder: Path, samples: Path) -> Path:
    data = (samples / "seed_p1-2.text.pdf").read_bytes()
    path = folder / "truncated.pdf"
    path.write_bytes(data[: len(data) // 10])
    return path


def _make_huge_png(folder: Path) -> Path:
    """A 17 kB file that decodes to 144 megapixels: a decompression bomb in miniature."""
    path = folder / "huge.png"
    Image.new("1", (12000, 12000)).save(path)
    return path


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


JUNK = bytes(range(256)) * 8  # NULs and control bytes: neither text nor any known format

BAD_INPUTS = {
    "missing": (lambda d, s: d / "no-such-report.pdf", "no such file"),
    "directory": (lambda d, s: d, "is a directory"),
    "empty": (lambda d, s: _write(d / "empty.pdf", b""), "empty file (0 bytes)"),
    "corrupt-pdf": (_make_corrupt_pdf, "corrupt or unreadable PDF"),
    "encrypted-pdf": (lambda d, s: Path(shutil.copy(s / "seed_p1.encrypted.pdf",
                                                    d / "locked.pdf")),
                      "encrypted PDF: give its password with --password"),
    "zero-pages": (lambda d, s: _make_zero_page_pdf(d), "PDF has no pages"),
    "image-too-large": (lambda d, s: _make_huge_png(d), "image too large"),
    "unknown-format": (lambda d, s: _write(d / "blob.bin", JUNK), "unknown format"),
    "junk-named-pdf": (lambda d, s: _write(d / "report.pdf", JUNK),
                       "named .pdf but is not a PDF"),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_one_line_error_and_no_output(case: str, tmp_path: Path, samples_dir: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    make, cause = BAD_INPUTS[case]
    inputs = tmp_path / "in"
    inputs.mkdir()
    source = Path(make(inputs, samples_dir))
    out = tmp_path / "out"
    out.mkdir()
    status = main([str(source), "-o", str(out / "result.json")])
    captured = capsys.readouterr()
    assert status == EXIT_BAD_INPUT
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"extract: {source}: ")
    assert cause in lines[0]
    assert list(out.iterdir()) == []


def test_failed_run_keeps_the_previous_output(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "result.json"
    target.write_text("previous", encoding="utf-8")
    assert main([str(tmp_path / "missing.txt"), "-o", str(target)]) == EXIT_BAD_INPUT
    assert target.read_text(encoding="utf-8") == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["result.json"]
    assert "no such file" in capsys.readouterr().err


def test_encrypted_pdf_reads_with_password(tmp_path: Path, samples_dir: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "out.json"
    assert main([str(samples_dir / "seed_p1.encrypted.pdf"), "--password", PASSWORD,
                 "--no-restore", "-o", str(target)]) == 0
    document = Document.model_validate_json(target.read_text(encoding="utf-8"))
    assert document.pages[0].lines[0].text.startswith("ỦY BAN NHÂN DÂN")
    assert main([str(samples_dir / "seed_p1.encrypted.pdf"), "--password", "wrong",
                 "--no-restore"]) == EXIT_BAD_INPUT
    assert "password" in capsys.readouterr().err


def test_seed_ocr_text_full_pipeline(seed_dir: Path, capsys: pytest.CaptureFixture[str],
                                     ) -> None:
    source = seed_dir / "000_d4a8368e78cf9a51.txt"
    assert main([str(source)]) == 0
    document = Document.model_validate_json(capsys.readouterr().out)
    assert document.source.sha256 and document.source.page_count == 1
    raw_lines = source.read_text(encoding="utf-8").split("\n")
    assert [line.text for line in document.pages[0].lines] == raw_lines
    assert document.pipeline_version


def test_text_pdf_gives_all_pages_and_lines(samples_dir: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(samples_dir / "seed_p1-2.text.pdf"), "--no-restore"]) == 0
    document = Document.model_validate_json(capsys.readouterr().out)
    truth = (samples_dir / "seed_p1-2.truth.txt").read_text(encoding="utf-8")
    assert len(document.pages) == 2
    assert sum(len(p.lines) for p in document.pages) == sum(
        1 for line in truth.splitlines() if line.strip())
    assert ser(truth, document.text(restored=False)) == 0.0


def test_clean_scan_text_format_below_two_percent(clean_scan_pdf: Path, seed_page1_truth: str,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(clean_scan_pdf), "--format", "text", "--no-restore"]) == 0
    assert ser(seed_page1_truth, capsys.readouterr().out) < 0.02


def test_console_script_on_worn_scan(tmp_path: Path, samples_dir: Path,
                                     seed_page1_truth: str) -> None:
    """The installed `extract` command itself, as a user runs it."""
    command = shutil.which("extract") or pytest.fail("console script `extract` not installed")
    target = tmp_path / "worn.txt"
    run = subprocess.run([command, str(samples_dir / "seed_p1.worn.pdf"), "--format", "text",
                          "--no-restore", "-o", str(target)], capture_output=True, text=True, check=False,
                         timeout=300)
    assert run.returncode == 0, run.stderr
    assert ser(seed_page1_truth, target.read_text(encoding="utf-8")) < 0.02
    assert [p.name for p in tmp_path.iterdir()] == ["worn.txt"]

    bad = subprocess.run([command, str(tmp_path / "absent.tiff"), "-o", str(tmp_path / "x")],
                         capture_output=True, text=True, timeout=60, check=False)
    assert bad.returncode == EXIT_BAD_INPUT
    assert bad.stderr.strip() == f"extract: {tmp_path / 'absent.tiff'}: no such file"
    assert not (tmp_path / "x").exists()


def test_several_files_go_to_a_folder(tmp_path: Path, samples_dir: Path, seed_dir: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    files = [str(seed_dir / "000_d4a8368e78cf9a51.txt"), str(samples_dir / "seed_p1-2.text.pdf"),
             str(tmp_path / "missing.pdf")]
    assert main(files[:2] + ["--no-restore"]) == EXIT_USAGE
    assert "several files need -o FOLDER" in capsys.readouterr().err
    out = tmp_path / "out"
    status = main(files + ["--no-restore", "-o", str(out)])
    assert status == EXIT_BAD_INPUT
    assert sorted(p.name for p in out.iterdir()) == ["000_d4a8368e78cf9a51.txt.json",
                                                    "seed_p1-2.text.pdf.json"]
    for written in out.iterdir():
        Document.model_validate_json(written.read_text(encoding="utf-8"))
    assert capsys.readouterr().err == f"extract: {files[2]}: no such file\n"


def test_usage_errors(capsys: pytest.CaptureFixture[str], seed_dir: Path) -> None:
    assert main([str(seed_dir / "truth.txt"), "--dpi", "5"]) == EXIT_USAGE
    assert main([str(seed_dir / "truth.txt"), "--ocr", "sometimes"]) == EXIT_USAGE
    assert main([]) == EXIT_USAGE
    capsys.readouterr()
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert "pages" in schema["properties"]


def test_module_runs_as_script(seed_dir: Path) -> None:
    run = subprocess.run([sys.executable, "-m", "extract.cli", str(seed_dir / "truth.txt"),
                          "--no-restore", "--format", "text"], capture_output=True, text=True, check=False,
                         timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.rstrip("\n") == (seed_dir / "truth.txt").read_text(encoding="utf-8"
                                                                          ).rstrip("\n")


def test_full_seed_text_pdf_keeps_every_page_and_line(tmp_path: Path, seed_dir: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    from fixtures.generate import render_text_pdf

    truth = (seed_dir / "truth.txt").read_text(encoding="utf-8")
    pdf = render_text_pdf(truth, tmp_path / "seed.text.pdf")
    assert main([str(pdf), "--no-restore"]) == 0
    document = Document.model_validate_json(capsys.readouterr().out)
    assert document.source.page_count == len(document.pages) == 8
    read = [line.text for page in document.pages for line in page.lines]
    assert read == [line.strip() for line in truth.splitlines() if line.strip()]
