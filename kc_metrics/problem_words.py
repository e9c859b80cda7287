"""Problems of the data in the curator's language: the English of validate.py, or plain Vietnamese.

validate.py and figures.py write every problem in English. Curators of the provincial
industrial-promotion centres read Vietnamese, so `problem_text(problem, "vi")` puts the location and
the message in Vietnamese. Each message template of validate.py and figures.py has one regular
expression in PATTERNS; its named groups carry the variable parts (cell values, column ids, file
names, numbers) unchanged into the Vietnamese template. A few groups hold English words themselves
(what a value should be, the list of allowed values, the CSV reader's complaint): GROUP_WORDS turns
those into Vietnamese too.

A message no pattern knows (a template added later) is shown in English rather than not at all;
tests/test_problem_words.py fails when validate.py or figures.py gains a template without a pattern.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from kc_metrics.validate import Problem

# What a value should have been, as validate.py names it (the `what` of _in, _unique, _across_files).
WHAT_VI: dict[str, str] = {
    "kind of source": "loại nguồn",
    "language": "ngôn ngữ",
    "number style": "kiểu viết số",
    "unit": "đơn vị",
    "additive flag": "giá trị cộng dồn (additive)",
    "kind of KPI rule": "loại quy tắc KPI",
    "source (add it to data/sources/)": "nguồn (hãy bổ sung nguồn này vào data/sources/)",
    "geography code (see data/geography.csv)": "mã địa bàn (xem data/geography.csv)",
    "status": "trạng thái",
    "programme": "chương trình",
    "qualifier": "mức độ",
    "metric (see data/metrics.csv)": "chỉ tiêu (xem data/metrics.csv)",
    "estimate mark (empty, or yes)": "dấu ước tính (để trống, hoặc yes)",
    "geography level": "cấp địa bàn",
    "source id": "mã nguồn",
    "metric": "mã chỉ tiêu",
    "KPI id": "mã KPI",
    "record id": "mã số liệu",
    "geography code": "mã địa bàn",
    "figure (source, geography, period, programme, metric, status)": (
        "số liệu (cùng nguồn, địa bàn, giai đoạn, chương trình, chỉ tiêu, trạng thái)"
    ),
}

# Columns that "the {column} is empty" names, as a curator calls what they hold.
COLUMN_VI: dict[str, str] = {
    "title": "tiêu đề",
    "outlet": "nơi đăng",
    "label_vi": "tên tiếng Việt",
    "label_en": "tên tiếng Anh",
    "category": "nhóm",
    "definition": "định nghĩa tiếng Anh",
    "definition_vi": "định nghĩa tiếng Việt",
    "parts": "các phần (parts)",
    "numerator": "tử số (numerator)",
    "denominator": "mẫu số (denominator)",
}

# What Python's csv reader says about a file it cannot read (the detail of "not a well-formed CSV").
_CSV_ERRORS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"field larger than field limit \((?P<n>\d+)\)"), "có ô dài quá giới hạn {n} ký tự"),
    (
        re.compile(r"new-line character seen in unquoted field.*", re.DOTALL),
        "có dấu xuống dòng lạ nằm trong một ô không có dấu ngoặc kép",
    ),
    (re.compile(r"unexpected end of data"), "dữ liệu kết thúc giữa chừng"),
    (re.compile(r"line contains NUL"), "dòng chứa ký tự NUL không hợp lệ"),
    (re.compile(r"'(?P<c>.)' expected after '(?P<q>.)'"), "cần có '{c}' sau '{q}'"),
)


def _what(text: str) -> str:
    return WHAT_VI.get(text, text)


def _thing(text: str) -> str:
    """The subject of "the {x} is empty": a named kind of value, or a column."""
    if text in WHAT_VI:
        return WHAT_VI[text]
    return COLUMN_VI.get(text, f"ô {text}")


def _shown(text: str) -> str:
    """The allowed values of _in: a count, or the values themselves (ids, unchanged)."""
    count = re.fullmatch(r"one of the (\d+) known values", text)
    if count:
        return f"một trong {count.group(1)} giá trị đã có"
    values = text.split(", ")
    if "" in values:  # an empty cell is allowed: say so instead of showing nothing
        kept = [v for v in values if v]
        return f"{', '.join(kept)} hoặc để trống" if kept else "để trống"
    return text


def _found(text: str) -> str:
    """What parse_figure found instead of exactly one number."""
    if text == "no number":
        return "không tìm thấy số nào"
    many = re.fullmatch(r"(\d+) numbers \((.*)\)", text, re.DOTALL)
    if many:
        return f"tìm thấy {many.group(1)} số ({many.group(2)})"
    return text


def _map_end(text: str) -> str:
    """How a province map is bounded in time: "ended" (the 63 former ones) or "began" (the 34)."""
    return {"ended": "chỉ áp dụng đến năm", "began": "chỉ áp dụng từ năm"}.get(text, text)


def _span(text: str) -> str:
    """Which end of the record's period falls outside the map: "from" (its start) or "ending in"."""
    return {"from": "từ năm", "ending in": "kết thúc năm"}.get(text, text)


