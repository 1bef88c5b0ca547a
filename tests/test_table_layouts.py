"""Table layouts met in district reports, and the time context figures take from their place.

Each text is a small report in the genre; the expectations are what an annotator writes.
"""

from __future__ import annotations

from extract.analyze import analyze_document
from extract.readers.text import pages_from_text
from schemas import Change, Document, Source

HEAD = "BÁO CÁO\nKết quả thực hiện năm 2024\n\n"


def analyse(text: str, restored_from: str | None = None) -> Document:
    """Typed text, or (``restored_from``) OCR text as restoration left it, with one edit."""
    pages = pages_from_text(restored_from or text)
    if restored_from is not None:
        restored_lines = text.split("\n")
        lines = [line.model_copy(update={
            "restored": restored_lines[line.number - 1],
            "changes": [Change(start=0, end=1, raw=line.text[:1], restored=line.text[:1],
                               confidence=0.9, reason="diacritics")] if line.text else [],
        }) for line in pages[0].lines]
        pages[0] = pages[0].model_copy(update={"lines": lines})
    source = Source(path="t.txt", name="t.txt", sha256="0" * 64, size_bytes=len(text),
                    media_type="text/plain", page_count=len(pages))
    return analyze_document(Document(source=source, pages=pages,
                                     restored=restored_from is not None))


def ocr_analyse(typed: str) -> Document:
    """The text as an OCR reading damaged it ("ộ" read as "o") and restoration repaired it."""
    return analyse(typed, restored_from=typed.replace("ộ", "o"))


def cells(doc: Document) -> list[tuple]:
    return [(f.unit, f.value, f.value_max, f.year) for f in doc.figures]


def test_a_total_row_spanning_the_serial_column_aligns_on_the_right():
    doc = analyse(HEAD + "TT | Chương trình | Dư nợ (triệu đồng) | Số hộ còn dư nợ\n"
                  "1 | Hộ nghèo | 112.486 | 2.164\n2 | Hộ cận nghèo | 95.320 | 1.687\n"
                  "Tổng cộng | 207.806 | 3.851\n")
    assert cells(doc)[-2:] == [("money", 207806, None, 2024), ("household", 3851, None, 2024)]


def test_space_aligned_cells_sit_under_their_header_even_without_a_serial_number():
    doc = analyse(HEAD + "Đơn vị tính: tiêu chí\n\n"
                  "TT  Xã                  Năm 2022   Năm 2023   Năm 2024\n"
                  "1   Đại Lịch                  17         19         19\n"
                  "2   Chấn Thịnh                16         18         19\n"
                  "    Bình quân               16,5       18,5       19,0\n")
    assert cells(doc)[-3:] == [("criterion", 16.5, None, 2022), ("criterion", 18.5, None, 2023),
                               ("criterion", 19.0, None, 2024)]


def test_a_unit_column_gives_each_row_its_unit_and_a_range_cell_gives_two_bounds():
    doc = analyse("BÁO CÁO\nKế hoạch năm 2025\n\n"
                  "TT | Chỉ tiêu | ĐVT | Thực hiện 2024 | Kế hoạch 2025\n"
                  "1 | Số hộ nghèo | hộ | 1.342 | 1.110\n"
                  "2 | Tỷ lệ hộ nghèo | % | 7,05 | 5,6 - 5,8\n"
                  "3 | Vốn tín dụng chính sách | triệu đồng | 48.600 | 52.000\n"
                  "4 | Diện tích trồng rừng | ha | 120 | -\n")
    assert cells(doc) == [
        ("household", 1342, None, 2024), ("household", 1110, None, 2025),
        ("percent", 7.05, None, 2024), ("percent", 5.6, 5.8, 2025),
        ("money", 48600, None, 2024), ("money", 52000, None, 2025), ("count", 120, None, 2024)]
    assert doc.figures[3].quote == "5,6 - 5,8"


