"""Document identity (type, issuer, number, place, date, title, recipients) and citations."""

import datetime as dt
from pathlib import Path

from extract.analyze import analyze_document, document_time
from extract.readers.text import pages_from_text
from schemas import Document, Source

ROOT = Path(__file__).resolve().parents[1]


def identity_of(text: str):
    pages = pages_from_text(text)
    source = Source(path="t.txt", name="t.txt", sha256="0" * 64, size_bytes=len(text),
                    media_type="text/plain", page_count=len(pages))
    return analyze_document(Document(source=source, pages=pages)).document


def test_seed_truth_identity_and_citations():
    ident = identity_of((ROOT / "fixtures" / "seed" / "truth.txt").read_text(encoding="utf-8"))
    assert ident.type == "BÁO CÁO"
    assert ident.issuer == "UBND huyện Tứ Kỳ"
    assert ident.number is None and ident.date is None
    assert ident.title == ("Tổng kết Phong trào thi đua “Vì người nghèo - Không để ai bị bỏ lại "
                           "phía sau” trên địa bàn huyện Tứ Kỳ, giai đoạn 2021-2025")
    assert [c.number for c in ident.cites] == ["503/SNNMT-CCPTNT", "37/2024/NQ-HĐND",
                                               "82/KH-UBND"]
    first = ident.cites[0]
    assert (first.kind, first.date, first.issuer, first.line) == (
        "Công văn", dt.date(2025, 3, 21), "Sở Nông nghiệp và Môi trường tỉnh Hải Dương", 8)
    assert "Lưu: VT." not in ident.recipients
    assert ident.recipients[0] == "Sở Nông nghiệp&Môi trường tỉnh Hải Dương"


LETTER = """ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
HUYỆN ĐĂK GLEI Độc lập - Tự do - Hạnh phúc

Số: 1245/UBND-LĐTBXH Đăk Glei, ngày 22 tháng 12 năm 2017
V/v rà soát, hỗ trợ nhà ở cho hộ nghèo,
hộ cận nghèo trên địa bàn huyện

Kính gửi:
- Phòng Lao động - Thương binh và Xã hội huyện;
- Ủy ban nhân dân các xã, thị trấn.

Thực hiện Kế hoạch số 82/KH-
UBND ngày 17/4/2017 của Ủy ban nhân dân tỉnh Kon Tum về nhà ở; Quyết định
59/2015/QĐ-TTg ngày 19/11/2015 của Thủ tướng Chính phủ, Ủy ban nhân dân huyện đề nghị:

Nơi nhận: KT. CHỦ TỊCH
- Như trên; PHÓ CHỦ TỊCH
- Sở LĐTBXH tỉnh Kon Tum;
- Lưu: VT.
"""


def test_letter_identity_from_subject_line_and_two_column_header():
    ident = identity_of(LETTER)
    assert ident.type == "CÔNG VĂN"
    assert ident.issuer == "UBND huyện Đăk Glei"
    assert ident.number == "1245/UBND-LĐTBXH"
    assert (ident.place, ident.date) == ("Đăk Glei", dt.date(2017, 12, 22))
    assert ident.title == ("V/v rà soát, hỗ trợ nhà ở cho hộ nghèo, hộ cận nghèo trên địa bàn "
                           "huyện")
    assert ident.recipients == ["Phòng Lao động - Thương binh và Xã hội huyện",
                                "Ủy ban nhân dân các xã, thị trấn", "Sở LĐTBXH tỉnh Kon Tum"]
    cites = {c.number: c for c in ident.cites}
    assert set(cites) == {"82/KH-UBND", "59/2015/QĐ-TTg"}  # own number is not a citation
    assert cites["82/KH-UBND"].date == dt.date(2017, 4, 17)
    assert cites["82/KH-UBND"].issuer == "Ủy ban nhân dân tỉnh Kon Tum"
    assert cites["59/2015/QĐ-TTg"].kind == "Quyết định"


