"""The learned OCR channel: the confusions Tesseract really makes are there and cheap."""

from __future__ import annotations

from normalize.channel import align_tokens, char_alignment, learn, load_channels


def test_alignment_pairs_characters_through_marks() -> None:
    assert char_alignment("người", "nguwoi") == [
        ("n", "n"), ("g", "g"), ("ư", "u"), ("", "w"), ("ờ", "o"), ("i", "i")]
    assert char_alignment("số", "s6") == [("s", "s"), ("ố", "6")]
    assert align_tokens("Ngân hàng Chính sách", "Ngan hang Chinh sach") == [
        ("Ngân", "Ngan"), ("hàng", "hang"), ("Chính", "Chinh"), ("sách", "sach")]


def test_learning_counts_what_it_sees() -> None:
    model = learn("toy", [("số", "s6"), ("số", "s6"), ("số", "so"), ("đi", "di"), ("đi", "di")])
    assert model.sub_cost("ố", "6") < model.sub_cost("ố", "o") < model.sub_cost("ố", "x")
    assert model.sub_cost("đ", "d") < model.sub_cost("đ", "b")


def test_eng_channel_has_the_typical_damage() -> None:
    eng = load_channels()["eng"]
    cheap = 4.0
    for intended, observed in [("ệ", "é"), ("ư", "u"), ("đ", "d"), ("ơ", "o"), ("à", "a"),
                               ("ộ", "6"), ("ố", "6")]:
        assert eng.sub_cost(intended, observed) < cheap, (intended, observed)
    # unrelated letters stay dear
    assert eng.sub_cost("t", "m") > 6
    # whole tokens: the right reading is cheaper than a look-alike with other letters
    assert eng.cost("nguoi", "người") < eng.cost("nguoi", "ngôi")
    assert eng.cost("s6", "số") < eng.cost("s6", "sáu")


def test_vie_channel_keeps_marks() -> None:
    channels = load_channels()
    vie, eng = channels["vie"], channels["eng"]
    assert vie.cost("nghèo", "nghèo") < 0.5
    assert vie.cost("nghèo", "nghèo") < eng.cost("nghèo", "nghèo")
    assert vie.cost("ngheo", "nghèo") > eng.cost("ngheo", "nghèo")


def test_initial_capitals_are_learned_apart() -> None:
    # the eng engine prints a capital Đ as P far more often than a small đ as p
    from normalize.channel import learn

    pairs = [("Đảng", "Pang")] * 6 + [("Đảng", "Dang")] * 6 + [("đảng", "dang")] * 40
    model = learn("eng", pairs)
    assert "p" in model.initial.get("đ", {})
    assert model.cased_cost("Pang", "đảng") < model.cased_cost("pang", "đảng")
    assert model.cased_cost("Dang", "đảng") == model.cost("dang", "đảng")
