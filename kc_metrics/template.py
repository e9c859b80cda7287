"""The curators' Excel template: the records and sources sheets with drop-down lists, a bilingual read-me
with one filled example row, and the reference lists (provinces, metrics, vocabularies).

Load inputs: the dataset (its metrics, geography and one real record for the example).
Process: lay out the sheets; the drop-downs point at the reference sheets, so Excel offers exactly the
codes the validator accepts.
Save: XLSX bytes (`build_template`), written by `python -m kc_metrics template OUT.xlsx` and by the
import page's download. kc_metrics.intake reads a filled copy back.
"""

from __future__ import annotations

import io

import pandas as pd
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from kc_metrics import schema
from kc_metrics.load import Dataset

RECORDS_SHEET = "records"
SOURCES_SHEET = "sources"
README_SHEET = "Hướng dẫn - Read me"
PROVINCES_SHEET = "provinces"
METRICS_SHEET = "metrics"
LISTS_SHEET = "lists"
# Rows of the records and sources sheets that carry the drop-downs and the text format.
TEMPLATE_ROWS = 500
# A drop-down entry is "code · name"; the importer reads the code before this mark.
LIST_MARK = " · "

RECORD_TEMPLATE_COLUMNS = (*schema.RECORD_COLUMNS, *schema.OPTIONAL_RECORD_COLUMNS)

# What each column means, in Vietnamese then English (header comments and the read-me sheet).
COLUMN_HELP: dict[str, tuple[str, str]] = {
    "record_id": ("Mã bản ghi; để trống để tự tạo.", "Record id; leave empty to have one made."),
    "source_id": (
        "Mã nguồn: một nguồn đã có, hoặc một dòng của trang sources.",
        "Source id: an existing source, or a row of the sources sheet.",
    ),
    "geo_code": (
        "Tỉnh/vùng: chọn trong danh sách (63 tỉnh cũ đến 30/6/2025, 34 tỉnh từ 1/7/2025).",
        "Province or region: pick from the list (63 former until 30 Jun 2025, 34 current from 1 Jul 2025).",
    ),
    "period_start": ("Năm bắt đầu của kỳ số liệu.", "First year of the period."),
    "period_end": (
        "Năm kết thúc; số liệu cả giai đoạn giữ nguyên một dòng.",
        "Last year; a total over several years stays one row.",
    ),
    "months": (
        "Số tháng khi chỉ là một phần năm (vd. 8); để trống nếu cả năm.",
        "Months covered when a year is partial (e.g. 8); empty for a whole year.",
    ),
    "status": ("actual = kết quả thực hiện; plan = kế hoạch, mục tiêu.", "actual = result; plan = target."),
    "program": (
        "kcqg = quốc gia; kcdp = địa phương; all = chung.",
        "kcqg = national; kcdp = local; all = both.",
    ),
    "metric": (
        "Chỉ tiêu: chọn trong danh sách (xem trang metrics).",
        "Metric: pick from the list (see metrics).",
    ),
    "value": (
        "Giá trị theo đơn vị của chỉ tiêu (tiền: triệu đồng), vd. 29229,2.",
        "Value in the metric's unit (money: million VND), e.g. 29229.2.",
    ),
    "unit": ("Để trống: lấy đơn vị của chỉ tiêu.", "Leave empty: the metric's unit is used."),
    "qualifier": (
        "exact (đúng), more_than (hơn), at_least (ít nhất), about (khoảng), at_most (tối đa).",
        "exact, more_than, at_least, about, at_most: as the source words it.",
    ),
    "value_as_written": (
        'Số liệu đúng như nguồn viết, vd. "29.229,2 triệu đồng".',
        'The figure exactly as the source writes it, e.g. "29.229,2 triệu đồng".',
    ),
    "note": (
        "Ghi chú ngắn bằng lời của mình (không chép câu của nguồn).",
        "A short note in your own words (never the source's sentence).",
    ),
    "estimate": ("yes nếu nguồn ghi là ước tính.", "yes when the source gives an estimate."),
    "as_of": ("Ngày chốt số lũy kế: YYYY-MM.", "Date a cumulative count stands at: YYYY-MM."),
    "computed_from": (
        "Mã các bản ghi dùng để tính (cách nhau bởi ;).",
        "Record ids it is computed from (;).",
    ),
    "formula": ("Công thức khi số liệu do mình tính.", "The formula of a computed figure."),
    "supersedes": ("Mã bản ghi mà dòng này thay thế.", "The record id this row replaces."),
    "scope": ("Phạm vi số liệu nếu khác thường.", "What the figure covers, where unusual."),
    "kind": ("report = báo cáo; web = trang tin.", "report or web page."),
    "title": ("Tên bài/báo cáo.", "Title of the report or page."),
    "outlet": ("Nơi đăng (báo, cổng thông tin).", "Where it was published."),
    "author": ("Tác giả, nếu có.", "Author, where known."),
    "published": ("Ngày đăng: YYYY-MM-DD (hoặc YYYY-MM, YYYY).", "Date published: YYYY-MM-DD."),
    "url": ("Địa chỉ web, nếu có.", "Web address, where known."),
    "language": ("vi, en hoặc fr.", "vi, en or fr."),
    "number_style": (
        "vi: 1.234,5 (dấu chấm hàng nghìn); en: 1,234.5.",
        "vi: 1.234,5 (dot for thousands); en: 1,234.5.",
    ),
    "covers": ("Nguồn nói về gì (lời của mình).", "What the source covers (your words)."),
}