def _csv_error(text: str) -> str:
    for pattern, template in _CSV_ERRORS:
        match = pattern.fullmatch(text)
        if match:
            return template.format(**match.groupdict())
    return text


# Groups whose text is English words rather than the curator's own data.
GROUP_WORDS: dict[str, Callable[[str], str]] = {
    "what": _what,
    "thing": _thing,
    "shown": _shown,
    "found": _found,
    "err": _csv_error,
    "map_end": _map_end,
    "span": _span,
}

_V = r"'(?P<v>.*)'"  # a quoted cell value

# (pattern, Vietnamese template), in the order they are tried: the more specific before the general.
_TABLE: tuple[tuple[str, str], ...] = (
    (r"the uploaded file is empty", "tệp tải lên trống, không có nội dung"),
    # read_table and _decode: the file as a whole
    (
        r"the file is UTF-16; save it as UTF-8 \(CSV UTF-8 in Excel\)",
        "tệp đang dùng bảng mã UTF-16; hãy lưu lại theo bảng mã UTF-8 (trong Excel chọn kiểu CSV UTF-8)",
    ),
    (
        r"the file is not UTF-8 text \(perhaps Windows-1258 or another legacy encoding\); "
        r"save it as UTF-8 \(CSV UTF-8 in Excel\)",
        "tệp không phải văn bản theo bảng mã UTF-8 (có thể là Windows-1258 hoặc một bảng mã cũ khác); "
        "hãy lưu lại theo bảng mã UTF-8 (trong Excel chọn kiểu CSV UTF-8)",
    ),
    (r"the file is missing", "thiếu tệp này"),
    (
        r"the file is (?P<size>\S+) MB, more than the (?P<max>\S+) MB a data file may be",
        "tệp nặng {size} MB, vượt quá mức tối đa {max} MB của một tệp dữ liệu",
    ),
    (
        r"the file is empty; it needs at least the header row",
        "tệp trống; tệp cần có ít nhất dòng đầu tiên ghi tên các cột",
    ),
    (r"the header has no column '(?P<col>.*)'", "thiếu cột '{col}' ở dòng tên cột"),
    (
        r"'(?P<col>.*)' is not a column of this file; expected (?P<cols>.*)",
        "'{col}' không phải là cột của tệp này; các cột cần có: {cols}",
    ),
    (
        r"the row has (?P<n>\S+) cells but the header has (?P<w>\S+) "
        r"\(is the file cut short, or a comma missing or extra\?\)",
        "dòng này có {n} ô nhưng dòng tên cột có {w} cột (tệp có bị mất phần cuối, "
        "hoặc thiếu hay thừa một dấu phẩy không?)",
    ),
    (r"the file is not a well-formed CSV \((?P<err>.*)\)", "tệp không đúng định dạng CSV ({err})"),
    (
        r"a cell holds a line break; keep each record on one line",
        "có ô chứa dấu xuống dòng; mỗi dòng dữ liệu phải nằm gọn trên một dòng",
    ),
    (r"the folder has no CSV file", "thư mục không có tệp CSV nào"),
    # figures.py: the written figure (value_as_written) cannot be read
    (
        r"number style '(?P<style>.*)' is not known \(use vi or en\)",
        "kiểu viết số '{style}' không hợp lệ (hãy dùng vi hoặc en)",
    ),
    (
        r"'(?P<token>.*)' has two decimal marks for the (?P<style>\S+) style",
        "'{token}' có hai dấu thập phân theo kiểu viết số {style}",
    ),
    (
        r"'(?P<token>.*)' does not read as a number in the (?P<style>\S+) style "
        r"\(1\.234,5 vi / 1,234\.5 en\)",
        "'{token}' không đọc được thành một số theo kiểu viết số {style} "
        "(kiểu vi: 1.234,5 / kiểu en: 1,234.5)",
    ),
    (r"the written figure is empty", "ô số liệu như nguồn ghi còn trống"),
    (
        r"'(?P<w>.*)' must hold exactly one number, found (?P<found>.*)",
        "'{w}' phải ghi đúng một số, nhưng {found}",
    ),
    # _check_written: the written figure against the stored value, unit and qualifier
    (
        r"'(?P<w>.*)' names no money unit \(triệu, tỷ, million, billion…\); write it as the source does",
        "'{w}' không ghi đơn vị tiền (triệu, tỷ, million, billion…); hãy ghi đúng như nguồn",
    ),
    (
        r"'(?P<w>.*)' is money but metric '(?P<m>.*)' is measured in (?P<unit>\S+)",
        "'{w}' là số tiền nhưng chỉ tiêu '{m}' có đơn vị {unit}",
    ),
    (
        r"'(?P<w>.*)' has no % sign but metric '(?P<m>.*)' is a percentage",
        "'{w}' không có dấu % nhưng chỉ tiêu '{m}' là tỷ lệ phần trăm",
    ),
    (
        r"(?P<stored>\S+) does not match the written figure '(?P<w>.*)', "
        r"which reads as (?P<read>\S+) in (?P<unit>\S+)",
        "{stored} không khớp với số liệu như nguồn ghi '{w}', số này đọc ra là {read} (đơn vị {unit})",
    ),
    (
        r"'(?P<q>.*)' does not match the written figure '(?P<w>.*)', which reads as '(?P<q2>.*)'",
        "'{q}' không khớp với số liệu như nguồn ghi '{w}', số này đọc ra mức độ '{q2}'",
    ),
    # validate_kpi_rules
    (
        _V + r" is not a metric of metrics\.csv; a split or total rule names the metric it reads",
        "'{v}' không phải là chỉ tiêu có trong metrics.csv; quy tắc tách (split) hoặc cộng (total) "
        "phải ghi chỉ tiêu mà nó lấy số liệu",
    ),
    (
        _V + r" is not a metric of metrics\.csv \(leave it empty when no source reports the ratio\)",
        "'{v}' không phải là chỉ tiêu có trong metrics.csv (hãy để trống khi không nguồn nào báo cáo "
        "tỷ lệ này)",
    ),
    (
        _V + r" is not a programme a split can take; use kcqg or kcdp",
        "'{v}' không phải là chương trình dùng được cho quy tắc tách (split); hãy dùng kcqg hoặc kcdp",
    ),
    (_V + r" is not a positive number", "'{v}' không phải là số dương"),
    (_V + r" is not a KPI id", "'{v}' không phải là mã KPI"),
    # validate_records: units, years, periods, months, values
    (
        _V + r" is not a unit we know; use one of (?P<units>.*)",
        "'{v}' không có trong danh sách đơn vị; hãy dùng một trong các đơn vị: {units}",
    ),
    (_V + r" is not a known unit", "'{v}' không có trong danh sách đơn vị"),
    (
        _V + r" is not a known (?P<what>.+?); use (?P<shown>.*)",
        "'{v}' không có trong danh sách {what}; hãy dùng {shown}",
    ),
    (
        r"metric '(?P<m>.*)' is measured in (?P<u>\S+), not (?P<wrong>\S+)",
        "chỉ tiêu '{m}' có đơn vị {u}, không phải {wrong}",
    ),
    (_V + r" is not a year", "'{v}' không phải là năm"),
    (
        r"year (?P<v>.*) is outside (?P<lo>\d+)–(?P<hi>\d+)",
        "năm {v} nằm ngoài khoảng {lo}–{hi}",
    ),
    (
        r"the period starts in (?P<v>.*), after it ends",
        "giai đoạn bắt đầu năm {v}, muộn hơn năm kết thúc",
    ),
    (
        r"'(?P<code>.*)' \((?P<name>.*)\) is a province of the (?P<map>\S+)-province map, "
        r"which (?P<map_end>ended|began) in (?P<bound>\S+); "
        r"a period (?P<span>from|ending in) (?P<year>\S+) names the provinces of that time",
        "'{code}' ({name}) là tỉnh theo bản đồ hành chính {map} tỉnh, thành, {map_end} {bound}; "
        "số liệu của giai đoạn {span} {year} phải ghi theo các tỉnh, thành của thời điểm đó",
    ),
    (_V + r" is not a number of months 1–12", "'{v}' không phải là số tháng từ 1 đến 12"),
    (
        r"months covered apply to a single year; this period spans several",
        "số tháng chỉ dùng cho giai đoạn trong một năm; giai đoạn này kéo dài nhiều năm",
    ),
    (_V + r" is not a number", "'{v}' không phải là một số"),
    (
        r"(?P<v>.*) is negative; counts, money and rates here are never below zero",
        "{v} là số âm; số lượng, số tiền và tỷ lệ ở đây không bao giờ nhỏ hơn 0",
    ),
    # validate_sources
    (
        _V + r" is not a date \(YYYY-MM-DD\)",
        "'{v}' không phải là ngày tháng (viết theo dạng năm-tháng-ngày YYYY-MM-DD)",
    ),
    (_V + r" is not a web address", "'{v}' không phải là địa chỉ trang web"),
    # _check_kinds: estimates, stocks' dates, computed figures
    (
        _V + r" is not a date a stock stands at \(YYYY-MM, or YYYY when the month is not known\)",
        "'{v}' không phải là thời điểm chốt số liệu lũy kế (viết YYYY-MM, hoặc YYYY khi không rõ tháng)",
    ),
    (
        r"the stock's date (?P<v>.*) lies outside the record's period",
        "thời điểm chốt số liệu lũy kế {v} nằm ngoài giai đoạn của số liệu",
    ),
    (
        _V + r" is presented as a quote, but the figure is computed \(computed_from is set\): "
        r"leave value_as_written empty and write the formula",
        "'{v}' được ghi như số trích từ nguồn, nhưng đây là số liệu tính toán (đã điền computed_from): "
        "hãy để trống ô số liệu như nguồn ghi (value_as_written) và ghi công thức (formula)",
    ),
    (r"a computed figure needs its formula", "số liệu tính toán cần ghi công thức (formula)"),
    (
        r"the record has a formula but names no record it is computed from",
        "số liệu có ghi công thức nhưng không ghi được tính từ số liệu nào (computed_from)",
    ),
    (
        r"the figure as the source writes it is missing \(only a computed figure has none\)",
        "thiếu số liệu như nguồn ghi (chỉ số liệu tính toán mới được để trống)",
    ),
    # _unique, _check_duplicates, _check_links, _hidden_figures, _across_files
    (
        r"(?P<what>.+?) '(?P<v>.*)' is used twice \(first in row (?P<r>\d+)\)",
        "{what} '{v}' bị dùng hai lần (lần đầu ở dòng {r})",
    ),
    (r"the (?P<thing>.+) is empty", "{thing} còn trống"),
    (
        r"the same figure \(source, geography, period, programme, metric, status\) "
        r"is already in row (?P<r>\d+)",
        "số liệu này (cùng nguồn, địa bàn, giai đoạn, chương trình, chỉ tiêu, trạng thái) đã có ở dòng {r}",
    ),
    (_V + r" is not a record id", "'{v}' không phải là mã số liệu (record_id) nào trong dữ liệu"),
    (
        _V + r" is not the same figure \(geography, period, months, date, status, programme and metric "
        r"must all be equal\)",
        "'{v}' không phải cùng một số liệu (địa bàn, giai đoạn, số tháng, thời điểm, trạng thái, "
        "chương trình và chỉ tiêu phải giống hệt nhau)",
    ),
    (
        r"record (?P<id>.*) is the same figure \(geography, period, date, status, programme, metric\) "
        r"as (?P<other>.*) in (?P<file>.*), row (?P<r>\d+): "
        r"give each stock its as_of date, or mark the newer one with supersedes",
        "số liệu {id} trùng với số liệu {other} ở {file}, dòng {r} (cùng địa bàn, giai đoạn, thời điểm, "
        "trạng thái, chương trình, chỉ tiêu): hãy ghi thời điểm chốt (as_of) cho từng số liệu lũy kế, "
        "hoặc đánh dấu số liệu mới hơn bằng cột supersedes",
    ),
    (
        r"the same (?P<what>.+) is already in (?P<file>.*), row (?P<r>\d+)",
        "{what} bị trùng với {file}, dòng {r}",
    ),
    # kc_metrics.intake: an uploaded file as a whole
    (
        r"the file is (?P<size>\S+) MB, more than the (?P<max>\S+) MB an upload may be; split it into "
        r"several files",
        "tệp nặng {size} MB, vượt mức {max} MB cho một lần tải lên; hãy chia thành nhiều tệp",
    ),
    (
        r"macro-enabled workbooks are refused; save it as \.xlsx \(Excel Workbook\)",
        "không nhận tệp Excel có macro; hãy lưu lại dạng .xlsx (Sổ làm việc Excel)",
    ),
    (
        r"this is the old Excel format \(\.xls\); save it as \.xlsx \(Excel Workbook\)",
        "đây là định dạng Excel cũ (.xls); hãy lưu lại dạng .xlsx (Sổ làm việc Excel)",
    ),
    (
        r"the file is neither an Excel workbook \(\.xlsx\) nor a CSV file",
        "tệp không phải tệp Excel (.xlsx) cũng không phải tệp CSV",
    ),
    (
        r"the file is damaged or is not an Excel workbook \(\.xlsx\)",
        "tệp bị hỏng hoặc không phải tệp Excel (.xlsx)",
    ),
    (
        r"the workbook holds (?P<n>\d+) parts, more than (?P<max>\d+): not a plain sheet",
        "tệp Excel chứa {n} thành phần, nhiều hơn mức {max}: không phải một bảng tính thông thường",
    ),
    (
        r"the workbook would expand to (?P<size>\S+) MB, more than (?P<max>\S+) MB \(a compressed bomb, or "
        r"far more data than one upload\)",
        "tệp Excel khi giải nén sẽ thành {size} MB, vượt mức {max} MB (tệp nén bất thường, hoặc quá nhiều "
        "dữ liệu cho một lần tải lên)",
    ),
    (
        r"the workbook contains macros; save it as \.xlsx \(Excel Workbook\) without macros",
        "tệp Excel có chứa macro; hãy lưu lại dạng .xlsx (Sổ làm việc Excel) không có macro",
    ),
    (
        r"the file is a zip archive but not an Excel workbook \(\.xlsx\)",
        "tệp là tệp nén zip nhưng không phải tệp Excel (.xlsx)",
    ),
    (
        r"the workbook expands to more than (?P<max>\S+) MB \(a compressed bomb\)",
        "tệp Excel khi giải nén vượt quá {max} MB (tệp nén bất thường)",
    ),
    (r"the workbook is damaged \((?P<err>.*)\)", "tệp Excel bị hỏng ({err})"),
    (
        r"the workbook cannot be read \((?P<err>.*)\); save it again as \.xlsx",
        "không đọc được tệp Excel ({err}); hãy mở và lưu lại dạng .xlsx",
    ),
    (
        r"the workbook has no sheet named '(?P<sheet>.*)'; start from the template \(Tải mẫu nhập liệu\)",
        "tệp Excel không có trang tên '{sheet}'; hãy bắt đầu từ tệp mẫu (Tải mẫu nhập liệu)",
    ),
    (r"the sheet is empty; it needs the header row", "trang tính trống; cần có dòng tên cột"),
    (
        r"'(?P<col>.*)' is not a column of this sheet; keep the template's headers",
        "'{col}' không phải là cột của trang này; hãy giữ nguyên tên cột của tệp mẫu",
    ),
    (
        r"the (?:sheet|file) has more than (?P<n>\S+) rows; split it into several files",
        "tệp có hơn {n} dòng; hãy chia thành nhiều tệp",
    ),
    (
        r"the cell holds a formula \((?P<f>.*)\) with no saved result; type the value itself, or open the "
        r"file in Excel and save it again",
        "ô này chứa công thức ({f}) nhưng chưa có kết quả được lưu; hãy gõ thẳng giá trị, hoặc mở tệp bằng "
        "Excel rồi lưu lại",
    ),
    (
        r"Excel turned this cell into a date; type it as text",
        "Excel đã tự đổi ô này thành ngày tháng; hãy gõ lại dưới dạng văn bản",
    ),
    (
        r"the file holds binary data, not text; upload the \.xlsx or a CSV",
        "tệp chứa dữ liệu nhị phân, không phải văn bản; hãy tải lên tệp .xlsx hoặc CSV",
    ),
    (
        r"the file's encoding is not recognised \(not UTF-8, UTF-16 or Windows-1258\); save it as "
        r"'CSV UTF-8 \(Comma delimited\)' in Excel",
        "không nhận ra bảng mã của tệp (không phải UTF-8, UTF-16 hay Windows-1258); trong Excel hãy lưu "
        "dạng 'CSV UTF-8 (Comma delimited)'",
    ),
    (
        _V + r" is not a number; write it like 29229,2 or 29.229,2 \(money in million VND\)",
        "'{v}' không phải là một số; hãy viết như 29229,2 hoặc 29.229,2 (tiền tính bằng triệu đồng)",
    ),
    # kc_metrics.importer: the upload against the dataset
    (
        r"the dataset has (?P<n>\d+) problem\(s\) already \(make check-data lists them\); they must be "
        r"fixed before anything is imported",
        "bộ dữ liệu đang có sẵn {n} lỗi (lệnh make check-data liệt kê các lỗi này); cần sửa trước khi nhập "
        "thêm",
    ),
    (
        r"the file holds no record \(the records sheet is empty\)",
        "tệp không có bản ghi nào (trang records trống)",
    ),
    (
        r"source id '(?P<id>.*)' is already a different source in (?P<file>.*) \(\"(?P<title>.*)\"\); "
        r"give this source a new id, or copy that row exactly",
        "mã nguồn '{id}' đã dùng cho một nguồn khác trong {file} (\"{title}\"); hãy đặt mã mới cho nguồn "
        "này, hoặc chép đúng nguyên dòng đó",
    ),
    (
        r"the same figure \(province, period, status, programme, metric\) is already in the dataset from "
        r"source (?P<src>.*) \(record (?P<id>.*), '(?P<v>.*)'\): if this source should replace it, write "
        r"(?P<id2>.*) in the supersedes column; otherwise leave this row out",
        "số liệu này (cùng tỉnh, giai đoạn, trạng thái, chương trình, chỉ tiêu) đã có trong dữ liệu từ nguồn "
        "{src} (bản ghi {id}, '{v}'): nếu nguồn này thay thế số liệu đó, ghi {id2} vào cột supersedes; "
        "nếu không, bỏ dòng này",
    ),
)

PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.DOTALL), template) for pattern, template in _TABLE
)


def pattern_of(message: str) -> re.Pattern[str] | None:
    """The first pattern of PATTERNS that matches the whole message, or None."""
    for pattern, _ in PATTERNS:
        if pattern.fullmatch(message):
            return pattern
    return None


def message_vi(message: str) -> str:
    """One English message of validate.py or figures.py in Vietnamese; unknown messages stay English."""
    for pattern, template in PATTERNS:
        match = pattern.fullmatch(message)
        if match is None:
            continue
        try:
            parts = {
                name: GROUP_WORDS.get(name, str)(value or "") for name, value in match.groupdict().items()
            }
            return template.format(**parts)
        except (KeyError, IndexError, ValueError):  # a broken template must not hide the problem
            return message
    return message


def problem_text(problem: Problem, lang: str) -> str:
    """A problem as one line in the page's language: "en" (as validate.py writes it) or "vi"."""
    if lang == "en":
        return str(problem)
    if lang != "vi":
        raise ValueError(f"unknown language {lang!r} (use 'vi' or 'en')")
    where = problem.file
    if problem.row is not None:
        where += f", dòng {problem.row}"
    if problem.column:
        where += f", cột {problem.column}"
    return f"{where}: {message_vi(problem.message)}"
