"""The reading assistant on the import page: a report's text -> highlighted figures -> ticked rows ->
the import's checks, preview and write. The report is written for the test, in our own words."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from kc_metrics import extract
from kc_metrics.importer import apply_import, plan_import
from kc_metrics.intake import upload_from_rows
from kc_metrics.load import load_dataset
from tests.import_helpers import PASSWORD, import_page, sign_in
from tests.test_documents import pdf_with_only_a_picture
from ui.assistant import highlighted

# A made-up report: Bắc Giang's 2012 results and its 2013 plan (figures invented for the test).
REPORT = (
    "Trung tâm Khuyến công tỉnh Bắc Giang tổng kết năm 2012\n\n"
    "Năm 2012, Trung tâm đã triển khai 14 đề án khuyến công địa phương với tổng kinh phí 3.250 triệu đồng. "
    "Các lớp truyền nghề đã đào tạo hơn 420 học viên tại các làng nghề.\n\n"
    "Kế hoạch năm 2013, tỉnh phấn đấu hỗ trợ 20 đề án với kinh phí dự kiến 4,5 tỷ đồng."
)
SOURCE = {"source_id": "W991", "kind": "report", "title": "Tổng kết năm 2012 (bài thử)",
          "outlet": "Trang thử nghiệm", "author": "", "published": "2013-01-10", "url": "",
          "language": "vi", "number_style": "vi", "covers": "A made-up report for the tests."}  # fmt: skip


def test_highlighting_marks_each_figure_and_escapes_the_document():
    text = "Đã chi 3.250 triệu đồng [xem](http://example.org) <b>đậm</b> *nghiêng*."
    found = extract.candidates(text, province="P63-24", year=2012)
    marked = highlighted(text, found)
    assert ":orange-background[**3.250 triệu đồng**]" in marked
    assert "\\[xem\\](http://example.org)" in marked  # no link made from the document
    assert "\\<b\\>" in marked and "\\*nghiêng\\*" in marked


def test_ticked_candidates_go_through_the_import(dataset, data_copy):
    found = extract.candidates(REPORT, province="P63-24", data_dir=data_copy)
    assert len(found) == 5
    rows = found.assign(source_id="W991", unit="", note="Test: read by the assistant.")
    upload = upload_from_rows("bao-cao.txt", rows, pd.DataFrame([SOURCE]), sheet="candidates")
    plan = plan_import(upload, data_copy)
    assert [str(p) for p in plan.problems] == []
    assert len(plan.new) == 5 and len(plan.new_sources) == 1
    assert apply_import(upload, data_copy, who="a").written
    records = load_dataset(data_copy, write_cache=False).records
    mine = records[records["source_id"].eq("W991")].set_index(["metric", "status"])
    # 3.250 triệu đồng (2012, actual, KCĐP); 4,5 tỷ đồng = 4,500 million (2013, plan).
    assert (
        mine.loc[("budget", "actual"), "value"] == 3250
        and mine.loc[("budget", "actual"), "program"] == "kcdp"
    )
    assert (
        mine.loc[("budget", "plan"), "value"] == 4500 and mine.loc[("budget", "plan"), "period_start"] == 2013
    )
    assert mine.loc[("trainees_vocational", "actual"), "qualifier"] == "more_than"
    # A row the curator corrected in the table is checked like a typed cell: the value must match the figure.
    wrong = rows.copy()
    wrong.loc[0, "value"] = 15
    plan = plan_import(
        upload_from_rows("b.txt", wrong, pd.DataFrame([SOURCE]), sheet="candidates"), data_copy
    )
    assert any(p.row == 1 and p.column == "value" and p.file == "b.txt › candidates" for p in plan.problems)


def test_a_curator_goes_from_pasted_text_to_saved_records(served_copy):
    at = sign_in(import_page(), PASSWORD)
    at.text_area(key="assistant_text_0").input(REPORT)
    at.run()
    assert not at.exception
    assert "**Văn bản, 5 số liệu được đánh dấu**" in [m.value for m in at.markdown]
    assert (
        at.text_input(key="assistant_title_0").value
        == "Trung tâm Khuyến công tỉnh Bắc Giang tổng kết năm 2012"
    )
    source_id = at.text_input(key="assistant_source_id_0").value
    shipped = load_dataset(served_copy, write_cache=False).sources["source_id"]
    last = max(int(i[1:]) for i in shipped if re.fullmatch(r"W\d+", i))
    assert source_id == f"W{last + 1:03d}"  # the next free web-source number
    at.text_input(key="assistant_outlet_0").input("Trang thử nghiệm")
    next(b for b in at.button if b.label == "Kiểm tra và xem trước").click()
    at.run()
    assert not at.exception
    shown = {m.label: m.value for m in at.metric}
    assert shown["Bản ghi mới"] == "5" and shown["Trùng với nguồn khác"] == "0"
    at.button(key="import_confirm_report").click()
    at.run()
    assert not at.exception
    assert "Đã ghi 5 bản ghi mới" in at.success[0].value
    records = load_dataset(served_copy, write_cache=False).records
    sources = load_dataset(served_copy, write_cache=False).sources.set_index("source_id")
    new = records[records["source_id"].eq(source_id)]
    assert len(new) == 5 and sources.loc[new["source_id"].iloc[0], "outlet"] == "Trang thử nghiệm"
    assert at.text_area(key="assistant_text_1").value == ""  # the assistant starts empty again


@pytest.mark.parametrize(
    ("name", "raw", "expected"),
    [
        ("anh-quet.pdf", pdf_with_only_a_picture(), "không có lớp văn bản"),
        ("hong.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF", "PDF"),
        ("lon.txt", "Kinh phí 5 tỷ đồng. ".encode() * 600_000, "MB"),
        ("latin.txt", "Le café coûte 5 euros.".encode("latin-1"), "UTF-8"),
        ("rong.txt", b"", "không có nội dung"),
        ("nhi-phan.docx", b"\x00\x01\x02 not a zip", "docx"),
    ],
)
def test_bad_documents_get_a_clear_message_and_nothing_is_written(served_copy, name, raw, expected):
    at = sign_in(import_page(), PASSWORD)
    at.file_uploader(key="assistant_file_0").set_value((name, raw, "application/octet-stream"))
    at.run()
    assert not at.exception
    assert len(at.error) == 1 and expected in at.error[0].value
    assert "Kiểm tra và xem trước" not in [b.label for b in at.button]
    assert not list(served_copy.glob("records/import-*.csv"))