def test_group_lines_inside_a_table_and_a_note_under_it():
    doc = analyse(HEAD + "TT | Nghề đào tạo | Số lớp | Kế hoạch | Thực hiện | Tỷ lệ (%)\n"
                  "a) Nhóm nghề nông nghiệp\n1 | Trồng chè | 6 | 180 | 186 | 103,3\n"
                  "b) Nhóm nghề phi nông nghiệp\n2 | May công nghiệp | 3 | 105 | 112 | 106,7\n"
                  "\n(Số người học tính theo người)\n")
    assert [(f.unit, f.value) for f in doc.figures] == [
        ("count", 6), ("person", 180), ("person", 186), ("percent", 103.3),
        ("count", 3), ("person", 105), ("person", 112), ("percent", 106.7)]


def test_ocr_collapsed_table_with_serial_and_unit_columns_group_lines_and_dashes():
    typed = (HEAD + "TT Chỉ tiêu DVT Kế hoạch Thực hiện Tỷ lệ (%)\nI Kinh tế\n"
             "1 Diện tích gieo trồng ha 1.250 1.284 102,7\n"
             "2 Sản lượng lương thực tấn 2.860 2.912 101,8\nII Văn hóa - xã hội\n"
             "3 Số hộ thoát nghèo họ 45 52 115,6\n4 Tỷ lệ hộ nghèo % 38,50 37,86 -\n")
    doc = ocr_analyse(typed)
    got = [(f.unit, f.value) for f in doc.figures]
    assert got == [("count", 1250), ("count", 1284), ("percent", 102.7), ("count", 2860),
                   ("count", 2912), ("percent", 101.8), ("household", 45), ("household", 52),
                   ("percent", 115.6), ("percent", 38.5), ("percent", 37.86)]


def test_a_year_in_an_enclosing_heading_governs_its_subsections():
    doc = analyse("BÁO CÁO\nKết quả năm 2024 và phương hướng năm 2025\n\n"
                  "I. KẾT QUẢ NĂM 2024\n\n1. Nguồn vốn\n\nTổng nguồn vốn 362,48 tỷ đồng.\n\n"
                  "2. Dư nợ\n\nCó 2.164 hộ nghèo còn dư nợ.\n\n"
                  "II. NHIỆM VỤ NĂM 2025\n\n1. Chỉ tiêu\n\nCho vay 500 hộ nghèo.\n")
    assert [(f.value, f.year) for f in doc.figures] == [(362.48, 2024), (2164, 2024), (500, 2025)]


def test_results_then_plan_title_gives_the_results_year():
    doc = analyse("BÁO CÁO\nKết quả thực hiện nhiệm vụ năm 2024, phương hướng, nhiệm vụ năm "
                  "2025\n\nI. ĐẶC ĐIỂM CHUNG\n\nXã có 17 bản với 1.009 hộ.\n")
    # the number of hamlets is timeless; the households are counted in the report's year
    assert [(f.value, f.year) for f in doc.figures] == [(17, None), (1009, 2024)]


def test_a_year_bound_to_a_figure_does_not_carry_and_the_baseline_of_a_change():
    doc = analyse(HEAD + "Tỷ lệ bao phủ tăng từ 91,85% năm 2023 lên 94,1% dân số. Cấp 922 thẻ.\n"
                  "Tỷ lệ hộ nghèo giảm từ 21,36% (năm 2022) xuống còn 12,08% (năm 2024).\n"
                  "Tỷ lệ nợ quá hạn giảm từ 0,14% xuống còn 0,09%.\n")
    assert [(f.value, f.year) for f in doc.figures] == [
        (91.85, 2023), (94.1, 2024), (922, 2024), (21.36, 2022), (12.08, 2024),
        (0.14, 2023), (0.09, 2024)]


def test_criteria_that_bound_a_class_of_communes_are_not_figures():
    doc = analyse(HEAD + "Có 11 xã đạt chuẩn; 6 xã đạt từ 15 đến 18 tiêu chí; 8 xã còn lại đạt "
                  "dưới 15 tiêu chí; không còn xã dưới 10 tiêu chí. Xã Tú Lệ đạt 19 tiêu chí.\n")
    assert [(f.unit, f.value) for f in doc.figures] == [
        ("commune", 11), ("commune", 6), ("commune", 8), ("criterion", 19)]


