"""`extract batch --engine ray` on a local Ray instance writes what the process pool writes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_batch_corpus import read_lines, slow_scan, text_files

from extract.batch import main as batch_main
from extract.errors import EXIT_PARTIAL

ray = pytest.importorskip("ray", reason="Ray is not installed: pip install 'sohoa[ray]'")

FAST = ["--no-restore", "--no-progress", "-j", "2", "--timeout", "3"]


def _sorted(rows: list[dict]) -> list[str]:
    return sorted(json.dumps(row, sort_keys=True, ensure_ascii=False) for row in rows)


def test_ray_engine_matches_process_pool(tmp_path: Path) -> None:
    inbox = tmp_path / "in"
    text_files(inbox, 8)
    (inbox / "empty.txt").write_bytes(b"")
    (inbox / "junk.pdf").write_bytes(b"not a pdf at all\n" * 8)
    slow_scan(inbox / "slow.pdf")  # longer than the timeout on both engines

    pool_out, ray_out = tmp_path / "pool", tmp_path / "ray"
    assert batch_main([str(inbox), "-o", str(pool_out), *FAST]) == EXIT_PARTIAL
    code = batch_main([str(inbox), "-o", str(ray_out), "--engine", "ray", *FAST])
    assert code == EXIT_PARTIAL, (ray_out / "errors.jsonl").read_text(encoding="utf-8")
    assert not ray.is_initialized()  # the engine shut down the instance it started

    for name in ("documents.jsonl", "figures.jsonl", "errors.jsonl"):
        assert _sorted(read_lines(ray_out / name)) \
            == _sorted(read_lines(pool_out / name)), name
    assert len(read_lines(ray_out / "documents.jsonl")) == 8
    stages = {Path(row["file"]).name: row["stage"] for row in read_lines(ray_out / "errors.jsonl")}
    assert stages == {"empty.txt": "read", "junk.pdf": "detect", "slow.pdf": "timeout"}
    assert sorted(p.name for p in (ray_out / "documents").glob("*.json")) \
        == sorted(p.name for p in (pool_out / "documents").glob("*.json"))

    # resumable the same way: a second run on Ray does nothing and keeps the outputs
    before = (ray_out / "documents.jsonl").read_bytes()
    assert batch_main([str(inbox), "-o", str(ray_out), "--engine", "ray", *FAST]) \
        == EXIT_PARTIAL
    assert (ray_out / "documents.jsonl").read_bytes() == before