README_LINES_VI = (
    "MẪU NHẬP SỐ LIỆU KHUYẾN CÔNG",
    "1. Mỗi số liệu một dòng ở trang 'records'. Chọn tỉnh, chỉ tiêu, trạng thái, chương trình "
    "trong danh sách.",
    "2. Nguồn mới: thêm một dòng ở trang 'sources' (mã nguồn tự đặt, vd. W900). Nguồn đã có: chỉ ghi mã.",
    "3. Tiền ghi theo triệu đồng. Số viết kiểu Việt Nam (29.229,2) hoặc nhập số trực tiếp.",
    "4. Số liệu cả giai đoạn (vd. 2014–2020) giữ một dòng; kế hoạch ghi status = plan, "
    "không trộn với kết quả.",
    "5. Không dùng công thức; không đổi tên trang hay tiêu đề cột. Lưu dạng .xlsx.",
    "6. Tải lên ở trang 'Nhập số liệu': bảng xem trước hiện dòng mới, dòng thay đổi, dòng trùng "
    "trước khi ghi.",
)
README_LINES_EN = (
    "KHUYẾN CÔNG DATA ENTRY TEMPLATE",
    "1. One figure per row of the 'records' sheet. Pick province, metric, status and programme "
    "from the lists.",
    "2. A new source: add a row to the 'sources' sheet (choose an id, e.g. W900). An existing one: "
    "its id only.",
    "3. Money in million VND. Numbers in the Vietnamese style (29.229,2) or typed as numbers.",
    "4. A total over several years stays one row; targets are status = plan, never mixed with results.",
    "5. No formulas; do not rename the sheets or the column headers. Save as .xlsx.",
    "6. Upload on the 'Nhập số liệu' (data import) page: a preview shows new, changed and unchanged "
    "rows first.",
)

_HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
_HEADER_FONT = Font(bold=True, color="FFFFFF")


def province_choices(geography: pd.DataFrame) -> list[str]:
    """'code · name (map)' for every unit a record may name: the 63 former and 34 current provinces,
    the regions and the nation, in that order."""
    order = {"63": 0, "34": 1}
    geo = geography.assign(
        _order=geography["map"].map(order).fillna(2), _level=geography["geo_level"].ne("province")
    )
    geo = geo.sort_values(["_level", "_order", "geo_code"])
    out = []
    for code, name, map_name, level in geo[["geo_code", "name", "map", "geo_level"]].itertuples(index=False):
        suffix = f" ({map_name} tỉnh)" if level == "province" else ""
        out.append(f"{code}{LIST_MARK}{name}{suffix}")
    return out


def _header(sheet: Worksheet, columns: tuple[str, ...]) -> None:
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index, value=column)
        cell.fill, cell.font = _HEADER_FILL, _HEADER_FONT
        if column in COLUMN_HELP:
            vi, en = COLUMN_HELP[column]
            cell.comment = Comment(f"{vi}\n{en}", "kc_metrics", width=320, height=110)
        sheet.column_dimensions[get_column_letter(index)].width = max(12, min(40, len(column) + 6))
    sheet.freeze_panes = "A2"


def _as_text(sheet: Worksheet, columns: tuple[str, ...], numeric: tuple[str, ...]) -> None:
    """Text format on the entry rows, so Excel keeps "2020-08" and "02" as typed instead of turning
    them into a date or 2."""
    for index, column in enumerate(columns, start=1):
        if column in numeric:
            continue
        for row in range(2, TEMPLATE_ROWS + 2):
            sheet.cell(row=row, column=index).number_format = "@"


def _drop_down(sheet: Worksheet, columns: tuple[str, ...], column: str, source_range: str) -> None:
    letter = get_column_letter(columns.index(column) + 1)
    check = DataValidation(type="list", formula1=source_range, allow_blank=True, showErrorMessage=False)
    check.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
    sheet.add_data_validation(check)


def _list_column(sheet: Worksheet, index: int, title: str, values: list[str]) -> str:
    """Write one reference list in a column of the lists sheet; returns its range for a drop-down."""
    letter = get_column_letter(index)
    sheet.cell(row=1, column=index, value=title).font = Font(bold=True)
    for row, value in enumerate(values, start=2):
        sheet.cell(row=row, column=index, value=value)
    sheet.column_dimensions[letter].width = 48 if len(values) > 20 else 16
    return f"'{sheet.title}'!${letter}$2:${letter}${len(values) + 1}"


