"""Benchmark the batch: pages/s and peak memory per worker on 1 and 2 jobs, scaling factor,
on rendered scanned PDFs and on text-layer PDFs, and the share of a scanned page's time spent
outside Tesseract.

    python scripts/bench_batch.py                  # renders inputs into bench-out/, prints a table
    python scripts/bench_batch.py --scans 8 --text 40 --jobs 1,2

Inputs are rendered with fixtures.generate from the tune corpus and the seed truth (never the
held-out corpus): ``clean`` scans (one page each, 300 dpi) and text-layer PDFs (several pages
each). Each configuration runs the real ``extract batch`` (process pool, full pipeline:
read → restore → figures) into a fresh output folder. Peak memory per worker is the largest
``ru_maxrss`` a worker process reported (Python side) and, separately, the largest Tesseract
child. The Tesseract share is measured serially in this process by timing every pytesseract
call (``run_and_get_output``, through which all ``image_to_*`` calls go) against the whole
``process()`` of each scanned page.

Targets (issue 5): scaling 1→2 workers ≥ 1.8× on scans; outside-Tesseract ≤ 10 % of a scanned
page; text-layer PDFs ≥ 20 pages/s per core.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extract.batch import run as batch_run
from extract.batch_worker import TaskResult
from extract.pipeline import Options, process


def source_texts() -> list[str]:
    """Tune corpus texts and the seed truth: our own texts, never the held-out ones."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "fixtures/corpus/tune")
                                                           .glob("*.txt"))]
    texts.append((ROOT / "fixtures/seed/truth.txt").read_text(encoding="utf-8"))
    return texts


def _lines(texts: list[str]) -> list[str]:
    return [line for text in texts for line in text.splitlines() if line.strip()]


def render_inputs(folder: Path, scans: int, text_pdfs: int, text_pages: int) -> tuple[Path, Path]:
    """One-page clean scans and multi-page text PDFs, cut from the source texts."""
    from fixtures.generate import render_scan_pdf, render_text_pdf

    lines = _lines(source_texts())
    scan_dir, text_dir = folder / "scans", folder / "text"
    for target in (scan_dir, text_dir):
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
    per_page = 40
    for index in range(scans):
        start = (index * per_page) % (len(lines) - per_page)
        render_scan_pdf("\n".join(lines[start:start + per_page]), scan_dir / f"scan{index:03d}.pdf",
                        "clean", seed=index)
    for index in range(text_pdfs):
        start = (index * 37) % (len(lines) - per_page)
        pages = "\f".join("\n".join(lines[(start + k * per_page) % (len(lines) - per_page):]
                                    [:per_page]) for k in range(text_pages))
        render_text_pdf(pages, text_dir / f"text{index:03d}.pdf")
    return scan_dir, text_dir


