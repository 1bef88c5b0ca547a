"""Every regular expression of the extractor, compiled once, with named groups.

Why one place: the patterns encode the conventions of the genre (how a Vietnamese report writes
a number, a sum of money, a year, a document number, a section). Kept together they can be read,
tested (tests/test_numbers*.py, tests/test_figures*.py) and changed without hunting through code.
All use the `regex` package for Unicode classes (\\p{L}, \\p{Lu}) and are case-insensitive
where Vietnamese prose capitalises freely ("Năm 2021" / "năm 2021").
"""

from __future__ import annotations

import regex

I = regex.IGNORECASE | regex.VERSION1
V = regex.VERSION1

# Whitespace that may include a line break: figures often wrap ("7.495\ntriệu đồng").
WS = r"[ \t\u00a0]*\n?[ \t\u00a0]*"
WS1 = r"(?:[ \t\u00a0]+\n?[ \t\u00a0]*|\n[ \t\u00a0]*)"

# A number as Vietnamese prints it: "1.036", "50.000.000", "12,5", "09", "100".
# Not preceded by a letter, digit, "/", "." or "," (so not the "20" of "25/4/2023" nor a part of
# "82/KH-UBND"), not followed by a digit, a letter, "/" (a document or date) or "-digit" (a
# period "2021-2025" is not a figure).
NUMBER_BODY = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
# Units that may be glued to the number: "50.000đ", "10ha", "5km", "30%".
GLUED_UNIT = r"(?:đồng|đ|km|ha|m2|m²|m3|kg|tấn|tỷ|triệu)(?!\p{L})"
NUMBER = regex.compile(
    rf"(?<![\p{{L}}\p{{N}}/.,_-])(?P<num>{NUMBER_BODY})"
    rf"(?![\p{{N}}/]|[.,]\d|\s*[-–]\s*\d{{4}}|(?!{GLUED_UNIT})\p{{L}})",
    V,
)

# "20/20 xã", "19/19 tiêu chí": a count of a whole. Checked before dates by the unit that must
# follow (a date never has a unit noun after it).
FRACTION = regex.compile(
    r"(?<![\p{L}\p{N}/.,])(?P<num>\d{1,4})\s*/\s*(?P<of>\d{1,4})(?![\p{N}\p{L}/])", V
)

# "từ 3 đến 5 triệu đồng", "3 - 5 triệu đồng", "từ 10 tới 15%".
RANGE = regex.compile(
    rf"(?:(?P<from>\btừ){WS1})?(?<![\p{{L}}\p{{N}}/.,])(?P<num>{NUMBER_BODY}){WS}"
    rf"(?:(?P<scale1>tỷ|tỉ|triệu|nghìn|ngàn)|(?P<pct1>%))?{WS}(?:đến|tới|-|–){WS}(?P<num2>{NUMBER_BODY})"
    r"(?![\p{N}/]|[.,]\d)",
    I,
)

PERCENT = regex.compile(r"\s*(?:%|(?:điểm\s+)?phần\s+trăm\b)", I)  # "1,8 điểm phần trăm": points

# Money after a number: a scale word with or without "đồng", or "đồng" alone.
MONEY = regex.compile(
    rf"{WS}(?:(?P<scale>tỷ|tỉ|triệu|nghìn|ngàn)(?:{WS}(?P<dong>đồng|VNĐ|VND|đ)(?!\p{{L}}))?"
    rf"|(?P<scale>đồng|VNĐ|VND|trđ|tr\.đ|ngđ|đ)(?!\p{{L}}))",
    I,
)

# A rate: "/ngôi nhà", "/ nhà", "/hộ/tháng", or "mỗi hộ", "một người/tháng".
PER = regex.compile(
    rf"{WS}(?:/|\bmỗi\b|\bcho\s+mỗi\b){WS}(?P<per>(?:(?:ngôi|căn|con|suất|lượt)\s+)?\p{{L}}+)",
    I,
)

PER_SLASH = regex.compile(
    rf"{WS}/{WS}(?P<per>(?:(?:ngôi|căn|con|suất|lượt)\s+)?\p{{L}}+)", I
)

# Classifiers that may stand between a number and the noun it counts ("09 ngôi nhà").
CLASSIFIER = r"(?:(?:ngôi|căn|chiếc|cái|lượt|suất|bộ)\s+)?"

