"""Every page run through AppTest, in its default and filtered states, asserting what a leader reads.

Pages are run from their own files (app.py is the overview, the others are in pages/); each page draws
the shared sidebar itself, so a page file runs the same alone as when reached by a link.
"""

from __future__ import annotations

import csv
import io
import shutil

import pandas as pd
import pytest
from openpyxl import load_workbook

import kc_metrics
from kc_metrics import KPIS, load_sources
from tests.apptest_helpers import PAGE_FILES, ROOT, bar_values, bars, charts, download, run, texts

PAGES = list(PAGE_FILES)
pytestmark = pytest.mark.usefixtures("fresh_cache")


# --- every page in its default state ---------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_in_its_default_state(page):
    at = run(page)
    titles = {"Tổng quan", "Kinh phí", "Đào tạo", "Sản phẩm", "Dữ liệu", "Nguồn & phương pháp", "Hồ sơ tỉnh"}
    assert at.title[0].value in titles
    assert not at.error


def test_overview_default_shows_national_figures_not_dashes():
    at = run("tong-quan")
    cards = {m.label: m.value for m in at.metric}
    assert cards["Tổng kinh phí khuyến công (tỷ đồng)"] == "1.436"  # W018: 1,436 billion VND, 2021–2025
    assert cards["Sản phẩm OCOP từ 3 sao"] == "14.642"  # W013: end of 2024, the longest stock period
    assert "—" not in cards.values()  # only the KPIs that have national data get a card
    assert "Kinh phí KCQG (tỷ đồng)" not in cards
    assert int(cards["Nguồn"]) > 50 and int(cards["Số liệu"].replace(".", "")) > 200
    assert cards["Năm gần nhất có số liệu"] == "2025"
    assert "phủ 5/21 năm đã chọn" in texts(at)  # 2021–2025 of 2005–2025
    assert len(at.get("plotly_chart")) == 1  # the map of how many figures each province has


def test_overview_counts_figures_per_province_on_the_map(records):
    at = run("tong-quan")
    spec = charts(at)[0]
    assert {t["type"] for t in spec["data"]} == {"scatter"}  # drawn offline: no geo or map trace
    values = next(t for t in spec["data"] if t.get("meta") == "value")
    counts = dict(zip(values["customdata"], values["marker"]["color"], strict=True))
    # figures per province in the default selection (results of every year), read from the data
    actual = records[records["status"] == "actual"]
    assert counts["P63-24"] == (actual["geo_code"] == "P63-24").sum()  # Bắc Giang
    assert counts["P63-27"] == (actual["geo_code"] == "P63-27").sum()  # Bắc Ninh
    grey = next(t for t in spec["data"] if t.get("meta") == "no_data")
    assert "P63-04" in grey["customdata"]  # Cao Bằng has no figure: grey, not zero


# --- Bắc Ninh 2021 ---------------------------------------------------------------------------------


def test_budget_bac_ninh_2021_total_and_parts(downloads):
    at = run("kinh-phi", p="P63-27", y="2021-2021")
    assert at.segmented_control(key="view_budget").value == "time"  # one province: over time
    spec = charts(at)[0]
    assert bar_values(spec) == {
        "Kinh phí KCQG": [1900],
        "Kinh phí KCĐP": [4500],
        "Tổng kinh phí khuyến công": [6400],
    }
    assert spec["layout"]["separators"] == ",."  # Vietnamese: 1.900 and 6,4
    total = next(b for b in bars(spec) if b["name"] == "Tổng kinh phí khuyến công")
    assert (total["start"], total["end"], total["text"]) == (2021, 2021, "6,4 tỷ đồng")
    assert "1.900 triệu đồng + 4.500 triệu đồng" in total["hover"]
    assert spec["layout"]["yaxis"]["title"]["text"] == "tỷ đồng"  # money axis in billions
    share = bar_values(charts(at)[1])
    assert share["Tỷ trọng KCQG trong kinh phí"][0] == pytest.approx(29.6875)  # 1,900 / 6,400
    data = downloads[at.download_button(key="download_budget_0").proto.url].decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(data)))
    assert {r["Chỉ tiêu"]: float(r["Giá trị"]) for r in rows} == {
        "Kinh phí KCQG": 1900, "Kinh phí KCĐP": 4500, "Tổng kinh phí khuyến công": 6400,
    }  # fmt: skip
    assert {r["Nguồn"] for r in rows} == {"R001"}


def test_overview_cards_for_bac_ninh_2021():
    at = run("tong-quan", p="P63-27", y="2021-2021")
    cards = {m.label: m.value for m in at.metric}
    assert cards["Tổng kinh phí khuyến công (tỷ đồng)"] == "6,4"
    assert cards["Kinh phí KCQG (tỷ đồng)"] == "1,9"
    assert cards["Kinh phí KCĐP (tỷ đồng)"] == "4,5"
    assert "Chỉ tiêu chính: Bắc Ninh" in texts(at)
    assert "đúng giai đoạn chọn" in texts(at)


# --- Bắc Giang 2014–2020 ---------------------------------------------------------------------------


def test_products_bac_giang_2014_2020_funnel_is_one_span():
    at = run("san-pham", p="P63-24", y="2014-2020")
    funnel = charts(at)[0]
    values = bar_values(funnel)
    assert values["Sản phẩm CNNT tiêu biểu cấp tỉnh"] == [46]
    assert values["Sản phẩm CNNT tiêu biểu cấp khu vực"] == [14]
    assert values["Sản phẩm CNNT tiêu biểu cấp quốc gia"] == [5]
    spans = [t for t in funnel["data"] if t.get("orientation") == "h"]
    assert {(t["base"][0], t["base"][0] + t["x"][0]) for t in spans} == {(2013.55, 2020.45)}  # over its years
    assert all("(2014–2020)" in t["text"][0] for t in spans)  # labelled with its period, never 2020
    rates = bar_values(charts(at)[1])
    assert rates["Tỷ lệ sản phẩm cấp tỉnh đạt cấp khu vực"][0] == pytest.approx(14 / 46 * 100)


def test_headline_for_bac_giang_2014_2020_is_the_reports_figure_and_names_the_disagreement():
    at = run("tong-quan", p="P63-24", y="2014-2020")
    cards = {m.label: m.value for m in at.metric}
    assert cards["Tổng kinh phí khuyến công (tỷ đồng)"] == "29,2"  # R003: 29.229,2 triệu đồng, 2014–2020
    assert cards["Tổng số đề án"] == "220"  # R003, not the web page's 297 for 2016–2020
    notes = texts(at)
    assert "R003 ghi 220 (2014–2020)" in notes and "W042 ghi 297 (2016–2020)" in notes
    assert "R003 ghi 29,2 tỷ đồng (2014–2020)" in notes and "W042 ghi hơn 30,7 tỷ đồng (2016–2020)" in notes


def test_a_shorter_range_leaves_the_seven_year_total_out_and_says_so():
    at = run("san-pham", p="P63-24", y="2016-2020")
    assert all(b["start"] >= 2016 for spec in charts(at) for b in bars(spec))
    # No product figure lies inside 2016–2020; the page's one line says what each chart lost: the
    # funnel its three 2014–2020 figures (R003-12..14), the OCOP total the stocks F047-a and F048-a.
    line = at.info[0].value
    assert "Sản phẩm CNNT tiêu biểu: cấp tỉnh → khu vực → quốc gia (3 số liệu có giai đoạn vượt" in line
    assert "Tổng số sản phẩm OCOP (2 số liệu có giai đoạn vượt" in line


def test_budget_per_project_bac_giang():
    at = run("kinh-phi", p="P63-24", y="2014-2020")
    per_project = next(c for c in charts(at) if "Kinh phí bình quân một đề án" in bar_values(c))
    values = bar_values(per_project)["Kinh phí bình quân một đề án"]
    assert pytest.approx(29_229.2 / 220) in values  # 132,86 million VND per đề án (R003)


# --- comparing provinces -----------------------------------------------------------------------------


def test_comparison_shows_provinces_of_one_period_sorted_with_the_picked_one_highlighted():
    at = run("kinh-phi", p="P63-27")
    at.segmented_control(key="view_budget").set_value("compare").run()
    for spec in charts(at):
        drawn = bars(spec)
        assert {b["level"] for b in drawn} == {"province"}  # never the nation or a region among them
        assert len({(b["start"], b["end"]) for b in drawn}) == 1  # one period
    budget = charts(at)[0]
    totals = [b for b in bars(budget) if b["name"] == "Tổng kinh phí khuyến công"]
    assert len(totals) > 1  # every province with data, not only Bắc Ninh
    order = budget["layout"]["yaxis"]["categoryarray"]
    assert any(label == "<b>Bắc Ninh</b>" for label in order)


def test_default_comparison_period_is_the_one_with_most_provinces():
    at = run("kinh-phi")
    assert at.segmented_control(key="view_budget").value == "compare"
    picker = at.selectbox(key="period_budget_0")
    first = picker.options[0]
    counts = [int(o.split("·")[-1].split()[0]) for o in picker.options]
    assert counts[0] == max(counts) and picker.value == 0 and "tỉnh có số liệu" in first


# --- plans, empty selections, current provinces ----------------------------------------------------


def test_plans_appear_only_when_asked_and_are_labelled():
    without = run("dao-tao", p="P63-27", y="2017-2017")
    assert not without.get("plotly_chart")
    assert len(without.info) == 1 and "Không có số liệu cho lựa chọn này" in without.info[0].value
    with_plan = run("dao-tao", p="P63-27", y="2017-2017", plan="1")
    trainees = bars(charts(with_plan)[0])
    vocational = next(b for b in trainees if b["name"] == "Học viên đào tạo nghề, truyền nghề")
    assert vocational["value"] == 180 and "2017 · kế hoạch" in vocational["hover"]
    trace = next(t for t in charts(with_plan)[0]["data"] if t["name"] == "Học viên đào tạo nghề, truyền nghề")
    assert trace["marker"]["pattern"]["shape"] == ["/"]  # plans are hatched


def test_a_province_without_data_gives_one_clear_message():
    at = run("kinh-phi", p="P63-04")  # Cao Bằng: no figure in the sources
    assert not at.get("plotly_chart")
    assert len(at.info) == 1  # one line for the page, not one box per chart
    for title in ("Kinh phí KCQG và KCĐP", "Tỷ trọng KCQG", "Số đề án theo chương trình"):
        assert title in at.info[0].value


def test_current_provinces_put_bac_giang_under_bac_ninh_marked_partial():
    at = run("kinh-phi", geo="current", p="P34-24", y="2014-2020")
    totals = [b for b in bars(charts(at)[0]) if b["name"] == "Tổng kinh phí khuyến công"]
    total = next(b for b in totals if b["start"] == 2014)
    assert (total["geo"], total["start"], total["end"], total["value"]) == ("P34-24", 2014, 2020, 29_229.2)
    assert "Gồm số liệu của: Bắc Giang" in total["hover"]
    assert "chỉ gồm một phần các tỉnh cũ" in texts(at)


def test_thai_nguyen_2020_is_labelled_as_eight_months_and_more_than():
    at = run("kinh-phi", p="P63-19", y="2020-2020")
    total = next(b for b in bars(charts(at)[0]) if b["name"] == "Tổng kinh phí khuyến công")
    assert total["text"] == "hơn 6 tỷ đồng (8 tháng)"  # a partial year says so on the bar
    assert "2020 (8 tháng)" in total["hover"]


# --- every chart's notes ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "params"),
    [("kinh-phi", {}), ("san-pham", {"p": "P63-24", "y": "2016-2020"}), ("dao-tao", {"p": "P63-24"})],
)
def test_each_chart_has_at_most_one_note(page, params):
    at = run(page, **params)
    notes = [c.value for c in at.caption if "không được tính" in c.value or "không gộp" in c.value]
    assert len(notes) <= len(at.get("plotly_chart"))
    assert len(at.info) <= 1  # notes are captions; one box at most, for the charts with no data


# --- the province profile ----------------------------------------------------------------------------


def test_profile_lists_every_record_of_the_province(records):
    at = run("ho-so-tinh", p="P63-24")
    assert at.selectbox(key="profile_area").value == "P63-24"
    listed = [rid for frame in at.dataframe for rid in frame.value["Mã số liệu"]]
    expected = records.loc[records["geo_code"] == "P63-24", "record_id"]
    assert sorted(listed) == sorted(expected)  # plans and every year included, each once
    assert "tỉnh cũ (đến 30/6/2025); từ 1/7/2025 thuộc Bắc Ninh" in texts(at)


def test_profile_of_a_current_province_says_which_former_provinces(records):
    at = run("ho-so-tinh", geo="current", p="P34-24")
    tables = pd.concat([frame.value for frame in at.dataframe])
    expected = records[records["geo_code"].isin(["P63-24", "P63-27", "P34-24"])]
    assert sorted(tables["Mã số liệu"]) == sorted(expected["record_id"])
    assert set(tables["Từ tỉnh cũ"]) >= {"Bắc Giang", "Bắc Ninh"}


# --- language and links ----------------------------------------------------------------------------


