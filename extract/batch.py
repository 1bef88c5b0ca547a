"""`extract batch IN... -o OUT`: a folder of reports in, per-file JSON and JSON Lines out.

Inputs are folders (walked for PDF, PNG/JPEG/TIFF and TXT files, hidden ones skipped), glob
patterns or files (given files are always tried: an unknown format becomes an error record).
Files run in parallel in a process pool (``--jobs``, default all cores; pebble, so that
``--timeout`` can kill one pathological file's process without stopping the batch) or on Ray
(``--engine ray``). Both engines run ``extract.batch_worker.run_one``, i.e. the same
``extract.pipeline.process`` as ``extract FILE``, with the same options.

Output folder::

    OUT/documents/<sha256>.json   one Document per distinct input content (named by hash)
    OUT/documents.jsonl           one line per document (no pages)
    OUT/figures.jsonl             one figure per line, flat, with document_id
    OUT/errors.jsonl              one ErrorRecord per failed input
    OUT/manifest.sqlite           the truth: what is done, failed or skipped (extract.manifest)

Re-running skips what is done (by content hash, pipeline version and options) and what
failed (unless ``--retry-failed``); a run killed at any point resumes cleanly (see
extract.manifest for why). Exit status over this invocation's inputs: 0 all done,
EXIT_PARTIAL (4) some failed, EXIT_ALL_FAILED (5) none succeeded.
"""

from __future__ import annotations

import argparse
import fcntl
import glob
import itertools
import os
import signal
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, wait
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from extract.batch_worker import TaskResult, init_pool_worker, run_one, top_up, warm_up
from extract.cli import add_pipeline_options, options_from
from extract.errors import EXIT_ALL_FAILED, EXIT_OK, EXIT_PARTIAL, EXIT_USAGE
from extract.manifest import Manifest, RunKey
from extract.outputs.atomic import write_atomic
from extract.outputs.jsonl import (
    DOCUMENTS,
    ERRORS,
    FIGURES,
    JSON_DIR,
    document_json_name,
    error_row,
    write_jsonl,
)
from extract.pipeline import PIPELINE_VERSION, Options

