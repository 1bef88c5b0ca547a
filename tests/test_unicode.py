"""Unicode and orthography: real damaged forms in, one canonical form out, every edit explained."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from normalize.unicode import (
    TONES,
    apply_tone,
    detect_tone_style,
    is_vietnamese_syllable,
    normalize_lines,
    normalize_text,
    split_tone,
    strip_diacritics,
    syllable_skeleton,
    tone_position,
)

ROOT = Path(__file__).resolve().parents[1]
TRUTH = ROOT / "fixtures" / "seed" / "truth.txt"
# True texts only (NAME.txt); NAME.eng.txt beside them are OCR outputs.
TUNE = sorted(
    p for p in (ROOT / "fixtures" / "corpus" / "tune").glob("*.txt") if p.suffixes == [".txt"]
)


def apply_changes(text: str, changes) -> str:
    """Rebuild the output from the input and the changes alone: proves offsets are right."""
    out, pos = [], 0
    for change in sorted(changes, key=lambda c: c.start):
        assert change.start >= pos
        assert text[change.start : change.end] == change.raw
        out += [text[pos : change.start], change.restored]
        pos = change.end
    return "".join(out) + text[pos:]


# --------------------------------------------------------------------------- syllable helpers


@pytest.mark.parametrize(
    "word",
    ["người", "Người", "QUỐC", "gìn", "gia", "quý", "quyết", "khuỷu", "hoài", "thuở", "Quỳnh",
     "giếng", "nghỉ", "kìa", "xoong", "huých", "khuya", "rượu", "ngoẹo", "oà", "òa", "uỷ", "ủy",
     "phường", "xã", "Việt", "hộ", "nghèo"],
)  # fmt: skip
def test_valid_syllables(word):
    assert is_vietnamese_syllable(word)
    assert is_vietnamese_syllable(unicodedata.normalize("NFD", word))


@pytest.mark.parametrize(
    "word",
    ["hello", "càc", "ce", "ngỉ", "ge", "UBND", "tp", "q", "x", "hóá", "đường1", "cát-"],
)
def test_invalid_syllables(word):
    # càc: a stop final (-c) cannot take the grave tone; ce: c before e is spelt k; hóá: 2 tones
    assert not is_vietnamese_syllable(word)


@pytest.mark.parametrize(
    ("base", "tone", "old", "new"),
    [
        ("hoa", "grave", "hoà", "hòa"),
        ("xoa", "acute", "xoá", "xóa"),
        ("thuy", "hook", "thuỷ", "thủy"),
        ("uy", "hook", "uỷ", "ủy"),
        ("khoe", "hook", "khoẻ", "khỏe"),
        ("HOA", "grave", "HOÀ", "HÒA"),
        ("ngươi", "grave", "người", "người"),
        ("quy", "acute", "quý", "quý"),
        ("hoan", "grave", "hoàn", "hoàn"),
        ("khuyu", "hook", "khuỷu", "khuỷu"),
        ("gia", "acute", "giá", "giá"),
        ("gin", "grave", "gìn", "gìn"),
        ("mua", "grave", "mùa", "mùa"),
        ("Viêt", "dot", "Việt", "Việt"),
    ],
)
def test_apply_tone_styles(base, tone, new, old):
    assert apply_tone(base, tone, "new") == new
    assert apply_tone(base, tone, "old") == old
    assert split_tone(new) == (base, tone)


def test_apply_tone_without_vowel_is_an_error():
    with pytest.raises(ValueError, match="no vowel"):
        apply_tone("str", "acute")
    assert apply_tone("str", "level") == "str"


def test_split_tone_keeps_vowel_marks_and_case():
    assert split_tone("ĐƯỜNG") == ("ĐƯƠNG", "grave")
    assert split_tone(unicodedata.normalize("NFD", "nghĩa")) == ("nghia", "tilde")
    assert split_tone("UBND") == ("UBND", "level")


def test_strip_diacritics_and_skeleton():
    assert strip_diacritics("Đường Hồ Chí Minh") == "Duong Ho Chi Minh"
    assert syllable_skeleton("NGƯỜI") == "nguoi"
    assert strip_diacritics(unicodedata.normalize("NFD", "ộ")) == "o"


# --------------------------------------------------------------------------- normalize_text

REAL_DAMAGE = [
    # (input, expected output, reason)
    (unicodedata.normalize("NFD", "Việt Nam"), "Việt Nam", "nfc"),
    ("Vie\u0323\u0302t", "Việt", "nfc"),  # marks typed in the other order
    ("hóan đổi", "hoán đổi", "tone-placement"),
    ("ngừơi dân", "người dân", "tone-placement"),
    ("to\u0301an", "toán", "nfc+tone-placement"),
    ("toan\u0300", "toàn", "nfc+tone-placement"),  # mark stranded on a consonant: ǹ
    ("Сông ty", "Công ty", "homoglyph"),  # Cyrillic С
    ("Ηà Nội", "Hà Nội", "homoglyph"),  # Greek Eta
    ("ðồng chí Ðảng", "đồng chí Đảng", "homoglyph"),
    ("Hà\u00a0Nội", "Hà Nội", "space"),
    ("x\u200bã h\u00adội", "xã hội", "invisible"),
    ("\u0301 a", " a", "stray-mark"),
    ("ho\u0300a\u0300", "hòa", "nfc+stray-mark"),  # duplicated mark
]


@pytest.mark.parametrize(("raw", "expected", "reason"), REAL_DAMAGE)
def test_real_damage_is_repaired_and_explained(raw, expected, reason):
    out, changes = normalize_text(raw, "new")
    assert out == expected
    assert changes and reason in {c.reason for c in changes}
    assert apply_changes(raw, changes) == out
    assert all(0 < c.confidence <= 1 for c in changes)


@pytest.mark.parametrize(
    "text",
    [
        "café naïve résumé Ærø",  # other languages keep their letters
        "Δ ΑΒΓ Москва",  # pure Greek/Cyrillic words are not Latin look-alikes
        "Icelandic: með, Snæfellsjökull; pinyin nǎ",  # ð/ǎ only become đ/ă in Vietnamese words
        "503/SNNMT-CCPTNT, UBND, e-mail: ubnd@tuky.gov.vn 12,5%",
    ],
)
def test_non_vietnamese_text_is_left_alone(text):
    assert normalize_text(text) == (text, [])


def test_style_conversion_and_keep():
    text = "Cộng hoà xã hội, thuỷ lợi, hoà bình, hòa giải"
    assert detect_tone_style(text) == "old"
    out, changes = normalize_text(text)  # keep: the one "hòa" follows the majority
    assert out == "Cộng hoà xã hội, thuỷ lợi, hoà bình, hoà giải"
    assert [c.reason for c in changes] == ["tone-style"]
    out_new, changes_new = normalize_text(text, "new")
    assert out_new == "Cộng hòa xã hội, thủy lợi, hòa bình, hòa giải"
    assert len(changes_new) == 3
    assert detect_tone_style("hoà hòa") is None
    assert normalize_text("hoà hòa") == ("hoà hòa", [])  # no majority: nothing moves


def test_normalize_lines_decides_style_for_the_whole_document():
    lines = ["Ủy ban nhân dân", "Cộng hòa", "thủy lợi", "hoà giải"]
    results = normalize_lines(lines)
    assert [text for text, _ in results] == ["Ủy ban nhân dân", "Cộng hòa", "thủy lợi", "hòa giải"]
    with pytest.raises(ValueError, match="tone style"):
        normalize_text("x", "modern")  # type: ignore[arg-type]


@pytest.mark.parametrize("path", [TRUTH, *TUNE], ids=lambda p: p.name)
def test_correct_reports_pass_through_unchanged(path):
    text = path.read_text(encoding="utf-8")
    assert normalize_text(text) == (text, [])
    assert detect_tone_style(text) is not None


def test_seed_truth_converts_to_old_style_and_back():
    text = TRUTH.read_text(encoding="utf-8")
    assert detect_tone_style(text) == "new"  # hòa, ủy: the project's "new" style
    old, changes = normalize_text(text, "old")
    assert changes and {c.reason for c in changes} == {"tone-style"}
    assert "CỘNG HOÀ" in old and "ỦY BAN" not in old and "UỶ BAN" in old
    assert normalize_text(old, "new")[0] == text


# --------------------------------------------------------------------------- properties

VIET_LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐEÊOÔƠUƯ"
ONSETS = ["", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng",
          "ngh", "nh", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x"]  # fmt: skip
RHYMES = ["a", "oa", "oe", "uy", "ai", "ao", "ươi", "uyên", "anh", "ăn", "ân", "ênh", "iêt",
          "ương", "uôc", "oai", "uya", "ưu", "ơi", "ôm", "ep", "ich", "ong", "u", "ư"]  # fmt: skip


@st.composite
def syllables(draw):
    """Valid syllables, built from parts and kept only if the structural check agrees."""
    onset = draw(st.sampled_from(ONSETS))
    rhyme = draw(st.sampled_from(RHYMES))
    tone = draw(st.sampled_from(TONES))
    style = draw(st.sampled_from(["new", "old"]))
    word = apply_tone(onset + rhyme, tone, style)
    if draw(st.booleans()):
        word = word.upper() if draw(st.booleans()) else word.capitalize()
    return word


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=VIET_LETTERS + " ,.\u0300\u0301\u0303\u0309\u0323\u00a0", max_size=40))
def test_nfc_idempotent_and_changes_rebuild_output(text):
    out, changes = normalize_text(text, "new")
    assert unicodedata.is_normalized("NFC", out)
    assert apply_changes(text, changes) == out
    assert normalize_text(out, "new") == (out, [])


@settings(max_examples=300, deadline=None)
@given(st.lists(syllables(), min_size=1, max_size=12))
def test_canonical_text_is_identity_and_styles_round_trip(words):
    words = [w for w in words if is_vietnamese_syllable(w)]
    new_text = " ".join(apply_tone(*split_tone(w), "new") for w in words)
    old_text = " ".join(apply_tone(*split_tone(w), "old") for w in words)
    assert normalize_text(new_text, "new") == (new_text, [])
    assert normalize_text(old_text, "old") == (old_text, [])
    assert normalize_text(new_text, "old")[0] == old_text
    assert normalize_text(old_text, "new")[0] == new_text
    for w in words:
        base, tone = split_tone(w)
        assert split_tone(apply_tone(base, tone, "old")) == (base, tone)
        assert tone_position(base, "new") is not None


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_strip_diacritics_keeps_ascii(text):
    assert strip_diacritics(text) == text


@given(st.lists(syllables(), min_size=1, max_size=8))
def test_strip_diacritics_keeps_length_of_vietnamese(words):
    text = " ".join(words)
    stripped = strip_diacritics(text)
    assert len(stripped) == len(text) and stripped.isascii()