def test_switching_language_changes_labels_and_number_format():
    at = run("kinh-phi", p="P63-27", y="2021-2021")
    at.segmented_control(key="lang").set_value("en").run()
    assert at.title[0].value == "Budget"
    assert at.subheader[0].value == "KCQG and KCĐP budget by area and period"
    spec = charts(at)[0]
    assert spec["layout"]["separators"] == ".,"
    assert bar_values(spec)["Total industrial-promotion budget"] == [6400]
    assert next(b["text"] for b in bars(spec) if b["name"] == "Total industrial-promotion budget") == (
        "6.4 billion VND"
    )
    assert at.multiselect(key="p").value == ["P63-27"]  # filters survive the switch


def test_query_parameters_round_trip():
    at = run("kinh-phi")
    at.multiselect(key="p").set_value(["P63-24"])
    at.slider(key="years").set_value((2014, 2020))
    at.radio(key="prog").set_value("kcqg")
    at.run()
    assert dict(at.query_params) == {"p": "P63-24", "y": "2014-2020", "prog": "kcqg"} or {
        k: at.query_params[k] for k in at.query_params
    } == {"p": ["P63-24"], "y": ["2014-2020"], "prog": ["kcqg"]}
    again = run("kinh-phi", p="P63-24", y="2014-2020", prog="kcqg")
    assert again.multiselect(key="p").value == ["P63-24"]
    assert again.slider(key="years").value == (2014, 2020)
    assert again.radio(key="prog").value == "kcqg"


def test_bad_link_parameters_are_corrected_with_a_notice():
    at = run("tong-quan", p="P63-99,<img src=x onerror=alert(1)>", y="2030-1990", lang="xx", geo="moon")
    assert at.multiselect(key="p").value == []
    assert at.slider(key="years").value == (2005, 2025)
    assert any("không hợp lệ" in w.value for w in at.warning)


# --- data and sources pages ------------------------------------------------------------------------


def test_data_page_lists_exactly_the_selection_and_exports_it(downloads, records):
    at = run("du-lieu", p="P63-27", y="2021-2021")
    table = at.dataframe[0].value
    expected = records[
        (records["geo_code"] == "P63-27")
        & (records["period_start"] == 2021)
        & (records["status"] == "actual")
    ]
    assert sorted(table["Mã số liệu"]) == sorted(expected["record_id"])
    data = downloads[at.download_button(key="download_records_csv").proto.url]
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert sorted(r["Mã số liệu"] for r in rows) == sorted(expected["record_id"])
    assert {r["Địa bàn"] for r in rows} == {"Bắc Ninh"}
    workbook = load_workbook(io.BytesIO(download(at, "download_records_xlsx", downloads)))
    assert workbook.sheetnames == ["Số liệu", "Nguồn", "Bộ lọc"]
    filters = {r[0]: r[1] for r in workbook["Bộ lọc"].iter_rows(min_row=2, values_only=True)}
    assert filters["Giai đoạn"] == "2021–2021" and "Bắc Ninh" in filters["Tỉnh, thành"]
    assert "Thời điểm xuất" in filters
    assert [r[0] for r in workbook["Nguồn"].iter_rows(min_row=2, values_only=True)] == ["R001"]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_sources_page_defines_every_kpi_in_the_pages_language(lang):
    at = run("nguon", lang=lang)
    table = at.dataframe[1].value
    column = "Định nghĩa" if lang == "vi" else "Definition"
    assert list(table[column]) == [k.describe(lang) for k in KPIS.values()]
    other = {k.describe("en" if lang == "vi" else "vi") for k in KPIS.values()}
    assert not set(table[column]) & other  # no definition of the other language
    categories = "Nhóm" if lang == "vi" else "Category"
    assert not set(table[categories]) & {k.category for k in KPIS.values()}  # words, not codes


def test_sources_page_lists_every_source_and_kpi():
    at = run("nguon")
    assert len(at.dataframe[0].value) == len(load_sources())
    assert len(at.dataframe[1].value) == len(KPIS)
    assert "Thiếu không phải là 0" in texts(at)
    assert len(at.get("plotly_chart")) == 1  # the coverage matrix


# --- a broken data file ----------------------------------------------------------------------------


def test_broken_data_shows_a_friendly_page_not_a_traceback(tmp_path, monkeypatch):
    broken = tmp_path / "data"
    shutil.copytree(ROOT / "data", broken, ignore=shutil.ignore_patterns("parquet"))
    path = broken / "records" / "reports.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",million_vnd,", ",tỷ,", 1), encoding="utf-8")
    monkeypatch.setenv("KC_DATA_DIR", str(broken))
    for page in PAGES:
        at = run(page)
        assert "Dữ liệu hiện có lỗi" in at.error[0].value
        assert "column unit: 'tỷ' is not a unit we know" in at.code[0].value


