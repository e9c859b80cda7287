"""The import page in AppTest: who may see it, the sign-in (wrong password, slowing down), the upload,
the preview and the write, and the new figure on the budget page."""

from __future__ import annotations

import csv

from streamlit.testing.v1 import AppTest

from kc_metrics.importer import IMPORT_LOG
from kc_metrics.load import load_dataset
from tests.apptest_helpers import bar_values, charts, run, texts
from tests.import_helpers import PASSWORD, TWO_ROWS, filled_template, import_page, sign_in
from ui.signin import FREE_ATTEMPTS, MAX_WAIT_S, Throttle

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def link_pages(at: AppTest) -> list[str]:
    return [link.proto.page for link in at.get("page_link")]


def test_a_leader_never_sees_the_import_link(served_copy):
    at = run("tong-quan")
    assert "nhap-so-lieu" not in link_pages(at)
    assert "Nhập số liệu" not in [link.proto.label for link in at.get("page_link")]


def test_the_page_asked_for_by_its_url_without_signing_in_shows_only_the_sign_in(served_copy):
    at = import_page()
    assert at.title[0].value == "Nhập số liệu"
    assert [t.label for t in at.text_input] == ["Họ tên (ghi vào nhật ký nhập liệu)", "Mật khẩu"]
    assert len(at.file_uploader) == 0 and len(at.get("download_button")) == 0
    assert "nhap-so-lieu" not in link_pages(at)


def test_without_a_password_set_the_page_says_how_to_set_one(served_copy):
    at = import_page(password=None)
    assert ".streamlit/secrets.toml" in texts(at)
    assert len(at.text_input) == 0 and len(at.file_uploader) == 0


def test_a_wrong_password_is_refused_and_repeated_failures_slow_down(served_copy):
    at = import_page()
    for _ in range(FREE_ATTEMPTS):
        sign_in(at, "sai-mat-khau")
        assert [e.value for e in at.error] == ["Mật khẩu không đúng."]
        assert len(at.file_uploader) == 0
    # Now even the right password waits: the attempt is not checked at all.
    sign_in(at, PASSWORD)
    assert "Hãy đợi" in at.error[0].value and len(at.file_uploader) == 0


def test_throttle_doubles_the_wait_up_to_a_limit():
    guard = Throttle()
    waits = []
    for _ in range(12):
        guard.failed(now=100.0)
        waits.append(guard.wait_s(now=100.0))
    assert waits[: FREE_ATTEMPTS - 1] == [0.0] * (FREE_ATTEMPTS - 1)
    assert waits[FREE_ATTEMPTS - 1 : FREE_ATTEMPTS + 2] == [2.0, 4.0, 8.0]
    assert max(waits) == MAX_WAIT_S
    guard.succeeded()
    assert guard.wait_s(now=100.0) == 0.0


def test_a_curator_uploads_previews_confirms_and_the_budget_page_shows_the_figure(served_copy, dataset):
    at = sign_in(import_page(), PASSWORD)
    assert "nhap-so-lieu" in link_pages(at)  # the link appears for the signed-in curator
    assert at.get("download_button")[0].proto.label == "Tải mẫu nhập liệu"
    at.file_uploader[0].set_value(("Bắc Giang 2013.xlsx", filled_template(dataset, TWO_ROWS), XLSX))
    at.run()
    assert not at.exception
    shown = {m.label: m.value for m in at.metric}
    assert shown == {"Bản ghi mới": "2", "Bản ghi thay đổi": "0", "Không đổi (đã có)": "0",
                     "Trùng với nguồn khác": "0"}  # fmt: skip
    assert not list(served_copy.glob("records/import-*.csv"))  # nothing written before the confirmation

    next(b for b in at.button if b.label == "Xác nhận ghi").click()
    at.run()
    assert not at.exception
    assert "Đã ghi 2 bản ghi mới" in at.success[0].value
    assert len(at.metric) == 0  # the uploader starts empty again
    with open(served_copy / IMPORT_LOG, encoding="utf-8") as handle:
        log = list(csv.DictReader(handle))
    assert [(r["who"], r["new"]) for r in log] == [("Cán bộ thử", "2")]

    # Any session, at its next run, sees the new figures: the budget page for Bắc Giang in 2013.
    budget = run("kinh-phi", p="P63-24", y="2013-2013")
    values = [v for spec in charts(budget) for vs in bar_values(spec).values() for v in vs]
    assert 1234.5 in values
    assert load_dataset(served_copy, write_cache=False).records["source_id"].eq("W990").sum() == 2


def test_problems_are_listed_in_vietnamese_and_nothing_can_be_confirmed(served_copy, dataset):
    at = sign_in(import_page(), PASSWORD)
    bad = [dict(TWO_ROWS[0], geo_code="P63-99"), dict(TWO_ROWS[1], value="12,3,4")]
    at.file_uploader[0].set_value(("loi.xlsx", filled_template(dataset, bad), XLSX))
    at.run()
    assert "Tệp có 2 vấn đề" in at.error[0].value
    problems = at.dataframe[0].value.iloc[:, 0].tolist()
    assert problems[0].startswith(
        "loi.xlsx › records, dòng 2, cột geo_code: 'P63-99' không có trong danh sách"
    )
    assert problems[1].startswith("loi.xlsx › records, dòng 3, cột value: '12,3,4' không phải là một số")
    assert "Xác nhận ghi" not in [b.label for b in at.button]


def test_the_same_file_again_says_nothing_changes(served_copy, dataset):
    at = sign_in(import_page(), PASSWORD)
    raw = filled_template(dataset, TWO_ROWS)
    at.file_uploader[0].set_value(("a.xlsx", raw, XLSX))
    at.run()
    next(b for b in at.button if b.label == "Xác nhận ghi").click()
    at.run()
    at.file_uploader[0].set_value(("a.xlsx", raw, XLSX))
    at.run()
    assert "Không có gì thay đổi" in at.info[0].value
    assert "Xác nhận ghi" not in [b.label for b in at.button]