def test_ocr_rules_read_as_brackets_and_a_row_damaged_out_of_shape():
    typed = (HEAD + "Xã | Nhà xây mới | Nhà sửa chữa | Kinh phí (triệu đồng)\n"
             "Tự Do | 6 | 2 | 350\nNgọc Lâu | 5 | 3 | 325\nChí Đạo |3]1]175\n"
             "Văn Sơn | 4 | 4 | 300 0 | 12\nMiễn Đãi | 3 | 2 | 200\nCộng | 22 | 15 | 1.350\n")
    doc = ocr_analyse(typed)
    rows = {}
    for f in doc.figures:
        rows.setdefault(f.line, []).append(f.value)
    assert rows == {5: [6, 2, 350], 6: [5, 3, 325], 7: [3, 1, 175], 9: [3, 2, 200],
                    10: [22, 15, 1350]}  # line 8 has a cell too many: it gives nothing


def test_change_cells_keep_their_size_and_say_which_way():
    doc = analyse(HEAD + "ĐVT: hộ\nChỉ tiêu | Đầu năm | Cuối năm | Tăng, giảm\n"
                  "Hộ nghèo | 312 | 241 | -71\nHộ cận nghèo | 267 | 280 | +13\n")
    changes = [(f.value, f.notes[-1]) for f in doc.figures if f.quote.startswith(("-", "+"))]
    assert changes == [(71, "a change: decrease of 71"), (13, "a change: increase of 13")]


def test_ocr_collapsed_header_over_two_lines():
    typed = (HEAD + "Dư nợ Số hộ Nợ quá hạn\n"
             "TT Chương trình (triệu đồng) còn dư nợ (triệu đồng)\n"
             "1 Cho vay hộ nghèo 186.420 4.105 Si2.0\n"
             "2 Cho vay hộ cận nghèo 97.350 2.081 88,0\n"
             "3 Cho vay hộ mới thoát nghèo 64.210 1.390 41,2\n")
    doc = ocr_analyse(typed)
    assert [(f.line, f.unit, f.value) for f in doc.figures] == [
        (7, "money", 97350), (7, "household", 2081), (7, "money", 88.0),
        (8, "money", 64210), (8, "household", 1390), (8, "money", 41.2)]


def test_caption_units_per_column_year_columns_and_a_header_that_goes_on_below():
    doc = analyse(HEAD + "ĐVT: tiêu chí; thu nhập: triệu đồng/người/năm; hộ nghèo: %\n"
                  "TT  Xã            Tiêu chí đạt   Thu nhập   Hộ nghèo   Năm đạt\n"
                  "                                                         NTM\n"
                  "I   Xã đạt chuẩn nâng cao\n"
                  "1   Đại Bái              19/19      72,4       0,86       2017\n"
                  "2   Quỳnh Phú            18/19      68,9       1,12       2018\n")
    assert [(f.unit, f.value) for f in doc.figures] == [
        ("criterion", 19), ("money", 72.4), ("percent", 0.86),
        ("criterion", 18), ("money", 68.9), ("percent", 1.12)]  # 2017, 2018: years, no figure


def test_a_part_of_a_money_column_is_money():
    doc = analyse(HEAD + "ĐVT: căn\nTT | Xã | Xây mới | Kinh phí (triệu đồng) | Trong đó: Quỹ\n"
                  "1 | Hà Tây | 9 | 520 | 400\n2 | Ia Ka | 6 | 300 | 240\n")
    assert [(f.unit, f.value) for f in doc.figures] == [
        ("house", 9), ("money", 520), ("money", 400), ("house", 6), ("money", 300), ("money", 240)]


