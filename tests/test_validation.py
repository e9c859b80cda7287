"""Damaged copies of the data: each gives a clear problem naming file, row and column, none crashes,
and a damaged CSV never replaces the last good Parquet copy."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from kc_metrics.load import load_dataset
from kc_metrics.validate import DataError, main, read_dataset

RECORDS = Path("records") / "reports.csv"


def rows_of(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def write_rows(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def edit_record(data: Path, which: str, **changes) -> int:
    """Change one record's cells; returns its row number as a spreadsheet shows it (header = 1)."""
    path = data / RECORDS
    rows = rows_of(path)
    index = next(i for i, r in enumerate(rows) if r["record_id"] == which)
    rows[index].update(changes)
    write_rows(path, rows)
    return index + 2


def problems_of(data: Path) -> list[str]:
    _, problems = read_dataset(data)
    return [str(p) for p in problems]


@pytest.mark.parametrize(
    ("changes", "column", "message"),
    [
        ({"unit": "tỷ đồng"}, "unit", "'tỷ đồng' is not a unit we know"),
        ({"unit": "people"}, "unit", "metric 'budget' is measured in million_vnd, not people"),
        ({"value": "-2600"}, "value", "-2600 is negative"),
        ({"geo_code": "P63-99"}, "geo_code", "'P63-99' is not a known geography code"),
        ({"value": "2,6"}, "value", "'2,6' is not a number"),
        ({"value_as_written": "2.6.0 tỷ đồng"}, "value_as_written", "does not read as a number"),
        (
            {"value_as_written": "2,7 tỷ đồng"},
            "value",
            "2600 does not match the written figure '2,7 tỷ đồng'",
        ),
        ({"value_as_written": "2,6"}, "value_as_written", "names no money unit"),
        ({"qualifier": "more_than"}, "qualifier", "'more_than' does not match the written figure"),
        ({"metric": "budget_total"}, "metric", "'budget_total' is not a known metric"),
        ({"status": "target"}, "status", "'target' is not a known status"),
        ({"program": "kcđp"}, "program", "'kcđp' is not a known programme"),
        ({"source_id": "R999"}, "source_id", "'R999' is not a known source"),
        ({"period_start": "1999", "period_end": "2016"}, "period_start", "year 1999 is outside 2000–2030"),
        ({"period_end": "20l6"}, "period_end", "'20l6' is not a year"),
        ({"period_start": "2017"}, "period_start", "the period starts in 2017, after it ends"),
        ({"months": "13"}, "months", "'13' is not a number of months 1–12"),
    ],
)
def test_bad_cell_is_named_by_row_and_column(data_copy, changes, column, message):
    row = edit_record(data_copy, "R000-01", **changes)
    found = problems_of(data_copy)
    expected = f"data/records/reports.csv, row {row}, column {column}: "
    assert any(p.startswith(expected) and message in p for p in found), found


def test_record_id_used_twice(data_copy):
    row = edit_record(data_copy, "R000-03", record_id="R000-02")
    assert (
        f"data/records/reports.csv, row {row}, column record_id: record id 'R000-02' is used twice "
        "(first in row 3)" in problems_of(data_copy)
    )


def test_months_only_for_a_single_year(data_copy):
    row = edit_record(data_copy, "R003-01", months="8")
    assert any(
        f"row {row}, column months: months covered apply to a single year" in p
        for p in problems_of(data_copy)
    )


def test_duplicate_figure_is_reported_with_the_first_row(data_copy):
    path = data_copy / RECORDS
    rows = rows_of(path)
    first = next(i for i, r in enumerate(rows) if r["record_id"] == "R001-01")
    copy = dict(rows[first], record_id="R001-99")
    rows.append(copy)
    write_rows(path, rows)
    found = problems_of(data_copy)
    assert any(
        f"row {len(rows) + 1}, column metric: the same figure" in p and f"already in row {first + 2}" in p
        for p in found
    ), found


def test_duplicate_across_files_names_both(data_copy):
    rows = rows_of(data_copy / RECORDS)
    write_rows(data_copy / "records" / "extra.csv", [dict(rows[0], record_id="X-1")])
    found = problems_of(data_copy)
    assert any(p.startswith("data/records/extra.csv, row 2") or "extra.csv, row 2" in p for p in found), found
    assert any("already in" in p and "reports.csv, row 2" in p for p in found), found