# The counted noun right after a number: (pattern, unit). First match wins, so longer and more
# specific phrases come first. Exclusions (nhà văn hóa, xã hội, hộ chiếu...) are part of the
# pattern so that a non-figure never gets a unit.
UNIT_NOUNS: list[tuple[str, str]] = [
    (r"hộ(?!\s+(?:chiếu|lý|sinh|tống|khẩu\s+thường))", "household"),
    (r"gia\s+đình(?!\s+(?:văn\s+hóa|văn\s+hoá))", "household"),
    ((r"nhà(?!\s+(?:văn\s+hó|văn\s+hoá|máy|nước|hảo\s+tâm|tài\s+trợ|trường|xưởng|thầu|đầu\s+tư|"
     r"khoa|giáo|sản\s+xuất|thờ|kho|vệ\s+sinh|báo|mạng|nông))"), "house"),
    (r"căn\s+hộ", "house"),
    (r"căn(?!\s+(?:cứ|bản|nguyên|bệnh))", "house"),
    (r"thẻ", "card"),
    (r"tiêu\s+chí", "criterion"),
    (r"(?:xã|phường|thị\s+trấn)(?!\s+hội)", "commune"),
    (r"đơn\s+vị\s+(?:hành\s+chính\s+)?cấp\s+xã", "commune"),
    ((r"(?:người|nhân\s+khẩu|khẩu|lao\s+động|học\s+sinh|sinh\s+viên|học\s+viên|trẻ(?:\s+em)?|"
     r"cháu|hội\s+viên|đoàn\s+viên|đảng\s+viên|cán\s+bộ|công\s+chức|viên\s+chức|bệnh\s+nhân|"
     r"thành\s+viên|nông\s+dân|giáo\s+viên|phụ\s+nữ|thanh\s+niên|cá\s+nhân|đối\s+tượng|"
     r"người\s+dân|bác\s+sĩ|y\s+bác\s+sĩ|công\s+nhân|cử\s+tri|đồng\s+chí|cựu\s+chiến\s+binh|"
     r"thương\s+binh|liệt\s+sĩ|em)(?!\p{L})"), "person"),
    # Any other counted thing, and measures (the annotators count "186,7 km", "36.540 m2 đất").
    ((r"(?:thôn|xóm|buôn|ấp|khu\s+dân\s+cư|khu\s+phố|làng|bản|tổ\s+dân\s+phố|huyện|tỉnh|"
     r"nhà\s+văn\s+hóa|nhà\s+văn\s+hoá|lớp|mô\s+hình|cuộc|hội\s+nghị|hội\s+thi|"
     r"buổi|công\s+trình|dự\s+án|tiểu\s+dự\s+án|doanh\s+nghiệp|hợp\s+tác\s+xã|"
     r"tổ\s+hợp\s+tác|tổ\s+chức|tổ|cơ\s+sở|trường\s+hợp|trường|điểm|trạm|phòng|ban|đơn\s+vị|cơ\s+quan|"
     r"phần\s+quà|suất\s+quà|xuất\s+quà|quà|chương\s+trình|tập\s+thể|gian\s+hàng|phiên|"
     r"tin|bài|phóng\s+sự|pa\s*nô|áp\s+phích|tờ\s+rơi|khẩu\s+hiệu|băng\s+rôn|đợt|chuyến|"
     r"câu\s+lạc\s+bộ|nhóm|sản\s+phẩm|văn\s+bản|kế\s+hoạch|quyết\s+định|chỉ\s+tiêu|"
     r"km|ki-lô-mét|m2|m²|m3|m³|mét|ha|héc-ta|hecta|tấn|tạ|kg|lít|kWh|MW|kW|"
     r"con|cây|giếng|bể|cầu|tuyến|kênh|đường|lò|xe|máy|chiếc|bộ|"
     r"bò|lợn|heo|trâu|gà|vịt|dê|cá|hồ\s+sơ|vụ|lượt|ngày\s+công|suất|HTX|làng\s+nghề|tiêu\s+chuẩn)"), "count"),
]
UNIT_NOUN_PATTERNS = [
    (regex.compile(rf"{WS}{CLASSIFIER}(?P<noun>{pattern})(?!\p{{L}})", I), unit)
    for pattern, unit in UNIT_NOUNS
]

# A count whose unit is named before it: "số hộ cận nghèo: 567", "tổng số người là 1.234".
UNIT_BEFORE = regex.compile(
    r"\b(?:tổng\s+)?số\s+(?:lượng\s+)?(?:lượt\s+)?(?P<noun>hộ|người|lao\s+động|thẻ|xã|"
    r"nhà|ngôi\s+nhà|căn\s+nhà|tiêu\s+chí|học\s+sinh|hội\s+viên|nhân\s+khẩu)(?!\p{L})"
    r"[^,;.()\d\n]{0,50}?(?:\s+là|:|\s+đạt|\s+còn|\s+có)\s*$",
    I,
)

