"""Downloads: CSV (UTF-8 with BOM, so Excel shows Vietnamese) and XLSX, both safe to open in Excel.

Spreadsheet programs run a cell that starts with = + - @ (or a tab, CR or LF before one of those) as a
formula: a hostile note in the data could then fetch or change things on the reader's machine. Every
text cell, headers included, whose first character after leading spaces and quotes is one of those, gets
a leading apostrophe, which Excel shows as plain text. Numbers stay numbers. Line breaks inside a text
cell become spaces, so a cell never breaks a row.
"""

from __future__ import annotations

import io
import math
import re

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

_DANGEROUS = re.compile(r"^[\s'\"]*[=+\-@\t\r\n]")
_LINE_BREAKS = re.compile(r"[\r\n]+")


def neutralise(text: str) -> str:
    """A text cell made safe for a spreadsheet: no line breaks, no formula start."""
    if _DANGEROUS.match(text):
        text = "'" + text
    return _LINE_BREAKS.sub(" ", text)


def _safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy whose headers and text cells are neutralised; numeric columns untouched."""
    out = df.copy()
    out.columns = [neutralise(str(c)) for c in df.columns]
    for position in range(df.shape[1]):
        series = df.iloc[:, position]
        if pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
            continue
        out.iloc[:, position] = series.map(lambda v: neutralise(v) if isinstance(v, str) else v).astype(
            object
        )
    return out


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """CSV in UTF-8 with a BOM; every row on one line; formulas neutralised."""
    buffer = io.StringIO()
    _safe_frame(df).to_csv(buffer, index=False, lineterminator="\r\n")
    return "\ufeff".encode() + buffer.getvalue().encode("utf-8")


def to_xlsx_bytes(sheets: dict[str, pd.DataFrame]) -> bytes:
    """An XLSX workbook, one sheet per entry; no cell is a formula, numbers stay numeric."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, df in sheets.items():
        sheet = workbook.create_sheet(_sheet_title(name))
        safe = _safe_frame(df)
        sheet.append([str(c) for c in safe.columns])
        for row in safe.itertuples(index=False):
            sheet.append([_cell(v) for v in row])
        for cells in sheet.iter_rows():
            for cell in cells:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # text, never a formula, whatever it starts with
        for index, column in enumerate(safe.columns, start=1):
            width = max([len(str(column)), *(len(str(v)) for v in safe.iloc[:200, index - 1])], default=10)
            sheet.column_dimensions[get_column_letter(index)].width = min(60, max(8, width + 2))
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cell(value: object) -> object:
    """pandas scalars -> what openpyxl writes: missing as empty, numpy numbers as Python numbers."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (float, np.floating)) and math.isnan(value):
        return None
    if isinstance(value, np.generic):
        return value.item()
    return value


def _sheet_title(name: str) -> str:
    """Excel sheet names: at most 31 characters, none of []:*?/\\ ."""
    cleaned = re.sub(r"[\[\]:*?/\\]", " ", neutralise(str(name))).strip("' ") or "Sheet"
    return cleaned[:31].rstrip()
