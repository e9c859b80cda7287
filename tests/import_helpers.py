"""Filled copies of the curators' template, as a curator makes them (shared by the import tests).

The figures are made up for the tests and say so (source W990, "test" in every note): they never reach
the shipped data, only the throw-away copies the tests import into.
"""

from __future__ import annotations

import io

from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from kc_metrics.intake import RECORD_FILE_COLUMNS
from kc_metrics.load import Dataset
from kc_metrics.template import build_template
from tests.apptest_helpers import ROOT

IMPORT_PAGE = "pages/7_nhap-so-lieu.py"
PASSWORD = "mat-khau-thu-nghiem"

TEST_SOURCE = {
    "source_id": "W990",
    "kind": "web",
    "title": "Bài thử nghiệm cho kiểm thử nhập liệu",
    "outlet": "Trang thử nghiệm",
    "author": "",
    "published": "2024-05-02",
    "url": "https://example.org/kiem-thu",
    "language": "vi",
    "number_style": "vi",
    "covers": "A made-up source for the import tests.",
}
# Two figures for Bắc Giang (former province) in 2013, a year the shipped data has none for it.
TWO_ROWS = [
    {"source_id": "W990", "geo_code": "P63-24 · Bắc Giang (63 tỉnh)", "period_start": "2013",
     "period_end": "2013", "status": "actual", "program": "kcdp", "metric": "budget · Kinh phí khuyến công",
     "value": 1234.5,
     "qualifier": "exact", "value_as_written": "1.234,5 triệu đồng", "note": "Test figure: local budget."},
    {"source_id": "W990", "geo_code": "P63-24", "period_start": 2013, "period_end": 2013, "status": "actual",
     "program": "all", "metric": "trainees_vocational", "qualifier": "more_than",
     "value_as_written": "hơn 500 học viên",
     "note": "Test figure: trainees, value read from the written form."},
]  # fmt: skip


def filled_template(
    dataset: Dataset, rows: list[dict[str, object]], sources: list[dict[str, str]] | None = None
) -> bytes:
    """The template downloaded from `dataset`, with `rows` typed into the records sheet from row 2 (as a
    curator does: cells the row does not name stay empty) and `sources` into the sources sheet."""
    book = load_workbook(io.BytesIO(build_template(dataset)))
    sheet = book["records"]
    header = [c.value for c in sheet[1]]
    assert tuple(header) == RECORD_FILE_COLUMNS
    for index, row in enumerate(rows, start=2):
        for column, value in row.items():
            sheet.cell(row=index, column=header.index(column) + 1, value=value)  # type: ignore[arg-type]
    source_sheet = book["sources"]
    source_header = [c.value for c in source_sheet[1]]
    for index, source in enumerate(sources if sources is not None else [TEST_SOURCE], start=2):
        for column, value in source.items():
            source_sheet.cell(row=index, column=source_header.index(column) + 1, value=value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def import_page(password: str | None = PASSWORD) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    if password is not None:
        at.secrets["import"] = {"password": password}
    at.switch_page(IMPORT_PAGE)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def sign_in(at: AppTest, password: str, name: str = "Cán bộ thử") -> AppTest:
    at.text_input(key="signin_name").input(name)
    at.text_input(key="signin_password").input(password)
    next(b for b in at.button if b.label == "Đăng nhập").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at
