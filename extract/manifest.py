"""The batch manifest: the one source of truth of what a batch has done, in SQLite (WAL).

Why this design (the simplest one that stays correct under SIGKILL at any instant):

- Every finished file is recorded in **one SQLite transaction** (status + its JSON Lines
  rows). SQLite's WAL journal makes that commit atomic and durable against a killed process:
  after a kill the manifest holds each file entirely or not at all.
- Per-file JSON is written atomically (temporary file + rename) **before** its manifest row is
  committed. A kill in between only leaves a JSON the next run rewrites identically.
- ``documents.jsonl``, ``figures.jsonl`` and ``errors.jsonl`` are never appended to: they are
  re-rendered from the manifest and swapped in atomically at checkpoints and at the end of a
  run. They therefore never hold a torn line or a duplicate, and a resumed run rebuilds them.

Two tables carry the state, both scoped by a *run key* (pipeline version + options, since
either changes a result):

- ``results``: keyed by the **content hash** (sha256): the document's JSON Lines rows. Two
  copies of one file, or a renamed file, share one result.
- ``entries``: one row per input path: ``done``, ``failed`` (stage + message) or ``skipped``
  (content already done under another path: ``duplicate_of``). Skip and retry decisions are
  made by content hash through ``results``.

A third table caches sha256 by (path, size, mtime) so a resumed run over thousands of scans
does not re-hash them.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Self

from schemas import ErrorRecord

Status = Literal["done", "failed", "skipped"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS results (
    sha256 TEXT NOT NULL,
    pipeline_version TEXT NOT NULL,
    options TEXT NOT NULL,
    pages INTEGER NOT NULL,
    document_line TEXT NOT NULL,
    figure_lines TEXT NOT NULL,
    updated_at REAL NOT NULL,
    PRIMARY KEY (sha256, pipeline_version, options)
);
CREATE TABLE IF NOT EXISTS entries (
    path TEXT NOT NULL,
    pipeline_version TEXT NOT NULL,
    options TEXT NOT NULL,
    sha256 TEXT,
    status TEXT NOT NULL CHECK (status IN ('done', 'failed', 'skipped')),
    stage TEXT,
    message TEXT,
    duplicate_of TEXT,
    updated_at REAL NOT NULL,
    PRIMARY KEY (path, pipeline_version, options)
);
CREATE INDEX IF NOT EXISTS entries_status ON entries (pipeline_version, options, status);
CREATE TABLE IF NOT EXISTS hashes (
    path TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    sha256 TEXT NOT NULL
);
"""


@dataclass(frozen=True)
class RunKey:
    """What makes two results comparable: the pipeline version and the options' canonical JSON."""

    pipeline_version: str
    options: str

    @staticmethod
    def of(pipeline_version: str, options: object) -> RunKey:
        """Key a dataclass of options; a password counts only as present/absent, never stored."""
        data = dataclasses.asdict(options)  # type: ignore[call-overload]
        if "password" in data:
            data["password"] = data["password"] is not None
        return RunKey(pipeline_version, json.dumps(data, sort_keys=True, separators=(",", ":")))


@dataclass(frozen=True)
class Entry:
    path: str
    sha256: str | None
    status: Status
    stage: str | None = None
    message: str | None = None
    duplicate_of: str | None = None


