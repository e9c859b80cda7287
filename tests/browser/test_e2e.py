"""End to end in a real headless Chromium (Debian's /usr/bin/chromium) against `streamlit run`.

What a leader does: open the dashboard, pick a province, see the cards and the chart change, move to
another page with the filter kept, open a shared link, download the data, switch to English; and the
page never calls anything outside this machine.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import re
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
LOCAL_HOSTS = {"127.0.0.1", "localhost", ""}

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def streamlit_server(*args: str, env: dict[str, str] | None = None) -> Iterator[str]:
    """`streamlit run app.py` on a free loopback port; yields its URL once it answers. `args` are more
    options for streamlit, `env` more environment variables (KC_DATA_DIR for another data folder)."""
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true", "--server.address",
         "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false", *args],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})},
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


def settle(page) -> None:
    """Wait until the script has finished running, and fail at once on a Streamlit exception box or
    a "Page not found" dialog. The time-outs are generous: on a busy 2-core machine a run of the
    profile page was seen to take over 30 s to be reported finished."""
    page.wait_for_timeout(300)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=90_000)
    page.wait_for_timeout(500)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=90_000)
    assert page.locator('[data-testid="stException"]').count() == 0, "the page shows an exception"
    assert page.get_by_text("Page not found").count() == 0, "the page shows a 'Page not found' dialog"


def open_page(page, url: str) -> None:
    page.goto(url)
    settle(page)


def card_values(page) -> list[str]:
    return page.locator('[data-testid="stMetricValue"]').all_inner_texts()


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


def drawn_bars(page) -> list[dict]:
    """Every bar the page's charts draw, read from the charts themselves (each bar's customdata: area
    code, geography level, period start and end, value), per chart."""
    for _ in range(4):  # charts below the fold draw late
        page.mouse.wheel(0, 2500)
        page.wait_for_timeout(200)
    return page.evaluate(
        """() => Array.from(document.querySelectorAll('.js-plotly-plot')).map(div => (div.data || [])
              .filter(t => t.type === 'bar' && t.customdata)
              .flatMap(t => t.customdata.map((c, i) => ({name: t.name, geo: c[0], level: c[1],
                  start: c[2], end: c[3], value: c[4], spans: Array.isArray(t.base) && t.base.length > 0,
                  across: t.orientation === 'h'}))))"""
    )


def test_picking_a_province_changes_cards_and_chart_and_survives_navigation(page, server):
    open_page(page, f"{server}/kinh-phi")
    before_cards, before = card_values(page), drawn_bars(page)
    assert len({b["geo"] for b in before[0]}) > 1  # a comparison of provinces
    pick_province(page, "Bắc Giang", "P63-24")
    after = drawn_bars(page)
    assert {b["geo"] for chart in after for b in chart} == {"P63-24"}  # Bắc Giang over time
    totals = [b for b in after[0] if b["name"] == "Tổng kinh phí khuyến công"]
    assert {(b["start"], b["end"], b["value"]) for b in totals} >= {(2014, 2020, 29_229.2)}
    assert "p=P63-24" in page.url

    nav_links(page).filter(has_text="Tổng quan").click()
    settle(page)
    assert "p=P63-24" in page.url
    after_cards = card_values(page)
    assert after_cards != before_cards
    assert "29,2" in after_cards  # R003: 2014–2020 covers most of the selected years
    chip = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first.inner_text()
    assert "Bắc Giang" in chip


def test_a_shared_link_sets_the_filters(page, server):
    open_page(page, f"{server}/kinh-phi?p=P63-27&y=2021-2021")
    sidebar = page.locator('[data-testid="stSidebar"]')
    assert "Bắc Ninh" in sidebar.locator('[data-testid="stMultiSelect"]').first.inner_text()
    assert re.search(r"2021\s*2021", sidebar.locator('[data-testid="stSlider"]').inner_text())
    assert {b["geo"] for chart in drawn_bars(page) for b in chart} == {"P63-27"}
    bar_text = " ".join(t or "" for t in page.locator(".js-plotly-plot .bartext").all_text_contents())
    assert "6,4 tỷ đồng" in bar_text and "1,9 tỷ đồng" in bar_text


@pytest.mark.parametrize("query", ["", "?p=P63-24", "?p=P63-24,P63-27,P63-19"])
@pytest.mark.parametrize("path", ["", "kinh-phi", "dao-tao", "san-pham"])
def test_no_chart_mixes_geography_levels_or_period_spans(page, server, path, query):
    open_page(page, f"{server}/{path}{query}")
    for bars in drawn_bars(page):
        assert len({b["level"] for b in bars}) <= 1, bars  # provinces never beside the nation
        compared = [b for b in bars if b["across"] and not b["spans"]]  # provinces side by side
        assert len({(b["start"], b["end"]) for b in compared}) <= 1, compared  # one period
        yearly = [b for b in bars if not b["across"]]  # one area on a year axis
        assert {b["end"] - b["start"] for b in yearly} <= {0}, yearly  # a bar is one year, never a total
        assert not (compared and yearly)


def test_the_headline_card_shows_the_figure_of_exactly_the_selected_period(page, server):
    open_page(page, f"{server}/?p=P63-24&y=2014-2020")
    # the innermost block holding the card's label is the card (ancestors come first in document order)
    card = page.locator(
        '[data-testid="stVerticalBlock"]', has_text="Tổng kinh phí khuyến công"
    ).last.inner_text()
    assert "29,2" in card and "2014–2020" in card and "đúng giai đoạn chọn" in card
    body = page.locator("body").inner_text()
    assert "R003 ghi 29,2 tỷ đồng (2014–2020) (phạm vi: centre-run đề án only" in body
    assert "W042 ghi hơn 30,7 tỷ đồng (2016–2020) (phạm vi: state money at all levels" in body


def test_the_province_profile_lists_every_record_of_the_province(page, server):
    # the print layout draws its tables as HTML, so the browser can read every cell
    open_page(page, f"{server}/ho-so-tinh?p=P63-24&print=1")
    rows = page.locator('[data-testid="stTable"] tbody tr')
    counts = [-1]
    for _ in range(60):  # the tables draw after the script ends: wait until their rows stop growing
        page.wait_for_timeout(500)
        counts.append(rows.count())
        if counts[-1] > 0 and counts[-1] == counts[-2] == counts[-3]:
            break
    records = load_records()
    expected = set(records.loc[records["geo_code"] == "P63-24", "record_id"])
    cells = set(page.locator('[data-testid="stTable"] td').all_inner_texts())
    assert expected <= cells
    assert len(expected) == len([c for c in cells if re.fullmatch(r"[RF]\d{3}-\w+", c)])
    assert page.locator('[data-testid="stSidebar"][aria-expanded="true"]').count() == 0  # folded


def test_the_map_draws_offline_with_hoang_sa_and_truong_sa(page, server):
    open_page(page, server)
    drawn_bars(page)  # scrolls down to the map, which then draws
    traces = page.evaluate(
        "() => Array.from(document.querySelectorAll('.js-plotly-plot')).flatMap(d => (d.data || [])"
        ".map(t => ({type: t.type, meta: t.meta, n: (t.x || []).length})))"
    )
    metas = {t["meta"] for t in traces}
    assert {"outline", "value", "no_data", "hoang_sa_islands", "truong_sa_islands"} <= metas
    assert {t["type"] for t in traces} == {"scatter"}
    text = page.locator(".js-plotly-plot").first.text_content()
    assert "Hoàng Sa" in text and "Trường Sa" in text
    outside = [u for u in page.requests if urlparse(u).scheme in ("http", "https", "ws", "wss")
               and urlparse(u).hostname not in LOCAL_HOSTS]  # fmt: skip
    assert outside == []


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
    for path in ("/", "/kinh-phi", "/dao-tao", "/san-pham", "/du-lieu", "/nguon", "/ho-so-tinh"):
        open_page(page, server + path)
    outside = [u for u in page.requests if urlparse(u).scheme in ("http", "https", "ws", "wss")
               and urlparse(u).hostname not in LOCAL_HOSTS]  # fmt: skip
    assert outside == []
    assert len(page.requests) > 10  # the pages did load things, all from this machine


def catalogue_sentences(lang: str) -> set[str]:
    """Texts of the label and KPI catalogues in `lang` that differ from the other language's and are
    sentences or phrases (three words or more): a page in the other language must show none of them."""
    from kc_metrics import KPIS
    from ui.i18n import LABELS

    other = "en" if lang == "vi" else "vi"
    texts = {both[lang] for both in LABELS.values() if both[lang] != both[other]}
    texts |= {k.label(lang) for k in KPIS.values() if k.label(lang) != k.label(other)}
    texts |= {k.describe(lang) for k in KPIS.values()}
    # sentences and phrases as a page shows them: split at placeholders, sentence ends and lines,
    # without markdown; long enough to be a phrase of their own
    pieces = {
        piece.strip(" .:·()-*«»")
        for text in texts
        for piece in re.split(r"{\w+}|[.;:\n]\s|\*\*", text.replace("**", ""))
    }
    return {p for p in pieces if len(p.split()) >= 3}


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("path", ["", "kinh-phi", "dao-tao", "san-pham", "du-lieu", "nguon", "ho-so-tinh"])
def test_each_page_speaks_one_language(page, server, path, lang):
    open_page(page, f"{server}/{path}?lang={lang}&p=P63-24")
    drawn_bars(page)  # scroll, so that every chart has drawn
    shown = page.locator("body").inner_text() + " ".join(page.locator(".js-plotly-plot").all_text_contents())
    other = "en" if lang == "vi" else "vi"
    leaks = sorted(text for text in catalogue_sentences(other) if text in shown)
    assert leaks == []
