"""A curator's import in a real headless Chromium: the page asked for without signing in, the sign-in,
a real file upload of the filled template, the preview, the confirmation, and the new figure drawn on the
budget page. The server serves a throw-away copy of the data, with a password in a secrets file of its own.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kc_metrics import schema
from kc_metrics.load import load_dataset
from tests.browser.test_e2e import drawn_bars, open_page, settle, streamlit_server
from tests.import_helpers import TWO_ROWS, filled_template
from tests.test_assistant_page import REPORT

pytestmark = pytest.mark.browser
PASSWORD = "mat-khau-trinh-duyet"


@pytest.fixture(scope="module")
def import_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("import")
    data = folder / "data"
    shutil.copytree(schema.DATA_DIR, data, ignore=shutil.ignore_patterns("parquet"))
    secrets = folder / "secrets.toml"
    secrets.write_text(f'[import]\npassword = "{PASSWORD}"\n', encoding="utf-8")
    with streamlit_server("--secrets.files", str(secrets), env={"KC_DATA_DIR": str(data)}) as url:
        yield url, data


def link_targets(page) -> list[str]:
    """Where the sidebar's page links lead."""
    return page.locator('[data-testid="stPageLink-NavLink"]').evaluate_all(
        "links => links.map(link => link.getAttribute('href'))"
    )


def test_without_signing_in_the_page_shows_only_the_sign_in(page, import_server):
    url, _ = import_server
    open_page(page, f"{url}/nhap-so-lieu")
    assert page.get_by_text("Đăng nhập dành cho cán bộ nhập liệu").count() == 1
    assert page.locator('input[type="file"]').count() == 0
    assert len(link_targets(page)) == 7 and not any("nhap-so-lieu" in href for href in link_targets(page))


def test_a_curator_uploads_a_real_file_and_the_budget_page_draws_it(page, import_server, tmp_path):
    url, data = import_server
    filled = tmp_path / "Số liệu Bắc Giang 2013.xlsx"
    filled.write_bytes(filled_template(load_dataset(data, write_cache=False), TWO_ROWS))

    open_page(page, f"{url}/nhap-so-lieu")
    page.get_by_label("Mật khẩu", exact=True).fill("sai")
    page.get_by_label("Họ tên (ghi vào nhật ký nhập liệu)").fill("Cán bộ trình duyệt")
    page.get_by_role("button", name="Đăng nhập").click()
    settle(page)
    assert page.get_by_text("Mật khẩu không đúng.").count() == 1
    page.get_by_label("Mật khẩu", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    settle(page)
    assert any("nhap-so-lieu" in href for href in link_targets(page))

    page.locator('input[type="file"][accept*=".xlsx"]').set_input_files(str(filled))
    page.get_by_text("3. Xem trước, rồi xác nhận").wait_for(timeout=30_000)
    settle(page)
    metrics = dict(
        zip(
            page.locator('[data-testid="stMetricLabel"]').all_inner_texts(),
            page.locator('[data-testid="stMetricValue"]').all_inner_texts(),
            strict=True,
        )
    )
    assert metrics["Bản ghi mới"] == "2" and metrics["Bản ghi thay đổi"] == "0"
    assert not list(data.glob("records/import-*.csv"))

    page.get_by_role("button", name="Xác nhận ghi").click()
    page.get_by_text("Đã ghi 2 bản ghi mới").wait_for(timeout=30_000)
    assert (data / "records" / "import-so-lieu-bac-giang-2013.csv").is_file()
    assert "Cán bộ trình duyệt" in (data / "import_log.csv").read_text(encoding="utf-8")

    open_page(page, f"{url}/kinh-phi?p=P63-24&y=2013-2013")
    bars = [bar for chart in drawn_bars(page) for bar in chart]
    assert {(b["geo"], b["start"], b["end"], b["value"]) for b in bars} >= {("P63-24", 2013, 2013, 1234.5)}


def test_a_curator_goes_from_a_pasted_report_to_saved_records(page, import_server):
    """The reading assistant in the browser: paste a report written for the test, see its figures
    marked, type the source's outlet, check, preview and confirm."""
    url, data = import_server
    open_page(page, f"{url}/nhap-so-lieu")
    page.get_by_label("Họ tên (ghi vào nhật ký nhập liệu)").fill("Cán bộ trợ lý")
    page.get_by_label("Mật khẩu", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    settle(page)
    page.get_by_role("tab", name="Đọc báo cáo (trợ lý)").click()
    box = page.get_by_label("…hoặc dán nội dung báo cáo")
    box.fill(REPORT)
    box.press("Control+Enter")
    page.get_by_text("Văn bản, 5 số liệu được đánh dấu").wait_for(timeout=30_000)
    settle(page)
    marked = page.locator('[data-testid="stMarkdownContainer"] span').filter(has_text="3.250 triệu đồng")
    assert marked.count() >= 1
    page.get_by_label("Nơi đăng").fill("Trang thử nghiệm")
    page.get_by_role("button", name="Kiểm tra và xem trước").click()
    page.get_by_text("Xem trước, rồi xác nhận").wait_for(timeout=30_000)
    settle(page)
    labels = page.locator('[data-testid="stMetricLabel"]').all_inner_texts()
    values = page.locator('[data-testid="stMetricValue"]').all_inner_texts()
    assert dict(zip(labels, values, strict=True))["Bản ghi mới"] == "5"
    page.get_by_role("button", name="Xác nhận ghi").click()
    page.get_by_text("Đã ghi 5 bản ghi mới").wait_for(timeout=30_000)
    written = (data / "records" / "import-van-ban-dan.csv").read_text(encoding="utf-8")
    assert "3.250 triệu đồng" in written and "4,5 tỷ đồng" in written
    assert "Cán bộ trợ lý" in (data / "import_log.csv").read_text(encoding="utf-8")


def test_the_secrets_file_is_never_committed():
    ignored = (Path(__file__).resolve().parents[2] / ".gitignore").read_text(encoding="utf-8").split()
    assert ".streamlit/secrets.toml" in ignored
