"""A batch killed with SIGKILL mid-run (twice) resumes: the union is complete, nothing is
duplicated, every output parses, and no temporary file is left behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from test_batch_corpus import read_lines, sha256, text_files

from extract.batch import main as batch_main
from extract.errors import EXIT_OK
from schemas import Document

ROOT = Path(__file__).resolve().parent.parent


def _start(inbox: Path, out: Path) -> subprocess.Popen:
    # --checkpoint 0 rewrites the JSON Lines files after every file, so a kill very likely
    # lands in the middle of one of those writes too.
    return subprocess.Popen(
        [sys.executable, "-m", "extract.cli", "batch", str(inbox), "-o", str(out), "-j", "2",
         "--no-restore", "--checkpoint", "0"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )


def _kill_when(process: subprocess.Popen, out: Path, documents: int, limit: float = 120) -> int:
    """SIGKILL the batch once `documents` JSON files exist; return how many there were."""
    deadline = time.monotonic() + limit
    folder = out / "documents"
    while time.monotonic() < deadline:
        count = len(list(folder.glob("*.json"))) if folder.is_dir() else 0
        if count >= documents:
            os.kill(process.pid, signal.SIGKILL)
            process.wait()
            return count
        if process.poll() is not None:
            raise AssertionError(f"batch ended before the kill: {process.stderr.read()!r}")
        time.sleep(0.005)
    process.kill()
    raise AssertionError("batch too slow to reach the kill point")


def _assert_consistent(out: Path) -> None:
    """What a reader may see at any moment: whole lines, no duplicates, JSON that parses."""
    for name in ("documents.jsonl", "figures.jsonl", "errors.jsonl"):
        if (out / name).exists():
            rows = read_lines(out / name)
            if name == "documents.jsonl":
                ids = [row["id"] for row in rows]
                assert len(ids) == len(set(ids))
    for path in (out / "documents").glob("*.json"):
        Document.model_validate_json(path.read_text(encoding="utf-8"))


def test_resume_after_sigkill(tmp_path: Path) -> None:
    inbox = tmp_path / "in"
    files = text_files(inbox, 240, lines_per_file=30)
    out = tmp_path / "out"

    first = _kill_when(_start(inbox, out), out, documents=30)
    _assert_consistent(out)
    second = _kill_when(_start(inbox, out), out, documents=first + 60)
    _assert_consistent(out)
    assert second < len(files)

    assert batch_main([str(inbox), "-o", str(out), "-j", "2", "--no-restore",
                       "--no-progress"]) == EXIT_OK
    documents = read_lines(out / "documents.jsonl")
    ids = [row["id"] for row in documents]
    assert sorted(ids) == sorted(sha256(p) for p in files)  # complete, each once
    assert read_lines(out / "errors.jsonl") == []
    _assert_consistent(out)
    assert len(list((out / "documents").glob("*.json"))) == len(files)
    leftovers = [p.name for p in out.rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == []
