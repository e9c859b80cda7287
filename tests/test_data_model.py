"""What the data says beyond a number: estimates, stocks at a date, figures the curator computed, what a
figure covers, where its period or programme comes from, and no record hiding another. The records
named here were checked against their sources by hand (see data/curation_log.md)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from kc_metrics import Selection, compute, format_value, load_dataset, validate
from kc_metrics.pick import best_figure
from tests.apptest_helpers import bars, charts, run, texts

RECORDS = Path("records") / "supplementary.csv"
pytestmark = pytest.mark.usefixtures("fresh_cache")


def record(records, record_id: str):
    return records.set_index("record_id").loc[record_id]


def add_rows(data_copy: Path, rows: list[dict[str, str]]) -> None:
    """Append records to the copy's supplementary file (columns as its header has them)."""
    path = data_copy / RECORDS
    with path.open(encoding="utf-8") as f:
        header = next(csv.reader(f))
    with path.open("a", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, header, lineterminator="\n")
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in header})


def row_of(data_copy: Path, record_id: str) -> dict[str, str]:
    with (data_copy / RECORDS).open(encoding="utf-8") as f:
        return next(r for r in csv.DictReader(f) if r["record_id"] == record_id)


def line_of(data_copy: Path, record_id: str) -> int:
    lines = (data_copy / RECORDS).read_text(encoding="utf-8").splitlines()
    return 1 + next(i for i, line in enumerate(lines) if line.startswith(record_id + ","))


def replace_in_row(data_copy: Path, record_id: str, column: str, value: str) -> None:
    path = data_copy / RECORDS
    with path.open(encoding="utf-8") as f:
        reader = csv.DictReader(f)
        header, rows = reader.fieldnames, list(reader)
    for row in rows:
        if row["record_id"] == record_id:
            row[column] = value
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


# --- 1. a wrong period ----------------------------------------------------------------------------


def test_the_six_more_craft_villages_are_counted_from_2010(records):
    # R003: 39 recognised craft villages, 6 more than in 2010: the change runs 2010–2020.
    row = record(records, "R003-29")
    assert (row["period_start"], row["period_end"], row["value"]) == (2010, 2020, 6)


# --- 2. estimates ---------------------------------------------------------------------------------


def test_estimates_are_marked(records):
    marked = set(records.loc[records["estimate"], "record_id"])
    # F122-a: 73,7 tỷ đồng for nine months of 2022, "ước thực hiện"; F139-a: a 2018 total "dự kiến"
    assert {"F122-a", "F139-a", "F180-a"} <= marked
    assert "R003-01" not in marked and not record(records, "R001-01")["estimate"]


def test_an_estimate_travels_into_sums_ratios_and_words(records, dataset):
    northern = compute(records, kpis=["budget_total"], provinces=["REG-N"], years=(2022, 2022))
    assert northern["estimate"].tolist() == [True]
    row = northern.iloc[0]
    text = format_value(row["value"], "million_vnd", "vi", row["qualifier"], 9, bool(row["estimate"]))
    assert text == "ước 73,7 tỷ đồng (9 tháng)"
    assert format_value(73_700, "million_vnd", "en", estimate=True) == "est. 73.7 billion VND"
    # Quảng Ninh 2018 plan: KCQG 800 + KCĐP 2.000 triệu, both parts of an estimated total
    share = compute(records, kpis=["kcqg_share"], provinces=["P63-22"], years=(2018, 2018), status=("plan",))
    assert share["value"].tolist() == [pytest.approx(800 / 2_800 * 100)]
    assert share["estimate"].tolist() == [True]  # a ratio of estimates is an estimate


def test_a_result_curated_later_replaces_the_estimate(data_copy, records):
    # the nine months' result, curated later: the same figure, without the estimate mark
    result = {**row_of(data_copy, "F122-a"), "record_id": "T-1", "value": "75000",
              "value_as_written": "75 tỷ đồng", "estimate": ""}  # fmt: skip
    add_rows(data_copy, [result])
    _, problems = validate.read_dataset(data_copy)
    clash = [p for p in problems if "T-1" in p.message]
    assert clash and "F122-a" in clash[0].message  # the same figure twice, both rows named
    assert clash[0].row == line_of(data_copy, "T-1")

    replace_in_row(data_copy, "T-1", "supersedes", "F122-a")
    assert validate.read_dataset(data_copy)[1] == []
    data = load_dataset(data_copy, write_cache=False)
    northern = compute(data.records, kpis=["budget_total"], provinces=["REG-N"], years=(2022, 2022))
    assert northern["value"].tolist() == [75_000] and northern["estimate"].tolist() == [False]
    assert northern["record_ids"].tolist() == ["T-1"]


# --- 3. stocks at a date ----------------------------------------------------------------------------


def test_both_national_ocop_stocks_are_kept_with_their_dates(records, dataset):
    assert record(records, "F011-a")["as_of"] == "2024-04"  # 12.075 at the end of April 2024
    assert record(records, "F013-a")["as_of"] == "2024-12"  # 14.642 at the end of 2024
    stocks = compute(records, kpis=["ocop_total"], provinces=["VN"], years=(2018, 2024))
    in_2024 = stocks[stocks["period_end"] == 2024].sort_values("as_of")
    assert in_2024[["as_of", "value"]].values.tolist() == [["2024-04", 12_075], ["2024-12", 14_642]]
    assert best_figure(stocks, "ocop_total", (2018, 2024))["value"] == 14_642  # the latest is current


def test_a_second_record_of_the_same_figure_is_refused_unless_it_supersedes(data_copy):
    replace_in_row(data_copy, "F011-a", "as_of", "")
    replace_in_row(data_copy, "F013-a", "as_of", "")
    _, problems = validate.read_dataset(data_copy)
    found = [p for p in problems if "F013-a" in p.message or "F011-a" in p.message]
    assert len(found) == 1
    assert found[0].file == "supplementary.csv" or found[0].file.endswith("supplementary.csv")
    assert found[0].row == line_of(data_copy, "F013-a") and found[0].column == "as_of"
    assert "F011-a" in found[0].message and f"row {line_of(data_copy, 'F011-a')}" in found[0].message
    replace_in_row(data_copy, "F013-a", "supersedes", "F011-a")
    assert validate.read_dataset(data_copy)[1] == []


def test_the_data_page_lists_superseded_figures_when_asked(data_copy, monkeypatch):
    replace_in_row(data_copy, "F011-a", "as_of", "")
    replace_in_row(data_copy, "F013-a", "as_of", "")
    replace_in_row(data_copy, "F013-a", "supersedes", "F011-a")
    monkeypatch.setenv("KC_DATA_DIR", str(data_copy))
    at = run("du-lieu", p="VN")
    assert "F011-a" not in set(at.dataframe[0].value["Mã số liệu"])
    at.toggle(key="show_superseded").set_value(True).run()
    table = at.dataframe[0].value.set_index("Mã số liệu")
    assert table.loc["F011-a", "Được thay bằng"] == "F013-a"


# --- 4. figures the curator computed ----------------------------------------------------------------


def test_a_computed_figure_is_not_presented_as_a_quote(records):
    row = record(records, "F125-d")
    assert row["value_as_written"] == "" and row["computed_from"] == "F125-a;F125-b;F125-c"
    assert row["formula"] == "F125-a − F125-b − F125-c"
    parts = [record(records, i)["value"] for i in ("F125-a", "F125-b", "F125-c")]
    assert row["value"] == parts[0] - parts[1] - parts[2] == 180  # 235 − 1 − 54


def test_a_computed_figure_written_as_a_quote_is_refused(data_copy):
    replace_in_row(data_copy, "F125-d", "value_as_written", "180")
    _, problems = validate.read_dataset(data_copy)
    found = [(p.row, p.column) for p in problems]
    assert found == [(line_of(data_copy, "F125-d"), "value_as_written")]
    assert "computed" in problems[0].message


# --- 5. what a figure covers ------------------------------------------------------------------------


def test_bac_giang_disagreement_names_what_each_figure_covers():
    at = run("tong-quan", p="P63-24", y="2014-2020")
    said = texts(at)
    assert "R003 ghi 220 (2014–2020) (phạm vi: đề án run by the provincial centre" in said
    assert "W042 ghi 297 (2016–2020) (phạm vi: all levels" in said


# --- 6. context and programme decisions -------------------------------------------------------------


def test_context_is_noted_and_r000_05_is_national(records):
    assert record(records, "R000-05")["program"] == "kcqg"  # put to the Ministry: a KCQG đề án
    assert "Context (period)" in record(records, "F001-a")["note"]
    log = (Path(__file__).resolve().parents[1] / "data" / "curation_log.md").read_text(encoding="utf-8")
    for decision in ("R000-05", "R003-29", "F122-a", "F011-a", "F125-d", "F042-a", "F170-b"):
        assert decision in log


# --- the dashboard, in both languages ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "estimate", "as_of", "computed"),
    [("vi", "ước 73,7 tỷ đồng", "2018–2024, đến 12/2024", "Số tính toán"),
     ("en", "est. 73.7 billion VND", "2018–2024, as of 12/2024", "Computed")],
)  # fmt: skip
def test_the_dashboard_labels_estimates_dates_and_computed_figures(lang, estimate, as_of, computed):
    budget = run("kinh-phi", p="REG-N", y="2022-2022", lang=lang)
    total = next(b for b in bars(charts(budget)[0]) if b["value"] == 73_700)
    assert total["text"].startswith(estimate)
    ocop = run("tong-quan", lang=lang)
    assert as_of in texts(ocop)
    profile = run("ho-so-tinh", p="P63-25", lang=lang)  # Phú Thọ: F125-d
    hovers = " ".join(
        t["hovertext"][0] for spec in charts(profile) for t in spec["data"] if t.get("hovertext")
    )
    assert f"{computed}" in hovers and "F125-a − F125-b − F125-c" in hovers


def test_selection_is_unchanged_by_the_new_columns(records, dataset):
    # compute() with a Selection reads the same figures as with the separate arguments
    a = compute(records, selection=Selection(areas=("P63-24",), years=(2014, 2020)))
    b = compute(records, provinces=["P63-24"], years=(2014, 2020))
    assert a.equals(b)


def test_two_dates_of_one_stock_are_a_series_not_a_disagreement():
    at = run("tong-quan")
    assert "W011 ghi 12.075" not in texts(at)  # April and December 2024 stocks: both right


def test_scope_notes_show_in_english_too():
    at = run("tong-quan", p="P63-24", y="2014-2020", lang="en")
    said = texts(at)
    assert "R003 gives 220 (2014–2020) (scope: đề án run by the provincial centre" in said
    assert "W042 gives 297 (2016–2020) (scope: all levels" in said
