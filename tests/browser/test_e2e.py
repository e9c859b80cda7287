"""End to end in a real headless Chromium (Debian's /usr/bin/chromium) against `streamlit run`.

What a leader does: open the dashboard, pick a province, see the cards and the chart change, move to
another page with the filter kept, open a shared link, download the data, switch to English; and the
page never calls anything outside this machine.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from openpyxl import load_workbook

from kc_metrics import load_records

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", ""}

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def streamlit_server() -> Iterator[str]:
    """`streamlit run app.py` on a free loopback port; yields its URL once it answers."""
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true", "--server.address",
         "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                break
        except OSError:
            time.sleep(0.3)
    else:
        process.kill()
        pytest.fail(f"streamlit did not start: {process.stdout.read().decode()[-2000:]}")
    try:
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="module")
def server():
    """One server for the module's tests."""
    with streamlit_server() as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # Debian's Chromium where it is installed (scripts/ensure_browser.sh), else Playwright's own.
        system = {"executable_path": CHROMIUM} if Path(CHROMIUM).exists() else {}
        try:
            instance = playwright.chromium.launch(args=CHROMIUM_ARGS, **system)
        except Exception as err:  # no browser at all: say how to get one
            pytest.fail(
                f"no Chromium for the browser tests ({err}). Run scripts/ensure_browser.sh "
                "(make test does), or: sudo apt-get install -y chromium",
                pytrace=False,
            )
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    """A fresh browser page that records every request it makes."""
    context = browser.new_context(viewport={"width": 1400, "height": 1200}, accept_downloads=True)
    tab = context.new_page()
    tab.requests = []
    tab.on("request", lambda request: tab.requests.append(request.url))
    yield tab
    context.close()


def settle(page) -> None:
    """Wait until the script has finished running, and fail at once on a Streamlit exception box or
    a "Page not found" dialog."""
    page.wait_for_timeout(300)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=30_000)
    page.wait_for_timeout(500)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=30_000)
    assert page.locator('[data-testid="stException"]').count() == 0, "the page shows an exception"
    assert page.get_by_text("Page not found").count() == 0, "the page shows a 'Page not found' dialog"


def open_page(page, url: str) -> None:
    page.goto(url)
    settle(page)


def card_values(page) -> list[str]:
    return page.locator('[data-testid="stMetricValue"]').all_inner_texts()


def chart_labels(page) -> str:
    return " ".join(t or "" for t in page.locator(".js-plotly-plot .xtick text").all_text_contents())


def pick_province(page, name: str, code: str) -> None:
    """Choose a province in the sidebar and wait for the run it starts (it writes the code to the URL)."""
    box = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first
    box.click()
    page.get_by_role("option", name=name, exact=True).click()
    page.keyboard.press("Escape")
    page.wait_for_url(re.compile(rf"[?&]p={code}"), timeout=30_000)
    settle(page)


PAGE_TITLES = {
    "": ("Tổng quan", "Overview"),
    "kinh-phi": ("Kinh phí", "Budget"),
    "dao-tao": ("Đào tạo", "Training"),
    "san-pham": ("Sản phẩm", "Products"),
    "du-lieu": ("Dữ liệu", "Data"),
    "nguon": ("Nguồn & phương pháp", "Sources & method"),
    "ho-so-tinh": ("Hồ sơ tỉnh", "Province profile"),
}


def nav_links(page):
    return page.locator('[data-testid="stSidebar"] [data-testid="stPageLink-NavLink"]')


@pytest.mark.parametrize("path", list(PAGE_TITLES))
def test_a_deep_link_opens_its_page_on_a_freshly_started_server(browser, path):
    # Each page is the first visit of a server of its own: no "Page not found", the right page, and
    # the sidebar's links in the link's language, carrying its filters.
    with streamlit_server() as url:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        try:
            open_page(page, f"{url}/{path}?lang=en&p=P63-27")
            assert page.get_by_role("heading", name=PAGE_TITLES[path][1], exact=True).count() == 1
            links = nav_links(page)
            links.nth(len(PAGE_TITLES) - 1).wait_for(state="attached", timeout=15_000)
            labels = [text.split("\n")[-1] for text in links.all_inner_texts()]  # after the icon's name
            assert labels == [english for _, english in PAGE_TITLES.values()]
            hrefs = [links.nth(i).get_attribute("href") or "" for i in range(links.count())]
            assert all("p=P63-27" in h and "lang=en" in h for h in hrefs), hrefs
        finally:
            context.close()


