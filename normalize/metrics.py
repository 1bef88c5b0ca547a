"""Syllable and character error rates, the yardsticks every benchmark reports.

SER = (substitutions + deletions + insertions) / reference syllables, case-sensitive, on
whitespace-separated syllables of NFC text. Pairs that print cannot settle (hằng/hàng,
kĩ/kỹ...) count as equal, as the seed's annotators agreed.
"""

from __future__ import annotations

import unicodedata

from rapidfuzz.distance import Levenshtein

EQUIVALENT_SPELLINGS: dict[str, str] = {
    "hàng": "hằng",
    "Hàng": "Hằng",
    "kĩ": "kỹ",
    "Kĩ": "Kỹ",
    "mĩ": "mỹ",
    "Mĩ": "Mỹ",
    "lí": "lý",
    "Lí": "Lý",
    "kì": "kỳ",
    "Kì": "Kỳ",
}


def syllables(text: str) -> list[str]:
    """NFC syllables with equivalent spellings folded to one form."""
    return [EQUIVALENT_SPELLINGS.get(s, s) for s in unicodedata.normalize("NFC", text).split()]


def syllable_errors(reference: str, hypothesis: str) -> tuple[int, int]:
    """(edit operations, reference syllables): sum these over lines for a corpus SER."""
    ref, hyp = syllables(reference), syllables(hypothesis)
    return Levenshtein.distance(ref, hyp), len(ref)


def ser(reference: str, hypothesis: str) -> float:
    errors, total = syllable_errors(reference, hypothesis)
    return errors / total if total else float(errors > 0)


def cer(reference: str, hypothesis: str) -> float:
    """Character error rate over NFC text with runs of whitespace collapsed."""
    ref = " ".join(unicodedata.normalize("NFC", reference).split())
    hyp = " ".join(unicodedata.normalize("NFC", hypothesis).split())
    return Levenshtein.distance(ref, hyp) / len(ref) if ref else float(bool(hyp))
