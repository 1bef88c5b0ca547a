"""OCR the true corpus texts the way an engine without the Vietnamese model reads them.

Why: the seed shows the damage sohoa must repair (Tesseract ``-l eng`` on a worn Vietnamese
scan). To measure restoration on texts it was not tuned on we need the same damage on our own
true texts, with the truth known line by line. This script renders each ``NAME.txt`` of
``fixtures/corpus/{tune,heldout}/`` as a worn scan (``fixtures.generate.render_page_images``),
reads every page with Tesseract ``-l eng --psm 6`` and writes ``NAME.eng.txt`` beside it.

The output is LINE-ALIGNED with the truth, like the seed's OCR file: line N of NAME.eng.txt is
what the engine read for line N of NAME.txt (empty where the truth line is empty or the engine
read nothing). Tesseract returns the lines of a page in order but drops blank lines and now and
then a speck line, so its lines are matched to the truth lines of the same page by a monotone
alignment on diacritic-free similarity (the printed layout guarantees one truth line per
printed line; nothing of the OCR text itself is altered).

Usage:
  python scripts/ocr_corpus.py                    # every corpus text, worn quality
  python scripts/ocr_corpus.py FILE.txt ...       # chosen truth files (NAME.eng.txt beside)
  python scripts/ocr_corpus.py --lang vie --quality harsh FILE.txt   # NAME.harsh.vie.txt
  python scripts/ocr_corpus.py --compare-seed     # render+OCR the seed truth, compare damage
                                                  # with the real seed OCR (SER/CER, samples)
"""
from __future__ import annotations

import argparse
import sys
import zlib
from pathlib import Path

import pytesseract
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from fixtures.generate import layout_pages, render_page_images
from normalize.unicode import strip_diacritics

CORPUS = ROOT / "fixtures" / "corpus"
SEED = ROOT / "fixtures" / "seed"
TESSERACT_CONFIG = "--psm 6"
MIN_GAIN = 0.35  # a truth/OCR pair less similar than this is not a match


def similarity(a: str, b: str) -> float:
    """Similarity of mark-free lower-case forms with spaces collapsed, so OCR lines can be
    matched to truth lines (a table's column spacing is not in the OCR text)."""
    def key(text: str) -> str:
        return " ".join(strip_diacritics(text).lower().split())

    return fuzz.ratio(key(a), key(b)) / 100.0


def align(truth: list[str], ocr: list[str]) -> list[str]:
    """Give each truth line the OCR line(s) that read it, by monotone dynamic programming.

    Moves: match one OCR line to one truth line, match two consecutive OCR lines (a line the
    engine split) to one truth line, or skip a line on either side (blank truth line, stray
    OCR speck). A match earns similarity - MIN_GAIN, so bad pairs are never forced.
    """
    n, m = len(ocr), len(truth)
    neg = float("-inf")
    best = [[neg] * (m + 1) for _ in range(n + 1)]
    move: list[list[tuple[int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            here = best[i][j]
            if here == neg:
                continue
            steps = [(i + 1, j, 0.0), (i, j + 1, 0.0)]
            if i < n and j < m and truth[j].strip():
                steps.append((i + 1, j + 1, similarity(ocr[i], truth[j]) - MIN_GAIN))
                if i + 1 < n:
                    joined = ocr[i] + " " + ocr[i + 1]
                    steps.append((i + 2, j + 1, similarity(joined, truth[j]) - MIN_GAIN))
            for ni, nj, gain in steps:
                if ni <= n and nj <= m and here + gain > best[ni][nj]:
                    best[ni][nj] = here + gain
                    move[ni][nj] = (i, j)
    out = [""] * m
    i, j = n, m
    while (i, j) != (0, 0):
        pi, pj = move[i][j]  # type: ignore[misc]
        if pj == j - 1 and pi < i:
            out[pj] = " ".join(ocr[pi:i])
        i, j = pi, pj
    return out


def ocr_text(truth_text: str, seed: int, quality: str = "worn", lang: str = "eng") -> str:
    """Render truth_text as scanned pages and return Tesseract's reading, line-aligned."""
    pages = layout_pages(truth_text)
    images = render_page_images(truth_text, quality, seed=seed, dpi=300)
    lines: list[str] = []
    for placed, image in zip(pages, images):
        raw = pytesseract.image_to_string(image, lang=lang, config=TESSERACT_CONFIG)
        ocr_lines = [ln.rstrip() for ln in raw.splitlines() if ln.strip()]
        lines += align([p.text for p in placed], ocr_lines)
    return "\n".join(lines) + "\n"


def stable_seed(path: Path) -> int:
    """Same file, same scan: the noise seed comes from the file name, not from run order."""
    return zlib.crc32(path.name.encode("utf-8"))


def corpus_texts() -> list[Path]:
    return sorted(p for p in CORPUS.glob("*/*.txt") if not p.name.endswith(".eng.txt"))


def syllable_error_rate(truth: str, hyp: str) -> float:
    ref = truth.split()
    return Levenshtein.distance(ref, hyp.split()) / max(1, len(ref))


def char_error_rate(truth: str, hyp: str) -> float:
    ref = " ".join(truth.split())
    return Levenshtein.distance(ref, " ".join(hyp.split())) / max(1, len(ref))


def compare_seed() -> int:
    """Print how close our rendered damage is to the real seed OCR, numbers and samples."""
    truth = (SEED / "truth.txt").read_text(encoding="utf-8")
    real = next(p for p in SEED.glob("*.txt") if p.name != "truth.txt").read_text("utf-8")
    ours = ocr_text(truth, seed=stable_seed(SEED / "truth.txt"))
    t_lines, r_lines, o_lines = truth.splitlines(), real.splitlines(), ours.splitlines()
    print(f"lines: truth {len(t_lines)}, real OCR {len(r_lines)}, rendered OCR {len(o_lines)}")
    print(f"{'':14}{'SER':>8}{'CER':>8}")
    for name, hyp in (("real seed OCR", real), ("rendered OCR", ours)):
        print(f"{name:14}{syllable_error_rate(truth, hyp):8.1%}{char_error_rate(truth, hyp):8.1%}")
    print("\nsample lines (truth / real / rendered):")
    for k in (0, 4, 8, 23, 95, 150, 160, 187, 200):
        if k < min(len(t_lines), len(r_lines), len(o_lines)):
            print(f"  {t_lines[k]}\n  {r_lines[k]}\n  {o_lines[k]}\n")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path, help="truth files (default: corpus)")
    parser.add_argument("--quality", default="worn", choices=("clean", "worn", "harsh"))
    parser.add_argument("--lang", default="eng", choices=("eng", "vie"),
                        help="Tesseract model (vie output is written as NAME[.quality].vie.txt)")
    parser.add_argument("--compare-seed", action="store_true")
    args = parser.parse_args(argv)
    if args.compare_seed:
        return compare_seed()
    files = args.files or corpus_texts()
    suffix = f".{args.lang}.txt" if args.quality == "worn" else f".{args.quality}.{args.lang}.txt"
    for path in files:
        if not path.is_file():
            print(f"{path}: no such file", file=sys.stderr)
            return 2
        truth = path.read_text(encoding="utf-8")
        read = ocr_text(truth, stable_seed(path), args.quality, args.lang)
        out = path.with_name(path.stem + suffix)
        out.write_text(read, encoding="utf-8")
        print(f"{out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}: "
              f"SER {syllable_error_rate(truth, read):.1%}, CER {char_error_rate(truth, read):.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
