"""Legacy Vietnamese encodings: real files and PDF text layers in, Unicode out; others untouched."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from normalize.legacy import (
    convert_legacy_text,
    decode_bytes,
    decode_tcvn3,
    decode_vni,
    detect_legacy_encoding,
    encode_legacy,
    fix_legacy_lines,
    fix_legacy_text,
)
from normalize.unicode import TONES, apply_tone

ROOT = Path(__file__).resolve().parents[1]
LEGACY = ROOT / "fixtures" / "legacy"
TRUTH = ROOT / "fixtures" / "seed" / "truth.txt"
SAMPLE = unicodedata.normalize("NFC", (LEGACY / "sample.utf8.txt").read_text(encoding="utf-8"))


def truth_text() -> str:
    # TCVN3 has no curly quotes; the report's only characters outside it.
    return TRUTH.read_text(encoding="utf-8").replace("“", '"').replace("”", '"')


def cp1252_view(data: bytes) -> str:
    """What a PDF text layer or a Windows editor shows for 8-bit codes."""
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in data)


# --------------------------------------------------------------------------- files


@pytest.mark.parametrize(
    ("name", "encoding"),
    [
        ("sample.tcvn3.txt", "tcvn3"),  # written by glibc iconv -t TCVN5712-1
        ("sample.cp1258.txt", "cp1258"),  # written by glibc iconv -t WINDOWS-1258
        ("sample.vni.txt", "vni"),
        ("sample.utf16.txt", "utf-16"),
        ("sample.utf8bom.txt", "utf-8-sig"),
        ("sample.utf8.txt", "utf-8"),
    ],
)
def test_fixture_files_decode_to_the_original(name, encoding):
    text, detected = decode_bytes((LEGACY / name).read_bytes())
    assert detected == encoding
    assert text == SAMPLE


def test_iconv_tcvn3_file_matches_our_table():
    # An independent implementation (glibc) wrote the file; our table must read every byte back.
    assert decode_tcvn3((LEGACY / "sample.tcvn3.txt").read_bytes()) == SAMPLE
    assert encode_legacy(SAMPLE, "tcvn3") == (LEGACY / "sample.tcvn3.txt").read_bytes()


@pytest.mark.parametrize("encoding", ["tcvn3", "vni", "cp1258"])
def test_seed_truth_round_trips(encoding):
    text = unicodedata.normalize("NFC", truth_text())
    data = encode_legacy(text, encoding)
    assert decode_bytes(data) == (text, encoding)


def test_non_vietnamese_8bit_file_is_cp1252():
    data = "Crème brûlée, naïve café — Größe".encode("cp1252")
    assert decode_bytes(data) == ("Crème brûlée, naïve café — Größe", "cp1252")


def test_broken_bom_file_is_a_clear_error():
    with pytest.raises(ValueError, match="utf-16"):
        decode_bytes(b"\xff\xfeA")


def test_unencodable_character_is_named():
    with pytest.raises(ValueError, match="U\\+201C"):
        encode_legacy("“Vì người nghèo”", "tcvn3")
    assert encode_legacy("“x”", "tcvn3", errors="replace") == b"?x?"
    with pytest.raises(ValueError, match="unknown legacy encoding"):
        encode_legacy("x", "viscii")


# --------------------------------------------------------------------------- text layers


@pytest.mark.parametrize(
    ("seen", "expected", "encoding"),
    [
        ("Uû ban nh©n d©n", "Uỷ ban nhân dân", "tcvn3"),
        ("Céng hoµ x· héi chñ nghÜa ViÖt Nam", "Cộng hoà xã hội chủ nghĩa Việt Nam", "tcvn3"),
        ("§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc", "tcvn3"),
        ("Ngµy 15 th¸ng 3 n¨m 2020", "Ngày 15 tháng 3 năm 2020", "tcvn3"),
        ("UÛY BAN NHAÂN DAÂN HUYEÄN TÖÙ KYØ", "ỦY BAN NHÂN DÂN HUYỆN TỨ KỲ", "vni"),
        ("Uûy ban nhaân daân xaõ", "Ủy ban nhân dân xã", "vni"),
        ("Cá»™ng hÃ²a xÃ£ há»™i", "Cộng hòa xã hội", "utf-8"),
    ],
)
def test_legacy_text_layers_are_fixed(seen, expected, encoding):
    assert fix_legacy_text(seen) == (expected, encoding)


@pytest.mark.parametrize(
    "text",
    [
        "The quick brown fox, 12,5% of 503/SNNMT-CCPTNT",
        "Crème brûlée, naïve café, Größe, señor, Ærø",
        "Cộng hòa xã hội chủ nghĩa Việt Nam",
        "Hà Nội, Bà Rịa, cá bè",
        "Tổng kết phong trào thi đua “Vì người nghèo”",
        "",
    ],
)
def test_genuine_text_is_left_alone(text):
    assert fix_legacy_text(text) == (text, None)


@pytest.mark.parametrize("encoding", ["tcvn3", "vni", "cp1258", "utf-8"])
def test_seed_report_seen_as_cp1252_is_fixed(encoding):
    lines = truth_text().splitlines()
    seen = [cp1252_view(line.encode("utf-8") if encoding == "utf-8" else encode_legacy(line, encoding))
            for line in lines]  # fmt: skip
    assert fix_legacy_lines(seen) == (lines, encoding)


def test_tcvn3_lines_alone_are_fixed():
    lines = [line for line in truth_text().splitlines() if not line.isascii()]
    fixed = [fix_legacy_text(cp1252_view(encode_legacy(line, "tcvn3"))) for line in lines]
    assert [text for text, _ in fixed] == lines
    assert {name for _, name in fixed} == {"tcvn3"}


def test_one_short_line_can_be_ambiguous_the_document_decides():
    seen = cp1252_view(encode_legacy("- Lưu: VT.", "vni"))  # "Löu": VNI Lưu, TCVN3 Lửu
    assert detect_legacy_encoding(seen) is None  # too little evidence in one short line
    assert fix_legacy_text(seen, "vni") == ("- Lưu: VT.", "vni")
    mixed = ["Cộng hòa xã hội", seen]  # a genuine line beside a VNI one
    assert fix_legacy_text(mixed[0], "vni") == (mixed[0], None)
    assert convert_legacy_text("Cộng hòa", "vni") == "Cộng hòa"
    with pytest.raises(ValueError, match="unknown legacy encoding"):
        convert_legacy_text("Löu", "viscii")


@pytest.mark.parametrize(
    "path",
    [ROOT / "fixtures" / "seed" / "000_d4a8368e78cf9a51.txt"]
    + sorted((ROOT / "fixtures" / "corpus" / "tune").glob("*.eng.txt")),
    ids=lambda p: p.name,
)
def test_ocr_output_is_never_taken_for_a_legacy_encoding(path):
    """OCR without the Vietnamese model writes "é" for a lost "ế"; TCVN3 would read "ộ"."""
    lines = path.read_text(encoding="utf-8").splitlines()
    assert fix_legacy_lines(lines) == (lines, None)
    assert all(fix_legacy_text(line) == (line, None) for line in lines)
    assert decode_bytes("\n".join(lines).encode("cp1252", errors="replace"))[1] == "cp1252"


def test_pdf_text_layer_in_tcvn3_is_fixed(tmp_path):
    """A PDF whose text layer carries TCVN3 codes (what .VnTime documents become)."""
    pdfplumber = pytest.importorskip("pdfplumber")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    font = Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf")
    if not font.exists():
        pytest.skip("Liberation Serif not installed (scripts/setup.sh installs it)")
    pdfmetrics.registerFont(TTFont("LibSerif", str(font)))
    # ABC documents draw capitals with a second font (.VnTimeH) over the lower-case codes, so
    # a text layer holds lower-case codes; keep to lines whose codes all print in cp1252.
    lines = [line for line in SAMPLE.splitlines()[3:] if line.strip()][:6]
    codes = [encode_legacy(line, "tcvn3") for line in lines]
    assert all(b >= 0x20 and b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D) for c in codes for b in c)
    pdf = tmp_path / "tcvn3.pdf"
    c = canvas.Canvas(str(pdf))
    c.setFont("LibSerif", 11)
    for i, line in enumerate(lines):
        c.drawString(40, 800 - 16 * i, cp1252_view(codes[i]))
    c.save()
    with pdfplumber.open(pdf) as doc:
        extracted = doc.pages[0].extract_text().splitlines()
    assert extracted != lines  # the text layer really is in TCVN3
    assert fix_legacy_lines(extracted) == (lines, "tcvn3")


# --------------------------------------------------------------------------- properties

LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂBĐEÊGHOÔƠUƯ"
VOWEL_BASES = ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "A", "Ơ", "Ư", "Ê"]


@st.composite
def vietnamese_text(draw):
    chunks = draw(
        st.lists(
            st.one_of(
                st.text(alphabet=LETTERS + " ,.-0123456789", max_size=6),
                st.builds(apply_tone, st.sampled_from(VOWEL_BASES), st.sampled_from(TONES)),
            ),
            max_size=15,
        )
    )
    return unicodedata.normalize("NFC", "".join(chunks))


@settings(max_examples=300, deadline=None)
@given(vietnamese_text(), st.sampled_from(["tcvn3", "vni", "cp1258"]))
def test_encode_decode_round_trip(text, encoding):
    data = encode_legacy(text, encoding)
    if encoding == "tcvn3":
        assert decode_tcvn3(data) == text
    elif encoding == "vni":
        assert decode_vni(data) == text
    else:
        assert unicodedata.normalize("NFC", data.decode("cp1258")) == text


@st.composite
def vietnamese_sentences(draw):
    onsets = ["", "b", "c", "ch", "đ", "gi", "h", "kh", "l", "m", "ng", "nh", "qu", "th", "tr"]
    rhymes = ["a", "oa", "uy", "ai", "ươi", "uyên", "anh", "ăn", "ân", "ênh", "ương", "ơi", "ông"]
    words = draw(
        st.lists(
            st.builds(
                lambda o, r, t: apply_tone(o + r, t, "old"),
                st.sampled_from(onsets),
                st.sampled_from(rhymes),
                st.sampled_from(TONES),
            ),
            min_size=1,
            max_size=10,
        )
    )
    return " ".join(words)


@settings(max_examples=200, deadline=None)
@given(vietnamese_sentences())
def test_genuine_vietnamese_is_never_converted(text):
    assert fix_legacy_text(text) == (text, None)


def test_command_line_names_each_file_and_fails_on_a_missing_one(capsys, tmp_path):
    from normalize.legacy import main

    utf8_with_tcvn3 = tmp_path / "layer.txt"  # a UTF-8 file holding a TCVN3 text layer
    utf8_with_tcvn3.write_text(cp1252_view(encode_legacy(SAMPLE, "tcvn3")), encoding="utf-8")
    missing = tmp_path / "missing.txt"
    assert main([str(LEGACY / "sample.vni.txt"), str(utf8_with_tcvn3), str(missing)]) == 1
    out, err = capsys.readouterr()
    assert f"{LEGACY / 'sample.vni.txt'}: vni" in out
    assert f"{utf8_with_tcvn3}: utf-8+tcvn3" in out
    assert str(missing) in err and "No such file" in err
    assert main(["--convert", str(LEGACY / "sample.cp1258.txt")]) == 0
    assert capsys.readouterr().out == SAMPLE
