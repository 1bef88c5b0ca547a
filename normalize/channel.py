"""The OCR channel model: how likely an engine prints ``observed`` when the page said ``intended``.

Learned from data (``scripts/learn_channel.py``): true text is rendered, OCR'd with Tesseract
``eng`` and ``vie``, aligned to the truth, and every character correspondence is counted
(ệ→é, ộ→6, ư→w, đ→d, ơ→o, l→1, deletions, insertions). The cost of a token pair is a weighted
edit distance whose weights are those learned -log probabilities, with a back-off for pairs the
data never showed (same letter with other marks: cheapish; unrelated letters: dear).

Two regimes are kept apart because they differ by orders of magnitude: ``eng`` (an engine
without Vietnamese drops most marks) and ``vie`` (mostly right; errors are rare and local).
"""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from normalize.lexicon import read_data, skeleton

CHANNEL_FILE = "channel.json"
PUNCTUATION = ".,;:!?()[]{}“”\"'‘’…"

# Back-off costs (nats) for correspondences never seen in training.
BACKOFF_SAME_LETTER = 3.0
BACKOFF_VOWEL = 6.0
BACKOFF_SUBSTITUTE = 9.0
VOWELS = set("aeiouy")
BACKOFF_DELETE = 7.0
BACKOFF_INSERT = 7.0
SMOOTHING = 0.5


@dataclass(eq=False)
class ChannelModel:
    """-log P(observed char | intended char) tables, per regime."""

    name: str
    substitute: dict[str, dict[str, float]] = field(default_factory=dict)  # "" = deleted
    insert: dict[str, float] = field(default_factory=dict)
    identity: dict[str, float] = field(default_factory=dict)
    # Word-initial capitals an engine reads unlike their small letters (Đ → P, never đ → p):
    # intended small letter → {observed small letter: -log P}, only where the data shows it.
    initial: dict[str, dict[str, float]] = field(default_factory=dict)
    _indel: float | None = None

    @lru_cache(maxsize=100_000)  # noqa: B019 - one model per process
    def sub_cost(self, intended: str, observed: str) -> float:
        if intended == observed:
            return self.identity.get(intended, 0.05)
        row = self.substitute.get(intended)
        if row is not None and observed in row:
            return row[observed]
        if skeleton(intended) == skeleton(observed):
            return BACKOFF_SAME_LETTER
        if skeleton(intended) in VOWELS and skeleton(observed) in VOWELS:
            return BACKOFF_VOWEL
        return BACKOFF_SUBSTITUTE

    @lru_cache(maxsize=10_000)  # noqa: B019
    def del_cost(self, intended: str) -> float:
        row = self.substitute.get(intended)
        if row is not None and "" in row:
            return row[""]
        return BACKOFF_DELETE

    @lru_cache(maxsize=10_000)  # noqa: B019
    def ins_cost(self, observed: str) -> float:
        return self.insert.get(observed, BACKOFF_INSERT)

    @lru_cache(maxsize=500_000)  # noqa: B019 - one model per process
    def cost(self, observed: str, intended: str) -> float:
        """-log P(observed | intended) by weighted edit distance (both lower case)."""
        m = len(observed)
        sub = self.sub_cost
        if m == len(intended):
            # Same length: the character-by-character path is optimal whenever it costs no more
            # than the cheapest insertion + deletion pair any other path would need (exact, fast).
            diagonal = sum(sub(a, b) for a, b in zip(intended, observed, strict=True))
            if diagonal <= self._min_indel:
                return diagonal
        ins = [self.ins_cost(b) for b in observed]
        prev = [0.0] * (m + 1)
        for i in range(1, m + 1):
            prev[i] = prev[i - 1] + ins[i - 1]
        for a in intended:
            delete = self.del_cost(a)
            cur = [prev[0] + delete]
            for i in range(1, m + 1):
                best = prev[i - 1] + sub(a, observed[i - 1])
                best = min(best, prev[i] + delete)
                best = min(best, cur[i - 1] + ins[i - 1])
                cur.append(best)
            prev = cur
        return prev[m]

    @property
    def _min_indel(self) -> float:
        """The cheapest insertion plus the cheapest deletion (a bound used by :meth:`cost`)."""
        if self._indel is None:
            deletions = [row[""] for row in self.substitute.values() if "" in row]
            self._indel = min([*self.insert.values(), BACKOFF_INSERT]) + min(
                [*deletions, BACKOFF_DELETE])
        return self._indel

    def cased_cost(self, observed: str, intended: str) -> float:
        """:meth:`cost` of a printed token as printed (case kept): a capital first letter is
        scored by the learned initial-capital row when there is one (``Pàng`` for ``Đảng``)."""
        lower = observed.lower()
        base = self.cost(lower, intended)
        row = self.initial.get(intended[:1]) if observed[:1].isupper() else None
        if row is None or lower[:1] not in row or lower[:1] == intended[:1]:
            return base
        return max(0.0, base - self.sub_cost(intended[0], lower[0]) + row[lower[0]])

    def to_json(self) -> dict:
        return {"substitute": self.substitute, "insert": self.insert, "identity": self.identity,
                "initial": self.initial}