def test_all_problems_are_collected_at_once(data_copy):
    edit_record(data_copy, "R000-01", unit="tỷ")
    edit_record(data_copy, "R003-02", value="-220")
    edit_record(data_copy, "R004-01", geo_code="Thái Nguyên")
    assert len(problems_of(data_copy)) >= 3


def test_windows_1258_file_is_refused_in_words(data_copy):
    path = data_copy / RECORDS
    text = path.read_text(encoding="utf-8")
    path.write_bytes(text.encode("cp1258", errors="replace"))
    found = problems_of(data_copy)
    assert any("data/records/reports.csv" in p and "not UTF-8 text" in p and "row" in p for p in found), found


def test_utf16_file_is_refused_in_words(data_copy):
    path = data_copy / RECORDS
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    assert any("reports.csv: the file is UTF-16" in p for p in problems_of(data_copy))


def test_bom_and_nfd_text_are_accepted_as_the_same_data(data_copy, dataset):
    import unicodedata

    path = data_copy / RECORDS
    text = unicodedata.normalize("NFD", path.read_text(encoding="utf-8"))
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert problems_of(data_copy) == []
    loaded = load_dataset(data_copy, write_cache=False).records
    assert loaded.loc[loaded["record_id"] == "R003-01", "value_as_written"].item() == "29.229,2 triệu đồng"


def test_truncated_file_names_the_short_row(data_copy):
    path = data_copy / RECORDS
    text = path.read_text(encoding="utf-8")
    cut = text[: text.index("R003-05")] + "R003-05,R003,P63-24,2014"
    path.write_text(cut, encoding="utf-8")
    row = cut.count("\n") + 1
    assert any(f"row {row}: the row has 4 cells but the header has 20" in p for p in problems_of(data_copy))


def test_renamed_column_is_named(data_copy):
    path = data_copy / RECORDS
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("value_as_written", "as_written", 1), encoding="utf-8")
    found = problems_of(data_copy)
    assert (
        "data/records/reports.csv, row 1, column value_as_written: the header has no column "
        "'value_as_written'" in found
    )
    assert any("'as_written' is not a column of this file" in p for p in found)


def test_empty_and_missing_files(data_copy):
    (data_copy / RECORDS).write_text("", encoding="utf-8")
    (data_copy / "metrics.csv").unlink()
    found = problems_of(data_copy)
    assert "data/records/reports.csv: the file is empty; it needs at least the header row" in found
    assert "data/metrics.csv: the file is missing" in found


def test_line_break_inside_a_cell_is_refused(data_copy):
    row = edit_record(data_copy, "R003-01", note="first line\nsecond line")
    assert any(f"row {row}: a cell holds a line break" in p for p in problems_of(data_copy))


def test_load_raises_data_error_listing_everything(data_copy):
    edit_record(data_copy, "R000-01", unit="tỷ")
    with pytest.raises(DataError, match=r"1 problem\(s\) in the data:\n- data/records/reports.csv, row 2"):
        load_dataset(data_copy)


def test_a_failed_rebuild_keeps_the_last_good_copy(data_copy):
    good = load_dataset(data_copy).records
    parquet = data_copy / "parquet" / "records.parquet"
    before = parquet.read_bytes()
    edit_record(data_copy, "R000-01", value="-1")
    with pytest.raises(DataError):
        load_dataset(data_copy)
    assert parquet.read_bytes() == before
    assert len(good) > 0
    assert not [p for p in parquet.parent.iterdir() if p.name.startswith(".")]  # no temporary left


def test_a_damaged_parquet_copy_is_rebuilt(data_copy):
    load_dataset(data_copy)
    (data_copy / "parquet" / "records.parquet").write_bytes(b"PAR1 truncated")
    records = load_dataset(data_copy).records
    assert "R003-01" in set(records["record_id"])


def test_command_line_prints_problems_and_exit_code(data_copy, capsys):
    assert main([str(data_copy)]) == 0
    edit_record(data_copy, "R000-01", unit="tỷ")
    assert main([str(data_copy)]) == 1
    out = capsys.readouterr().out
    assert "column unit: 'tỷ' is not a unit we know" in out and "1 problem(s)" in out