def sha256_file(path: str | Path, chunk: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(chunk):
            digest.update(block)
    return digest.hexdigest()


class Manifest:
    """The SQLite manifest of one output folder. Only the batch's main process writes it."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- hashing -------------------------------------------------------------------------
    def sha256(self, path: str | Path) -> str:
        """The file's sha256, from the cache when size and mtime are unchanged."""
        stat = os.stat(path)
        key = str(path)
        row = self._db.execute(
            "SELECT sha256 FROM hashes WHERE path=? AND size=? AND mtime_ns=?",
            (key, stat.st_size, stat.st_mtime_ns),
        ).fetchone()
        if row:
            return row[0]
        digest = sha256_file(path)
        self._db.execute(
            "INSERT OR REPLACE INTO hashes (path, size, mtime_ns, sha256) VALUES (?, ?, ?, ?)",
            (key, stat.st_size, stat.st_mtime_ns, digest),
        )
        return digest

    # -- reading -------------------------------------------------------------------------
    def entry(self, path: str, key: RunKey) -> Entry | None:
        row = self._db.execute(
            "SELECT path, sha256, status, stage, message, duplicate_of FROM entries "
            "WHERE path=? AND pipeline_version=? AND options=?",
            (path, key.pipeline_version, key.options),
        ).fetchone()
        return Entry(*row) if row else None

    def has_result(self, sha256: str, key: RunKey) -> bool:
        return self._db.execute(
            "SELECT 1 FROM results WHERE sha256=? AND pipeline_version=? AND options=?",
            (sha256, key.pipeline_version, key.options),
        ).fetchone() is not None

    def done_path(self, sha256: str, key: RunKey) -> str | None:
        """A path already done with this content, if any (for ``duplicate_of``)."""
        row = self._db.execute(
            "SELECT path FROM entries WHERE sha256=? AND pipeline_version=? AND options=? "
            "AND status='done' ORDER BY path LIMIT 1",
            (sha256, key.pipeline_version, key.options),
        ).fetchone()
        return row[0] if row else None

    def counts(self, key: RunKey) -> dict[str, int]:
        rows = self._db.execute(
            "SELECT status, count(*) FROM entries WHERE pipeline_version=? AND options=? "
            "GROUP BY status", (key.pipeline_version, key.options),
        ).fetchall()
        return {status: count for status, count in rows}

    def document_lines(self, key: RunKey) -> Iterator[str]:
        """One ``documents.jsonl`` line per result whose content is done under some path."""
        yield from self._done_results("document_line", key)

    def figure_lines(self, key: RunKey) -> Iterator[str]:
        for chunk in self._done_results("figure_lines", key):
            yield from (line for line in chunk.split("\n") if line)

    def _done_results(self, column: Literal["document_line", "figure_lines"],
                      key: RunKey) -> Iterator[str]:
        """A stored result column, in hash order, for each content done under some path."""
        for (value,) in self._db.execute(
            f"SELECT {column} FROM results r WHERE pipeline_version=? AND options=? AND "
            "EXISTS (SELECT 1 FROM entries e WHERE e.sha256=r.sha256 AND e.status!='failed' "
            "AND e.pipeline_version=r.pipeline_version AND e.options=r.options) ORDER BY sha256",
            (key.pipeline_version, key.options),
        ):
            yield value

    def errors(self, key: RunKey) -> Iterator[ErrorRecord]:
        for path, sha, stage, message in self._db.execute(
            "SELECT path, sha256, stage, message FROM entries WHERE pipeline_version=? AND "
            "options=? AND status='failed' ORDER BY path", (key.pipeline_version, key.options),
        ):
            yield ErrorRecord(file=path, stage=stage or "unknown", message=message or "",
                              sha256=sha)

    # -- writing (each call is one atomic, durable transaction) --------------------------
    def record_done(self, path: str, sha256: str, key: RunKey, pages: int,
                    document_line: str, figure_lines: list[str]) -> None:
        now = time.time()
        with self._transaction():
            self._db.execute(
                "INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?, ?, ?, ?)",
                (sha256, key.pipeline_version, key.options, pages, document_line,
                 "\n".join(figure_lines), now),
            )
            self._put_entry(Entry(path, sha256, "done"), key, now)

    def record_failed(self, path: str, sha256: str | None, key: RunKey, stage: str,
                      message: str) -> None:
        with self._transaction():
            self._put_entry(Entry(path, sha256, "failed", stage, message), key, time.time())

    def record_skipped(self, path: str, sha256: str, key: RunKey, duplicate_of: str) -> None:
        with self._transaction():
            self._put_entry(Entry(path, sha256, "skipped", duplicate_of=duplicate_of), key,
                            time.time())

    def _put_entry(self, entry: Entry, key: RunKey, now: float) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (entry.path, key.pipeline_version, key.options, entry.sha256, entry.status,
             entry.stage, entry.message, entry.duplicate_of, now),
        )

    def _transaction(self) -> _Transaction:
        return _Transaction(self._db)


class _Transaction:
    """BEGIN IMMEDIATE … COMMIT, rolled back on any error (the connection is in autocommit)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __enter__(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: object, *_: object) -> None:
        self._db.execute("ROLLBACK" if exc_type else "COMMIT")
