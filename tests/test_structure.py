"""Sections, bullets and plain-text tables found in the flowing text."""

from extract.readers.text import pages_from_text
from extract.structure import build_flow, find_sections, is_bullet, section_at
from extract.table_layout import find_tables
from schemas import Document, Source


def flow_of(text: str):
    pages = pages_from_text(text)
    source = Source(path="t", name="t", sha256="0" * 64, size_bytes=1, media_type="text/plain",
                    page_count=len(pages))
    return build_flow(Document(source=source, pages=pages))


TEXT = """I. MỤC TIÊU

1. Thực trạng: có 5.642 hộ nghèo,
16.922 triệu đồng được giải ngân.
3.5. Về hỗ trợ nhà ở
- Năm 2021 xây 09 ngôi nhà;
a) Nội dung khác
2021 - 2025 nhằm tăng cường
"""


def test_sections_and_wrapped_numbers():
    flow = flow_of(TEXT)
    sections = find_sections(flow)
    assert [s.label for s in sections] == ["I.", "1.", "3.5."]
    assert sections[2].title == "3.5. Về hỗ trợ nhà ở"
    offset = flow.text.index("09 ngôi")
    assert section_at(sections, offset).label == "3.5."
    line = flow.lines[flow.line_at(offset)]
    assert (line.page, line.line) == (1, 6)


def test_bullets():
    assert is_bullet("- Năm 2021 xây") and is_bullet("+ mục") and is_bullet("a) Nội dung")
    assert not is_bullet("16.922 triệu đồng")


def test_tables_by_pipes_and_by_spaces():
    text = ("Bảng 1. Kết quả\nXã | 2023 | 2024\nA | 1 | 2\nB | 3 | 4\n\nprose line\n\n"
            "Xã       Tiêu chí đạt   Tỷ lệ (%)\nĐại Lộc  17/19          2,04\n"
            "Mỹ Lộc   16/19          2,47\n")
    tables = find_tables(flow_of(text))
    assert len(tables) == 2
    assert tables[0].header == ["Xã", "2023", "2024"]
    assert tables[0].caption == "Bảng 1. Kết quả"
    assert [c for c, _, _ in tables[0].rows[1]] == ["B", "3", "4"]
    assert [c for c, _, _ in tables[1].rows[0]] == ["Đại Lộc", "17/19", "2,04"]


def test_prose_is_not_a_table():
    assert find_tables(flow_of("Một dòng  có hai khoảng trắng.\nDòng khác.\nDòng nữa.\n")) == []


def test_single_spaced_ocr_tables():
    text = ("2. Kết quả (đơn vị: thẻ)\n\nNhóm đối tượng 2021 2022 2023\n"
            "Người thuộc hộ nghèo 3.215 2874 2410\nTrẻ em dưới 6 tuổi 6.952 6.807 6.715\n\n"
            "Xã Vận động (triệu đồng) Nhà xây mới Nhà sửa chữa\nĐức Nhuận 215 03 01 :\n"
            "DitcLoi 186 02 02\n\nCó 5 hộ và 3 người trong 2 năm.\n")
    tables = find_tables(flow_of(text))
    assert [t.header for t in tables] == [
        ["Nhóm đối tượng", "2021", "2022", "2023"],
        ["Xã", "Vận động (triệu đồng)", "Nhà xây mới", "Nhà sửa chữa"]]
    assert [c for c, _, _ in tables[0].rows[1]] == ["Trẻ em dưới 6 tuổi", "6.952", "6.807", "6.715"]
    assert [c for c, _, _ in tables[1].rows[0]] == ["Đức Nhuận", "215", "03", "01"]
    assert tables[0].caption == "2. Kết quả (đơn vị: thẻ)"


def test_ocr_rows_with_specks_or_lost_cells_keep_their_columns():
    text = ("Xã Tiêu chí đạt Đường (km) Tỷ lệ (%)\nĐại Lộc 17/19 8,6 2,04\nMỹ Lộc 16/19 7. 2,47\n"
            "Minh Lộc 18/19 10,3 1,86 7\nNgư Lộc 15/19 6,5\n")
    table = find_tables(flow_of(text))[0]
    assert [[c for c, _, _ in row] for row in table.rows] == [
        ["Đại Lộc", "17/19", "8,6", "2,04"], ["Mỹ Lộc", "16/19", "7.", "2,47"],
        ["Minh Lộc", "18/19", "10,3", "1,86"]]