INPUT_SUFFIXES = frozenset({".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".txt"})
MANIFEST = "manifest.sqlite"
LOCK = ".batch.lock"
EXIT_INTERRUPTED = 130


# -- inputs -------------------------------------------------------------------------------
def discover(inputs: Sequence[str], exclude: Path | None = None) -> list[str]:
    """Absolute paths of the files to process, in a stable order, each once.

    Folders are walked for known suffixes; globs are expanded (``**`` recursive); a path that
    names no file is kept so that it becomes an error record ("file not found"), not silence.
    """
    found: dict[str, None] = {}
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            candidates = _walk(path)
        elif path.exists() or not glob.has_magic(item):
            candidates = [path]
        else:
            candidates = []
            for match in sorted(glob.glob(item, recursive=True)):
                candidates.extend(_walk(Path(match)) if Path(match).is_dir() else [Path(match)])
        for candidate in candidates:
            absolute = Path(os.path.abspath(candidate))
            if exclude is not None and absolute.is_relative_to(exclude):
                continue
            found.setdefault(str(absolute), None)
    return list(found)


def _walk(folder: Path) -> list[Path]:
    files = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        files.extend(Path(root) / name for name in sorted(names)
                     if not name.startswith(".") and Path(name).suffix.lower() in INPUT_SUFFIXES)
    return files


# -- engines ------------------------------------------------------------------------------
class PoolEngine:
    """A pebble process pool: one task per file, a window of 2×jobs in flight, and a
    per-task timeout that terminates the worker process running the stuck file."""

    def __init__(self, jobs: int, timeout: float | None, options: Options) -> None:
        from pebble import ProcessPool

        warm_up(options)
        self._pool = ProcessPool(max_workers=jobs, initializer=init_pool_worker)
        self._timeout = timeout
        self._options = options
        self._window = 2 * jobs

    def run(self, paths: Iterator[str]) -> Iterator[TaskResult]:
        pending: dict = {}
        source = iter(paths)
        more = True
        while True:
            if more:
                more = top_up(pending, source, self._window, lambda path: (
                    self._pool.schedule(run_one, args=(path, self._options),
                                        timeout=self._timeout), path))
            if not pending:
                return
            done, _ = wait(list(pending), return_when=FIRST_COMPLETED)
            for future in done:
                yield self._result(future, pending.pop(future))

    def _result(self, future, path: str) -> TaskResult:  # type: ignore[no-untyped-def]
        from pebble import ProcessExpired

        try:
            return future.result()
        except FutureTimeout:
            return TaskResult.failure(path, "timeout",
                                      f"took longer than {self._timeout:g} s; stopped")
        except ProcessExpired as error:
            return TaskResult.failure(path, "crash", f"worker died: {error}")
        except Exception as error:  # noqa: BLE001 - e.g. an unpicklable result
            return TaskResult.failure(path, "internal", f"{type(error).__name__}: {error}")

    def close(self) -> None:
        self._pool.stop()
        self._pool.join()


# -- one run ------------------------------------------------------------------------------
@dataclass
class Tally:
    """What this invocation did with its inputs; decides the summary and the exit status."""

    total: int = 0
    processed: int = 0
    already_done: int = 0
    duplicates: int = 0
    failed: list[tuple[str, str, str]] = field(default_factory=list)
    failed_before: int = 0
    pages: int = 0

    @property
    def succeeded(self) -> int:
        return self.processed + self.already_done + self.duplicates

    def exit_code(self) -> int:
        if not self.failed:
            return EXIT_OK
        return EXIT_ALL_FAILED if self.succeeded == 0 else EXIT_PARTIAL


class Batch:
    """Decides per input (skip, duplicate, submit), records results, rebuilds JSON Lines."""

    def __init__(self, out: Path, options: Options, retry_failed: bool,
                 db_url: str | None, checkpoint: float, progress: _Progress) -> None:
        self.out = out
        self.key = RunKey.of(PIPELINE_VERSION, options)
        self.retry_failed = retry_failed
        self.manifest = Manifest(out / MANIFEST)
        self.tally = Tally()
        self.progress = progress
        self.checkpoint = checkpoint
        self._last_checkpoint = time.monotonic()
        self._in_flight: dict[str, list[str]] = {}  # sha256 → later paths with that content
        self._submitted: dict[str, str] = {}  # path → sha256 as hashed before submission
        self._db = None
        if db_url:
            from extract.outputs.db import connect

            self._db = connect(db_url)

    def to_process(self, paths: list[str]) -> Iterator[str]:
        """Yield the paths that need work; settle the rest (done, duplicate, earlier failure)."""
        self.tally.total = len(paths)
        for path in paths:
            try:
                sha = self.manifest.sha256(path)
            except OSError as error:
                self._unreadable(path, error)
                continue
            entry = self.manifest.entry(path, self.key)
            if entry is not None and entry.sha256 == sha:
                if entry.status != "failed" and (self.out / document_json_name(sha)).is_file():
                    self.tally.already_done += 1
                    self.progress.advance(0)
                    continue
                if entry.status == "failed" and not self.retry_failed:
                    self._failed_before(path, entry.stage, entry.message)
                    continue
            owner = self.manifest.done_path(sha, self.key)
            if owner is not None and owner != path \
                    and (self.out / document_json_name(sha)).is_file():
                self.manifest.record_skipped(path, sha, self.key, duplicate_of=owner)
                self.tally.duplicates += 1
                self.progress.advance(0)
                continue
            if sha in self._in_flight:
                self._in_flight[sha].append(path)
                continue
            self._in_flight[sha] = []
            self._submitted[path] = sha
            yield path

    def _unreadable(self, path: str, error: OSError) -> None:
        entry = self.manifest.entry(path, self.key)
        if entry is not None and entry.status == "failed" and entry.sha256 is None \
                and not self.retry_failed:
            self._failed_before(path, entry.stage, entry.message)
            return
        message = "file not found" if isinstance(error, FileNotFoundError) else \
            f"cannot read: {error.strerror or error}"
        self.manifest.record_failed(path, None, self.key, "read", message)
        self.tally.failed.append((path, "read", message))
        self.progress.advance(0)

    def _failed_before(self, path: str, stage: str | None, message: str | None) -> None:
        self.tally.failed.append((path, stage or "unknown", message or ""))
        self.tally.failed_before += 1
        self.progress.advance(0)

    def record(self, result: TaskResult) -> None:
        """Write one result: JSON first, then the database, then the manifest commit."""
        submitted_sha = self._submitted.pop(result.path, None)
        followers = self._in_flight.pop(submitted_sha or "", [])
        if result.sha256 is None:
            result.sha256 = submitted_sha
        elif submitted_sha is not None and result.sha256 != submitted_sha and followers:
            # The file changed while it was processed: its copies are not copies of the result.
            for path in followers:
                self.manifest.record_failed(path, submitted_sha, self.key, "read",
                                            "content changed during the run; re-run")
                self.tally.failed.append((path, "read", "content changed during the run"))
            followers = []
        if result.ok and result.sha256:
            try:
                write_atomic(self.out / document_json_name(result.sha256),
                             result.document_json or "")
                if self._db is not None:
                    self._load(result)
            except Exception as error:  # noqa: BLE001 - a disk or database failure on one file
                result = TaskResult.failure(result.path, "output",
                                            f"{type(error).__name__}: {error}", result.sha256)
        if result.ok and result.sha256:
            self.manifest.record_done(result.path, result.sha256, self.key, result.pages,
                                      result.document_line or "", result.figure_lines)
            self.tally.processed += 1
            self.tally.pages += result.pages
            for follower in followers:
                self.manifest.record_skipped(follower, result.sha256, self.key, result.path)
                self.tally.duplicates += 1
        else:
            for path in [result.path, *followers]:
                self.manifest.record_failed(path, result.sha256, self.key,
                                            result.stage or "unknown", result.message or "")
                self.tally.failed.append((path, result.stage or "unknown", result.message or ""))
            if self._db is not None:
                self._load_errors([result.path, *followers], result)
        self.progress.advance(result.pages, files=1 + len(followers))
        if time.monotonic() - self._last_checkpoint >= self.checkpoint:
            self.write_jsonl()

    def _load(self, result: TaskResult) -> None:
        from extract.outputs.db import load_document
        from schemas import Document

        load_document(self._db, Document.model_validate_json(result.document_json or ""))

    def _load_errors(self, paths: list[str], result: TaskResult) -> None:
        from extract.outputs.db import load_errors
        from schemas import ErrorRecord

        try:
            load_errors(self._db, [ErrorRecord(file=p, stage=result.stage or "unknown",
                                               message=result.message or "",
                                               sha256=result.sha256) for p in paths])
        except Exception as error:  # noqa: BLE001 - the error is already in errors.jsonl
            print(f"extract batch: database: {type(error).__name__}: {error}", file=sys.stderr)

    def write_jsonl(self) -> None:
        """Re-render the three JSON Lines files from the manifest and swap them in atomically."""
        write_jsonl(self.out / DOCUMENTS, self.manifest.document_lines(self.key))
        write_jsonl(self.out / FIGURES, self.manifest.figure_lines(self.key))
        write_jsonl(self.out / ERRORS, (error_row(e) for e in self.manifest.errors(self.key)))
        self._last_checkpoint = time.monotonic()

    def close(self) -> None:
        self.manifest.close()
        if self._db is not None:
            self._db.dispose()


# -- progress and summary -----------------------------------------------------------------
class _Progress:
    """Files and pages done, rate and ETA on a terminal (tqdm); silent otherwise."""

    def __init__(self, total: int, enabled: bool, stream: TextIO) -> None:
        self.pages = 0
        self._started = time.monotonic()
        self._bar = None
        if enabled:
            from tqdm import tqdm

            self._bar = tqdm(total=total, unit="file", file=stream, dynamic_ncols=True,
                             desc="extract batch")

    def advance(self, pages: int, files: int = 1) -> None:
        self.pages += pages
        if self._bar is not None:
            elapsed = max(time.monotonic() - self._started, 1e-9)
            self._bar.set_postfix(pages=self.pages, pages_s=f"{self.pages / elapsed:.1f}",
                                  refresh=False)
            self._bar.update(files)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


def summary(tally: Tally, out: Path, seconds: float) -> str:
    rate = tally.pages / seconds if seconds > 0 else 0.0
    lines = [
        f"extract batch: {tally.total} files: {tally.succeeded} done ({tally.processed} "
        f"processed, {tally.already_done} already done, {tally.duplicates} duplicates), "
        f"{len(tally.failed)} failed"
        + (f" ({tally.failed_before} in earlier runs; --retry-failed retries them)"
           if tally.failed_before else "")
        + f"; {tally.pages} pages in {seconds:.1f} s ({rate:.1f} pages/s); output in {out}"
    ]
    shown = tally.failed[:20]
    lines += [f"  failed: {path}: {stage}: {message}" for path, stage, message in shown]
    if len(tally.failed) > len(shown):
        lines.append(f"  … and {len(tally.failed) - len(shown)} more in {out / ERRORS}")
    return "\n".join(lines)


# -- command line -------------------------------------------------------------------------
def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="extract batch",
        description="Process folders, globs or files in parallel into OUT: one JSON per "
        "input, documents.jsonl, figures.jsonl, errors.jsonl. Resumable and idempotent.",
    )
    parser.add_argument("inputs", nargs="+", metavar="IN", help="folder, glob or file")
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="OUT")
    parser.add_argument("-j", "--jobs", type=int, default=None,
                        help="parallel workers (default: all cores)")
    parser.add_argument("--timeout", type=float, default=None, metavar="SECONDS",
                        help="stop a file that takes longer than this (default: no limit)")
    parser.add_argument("--retry-failed", action="store_true",
                        help="process again the files that failed in earlier runs")
    parser.add_argument("--db", default=None, metavar="URL",
                        help="also load into a database: a path or sqlite:///… (SQLite), "
                        "postgresql://…")
    parser.add_argument("--engine", choices=["process", "ray"], default="process")
    parser.add_argument("--address", default=None,
                        help="Ray cluster address (with --engine ray; default: a local Ray)")
    parser.add_argument("--checkpoint", type=float, default=60.0, metavar="SECONDS",
                        help="rewrite the JSON Lines files at least this often (default 60)")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    add_pipeline_options(parser)
    return parser


