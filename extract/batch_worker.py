"""The per-file task every batch engine runs (process pool or Ray): path → TaskResult.

It calls the same ``extract.pipeline.process`` as the single-file CLI and turns any failure
into data (stage + message) instead of an exception, so one bad file never stops a batch.
Results carry the rendered JSON and JSON Lines rows, not files: the main process writes
outputs, which keeps a cluster's workers free of any shared-filesystem assumption for output
and keeps every write (and its manifest record) in one place.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import resource
import signal
import sys
import time
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass, field
from typing import Any

from extract.errors import SohoaError
from extract.outputs.jsonl import document_row, dumps_line, figure_rows
from extract.pipeline import Options, process


@dataclass
class TaskResult:
    """What one file came to. ``ok`` results carry outputs; failed ones a stage and message."""

    path: str
    ok: bool
    sha256: str | None = None
    pages: int = 0
    document_json: str | None = None
    document_line: str | None = None
    figure_lines: list[str] = field(default_factory=list)
    stage: str | None = None
    message: str | None = None
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    max_rss_kb: int = 0
    children_max_rss_kb: int = 0

    @staticmethod
    def failure(path: str, stage: str, message: str, sha256: str | None = None) -> TaskResult:
        return TaskResult(path=path, ok=False, stage=stage, message=message, sha256=sha256)


def limit_threads() -> None:
    """One Tesseract thread per process: parallelism comes from processes, not OpenMP,
    which otherwise oversubscribes the cores and makes scaling worse, not better."""
    os.environ["OMP_THREAD_LIMIT"] = "1"


def warm_up(options: Options) -> None:
    """Load the pipeline's stages once, before the pool forks, so every worker starts with
    them loaded (shared copy-on-write, not once per worker) and a file's timeout measures its
    own work. The restorer's lexicon and language model take about a second to load."""
    import importlib

    for module in ("extract.readers", "extract.analyze", "normalize.restore"):
        try:
            importlib.import_module(module)
        except ImportError:  # a stage not installed here fails per file, as data
            pass
    if options.restore:
        loader = getattr(sys.modules.get("normalize.restore"), "get_restorer", None)
        if callable(loader):
            with contextlib.suppress(Exception):  # a broken model then fails per file, as data
                loader()


def init_pool_worker() -> None:
    """Pool initializer: single-threaded OCR, and die with the parent (even on SIGKILL) so a
    killed batch leaves no orphan OCR running."""
    limit_threads()
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL("libc.so.6", use_errno=True)
            libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except OSError:  # pragma: no cover - no glibc; orphans then exit at their next task
            pass


def run_one(path: str, options: Options) -> TaskResult:
    """Process one file; never raises for a bad file (the failure becomes the result)."""
    limit_threads()
    started = time.perf_counter()
    cpu_started = _cpu_seconds()
    try:
        document = process(path, options)
        result = TaskResult(
            path=path,
            ok=True,
            sha256=document.source.sha256,
            pages=len(document.pages),
            document_json=document.model_dump_json(indent=2) + "\n",
            document_line=dumps_line(document_row(document)),
            figure_lines=[dumps_line(row) for row in figure_rows(document)],
        )
    except SohoaError as error:
        result = TaskResult.failure(path, error.stage, error.message)
    except MemoryError:
        result = TaskResult.failure(path, "internal", "out of memory")
    except Exception as error:  # noqa: BLE001 - any bug on one file becomes that file's record
        result = TaskResult.failure(path, "internal", f"{type(error).__name__}: {error}")
    result.seconds = time.perf_counter() - started
    result.cpu_seconds = _cpu_seconds() - cpu_started
    result.max_rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result.children_max_rss_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return result


def _cpu_seconds() -> float:
    """CPU time of this process and its finished children (Tesseract): unlike wall time, it
    does not grow when other programs share the cores, so benchmarks can report it too."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def top_up(pending: dict[Hashable, Any], paths: Iterator[str], window: int,
           submit: Callable[[str], tuple[Hashable, Any]]) -> bool:
    """Submit paths until ``window`` tasks are in flight; False once ``paths`` is exhausted.

    Both engines keep a bounded window rather than submitting everything, so that a file's
    timeout counts from when it really starts and memory stays flat on huge archives.
    """
    while len(pending) < window:
        path = next(paths, None)
        if path is None:
            return False
        key, value = submit(path)
        pending[key] = value
    return True