# ----------------------------------------------------------------------------- learning


def strip_punct(token: str) -> str:
    return token.strip(PUNCTUATION)


def align_tokens(truth: str, ocr: str) -> list[tuple[str, str]]:
    """Pairs (true token, OCR token) of two texts, aligned on mark-free skeletons.

    Only 1:1 correspondences are returned (equal or substituted tokens of similar shape); the
    token splits and merges an OCR engine makes are left out of the character counts.
    """
    t_tokens, o_tokens = truth.split(), ocr.split()
    t_keys = [skeleton(strip_punct(t)) for t in t_tokens]
    o_keys = [_ocr_key(strip_punct(o)) for o in o_tokens]
    pairs = []
    for tag, i1, i2, j1, j2 in Levenshtein.opcodes(t_keys, o_keys).as_list():
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            for k in range(i2 - i1):
                t, o = strip_punct(t_tokens[i1 + k]), strip_punct(o_tokens[j1 + k])
                if t and o and Levenshtein.normalized_similarity(t_keys[i1 + k], o_keys[j1 + k]) >= 0.5:
                    pairs.append((t, o))
    return pairs


def _ocr_key(token: str) -> str:
    """A rough skeleton of an OCR token for alignment only (digits that stand for letters)."""
    return skeleton(token).translate(str.maketrans("0614w&", "oolauo"))


def char_alignment(truth: str, ocr: str) -> list[tuple[str, str]]:
    """(intended, observed) character pairs; '' marks a deletion or an insertion."""
    t, o = truth.lower(), ocr.lower()
    ops = Levenshtein.editops(skeleton(t), _ocr_key(o))
    pairs: list[tuple[str, str]] = []
    i = j = 0
    for op in ops:
        while i < op.src_pos and j < op.dest_pos:
            pairs.append((t[i], o[j]))
            i += 1
            j += 1
        if op.tag == "replace":
            pairs.append((t[i], o[j]))
            i += 1
            j += 1
        elif op.tag == "delete":
            pairs.append((t[i], ""))
            i += 1
        else:
            pairs.append(("", o[j]))
            j += 1
    while i < len(t) and j < len(o):
        pairs.append((t[i], o[j]))
        i += 1
        j += 1
    return pairs


def learn(name: str, token_pairs: Iterable[tuple[str, str]]) -> ChannelModel:
    """Count character correspondences over aligned token pairs and turn them into costs."""
    sub: dict[str, Counter[str]] = defaultdict(Counter)
    inserted: Counter[str] = Counter()
    initial: dict[str, Counter[str]] = defaultdict(Counter)
    total_chars = 0
    for truth, ocr in token_pairs:
        if len(truth) != len(skeleton(truth)):  # NFC guarantee: one char per letter
            continue
        if truth[0].isupper() and ocr[0].isalpha():
            initial[truth[0].lower()][ocr[0].lower()] += 1
        for intended, observed in char_alignment(truth, ocr):
            if intended:
                sub[intended][observed] += 1
                total_chars += 1
            else:
                inserted[observed] += 1
    model = ChannelModel(name=name)
    for intended, row in initial.items():
        total = sum(row.values())
        for observed, count in row.items():
            if observed == intended or count < 3:
                continue
            cost = round(-math.log((count + SMOOTHING) / (total + 1)), 4)
            small = sub[intended].get(observed, 0)
            small_cost = -math.log((small + SMOOTHING) / (sum(sub[intended].values()) + 1))
            if cost < small_cost - 1.0:  # capitals really read otherwise
                model.initial.setdefault(intended, {})[observed] = cost
    for intended, row in sub.items():
        total = sum(row.values())
        model.identity[intended] = round(-math.log((row[intended] + SMOOTHING) / (total + 1)), 4)
        model.substitute[intended] = {
            observed: round(-math.log((count + SMOOTHING) / (total + 1)), 4)
            for observed, count in row.items()
            if observed != intended and count >= 2
        }
    for observed, count in inserted.items():
        if count >= 2:
            model.insert[observed] = round(-math.log(count / max(1, total_chars)), 4)
    return model


# ----------------------------------------------------------------------------- loading


def from_json(name: str, data: dict) -> ChannelModel:
    return ChannelModel(
        name=name,
        substitute=data.get("substitute", {}),
        insert=data.get("insert", {}),
        identity=data.get("identity", {}),
        initial=data.get("initial", {}),
    )


@lru_cache(maxsize=1)
def load_channels() -> dict[str, ChannelModel]:
    """The shipped channel models by regime ('eng', 'vie')."""
    data = json.loads(read_data(CHANNEL_FILE).decode("utf-8"))
    return {name: from_json(name, table) for name, table in data["regimes"].items()}