# Year context.
YEAR_RANGE_BODY = r"(?P<y1>(?:19|20)\d{2})\s*[-–]\s*(?P<y2>(?:19|20)\d{2})"
PERIOD = regex.compile(
    rf"\b(?:giai\s+đoạn|thời\s+kỳ|nhiệm\s+kỳ|năm\s+học|niên\s+độ|các\s+năm|năm|từ\s+năm){WS}"
    rf"{YEAR_RANGE_BODY}(?!\d)",
    I,
)
PERIOD_FROM_TO = regex.compile(
    r"\btừ\s+năm\s+(?P<y1>(?:19|20)\d{2})\s+(?:đến|tới)\s+(?:năm\s+)?(?P<y2>(?:19|20)\d{2})(?!\d)",
    I,
)
# "đến 31/12/2024", "tính đến ngày 30/6/2024": a stock counted at that date, so of that year.
AS_OF_DATE = regex.compile(
    r"\b(?:tính\s+)?đến\s+(?:hết\s+)?(?:ngày\s+)?\d{1,2}\s*/\s*\d{1,2}\s*/\s*(?P<year>(?:19|20)\d{2})\b",
    I,
)
# "Từ ngày 01/7/2024, mức lương cơ sở là ...": the date from which a figure holds.
FROM_DATE = regex.compile(
    r"\b(?:kể\s+)?từ\s+ngày\s+\d{1,2}\s*/\s*\d{1,2}\s*/\s*(?P<year>(?:19|20)\d{2})\b", I
)
# "Quý I/2024", "tháng 6/2024" name the year of what follows.
PART_OF_YEAR = regex.compile(
    r"\b(?:quý\s+[IV1-4]{1,3}|tháng\s+\d{1,2})\s*/\s*(?P<year>(?:19|20)\d{2})(?!\d)", I
)
# "Đến nay", "hiện nay": the year of the document's date.
AS_OF_NOW = regex.compile(r"\b(?:đến\s+nay|hiện\s+nay|tính\s+đến\s+nay)\b", I)
# Words of a present state ("Còn 15 nhà chưa hoàn thành", "mới đạt 86,4%", "còn chậm ở 03
# xã"): under a report's period such a figure is the state at the period's end.
PRESENT_STATE = regex.compile(
    r"\b(?:còn|hiện\s+nay|hiện\s+có|đến\s+nay|mới\s+đạt|chưa)\b", I
)
# "Từ năm 2021 đến nay": a period ending at the document's year.
SINCE_TO_NOW = regex.compile(
    r"\b(?:từ\s+(?:năm\s+)?|năm\s+)(?P<y1>(?:19|20)\d{2})\s+(?:đến|tới)\s+nay\b", I
)
# The same words through OCR damage that restoration left ("Hiến này", "Tiv năm 2021 đến nay",
# "nam 2021 đến nay"); used on OCR'd text only.
AS_OF_NOW_OCR = regex.compile(r"\b(?:h[iì][eêếềểễệ]n\s+n[aàáảãạ]y|đến\s+n[aàáảãạ]y)\b", I)
SINCE_TO_NOW_OCR = regex.compile(
    r"\bn[a-zàáảãạăằắẳẵặâầấẩẫậ4@]m\s+(?P<y1>(?:19|20)\d{2})\s+(?:đến|tới|d[eéèẻẽẹêếềểễệ]n)\s+"
    r"n[aàáảãạ]y\b", I
)
# Between a figure and a year that belongs to it: "3,86% năm 2021", "52% vào cuối năm 2025".
YEAR_RIGHT_AFTER = regex.compile(r"[ \t]*\(?[ \t]*(?:(?:vào\s+)?(?:cuối|đầu|giữa|trong)\s+)?", I)
YEAR = regex.compile(r"\bnăm\s+(?P<year>(?:19|20)\d{2})(?![\d/-])", I)
# A bare year range ("2021-2023") read as a period when OCR damaged the words before it.
PERIOD_BARE = regex.compile(rf"(?<![\d/.-]){YEAR_RANGE_BODY}(?![\d/])", I)
# The same, read through OCR damage left by restoration ("nam 2024", "ndm 2024", "nim 2024").
YEAR_OCR = regex.compile(
    r"(?<!\bViệt\s)\b(?:n[a-zàáảãạăằắẳẵặâầấẩẫậ4@]m)\s+(?P<year>(?:19|20)\d{2})(?![\d/-])", I
)
# Years that name something else than the time a figure refers to.
YEAR_NOT_CONTEXT = regex.compile(
    r"(?:\bngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+$|"
    r"\bso\s+với\s+(?:cùng\s+kỳ\s+)?(?:(?:cuối|đầu|giữa)\s+)?$|"
    r"\bchuyển\s+sang\s+$|"  # "Số dư Quỹ chuyển sang năm 2025": the year it is carried into
    r"\b(?:Luật|Bộ\s+luật|Hiến\s+pháp|Nghị\s+định|Nghị\s+quyết|Quyết\s+định|Thông\s+tư|"
    r"Chỉ\s+thị|Pháp\s+lệnh)\b[^,.;:()\n]{0,80}$)",
    I,
)

