"""Benchmark restoration: SER and CER before/after, and throughput (``python -m normalize.bench``).

Rows: (a) the seed (a real ``eng`` OCR reading, line-aligned with its truth); (b) our tune, dev
and heldout/heldout2 texts: their line-aligned ``NAME.eng.txt`` readings, and renders by fixtures.generate
OCR'd with ``eng`` and ``vie`` at worn and harsh quality (OCR cached in bench-out/ocr-cache);
(c) correct text fed through unchanged, with the cost of a clean ~400-syllable page in ms.
Tune texts are in the LM (optimistic rows); dev texts are in no model (weights and thresholds
are tuned on them); heldout rows never feed any tuning: this report is the only place heldout
text is read, and only as totals per condition (with a count of texts whose `vie` reading
restoration made worse). ``SOHOA_NORMALIZE_DATA=DIR`` measures artefacts built elsewhere
(leave-out runs).
"""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass
from pathlib import Path

from normalize.metrics import cer, syllable_errors, syllables
from normalize.restore import get_restorer, restore_text

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "seed"
CORPUS = ROOT / "fixtures" / "corpus"


@dataclass
class Row:
    name: str
    syllables: int
    ser_before: float
    ser_after: float
    cer_before: float
    cer_after: float
    seconds: float


def corpus_ser(pairs: list[tuple[str, str]]) -> float:
    errors = total = 0
    for ref, hyp in pairs:
        e, n = syllable_errors(ref, hyp)
        errors, total = errors + e, total + n
    return errors / total if total else 0.0


def measure(name: str, truth: str, ocr: str, line_aligned: bool = False) -> Row:
    start = time.process_time()
    restored = restore_text(ocr, ocr=True).text
    seconds = time.process_time() - start
    if line_aligned:
        t_lines, o_lines, r_lines = truth.split("\n"), ocr.split("\n"), restored.split("\n")
        before = corpus_ser(list(zip(t_lines, o_lines, strict=True)))
        after = corpus_ser(list(zip(t_lines, r_lines, strict=True)))
    else:
        before, after = corpus_ser([(truth, ocr)]), corpus_ser([(truth, restored)])
    return Row(name, len(syllables(truth)), before, after, cer(truth, ocr), cer(truth, restored),
               seconds)


def unchanged_row(name: str, texts: list[str], ocr: bool = False
                  ) -> tuple[str, int, float, float]:
    """(name, syllables, % unchanged, seconds) for correct text fed through (``ocr``: as if it
    were an OCR reading, where valid syllables may be re-read in context)."""
    same = total = 0
    start = time.process_time()
    for text in texts:
        restored = restore_text(text, ocr=ocr).text
        a, b = text.split(), restored.split()
        total += len(a)
        same += sum(1 for x, y in zip(a, b, strict=False) if x == y)
    return name, total, 100.0 * same / max(1, total), time.process_time() - start


def worse_than_raw(rows: list[Row], lang: str = "vie") -> tuple[int, int]:
    """(texts whose restored SER is above the raw one, texts) among the ``lang`` OCR rows."""
    picked = [r for r in rows if r.name.endswith(f" {lang}")]
    return sum(r.ser_after > r.ser_before for r in picked), len(picked)


def print_rows(title: str, rows: list[Row], totals_only: bool = False) -> None:
    """One line a text (or, for held-out splits, only the totals per condition)."""
    print(f"\n{title}")
    print(f"{'text':44} {'syl':>6} {'SER raw':>8} {'SER out':>8} {'CER raw':>8} {'CER out':>8}"
          f" {'syl/s':>7}")  # syl/s: per CPU second of this process (one core)
    for r in ([] if totals_only else rows):
        flag = "  WORSE than raw" if r.ser_after > r.ser_before else ""
        print(f"{r.name:44} {r.syllables:6d} {100 * r.ser_before:7.2f}% {100 * r.ser_after:7.2f}%"
              f" {100 * r.cer_before:7.2f}% {100 * r.cer_after:7.2f}% "
              f"{r.syllables / max(r.seconds, 1e-9):7.0f}{flag}")
    conditions: dict[str, list[Row]] = {}
    for r in rows:
        conditions.setdefault(r.name.split(" ", 1)[-1] if "/" in r.name else "", []).append(r)
    if len(conditions) > 1:
        for condition, group in sorted(conditions.items()):
            n = sum(r.syllables for r in group)
            wb = sum(r.ser_before * r.syllables for r in group) / n
            wa = sum(r.ser_after * r.syllables for r in group) / n
            print(f"{'(all texts) ' + condition:44} {n:6d} {100 * wb:7.2f}% {100 * wa:7.2f}%")
    if len(rows) > 1:
        n = sum(r.syllables for r in rows)
        wb = sum(r.ser_before * r.syllables for r in rows) / n
        wa = sum(r.ser_after * r.syllables for r in rows) / n
        print(f"{'(weighted total)':44} {n:6d} {100 * wb:7.2f}% {100 * wa:7.2f}%")
    worse, texts = worse_than_raw(rows)
    if texts:
        print(f"vie readings worse than raw: {worse} of {texts} (text x quality)")


