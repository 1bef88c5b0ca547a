"""`extract batch` on real files: parallel with bad inputs, re-runs, retries, duplicates,
per-file timeout, and the JSON Lines shapes data teams rely on."""

from __future__ import annotations

import json
import shutil
import sqlite3
import time
from pathlib import Path

import pytest
from test_batch_corpus import (
    document_with_figures,
    make_corpus,
    read_lines,
    sha256,
    slow_scan,
    text_files,
)

from extract.batch import main as batch_main
from extract.errors import EXIT_ALL_FAILED, EXIT_OK, EXIT_PARTIAL
from extract.outputs.jsonl import document_row, figure_rows
from schemas import Document, ErrorRecord

FAST = ["--no-restore", "--no-progress"]


def _json_files(out: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in (out / "documents").glob("*.json")}


def _entry_stamps(out: Path) -> dict[str, float]:
    with sqlite3.connect(out / "manifest.sqlite") as db:
        return dict(db.execute("SELECT path, updated_at FROM entries"))


def test_fifty_files_five_bad_then_rerun_does_nothing(tmp_path: Path, capsys) -> None:
    corpus = make_corpus(tmp_path)
    out = tmp_path / "out"
    code = batch_main([*corpus.args, "-o", str(out), "--jobs", "2", *FAST])
    summary = capsys.readouterr().err
    assert code == EXIT_PARTIAL, summary
    assert "50 files: 45 done (45 processed" in summary

    documents = read_lines(out / "documents.jsonl")
    assert sorted(d["id"] for d in documents) == sorted(sha256(p) for p in corpus.good)
    for row in documents:
        stored = Document.model_validate_json((out / row["json"]).read_text(encoding="utf-8"))
        assert stored.source.sha256 == row["id"]
        assert row["counts"]["pages"] == len(stored.pages) >= 1
    errors = [ErrorRecord.model_validate(row) for row in read_lines(out / "errors.jsonl")]
    assert sorted(e.file for e in errors) == sorted(str(p) for p in corpus.bad)
    by_name = {Path(e.file).name: e for e in errors}
    assert by_name["missing.pdf"].message == "file not found"
    assert by_name["missing.pdf"].sha256 is None
    assert by_name["empty.txt"].sha256 == sha256(corpus.bad[0])
    assert all(e.message for e in errors)
    for error in errors:  # the summary names every failed file
        assert error.file in summary

    before = _json_files(out)
    stamps_before = _entry_stamps(out)
    code = batch_main([*corpus.args, "-o", str(out), "--jobs", "2", *FAST])
    summary = capsys.readouterr().err
    assert code == EXIT_PARTIAL
    assert "45 done (0 processed, 45 already done" in summary
    assert "5 failed (5 in earlier runs" in summary
    assert _json_files(out) == before
    assert read_lines(out / "documents.jsonl") == documents
    assert len(read_lines(out / "errors.jsonl")) == 5
    assert _entry_stamps(out) == stamps_before  # no manifest entry was rewritten
    assert len(stamps_before) == 50


def test_retry_failed_reprocesses_a_fixed_file(tmp_path: Path, capsys) -> None:
    inbox = tmp_path / "in"
    good = text_files(inbox, 3)
    broken = inbox / "later.txt"
    broken.write_bytes(b"")
    out = tmp_path / "out"
    assert batch_main([str(inbox), "-o", str(out), "-j", "1", *FAST]) == EXIT_PARTIAL
    # the same bytes fail again without --retry-failed, and are not even tried
    assert batch_main([str(inbox), "-o", str(out), "-j", "1", *FAST]) == EXIT_PARTIAL
    assert "1 in earlier runs" in capsys.readouterr().err
    # with --retry-failed a failing file is tried again and still fails
    assert batch_main([str(inbox), "-o", str(out), "-j", "1", "--retry-failed", *FAST]) \
        == EXIT_PARTIAL
    assert "earlier runs" not in capsys.readouterr().err
    # a repaired file (new content) is processed without any flag; its error record goes
    shutil.copy(good[0], broken)
    broken.write_text(broken.read_text(encoding="utf-8") + "thêm một dòng\n", encoding="utf-8")
    assert batch_main([str(inbox), "-o", str(out), "-j", "1", *FAST]) == EXIT_OK
    assert read_lines(out / "errors.jsonl") == []
    assert len(read_lines(out / "documents.jsonl")) == 4