def _example_record(dataset: Dataset) -> dict[str, str]:
    """One real record of the shipped data, as text cells: the read-me's filled example."""
    records = dataset.records
    budget = records[records["metric"].eq("budget") & records["value_as_written"].str.contains("tỷ")]
    row = (budget if not budget.empty else records).iloc[0]
    out = {}
    for column in RECORD_TEMPLATE_COLUMNS:
        value = row.get(column, "")
        if column == "estimate":
            value = "yes" if bool(value) else ""
        elif column == "value":
            value = f"{float(value):g}"
        elif pd.isna(value):
            value = ""
        out[column] = str(value)
    return out


def build_template(dataset: Dataset) -> bytes:
    """The XLSX template as bytes (see the module docstring for its sheets)."""
    book = Workbook()
    records = book.active
    assert records is not None
    records.title = RECORDS_SHEET
    sources = book.create_sheet(SOURCES_SHEET)
    readme = book.create_sheet(README_SHEET)
    provinces = book.create_sheet(PROVINCES_SHEET)
    metrics = book.create_sheet(METRICS_SHEET)
    lists = book.create_sheet(LISTS_SHEET)

    _header(records, RECORD_TEMPLATE_COLUMNS)
    _as_text(records, RECORD_TEMPLATE_COLUMNS, numeric=("value",))
    _header(sources, schema.SOURCE_COLUMNS)
    _as_text(sources, schema.SOURCE_COLUMNS, numeric=())

    geo = dataset.geography
    province_range = _list_column(lists, 1, "geo_code", province_choices(geo))
    metric_choices = [
        f"{m}{LIST_MARK}{label}"
        for m, label in dataset.metrics[["metric", "label_vi"]].itertuples(index=False)
    ]
    metric_range = _list_column(lists, 2, "metric", metric_choices)
    vocabularies = {
        "status": list(schema.STATUSES),
        "program": list(schema.PROGRAMS),
        "qualifier": list(schema.QUALIFIERS),
        "unit": list(schema.UNITS),
        "estimate": ["yes"],
        "kind": ["report", "web"],
        "language": ["vi", "en", "fr"],
        "number_style": ["vi", "en"],
    }
    ranges = {"geo_code": province_range, "metric": metric_range}
    for index, (column, values) in enumerate(vocabularies.items(), start=3):
        ranges[column] = _list_column(lists, index, column, values)
    for column in ("geo_code", "metric", "status", "program", "qualifier", "unit", "estimate"):
        _drop_down(records, RECORD_TEMPLATE_COLUMNS, column, ranges[column])
    for column in ("kind", "language", "number_style"):
        _drop_down(sources, schema.SOURCE_COLUMNS, column, ranges[column])

    geo_columns = ["geo_code", "geo_level", "map", "name", "name_en", "region_code", "successor_code"]
    provinces.append([*geo_columns, "valid_from", "valid_to"])
    for row in geo[[*geo_columns, "valid_from", "valid_to"]].itertuples(index=False):
        provinces.append(["" if pd.isna(v) else str(v) for v in row])
    metric_columns = ["metric", "label_vi", "label_en", "unit", "category", "additive", "definition_vi"]
    metrics.append([*metric_columns, "definition"])
    for row in dataset.metrics[[*metric_columns, "definition"]].itertuples(index=False):
        metrics.append([str(v).lower() if isinstance(v, bool) else str(v) for v in row])
    for sheet in (provinces, metrics):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for index in range(1, sheet.max_column + 1):
            sheet.column_dimensions[get_column_letter(index)].width = 22

    _write_readme(readme, _example_record(dataset))
    book.move_sheet(readme, offset=-book.index(readme))  # the read-me opens first
    book.active = book.index(readme)

    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _write_readme(sheet: Worksheet, example: dict[str, str]) -> None:
    wrap = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = 110
    for line in (*README_LINES_VI, "", *README_LINES_EN, ""):
        sheet.append([line])
    sheet.cell(row=1, column=1).font = Font(bold=True, size=13)
    sheet.cell(row=len(README_LINES_VI) + 2, column=1).font = Font(bold=True, size=13)
    sheet.append(["Cột / Column — ý nghĩa / meaning"])
    sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
    for column in (*RECORD_TEMPLATE_COLUMNS, *schema.SOURCE_COLUMNS[1:]):
        vi, en = COLUMN_HELP.get(column, ("", ""))
        sheet.append([f"{column}: {vi} / {en}"])
        sheet.cell(row=sheet.max_row, column=1).alignment = wrap
    sheet.append([])
    sheet.append(
        ["Ví dụ một dòng đã điền (một số liệu thật của bộ dữ liệu) / One filled example row (a real figure)"]
    )
    sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
    start = sheet.max_row + 1
    for index, column in enumerate(RECORD_TEMPLATE_COLUMNS, start=1):
        sheet.cell(row=start, column=index, value=column).font = Font(bold=True)
        sheet.cell(row=start + 1, column=index, value=example[column])