def _default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _lock(out: Path) -> TextIO | None:
    """One batch per output folder at a time; the OS drops the lock if we are killed."""
    handle = open(out / LOCK, "w")  # noqa: SIM115 - held for the whole run
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        return None
    return handle


def _remove_stale_temporaries(out: Path) -> None:
    """Temporaries of write_atomic left by a killed run (``.name.XXXX.tmp``); we hold the lock,
    so none of them belongs to a live writer."""
    for folder in (out, out / JSON_DIR):
        for stale in folder.glob(".*.tmp"):
            stale.unlink(missing_ok=True)


def _make_engine(args: argparse.Namespace, jobs: int, options: Options):  # type: ignore[no-untyped-def]
    if args.engine == "ray":
        from extract.ray_engine import RayEngine

        return RayEngine(args.jobs, args.timeout, options, address=args.address)
    return PoolEngine(jobs, args.timeout, options)


class _Interrupted(Exception):
    pass


def _raise_interrupted(signum: int, _frame: object) -> None:
    raise _Interrupted(signal.Signals(signum).name)


def main(argv: Sequence[str] | None = None) -> int:
    """`extract batch …`; returns the exit status."""
    return run(argv)


def run(argv: Sequence[str] | None = None,
        observe: Callable[[TaskResult], None] | None = None) -> int:
    """The batch; ``observe`` sees every TaskResult (the benchmark reads timings and memory)."""
    try:
        args = _parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    except SystemExit as exit_:
        return EXIT_OK if exit_.code == 0 else EXIT_USAGE
    jobs = _default_jobs() if args.jobs is None else args.jobs
    if jobs < 1 or (args.timeout is not None and args.timeout <= 0):
        print("extract batch: --jobs and --timeout must be positive", file=sys.stderr)
        return EXIT_USAGE
    out: Path = Path(os.path.abspath(args.output))
    paths = discover(args.inputs, exclude=out)
    if not paths:
        print(f"extract batch: no input files in {' '.join(args.inputs)}", file=sys.stderr)
        return EXIT_USAGE
    try:
        (out / JSON_DIR).mkdir(parents=True, exist_ok=True)
        lock = _lock(out)
    except OSError as error:
        print(f"extract batch: {out}: cannot use as output folder: {error.strerror or error}",
              file=sys.stderr)
        return EXIT_USAGE
    if lock is None:
        print(f"extract batch: {out}: another batch is writing this folder", file=sys.stderr)
        return EXIT_USAGE
    _remove_stale_temporaries(out)
    options = options_from(args)
    progress = _Progress(len(paths), sys.stderr.isatty() and not args.no_progress, sys.stderr)
    started = time.monotonic()
    previous = signal.signal(signal.SIGTERM, _raise_interrupted)
    batch = engine = None
    try:
        batch = Batch(out, options, args.retry_failed, args.db, args.checkpoint, progress)
        todo = batch.to_process(paths)
        first = next(todo, None)  # start no pool (or Ray) when everything is already done
        if first is not None:
            engine = _make_engine(args, jobs, options)
            for result in engine.run(itertools.chain([first], todo)):
                if observe is not None:
                    observe(result)
                batch.record(result)
    except (KeyboardInterrupt, _Interrupted):
        print("extract batch: interrupted; re-run the same command to resume", file=sys.stderr)
        return EXIT_INTERRUPTED
    except ImportError as error:
        print(f"extract batch: {error}", file=sys.stderr)
        return EXIT_USAGE
    finally:
        signal.signal(signal.SIGTERM, previous)
        progress.close()
        if engine is not None:
            engine.close()
        if batch is not None:
            batch.write_jsonl()
            batch.close()
        lock.close()
    print(summary(batch.tally, out, time.monotonic() - started), file=sys.stderr)
    return batch.tally.exit_code()