def test_duplicate_content_is_processed_once(tmp_path: Path, capsys) -> None:
    inbox = tmp_path / "in"
    first, second = text_files(inbox, 2)
    copy = inbox / "copy-of-first.txt"
    shutil.copy(first, copy)
    out = tmp_path / "out"
    assert batch_main([str(inbox), "-o", str(out), "-j", "2", *FAST]) == EXIT_OK
    assert "3 done (2 processed, 0 already done, 1 duplicates)" in capsys.readouterr().err
    assert len(read_lines(out / "documents.jsonl")) == 2
    assert len(list((out / "documents").glob("*.json"))) == 2


def test_all_failed_has_its_own_exit_status(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    out = tmp_path / "out"
    assert batch_main([str(empty), str(tmp_path / "nope.pdf"), "-o", str(out), *FAST]) \
        == EXIT_ALL_FAILED
    assert read_lines(out / "documents.jsonl") == []
    assert len(read_lines(out / "errors.jsonl")) == 2


def test_timeout_stops_one_file_not_the_batch(tmp_path: Path) -> None:
    """A four-page 300-dpi scan needs many seconds of Tesseract; a 3 s limit kills its
    worker while the text files beside it finish."""
    inbox = tmp_path / "in"
    text_files(inbox, 3)
    slow_scan(inbox / "scan.pdf")
    out = tmp_path / "out"
    started = time.monotonic()
    code = batch_main([str(inbox), "-o", str(out), "-j", "2", "--timeout", "3", *FAST])
    assert time.monotonic() - started < 30
    assert code == EXIT_PARTIAL
    (error,) = read_lines(out / "errors.jsonl")
    assert error["file"].endswith("scan.pdf")
    assert error["stage"] == "timeout"
    assert len(read_lines(out / "documents.jsonl")) == 3


def test_jsonl_shapes(tmp_path: Path) -> None:
    """Every line of a file has the same keys; figures are flat and point at a document."""
    text_files(tmp_path / "in", 4)
    out = tmp_path / "out"
    assert batch_main([str(tmp_path / "in"), "-o", str(out), *FAST]) == EXIT_OK
    documents = read_lines(out / "documents.jsonl")
    assert {frozenset(row) for row in documents} == {frozenset(
        {"id", "source", "pipeline_version", "schema_version", "restored", "identity",
         "counts", "json"})}
    assert all(row["source"]["sha256"] == row["id"] for row in documents)
    assert all("pages" not in row for row in documents)
    ids = {row["id"] for row in documents}
    for row in read_lines(out / "figures.jsonl"):
        assert row["document_id"] in ids

    # figure rows of a document with figures: flat, one key set, box spread into columns
    document = document_with_figures()
    rows = figure_rows(document)
    assert [r["ordinal"] for r in rows] == [0, 1]
    assert len({frozenset(r) for r in rows}) == 1
    assert all(not isinstance(v, dict) for r in rows for v in r.values())
    assert rows[0]["box_x0"] == 10.0 and rows[1]["box_x0"] is None
    assert rows[0]["vnd"] == 5_766_000_000 and rows[1]["vnd"] is None
    assert json.loads(json.dumps(rows, ensure_ascii=False)) == rows
    assert document_row(document)["counts"]["figures"] == 2


@pytest.mark.parametrize("bad_args", [["--jobs", "0"], ["--timeout", "-1"]])
def test_bad_options_are_usage_errors(tmp_path: Path, bad_args: list[str]) -> None:
    text_files(tmp_path / "in", 1)
    assert batch_main([str(tmp_path / "in"), "-o", str(tmp_path / "out"), *bad_args]) == 2


def test_output_must_be_a_free_folder(tmp_path: Path, capsys) -> None:
    import fcntl

    text_files(tmp_path / "in", 1)
    a_file = tmp_path / "a-file"
    a_file.write_text("x", encoding="utf-8")
    assert batch_main([str(tmp_path / "in"), "-o", str(a_file), *FAST]) == 2
    assert "cannot use as output folder" in capsys.readouterr().err
    out = tmp_path / "out"
    out.mkdir()
    with open(out / ".batch.lock", "w") as held:  # another batch is writing this folder
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        assert batch_main([str(tmp_path / "in"), "-o", str(out), *FAST]) == 2
    assert "another batch" in capsys.readouterr().err
    assert batch_main([str(tmp_path / "in"), "-o", str(out), *FAST]) == EXIT_OK
