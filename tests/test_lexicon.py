"""The shipped lexicon: real artefact, loaded from the package."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from normalize.lexicon import has_vietnamese_marks, load_lexicon, looks_like_syllable, skeleton


def test_skeleton_strips_every_mark_and_keeps_nothing_else() -> None:
    assert skeleton("Người") == "nguoi"
    assert skeleton("ĐỘC LẬP") == "doc lap"
    assert skeleton("Krông") == "krong"


def test_mark_detection() -> None:
    assert has_vietnamese_marks("đa") and has_vietnamese_marks("nghèo")
    assert not has_vietnamese_marks("ngheo")


def test_shape_of_a_syllable() -> None:
    assert looks_like_syllable("nghiêng") and looks_like_syllable("quốc")
    assert not looks_like_syllable("report") and not looks_like_syllable("s6")


def test_common_syllables_and_frequencies() -> None:
    lexicon = load_lexicon()
    assert len(lexicon.counts) > 5000
    for syllable in ("và", "người", "nghèo", "huyện", "tỉnh", "xã", "hộ", "của"):
        assert syllable in lexicon
    assert lexicon.count("và") > lexicon.count("vả")
    assert lexicon.count("người") > lexicon.count("ngươi")
    # candidates by skeleton, most frequent first
    assert lexicon.candidates("nguoi")[0] == "người"
    assert "đồng" in lexicon.candidates("dong")


def test_place_names_and_domain_terms() -> None:
    lexicon = load_lexicon()
    assert "Tứ Kỳ" in lexicon.place_names and "Krông Bông" in lexicon.place_names
    assert "krông" in lexicon and "kỳ" in lexicon
    assert lexicon.abbreviations["hdnd"] == "HĐND"
    assert lexicon.abbreviations["bcd"] == "BCĐ"


def test_artefacts_stay_small() -> None:
    folder = resources.files("normalize.data")
    total = sum(f.stat().st_size for f in folder.iterdir() if f.is_file())  # type: ignore[attr-defined]
    assert total < 5_000_000


def test_amounts_are_spelled_the_way_documents_write_them() -> None:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
    from build_lexicon import spell_number

    assert spell_number(21) == "hai mươi mốt"
    assert spell_number(105) == "một trăm linh năm"
    assert spell_number(115) == "một trăm mười lăm"
    assert spell_number(3_450_000_000) == "ba tỷ, bốn trăm năm mươi triệu"
    assert spell_number(1_005) == "một nghìn, không trăm linh năm"
