"""Downloads open safely in Excel with Vietnamese intact; numbers read the way each language writes them."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from kc_metrics import format_money, format_number, format_period, format_value, to_csv_bytes, to_xlsx_bytes

HOSTILE = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\t=x", "\r=x", "\n=x", "  =x", "'=x", '"=x', " \"'@x"]


def hostile_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "name": [*HOSTILE, "Bắc Ninh", "dòng 1\r\ndòng 2"],
            "value": [float(i) for i in range(len(HOSTILE))] + [-6_400.5, 1.0],
            "=header": ["x"] * (len(HOSTILE) + 2),
        }
    )


def test_csv_has_bom_and_keeps_vietnamese():
    data = to_csv_bytes(pd.DataFrame({"tỉnh": ["Bắc Ninh", "Thái Nguyên"], "v": [1, 2]}))
    assert data.startswith(b"\xef\xbb\xbf")
    assert "Bắc Ninh" in data.decode("utf-8-sig") and "tỉnh" in data.decode("utf-8-sig")


def test_csv_neutralises_formulas_keeps_numbers_and_rows():
    df = hostile_frame()
    rows = list(csv.reader(io.StringIO(to_csv_bytes(df).decode("utf-8-sig"))))
    assert len(rows) == len(df) + 1  # a CR inside a cell never breaks a row
    header, body = rows[0], rows[1:]
    assert header[2] == "'=header"
    for cell in [r[0] for r in body[: len(HOSTILE)]]:
        assert cell.startswith("'"), cell
    assert body[len(HOSTILE)][0] == "Bắc Ninh"
    assert body[len(HOSTILE)][1] == "-6400.5"  # a negative number is a number, not a formula
    assert "\r" not in body[-1][0] and "\n" not in body[-1][0]


def test_xlsx_has_no_formula_and_numbers_stay_numeric():
    df = hostile_frame()
    workbook = load_workbook(io.BytesIO(to_xlsx_bytes({"dữ liệu": df, "=evil": df.head(1)})))
    assert workbook.sheetnames[0] == "dữ liệu"
    sheet = workbook["dữ liệu"]
    cells = [c for row in sheet.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert sheet["C1"].value == "'=header"
    names = [sheet.cell(row=i + 2, column=1).value for i in range(len(HOSTILE))]
    assert all(n.startswith("'") for n in names)
    assert sheet.cell(row=len(HOSTILE) + 2, column=1).value == "Bắc Ninh"
    assert sheet.cell(row=len(HOSTILE) + 2, column=2).value == -6_400.5
    assert isinstance(sheet.cell(row=2, column=2).value, (int, float))


@pytest.mark.parametrize(
    ("value", "lang", "text"),
    [
        (29_229.2, "vi", "29.229,2"),
        (29_229.2, "en", "29,229.2"),
        (1_900, "vi", "1.900"),
        (None, "vi", "không có số liệu"),
    ],
)
def test_format_number(value, lang, text):
    assert format_number(value, lang) == text


def test_format_money_in_ty_and_billion():
    assert format_money(6_400, "vi") == "6,4 tỷ đồng"
    assert format_money(6_400, "en") == "6.4 billion VND"
    assert format_money(850, "vi") == "850 triệu đồng"
    assert format_money(850, "en") == "850 million VND"
    assert format_money(None, "en") == "no data"


def test_format_value_carries_qualifier_and_months():
    assert format_value(6_000, "million_vnd", "vi", "more_than", 8) == "hơn 6 tỷ đồng (8 tháng)"
    assert format_value(6_000, "million_vnd", "en", "more_than", 8) == "more than 6 billion VND (8 months)"
    assert format_value(29.6875, "percent", "vi") == "29,7%"
    assert format_value(1_410, "people", "en") == "1,410 people"


def test_format_period_keeps_periods_whole():
    assert format_period(2014, 2020) == "2014–2020"
    assert format_period(2020, 2020, 8, "vi") == "2020 (8 tháng)"


def test_csv_export_is_exactly_these_bytes():
    frame = pd.DataFrame({"Tỉnh": ["Bắc Ninh", "=1+1"], "Giá trị": [6_400.5, 12.0], "Ghi chú": ["a, b", ""]})
    expected = ('\ufeffTỉnh,Giá trị,Ghi chú\r\nBắc Ninh,6400.5,"a, b"\r\n\'=1+1,12.0,\r\n').encode()
    assert to_csv_bytes(frame) == expected


def test_xlsx_sheet_names_are_valid_excel_names():
    frame = pd.DataFrame({"a": [1]})
    sheets = {"dữ liệu": frame, "=evil": frame, "a/b:c*d?[e]": frame, "x" * 40: frame}
    workbook = load_workbook(io.BytesIO(to_xlsx_bytes(sheets)))
    assert workbook.sheetnames == ["dữ liệu", "=evil", "a b c d  e", "x" * 31]