def truth_files(split: str) -> list[Path]:
    """The true texts of a corpus split (NAME.txt, not the NAME.eng.txt OCR readings)."""
    return [p for p in sorted((CORPUS / split).glob("*.txt")) if "." not in p.stem]


SPLIT_SEED_BASE = {"tune": 0, "heldout": 1000, "dev": 2000, "heldout2": 3000}
HELDOUT = ("heldout", "heldout2")  # never tuned on: totals only


def rendered_rows(split: str, qualities: list[str], langs: list[str]) -> list[Row]:
    from normalize.ocrcache import ocr_rendered

    rows = []
    for n, path in enumerate(truth_files(split)):
        truth = path.read_text(encoding="utf-8")
        eng = path.with_suffix(".eng.txt")
        if eng.is_file():
            rows.append(measure(f"{split}/{path.stem} corpus eng.txt", truth,
                                eng.read_text(encoding="utf-8"), line_aligned=True))
        for quality in qualities:
            for lang in langs:
                ocr = ocr_rendered(truth, quality, lang, seed=SPLIT_SEED_BASE[split] + n)
                rows.append(measure(f"{split}/{path.stem} {quality} {lang}", truth, ocr))
    return rows


def clean_pages(texts: list[str], page_syllables: int = 400) -> list[str]:
    """Correct text cut into pages of about ``page_syllables`` syllables (whole lines)."""
    pages, current, count = [], [], 0
    for text in texts:
        for line in text.split("\n"):
            current.append(line)
            count += len(line.split())
            if count >= page_syllables:
                pages.append("\n".join(current))
                current, count = [], 0
    if current:
        pages.append("\n".join(current))
    return pages


def clean_page_ms(pages: list[str]) -> tuple[float, float]:
    """(first page ms, median page ms) of restoring correct text page by page."""
    times = []
    for page in pages:
        start = time.process_time()
        restore_text(page)
        times.append(1000 * (time.process_time() - start))
    ordered = sorted(times)
    return times[0], ordered[len(ordered) // 2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="seed and correct text only")
    parser.add_argument("--no-heldout", action="store_true")
    parser.add_argument("--splits", nargs="*", default=["tune", "dev", "heldout", "heldout2"])
    parser.add_argument("--readings-only", action="store_true",
                        help="only the corpus NAME.eng.txt readings (no renders; fast tuning loop)")
    args = parser.parse_args()
    splits = [s for s in args.splits if not (args.no_heldout and s in HELDOUT)
              and (CORPUS / s).is_dir()]

    start = time.process_time()
    get_restorer()
    print(f"artefacts loaded in {time.process_time() - start:.2f} s")

    truth = (SEED / "truth.txt").read_text(encoding="utf-8")
    ocr = (SEED / "000_d4a8368e78cf9a51.txt").read_text(encoding="utf-8")
    print_rows("(a) seed: real eng OCR (first run: cold caches; second: warm)", [
        measure("seed 000_d4a8368e78cf9a51", truth, ocr, True),
        measure("seed again, warm caches", truth, ocr, True)])

    if not args.quick:
        qualities, langs = (([], []) if args.readings_only else (["worn", "harsh"], ["eng", "vie"]))
        titles = {"tune": "(b) tune texts (in the LM: optimistic)",
                  "dev": "(b) dev texts (in no model; tuned on)",
                  "heldout": "(b') HELDOUT texts (never tuned on; totals only)",
                  "heldout2": "(b'') HELDOUT2 texts (fresh, never tuned on; totals only)"}
        for split in splits:
            print_rows(titles.get(split, split), rendered_rows(split, qualities, langs),
                       totals_only=split in HELDOUT)

    print("\n(c) correct text fed through")
    print(f"{'text':44} {'syl':>6} {'unchanged':>10} {'syl/s':>7}")
    sets = [("seed truth", [truth])]
    for split in (["tune", "dev"] if args.quick else splits):
        sets.append((f"{split} truths", [p.read_text("utf-8") for p in truth_files(split)]))
    for name, texts in sets:
        for ocr in (False, True):
            if texts:
                label, total, pct, seconds = unchanged_row(
                    name + (" (as an OCR reading)" if ocr else " (typed)"), texts, ocr)
                print(f"{label:44} {total:6d} {pct:9.2f}% {total / max(seconds, 1e-9):7.0f}")
    texts = [p.read_text("utf-8") for split in ("dev", "tune") for p in truth_files(split)]
    first, median = clean_page_ms(clean_pages(texts))
    print(f"clean ~400-syllable page (correct text): first {first:.1f} ms, median {median:.1f} ms")


if __name__ == "__main__":
    main()