def test_ocr_collapsed_headers_anchored_on_years_and_dates():
    typed = (HEAD + "TT Chi tiéu DVT TH 2023 Udc TH 2024 KH 2025\n"
             "1 Số hộ nghèo họ 3.126 2.718 2.380\n4 Người có thẻ BHYT người 24.815 25.102 25.300\n"
             "\nSTT Nhóm đối tượng 31/12/2023 31/12/2024 Kế hoạch Tỷ lệ KH (%)\n"
             "III Ngân sách nhà nước đóng 58.640 55.217 55.000 100,4\n"
             "IV Hộ gia đình 18.325 19.746 20.000 98,7\n")
    doc = ocr_analyse(typed)
    assert [(f.unit, f.value, f.year) for f in doc.figures] == [
        ("household", 3126, 2023), ("household", 2718, 2024), ("household", 2380, 2025),
        ("person", 24815, 2023), ("person", 25102, 2024), ("person", 25300, 2025),
        ("percent", 100.4, 2024), ("percent", 98.7, 2024)]  # date and plan columns: no unit


def test_prose_units_after_words_points_indicators_and_all_communes():
    doc = analyse(HEAD + "Quỹ hỗ trợ xây mới 48 (bốn mươi tám) căn nhà; tỷ lệ lao động qua đào tạo "
                  "tăng 1,8 điểm phần trăm. Có 8/8 chỉ tiêu đạt kế hoạch. Rà soát tại 14 xã, "
                  "thị trấn; có 9/13 xã, thị trấn không có nợ quá hạn. Xây 5 (sáu) căn nhà.\n")
    assert [(f.unit, f.value, f.year) for f in doc.figures] == [
        ("house", 48, 2024), ("percent", 1.8, 2024), ("count", 8, 2024), ("commune", 14, None),
        ("commune", 9, 2024)]  # "5 (sáu)": the words disagree, so no unit is read past them


def test_a_bracketed_money_unit_before_the_number():
    doc = analyse(HEAD + "Doanh số cho vay (triệu đồng) đạt 121.640, bằng 102,5% kế hoạch.\n")
    assert [(f.unit, f.vnd or f.value) for f in doc.figures] == [
        ("money", 121_640_000_000), ("percent", 102.5)]


def test_serial_columns_without_a_header_and_a_lone_fraction_give_nothing():
    typed = (HEAD + "Chỉ tiêu | Kế hoạch | Thực hiện\n1 | Số hộ nghèo | 320 | 347\n"
             "2 | Số hộ cận nghèo | 210 | 198\n3 | Số hộ thoát nghèo | 45 | 52\n"
             "Cộng | 7/310 | 597\n")
    doc = ocr_analyse(typed)
    # the serials 1, 2, 3 are not counts; "7/310" is no fraction; "Cộng" names no unit
    assert sorted(f.value for f in doc.figures) == [45, 52, 198, 210, 320, 347]


def test_row_serials_flattened_by_ocr_capitalised_measures_and_commune_columns():
    doc = analyse(HEAD + "Nguồn vận động:\n2 Doanh nghiệp, nhà hảo tâm đóng góp nhiều.\n"
                  "Tỷ lệ 0,85 Lít nước.\n\n"
                  "Chỉ tiêu | Xã Bảo Cường | Xã Phượng Tiến\nThu nhập (triệu đồng) | 62,4 | 58,1\n"
                  "Số hộ nghèo | 12 | 15\n")
    assert [(f.unit, f.value) for f in doc.figures] == [
        ("money", 62.4), ("money", 58.1), ("household", 12), ("household", 15)]


def test_poverty_standards_are_timeless_and_achievements_of_communes_are_not():
    doc = analyse(HEAD + "Lập danh sách hộ có thu nhập bình quân từ 1.500.000 đồng/người/tháng trở "
                  "xuống. Theo chuẩn nghèo, khu vực thành thị là 2.000.000 đồng/người/tháng. "
                  "Toàn huyện có 32 xã, gồm: 21 xã đạt chuẩn nâng cao và 2 xã đang hoàn thiện "
                  "hồ sơ.\n")
    assert [(f.value if f.unit != "money" else f.vnd, f.year) for f in doc.figures] == [
        (1_500_000, None), (2_000_000, None), (32, None), (21, 2024), (2, 2024)]
