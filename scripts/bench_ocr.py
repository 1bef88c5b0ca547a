"""OCR benchmark: render a true text as clean/worn/harsh scans, OCR them, score against truth.

Why: the readers' promise is "below 2% syllable error on clean and worn scans", and scan
clean-up exists for the harsh case; this prints both, with and without clean-up, and the
seconds per page, so a change to cleanup.py or ocr.py is judged on numbers.

Each page goes the way `extract --format text --no-restore` takes it: image-only PDF
(fixtures.generate.render_scan_pdf) → the reader's page pixels at 300 dpi
(extract.readers.raster: the embedded scan when it is at that dpi, else a PDFium render) →
(clean-up) → Tesseract vie. Besides wall seconds per page it prints CPU seconds per page in
this process (pixels, clean-up, hand-off, parsing) and in Tesseract, and the share outside
Tesseract, which do not depend on how loaded the machine is.

Usage:
  python scripts/bench_ocr.py                       # the seed truth, all qualities
  python scripts/bench_ocr.py --pages 3             # first 3 pages only (faster)
  python scripts/bench_ocr.py --corpus heldout      # also each fixtures/corpus/heldout text
  python scripts/bench_ocr.py --qualities worn --no-compare
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extract.readers.ocr import ocr_image
from extract.readers.raster import page_pixels
from fixtures.generate import layout_pages, render_scan_pdf
from normalize.metrics import cer, syllable_errors

QUALITIES = ("clean", "worn", "harsh")


def truncate_pages(text: str, pages: int | None) -> str:
    """The text of the first ``pages`` printed pages (the generator's own layout)."""
    if pages is None:
        return text
    laid = layout_pages(text)[:pages]
    return "\n".join(line.text for page in laid for line in page) + "\n"


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def bench_text(text: str, quality: str, clean: bool, dpi: int, seed: int) -> dict:
    """OCR every page of ``text`` scanned at ``quality``; SER/CER over the whole text."""
    with tempfile.TemporaryDirectory() as folder:
        pdf_path = render_scan_pdf(text, Path(folder) / "scan.pdf", quality, seed=seed)
        pdf = pdfium.PdfDocument(str(pdf_path))
        pages_text, seconds, own, tesseract = [], 0.0, 0.0, 0.0
        for index in range(len(pdf)):
            start = time.perf_counter()
            own_start, tess_start = _cpu(resource.RUSAGE_SELF), _cpu(resource.RUSAGE_CHILDREN)
            page = pdf[index]
            pixels = page_pixels(page, dpi)
            result = ocr_image(pixels.image, number=index + 1, dpi=pixels.dpi, clean=clean)
            page.close()
            seconds += time.perf_counter() - start
            own += _cpu(resource.RUSAGE_SELF) - own_start
            tesseract += _cpu(resource.RUSAGE_CHILDREN) - tess_start
            pages_text.append(result.text(restored=False))
        page_count = len(pdf)
        pdf.close()
    hypothesis = "\n".join(pages_text)
    errors, total = syllable_errors(text, hypothesis)
    return {"pages": page_count, "errors": errors, "syllables": total,
            "ser": errors / total if total else 0.0, "cer": cer(text, hypothesis),
            "sec_per_page": seconds / page_count, "own_cpu": own, "tesseract_cpu": tesseract}


def _cpu_columns(result: dict) -> str:
    """CPU seconds per page in this process and in Tesseract, and the share outside it."""
    own, tesseract, pages = result["own_cpu"], result["tesseract_cpu"], result["pages"]
    share = own / (own + tesseract) if own + tesseract else 0.0
    return f"{own / pages:7.2f} {tesseract / pages:8.2f} {share:7.1%}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--truth", type=Path, default=ROOT / "fixtures" / "seed" / "truth.txt")
    parser.add_argument("--corpus", choices=["tune", "heldout"], default=None,
                        help="also score every text of fixtures/corpus/<set>/ (summed)")
    parser.add_argument("--pages", type=int, default=None, help="first N pages of each text")
    parser.add_argument("--qualities", default=",".join(QUALITIES))
    parser.add_argument("--no-compare", action="store_true",
                        help="only with clean-up (skip the raw-Tesseract comparison)")
    parser.add_argument("--dpi", type=int, default=300)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    texts = [(args.truth.name, args.truth.read_text(encoding="utf-8"))]
    if args.corpus:
        for path in sorted((ROOT / "fixtures" / "corpus" / args.corpus).glob("*.txt")):
            if path.name.count(".") == 1:  # NAME.txt only, not NAME.eng.txt and the like
                texts.append((f"{args.corpus}/{path.name}", path.read_text(encoding="utf-8")))
    modes = [True] if args.no_compare else [False, True]
    print(f"{'text':34} {'quality':7} {'clean-up':8} {'pages':>5} {'SER':>7} {'CER':>7} "
          f"{'s/page':>7} {'CPU own':>7} {'CPU tess':>8} {'outside':>7}")
    for quality in args.qualities.split(","):
        for clean in modes:
            totals = {"errors": 0, "syllables": 0, "pages": 0, "seconds": 0.0, "own_cpu": 0.0,
                      "tesseract_cpu": 0.0}
            for name, text in texts:
                result = bench_text(truncate_pages(text, args.pages), quality, clean, args.dpi,
                                    args.seed)
                print(f"{name[:34]:34} {quality:7} {'yes' if clean else 'no':8} "
                      f"{result['pages']:5d} {result['ser']:7.2%} {result['cer']:7.2%} "
                      f"{result['sec_per_page']:7.2f} {_cpu_columns(result)}", flush=True)
                totals["own_cpu"] += result["own_cpu"]
                totals["tesseract_cpu"] += result["tesseract_cpu"]
                totals["errors"] += result["errors"]
                totals["syllables"] += result["syllables"]
                totals["pages"] += result["pages"]
                totals["seconds"] += result["sec_per_page"] * result["pages"]
            if len(texts) > 1:
                print(f"{'ALL':34} {quality:7} {'yes' if clean else 'no':8} "
                      f"{totals['pages']:5d} {totals['errors'] / totals['syllables']:7.2%} "
                      f"{'':>7} {totals['seconds'] / totals['pages']:7.2f} "
                      f"{_cpu_columns(totals)}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