# Identity.
DOC_TYPES = (
    "BÁO CÁO", "KẾ HOẠCH", "CÔNG VĂN", "QUYẾT ĐỊNH", "TỜ TRÌNH", "NGHỊ QUYẾT", "THÔNG BÁO",
    "CHỈ THỊ", "HƯỚNG DẪN", "CÔNG ĐIỆN", "CHƯƠNG TRÌNH", "ĐỀ ÁN", "BIÊN BẢN", "GIẤY MỜI",
    "THÔNG TƯ", "NGHỊ ĐỊNH", "QUY CHẾ", "QUY ĐỊNH", "PHƯƠNG ÁN", "DỰ ÁN", "TỜ TRÌNH",
)
DOC_TYPE_LINE = regex.compile(
    r"^\s*(?P<type>" + "|".join(sorted({t.replace(" ", r"\s+") for t in DOC_TYPES},
                                          key=len, reverse=True)) + r")\s*$",
    V,
)
# The code in a document number tells its type: "168/BC-UBND" is a báo cáo.
TYPE_CODES = {
    "BC": "BÁO CÁO", "KH": "KẾ HOẠCH", "QĐ": "QUYẾT ĐỊNH", "TTr": "TỜ TRÌNH", "NQ": "NGHỊ QUYẾT",
    "TB": "THÔNG BÁO", "CT": "CHỈ THỊ", "HD": "HƯỚNG DẪN", "CĐ": "CÔNG ĐIỆN", "CTr": "CHƯƠNG TRÌNH",
    "ĐA": "ĐỀ ÁN", "BB": "BIÊN BẢN", "GM": "GIẤY MỜI", "CV": "CÔNG VĂN", "TT": "THÔNG TƯ",
    "NĐ": "NGHỊ ĐỊNH", "PA": "PHƯƠNG ÁN",
}
DOC_NUMBER_BODY = r"\d+[\p{L}]?(?:/\d{4})?(?:/[\p{L}\p{N}&.]+(?:-[\p{L}\p{N}&.]+)*)"
OWN_NUMBER = regex.compile(rf"^\s*Số\s*[:.]?\s*(?P<number>{DOC_NUMBER_BODY})", I)
PLACE_DATE = regex.compile(
    r"(?P<place>\p{Lu}[\p{L}\s.'-]{1,40}?)\s*,\s*ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})"
    r"\s+năm\s+(?P<y>\d{4})",
    V,
)
DATE_NUMERIC = regex.compile(r"(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})\s*/\s*(?P<y>\d{4})")
DATE_WORDS = regex.compile(
    r"(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})", I
)
CITE_KINDS = (
    r"Bộ\s+luật|Luật|Nghị\s+định|Nghị\s+quyết|Quyết\s+định|Thông\s+tư(?:\s+liên\s+tịch)?|"
    r"Chỉ\s+thị|Công\s+văn|Kế\s+hoạch|Báo\s+cáo|Tờ\s+trình|Thông\s+báo|Hướng\s+dẫn|Văn\s+bản|"
    r"Công\s+điện|Chương\s+trình|Đề\s+án|Pháp\s+lệnh|Kết\s+luận|Quy\s+định"
)
CITATION = regex.compile(
    rf"(?:(?P<kind>{CITE_KINDS})(?:\s+liên\s+tịch)?\s+)?(?:số\s*:?\s*)(?P<number>{DOC_NUMBER_BODY})"
    r"(?:\s*,?\s*ngày\s+(?P<date>\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}|"
    r"\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}))?"
    r"(?:\s+(?:của|do)\s+(?P<issuer>[^,;.()\n“\"]+?)(?=\s+(?:về|v/v|quy\s+định|hướng\s+dẫn|"
    r"ban\s+hành|phê\s+duyệt|triển\s+khai|thực\s+hiện|nhằm|đã|tại)\b|[,;.()“\"]|$))?",
    I,
)
# A cited number without "số": "Quyết định 59/2015/QĐ-TTg".
CITATION_BARE = regex.compile(
    rf"(?P<kind>{CITE_KINDS})\s+(?P<number>\d+(?:/\d{{4}})?/[\p{{L}}\p{{N}}&.]+(?:-[\p{{L}}\p{{N}}&.]+)+)"
    r"(?:\s*,?\s*ngày\s+(?P<date>\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}))?",
    I,
)
RECIPIENTS_HEAD = regex.compile(r"^\s*Nơi\s+nhận\s*:?", I)
ADDRESSEE = regex.compile(r"^\s*Kính\s+gửi\s*:?\s*(?P<rest>.*)$", I)
SUBJECT_LINE = regex.compile(r"^\s*(?:V/v|Về\s+việc)\s*:?\s*(?P<rest>.+)$", I)
NATIONAL_MOTTO = regex.compile(
    r"C[ỘO]NG\s+H[ÒÓ]A\s+X[ÃA]\s+H[ỘO]I\s+CH[ỦU]\s+NGH[ĨI]A\s+VI[ỆE]T\s+NAM"
    r"|Độc\s+lập\s*[-–]\s*Tự\s+do\s*[-–]\s*Hạnh\s+phúc",
    I,
)
BODY_START = regex.compile(
    r"^\s*(?:Thực\s+hiện|Căn\s+cứ|Kính\s+gửi|Theo|Trên\s+cơ\s+sở|Để|Nhằm|Ngày\s+\d|Phần|I\.)", I
)