@dataclass
class RunStats:
    kind: str
    jobs: int
    files: int = 0
    pages: int = 0
    failed: int = 0
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    worker_rss_mb: float = 0.0
    tesseract_rss_mb: float = 0.0
    errors: list[str] = field(default_factory=list)

    @property
    def pages_per_s(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0


def bench_batch(kind: str, inputs: Path, jobs: int, out: Path) -> RunStats:
    shutil.rmtree(out, ignore_errors=True)
    stats = RunStats(kind, jobs)

    def observe(result: TaskResult) -> None:
        stats.files += 1
        stats.pages += result.pages
        stats.cpu_seconds += result.cpu_seconds
        stats.worker_rss_mb = max(stats.worker_rss_mb, result.max_rss_kb / 1024)
        stats.tesseract_rss_mb = max(stats.tesseract_rss_mb, result.children_max_rss_kb / 1024)
        if not result.ok:
            stats.failed += 1
            stats.errors.append(f"{result.path}: {result.stage}: {result.message}")

    started = time.perf_counter()
    batch_run([str(inputs), "-o", str(out), "--jobs", str(jobs), "--no-progress"], observe)
    stats.seconds = time.perf_counter() - started
    return stats


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def tesseract_share(scans: list[Path]) -> tuple[float, float, int, float, float]:
    """Serially, in-process: (wall seconds in pytesseract calls, wall seconds in process(),
    pages, CPU seconds of this process, CPU seconds of Tesseract children)."""
    import pytesseract.pytesseract as engine

    original = engine.run_and_get_output
    spent = [0.0]

    def timed(*args, **kwargs):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            spent[0] += time.perf_counter() - started

    engine.run_and_get_output = timed
    total = 0.0
    pages = 0
    process(scans[0], Options())  # warm-up: models load once per worker, not per page
    spent[0] = 0.0
    own, children = _cpu(resource.RUSAGE_SELF), _cpu(resource.RUSAGE_CHILDREN)
    try:
        for path in scans[1:]:
            started = time.perf_counter()
            document = process(path, Options())
            total += time.perf_counter() - started
            pages += len(document.pages)
    finally:
        engine.run_and_get_output = original
    own = _cpu(resource.RUSAGE_SELF) - own
    children = _cpu(resource.RUSAGE_CHILDREN) - children
    return spent[0], total, pages, own, children


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "bench-out" / "batch")
    parser.add_argument("--scans", type=int, default=8, help="one-page scanned PDFs")
    parser.add_argument("--text", type=int, default=40, help="text-layer PDFs")
    parser.add_argument("--text-pages", type=int, default=3, help="pages per text-layer PDF")
    parser.add_argument("--jobs", default="1,2", help="comma-separated worker counts")
    parser.add_argument("--share-pages", type=int, default=3,
                        help="scanned pages timed serially for the Tesseract share "
                        "(after one warm-up)")
    args = parser.parse_args(argv)
    jobs = [int(j) for j in args.jobs.split(",")]

    load_before = os.getloadavg()[0]
    scan_dir, text_dir = render_inputs(args.out / "inputs", args.scans, args.text,
                                       args.text_pages)
    results: list[RunStats] = []
    for kind, folder in (("scanned", scan_dir), ("text-layer", text_dir)):
        for count in jobs:
            stats = bench_batch(kind, folder, count, args.out / f"{kind}-{count}")
            results.append(stats)
            print(f"  {kind} jobs={count}: {stats.pages} pages in {stats.seconds:.1f} s",
                  file=sys.stderr)
            for error in stats.errors[:3]:
                print(f"    failed: {error}", file=sys.stderr)

    print(f"load average before: {load_before:.1f} (cores: {os.cpu_count()}); "
          f"after: {os.getloadavg()[0]:.1f}. Wall-clock rates and scaling are only "
          "meaningful when the load is below the job count; CPU s/page is not affected.")
    print(f"{'inputs':<11} {'jobs':>4} {'files':>5} {'pages':>5} {'fail':>4} {'sec':>7} "
          f"{'pages/s':>8} {'p/s/core':>8} {'scaling':>7} {'CPU s/p':>7} {'p/CPU-s':>7} "
          f"{'worker MB':>9} {'tess MB':>7}")
    base: dict[str, float] = {}
    for stats in results:
        base.setdefault(stats.kind, stats.pages_per_s if stats.jobs == jobs[0] else 0.0)
        scaling = stats.pages_per_s / base[stats.kind] if base[stats.kind] else 0.0
        cpu_per_page = stats.cpu_seconds / max(stats.pages, 1)
        print(f"{stats.kind:<11} {stats.jobs:>4} {stats.files:>5} {stats.pages:>5} "
              f"{stats.failed:>4} {stats.seconds:>7.1f} {stats.pages_per_s:>8.2f} "
              f"{stats.pages_per_s / stats.jobs:>8.2f} {scaling:>6.2f}x {cpu_per_page:>7.2f} "
              f"{1 / cpu_per_page if cpu_per_page else 0:>7.2f} "
              f"{stats.worker_rss_mb:>9.0f} {stats.tesseract_rss_mb:>7.0f}")

    scans = sorted(scan_dir.glob("*.pdf"))[: args.share_pages + 1]
    in_tesseract, total, pages, own_cpu, tess_cpu = tesseract_share(scans)
    outside = 1 - in_tesseract / total if total else 0.0
    outside_cpu = own_cpu / (own_cpu + tess_cpu) if own_cpu + tess_cpu else 0.0
    print(f"scanned page, serial: {total / max(pages, 1):.2f} s/page, pytesseract calls "
          f"{in_tesseract / max(pages, 1):.2f} s/page -> outside Tesseract {outside:.1%} of wall "
          f"time; CPU: {own_cpu / max(pages, 1):.2f} s/page in Python, "
          f"{tess_cpu / max(pages, 1):.2f} s/page in Tesseract -> outside {outside_cpu:.1%} "
          "(target <= 10%)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