def test_issuer_of_a_sub_unit_takes_the_body_casing():
    text = ("NGÂN HÀNG CHÍNH SÁCH XÃ HỘI CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "PHÒNG GIAO DỊCH HUYỆN KRÔNG BÔNG Độc lập - Tự do - Hạnh phúc\n\n"
            "Số: 86/BC-PGD Krông Bông, ngày 06 tháng 01 năm 2025\n\nBÁO CÁO\nKết quả tín dụng\n\n"
            "Phòng giao dịch Ngân hàng Chính sách xã hội huyện Krông Bông báo cáo như sau:\n")
    ident = identity_of(text)
    assert ident.issuer == "Phòng giao dịch Ngân hàng Chính sách xã hội huyện Krông Bông"
    assert ident.type == "BÁO CÁO" and ident.number == "86/BC-PGD"


def test_type_from_number_code_when_not_printed():
    ident = identity_of("UBND HUYỆN A\n\nSố: 12/KH-UBND A, ngày 01 tháng 02 năm 2024\n\n"
                        "Nội dung.\n")
    assert ident.type == "KẾ HOẠCH"


def test_document_time_from_title():
    assert document_time(identity_of("BÁO CÁO\nKết quả giai đoạn 2021-2025\n")).period == \
        "2021-2025"
    assert document_time(identity_of("KẾ HOẠCH\nGiảm nghèo năm 2025\n")).year == 2025


def test_ocr_tolerant_type_line_header_and_citation_specks():
    from extract.identity import doc_type_of, find_citations
    from extract.structure import build_flow

    assert doc_type_of("BAOCAO —", ocr_tolerant=True) == "BÁO CÁO"
    assert doc_type_of("BAOCAO —") is None
    assert doc_type_of("Báo cáo kết quả", ocr_tolerant=True) is None
    pages = pages_from_text("theo Quyết định số |\n46/2015/QD-TT¢g ngày 28/9/2015 của Thủ tướng\n")
    source = Source(path="t", name="t", sha256="0" * 64, size_bytes=1, media_type="text/plain",
                    page_count=1)
    flow = build_flow(Document(source=source, pages=pages))
    cites = find_citations(flow, None, ocr_tolerant=True)
    assert [(c.number, c.date, c.line) for c in cites] == [
        ("46/2015/QĐ-TTg", dt.date(2015, 9, 28), 1)]


def test_issuer_casing_guess_when_the_body_does_not_repeat_it():
    text = ("UBND TỈNH QUẢNG BÌNH CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI Độc lập - Tự do - Hạnh phúc\n\n"
            "Số: 1820/SLĐTBXH-BTXH Quảng Bình, ngày 05 tháng 8 năm 2024\nV/v hướng dẫn\n")
    ident = identity_of(text)
    assert ident.issuer == "Sở Lao động - Thương binh và Xã hội tỉnh Quảng Bình"
    assert (ident.type, ident.number, ident.date) == ("CÔNG VĂN", "1820/SLĐTBXH-BTXH",
                                                      dt.date(2024, 8, 5))


def test_issuer_header_lines_wrapped_a_place_alone_and_ocr_specks():
    wrapped = ("UBND HUYỆN CHỢ GẠO CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
               "PHÒNG LAO ĐỘNG - THƯƠNG BINH Độc lập - Tự do - Hạnh phúc\nVÀ XÃ HỘI\n"
               "Số: 96/BC-LĐTBXH Chợ Gạo, ngày 16 tháng 12 năm 2024\n\nBÁO CÁO\nKết quả\n")
    assert identity_of(wrapped).issuer == \
        "Phòng Lao động - Thương binh và Xã hội huyện Chợ Gạo"
    place_alone = ("ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                   "HUYỆN EA KAR Độc lập - Tự do - Hạnh phúc\nBAN THƯỜNG TRỰC\n"
                   "Số: 148/BC-MTTQ-BTT Ea Kar, ngày 23 tháng 12 năm 2024\n\nBÁO CÁO\nKết quả\n")
    assert identity_of(place_alone).issuer == \
        "Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam huyện Ea Kar"
    specks = ("UBND TỈNH HẢI DƯƠNG : CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
              "UBND HUYỆN CẨM GIÀNG Ô Độc lập - Tự do - Hạnh phúc\n\n"
              "Số: 12/KH-UBND Cẩm Giàng, ngày 16 tháng 12 năm 2024\n\nKẾ HOẠCH\nGiảm nghèo\n")
    assert identity_of(specks).issuer == "UBND huyện Cẩm Giàng"
