"""Vietnamese number and money parsing, and the patterns that find numbers in text."""

import pytest

from extract import patterns as P
from extract.numbers import money_to_vnd, parse_number, words_to_number


@pytest.mark.parametrize("text, value", [
    ("5.766", 5766), ("50.000.000", 50_000_000), ("12,5", 12.5), ("09", 9), ("1.036", 1036),
    ("1.284,6", 1284.6), ("0,12", 0.12), ("100", 100), ("16.922", 16922),
])
def test_parse_number_reads_vietnamese_format(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["3.5", "1,234,567", "2.1.3", "abc", "", "12.34"])
def test_parse_number_refuses_what_is_not_a_vietnamese_number(text):
    assert parse_number(text) is None


@pytest.mark.parametrize("value, unit, vnd", [
    (5766, "triệu", 5_766_000_000), (12.5, "tỷ", 12_500_000_000), (893, "nghìn", 893_000),
    (893, "ngàn", 893_000), (50_000_000, "đồng", 50_000_000), (18.64, "tỷ", 18_640_000_000),
    (1284.6, "tỉ", 1_284_600_000_000),
])
def test_money_to_vnd_is_exact(value, unit, vnd):
    assert money_to_vnd(value, unit) == vnd


@pytest.mark.parametrize("words, number", [
    ("Năm mươi triệu đồng", 50_000_000),
    ("Sáu mươi tám tỷ, bốn trăm hai mươi triệu đồng", 68_420_000_000),
    ("Mười tám tỷ, sáu trăm bốn mươi triệu đồng", 18_640_000_000),
    ("một trăm linh năm", 105), ("hai mươi mốt", 21), ("mười lăm", 15),
])
def test_words_to_number_confirms_amounts(words, number):
    assert words_to_number(words) == number


def test_words_to_number_refuses_prose():
    assert words_to_number("kèm theo phụ lục") is None


@pytest.mark.parametrize("text, numbers", [
    ("cấp 1.036 thẻ", ["1.036"]),
    ("Kế hoạch số 82/KH-UBND", []),            # document number
    ("ngày 25/4/2023", []),                    # date
    ("giai đoạn 2021-2025", []),               # period
    ("điện thoại 0296.3883.456", []),          # phone number
    ("tăng 8,6% so với", ["8,6"]),
])
def test_number_pattern_skips_references(text, numbers):
    assert [m["num"] for m in P.NUMBER.finditer(text)] == numbers


def test_money_pattern_needs_a_money_word():
    assert P.MONEY.match(" triệu đồng/hộ")["scale"] == "triệu"
    assert P.MONEY.match(" đồng/ nhà")["scale"] == "đồng"
    assert P.MONEY.match(" tỷ đồng")["scale"] == "tỷ"
    assert P.MONEY.match(" đối tượng") is None
    assert P.MONEY.match(" đường") is None


def test_year_pattern_and_non_context_years():
    assert [m["year"] for m in P.YEAR.finditer("Năm 2021, hỗ trợ; năm 2022 có")] == ["2021", "2022"]
    assert P.YEAR_NOT_CONTEXT.search("theo quy định của Luật Trợ giúp pháp lý ")
    assert P.YEAR_NOT_CONTEXT.search("tăng 1,6% so với ")
    assert not P.YEAR_NOT_CONTEXT.search("Kết quả: ")


@pytest.mark.parametrize("pattern, must, must_not", [
    ("FRACTION", ["20/20 xã", "12/22 xã", "17/19 tiêu chí"], ["25/4/2023", "82/KH"]),
    ("RANGE", ["từ 3 đến 5 triệu", "từ 4% đến 5%", "20 - 25 triệu", "640 đến\n800"], ["5 hộ"]),
    ("PERIOD", ["giai đoạn 2021-2025", "năm 2024- 2025", "giai đoạn 2021 -\n2025",
                "năm học 2022-2023"], ["năm 2021", "ngày 21/3/2025"]),
    ("AS_OF_DATE", ["đến 31/12/2024", "tính đến ngày 30/6/2024"], ["trước ngày 30/6/2024"]),
    ("PART_OF_YEAR", ["Quý I/2024", "tháng 6/2024"], ["ngày 6/2024x"]),
    ("CITATION", ["Quyết định số 59/2015/QĐ-TTg ngày 19/11/2015", "Kế hoạch số 82/KH-UBND",
                  "Công văn số 503/SNNMT-CCPTNT"], ["Điều 5 khoản 2", "số 12 hộ"]),
    ("SECTION_HEADING", ["3.5. Về hỗ trợ nhà ở", "II. MỤC TIÊU", "1. Công tác"],
     ["16.922 triệu đồng", "2021 - 2025 nhằm", "- Năm 2021"]),
    ("OWN_NUMBER", ["Số: 168/BC-UBND", "Số 12/2024/QĐ-UBND"], ["Số hộ nghèo: 12"]),
])
def test_patterns_match_what_they_must_and_nothing_else(pattern, must, must_not):
    compiled = getattr(P, pattern)
    for text in must:
        assert compiled.search(text), (pattern, text)
    for text in must_not:
        assert not compiled.search(text), (pattern, text)


def test_unit_before_names_the_unit_of_a_bare_number():
    assert P.UNIT_BEFORE.search("số hộ cận nghèo: ")["noun"] == "hộ"
    assert P.UNIT_BEFORE.search("tổng số người tham gia là ")["noun"] == "người"
    assert not P.UNIT_BEFORE.search("theo Quyết định số ")