def test_coverage_matrix_keeps_former_and_current_provinces_apart():
    at = run("nguon", p="P63-27,P34-24")
    spec = charts(at)[0]
    assert sorted(spec["data"][0]["y"]) == ["Bắc Ninh", "Bắc Ninh (từ 7/2025)"]


# --- app.py itself and the navigation -----------------------------------------------------------


def test_app_py_is_the_overview_and_links_every_page_with_the_filters():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["p"] = "P63-27"
    at.query_params["lang"] = "en"
    at.run()
    assert not at.exception
    assert at.title[0].value == "Overview"
    links = at.get("page_link")
    assert [link.proto.label for link in links] == [
        "Overview", "Budget", "Training", "Products", "Data", "Sources & method", "Province profile"
    ]  # fmt: skip
    assert [link.proto.page for link in links][1:] == [
        "kinh-phi", "dao-tao", "san-pham", "du-lieu", "nguon", "ho-so-tinh"
    ]  # fmt: skip
    assert all(link.proto.query_string == "lang=en&p=P63-27" for link in links)


def test_every_page_of_the_navigation_is_served_at_its_url_path():
    from streamlit.source_util import page_icon_and_name

    from ui.nav import PAGES as NAV

    assert [page.script for page in NAV] == list(PAGE_FILES.values())
    for page in NAV[1:]:
        assert (ROOT / page.script).is_file()
        assert page_icon_and_name(ROOT / page.script)[1] == page.url_path  # the name Streamlit serves


def test_the_map_follows_the_geography_mode():
    former = charts(run("tong-quan"))[0]
    current = charts(run("tong-quan", geo="current"))[0]

    def provinces(spec: dict) -> set[str]:
        return {c for t in spec["data"] if t.get("meta") in ("value", "no_data") for c in t["customdata"]}

    assert len(provinces(former)) == 63 and all(c.startswith("P63") for c in provinces(former))
    assert len(provinces(current)) == 34 and all(c.startswith("P34") for c in provinces(current))


def test_the_map_shows_the_period_the_comparison_shows():
    at = run("tong-quan", p="P63-27")
    at.selectbox(key="compare_kpi").set_value("budget_total").run()
    chart = bars(charts(at)[0])
    assert {(b["start"], b["end"]) for b in chart} == {(2021, 2021)}  # a period Bắc Ninh has a figure for
    assert any(b["geo"] == "P63-27" for b in chart)
    assert "Bản đồ: Tổng kinh phí khuyến công, 2021" in texts(at)
    cards = {m.label: m.value for m in at.metric}
    assert cards["Thu nhập bình quân sau đào tạo (triệu đồng/người/tháng)"] == "5"  # R000, 2016


def test_the_excel_export_is_built_only_when_asked_for(monkeypatch, downloads):
    """The slowest thing of the data page is built on the click, not on every run (issue 15)."""
    import importlib

    page = importlib.import_module("kc_metrics")
    built = []
    original = page.to_xlsx_bytes
    monkeypatch.setattr(page, "to_xlsx_bytes", lambda sheets: built.append(1) or original(sheets))
    at = run("du-lieu", p="P63-27")
    at.run()
    assert built == []
    assert download(at, "download_records_xlsx", downloads).startswith(b"PK")
    assert built == [1]


def test_a_comparison_of_many_provinces_draws_the_largest_and_offers_the_rest(dataset):
    """More than TOP_BARS provinces: the largest are drawn (and the one picked), a switch shows all.
    The shipped data never has that many in one period, so the rows are SYNTHETIC copies of a real one."""
    from ui.blocks import TOP_BARS, _comparison

    result = kc_metrics.compute(
        dataset.records, kpis=["budget_total"], catalogue=dataset.kpis, geo_table=dataset.geography
    )
    template = result[result["geo_level"].eq("province")].iloc[[0]]
    codes = sorted(dataset.geography.loc[dataset.geography["map"].eq("63"), "geo_code"])[:40]
    rows = pd.concat(
        [template.assign(geo_code=code, geo_name=code, value=float(i + 1)) for i, code in enumerate(codes)],
        ignore_index=True,
    )
    picked = frozenset({codes[0]})  # the smallest value: drawn all the same
    part = _comparison(rows, ["budget_total"], "vi", picked, 0, False)
    drawn = set(part["shown"]["geo_code"])
    assert part["areas_total"] == 40 and part["areas_shown"] == TOP_BARS + 1
    assert drawn == set(codes[-TOP_BARS:]) | {codes[0]}
    everything = _comparison(rows, ["budget_total"], "vi", picked, 0, True)
    assert everything["areas_shown"] == 40