def test_overview_opens_without_error(page, server):
    open_page(page, server)
    assert page.get_by_role("heading", name="Tổng quan").count() == 1
    assert "1.436" in card_values(page)  # national 2021–2025 budget, tỷ đồng


def test_picking_a_province_changes_cards_and_chart_and_survives_navigation(page, server):
    open_page(page, server)
    before_cards, before_chart = card_values(page), chart_labels(page)
    pick_province(page, "Bắc Giang", "P63-24")
    after_cards, after_chart = card_values(page), chart_labels(page)
    assert after_cards != before_cards
    assert "hơn 30,7" in after_cards  # Bắc Giang 2016–2020 (F042): more than 30.7 billion VND, the latest
    assert after_chart != before_chart and "Bắc Giang" in after_chart
    assert "p=P63-24" in page.url

    nav_links(page).filter(has_text="Sản phẩm").click()
    settle(page)
    assert "/san-pham" in page.url and "p=P63-24" in page.url
    chip = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first.inner_text()
    assert "Bắc Giang" in chip
    assert "Bắc Giang" in chart_labels(page)


def test_a_shared_link_sets_the_filters(page, server):
    open_page(page, f"{server}/kinh-phi?p=P63-27&y=2021-2021")
    sidebar = page.locator('[data-testid="stSidebar"]')
    assert "Bắc Ninh" in sidebar.locator('[data-testid="stMultiSelect"]').first.inner_text()
    assert re.search(r"2021\s*2021", sidebar.locator('[data-testid="stSlider"]').inner_text())
    labels = chart_labels(page)
    assert "Bắc Ninh" in labels and "Bắc Giang" not in labels
    bar_text = " ".join(t or "" for t in page.locator(".js-plotly-plot .bartext").all_text_contents())
    assert "6,4 tỷ đồng" in bar_text and "1,9 tỷ đồng" in bar_text


def test_downloads_from_the_data_page(page, server, tmp_path):
    open_page(page, f"{server}/du-lieu?p=P63-27")
    expected = load_records()
    expected = expected[(expected["geo_code"] == "P63-27") & (expected["status"] == "actual")]

    with page.expect_download() as info:
        page.get_by_role("button", name="Tải CSV").click()
    raw = Path(info.value.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert sorted(r["Mã số liệu"] for r in rows) == sorted(expected["record_id"])
    assert {r["Địa bàn"] for r in rows} == {"Bắc Ninh"}
    assert any("triệu đồng" in r["Số liệu gốc"] for r in rows)  # diacritics intact

    with page.expect_download() as info:
        page.get_by_role("button", name="Tải Excel (XLSX)").click()
    workbook = load_workbook(io.BytesIO(Path(info.value.path()).read_bytes()))
    assert workbook.sheetnames == ["Số liệu", "Nguồn", "Bộ lọc"]
    ids = [r[0] for r in workbook["Số liệu"].iter_rows(min_row=2, values_only=True)]
    assert sorted(ids) == sorted(expected["record_id"])


def test_switching_to_english(page, server):
    open_page(page, f"{server}/kinh-phi?p=P63-27&y=2021-2021")
    page.locator('[data-testid="stSidebar"] button', has_text="English").click(timeout=5000)
    settle(page)
    assert page.get_by_role("heading", name="Budget", exact=True).count() == 1
    assert page.get_by_role("heading", name="KCQG and KCĐP budget by area and period").count() == 1
    assert "lang=en" in page.url
    bar_text = " ".join(t or "" for t in page.locator(".js-plotly-plot .bartext").all_text_contents())
    assert "6.4 billion VND" in bar_text
    assert (
        "Bắc Ninh"
        in page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first.inner_text()
    )


def test_no_request_leaves_the_machine(page, server):
    for path in ("/", "/kinh-phi", "/dao-tao", "/san-pham", "/du-lieu", "/nguon"):
        open_page(page, server + path)
    outside = [u for u in page.requests if urlparse(u).scheme in ("http", "https", "ws", "wss")
               and urlparse(u).hostname not in LOCAL_HOSTS]  # fmt: skip
    assert outside == []
    assert len(page.requests) > 10  # the pages did load things, all from this machine