# Structure.
SECTION_HEADING = regex.compile(
    r"^\s*(?P<label>(?:\d{1,2}\.)+(?:\d{1,2}\.?)?|[IVXLC]{1,6}\.|Phần\s+[IVX\d]+\.?)"
    r"\s*(?P<title>\p{Lu}.*)$",
    V,
)
BULLET = regex.compile(r"^\s*(?P<mark>[-–+*•●▪◦]|[a-zđ]\))\s*(?=\S)", V)
TABLE_SPLIT_PIPE = regex.compile(r"\s*\|\s*")
TABLE_SPLIT_SPACES = regex.compile(r"(?:\s{2,}|\t+)")

# Clause and sentence boundaries used by subjects, year carrying and cross-checks.
# A comma between digits is a decimal mark ("2,4 tỷ"), not a clause boundary.
CLAUSE_END = regex.compile(r"(?<!\d),|,(?!\d)|[;.:()]|\n\s*\n")
# Sentence boundaries for the reach of a year named inside a sentence: a full stop not inside
# a number, a blank line, a line that begins a heading or a bullet.
SENTENCE_END = regex.compile(r"(?<=[\p{L}\p{N})\"”])\.(?=\s)|\n[ \t]*\n|\n(?=[ \t]*(?:[-–+*•]|\d{1,2}\.|[IVX]{1,5}\.)\s)")
# A sentence about what a district is made of ("Toàn huyện có 17 xã, thị trấn với 147 xóm";
# "Huyện Pác Nặm có 10 xã"): its administrative units and population shares are timeless.
COMPOSITION_LEAD = regex.compile(
    r"^\W*(?:toàn\s+)?(?:huyện|tỉnh|thị\s+xã|thành\s+phố|xã)\b[^,;.:()\d]{0,30}?\b(?:có|gồm)\s+$",
    I,
)
ADMIN_UNIT = regex.compile(
    r"^\s*(?:xã|phường|thị\s+trấn|thôn|xóm|buôn|bản|ấp|làng|tổ\s+dân\s+phố|khu\s+phố|"
    r"đơn\s+vị\s+hành\s+chính)\b", I
)
POPULATION_SHARE = regex.compile(r"^\s*%?\s*dân\s+số\b", I)
SUBJECT_STOP = regex.compile(
    r"[,;:.()\n“”\"]|\b(?:với|và|trong\s+đó|tổng|trị\s+giá|mức|số\s+tiền|kinh\s+phí|đạt|"
    r"năm|giai\s+đoạn|là)\b",
    I,
)
PARTS_START = regex.compile(r"\b(?:trong\s+đó|gồm|bao\s+gồm)\b\s*:?", I)
