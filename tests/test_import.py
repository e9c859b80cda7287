"""The curators' import (kc_metrics.template, intake, importer, cli): the template, every refusal, the
preview, the safe write, a repeated import, two imports at once, and the command line."""

from __future__ import annotations

import codecs
import csv
import io
import subprocess
import sys
import threading
import unicodedata
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from kc_metrics import compute, intake
from kc_metrics.importer import IMPORT_LOG, apply_import, import_lock, plan_import, target_stem
from kc_metrics.intake import read_upload
from kc_metrics.load import load_dataset
from kc_metrics.problem_words import message_vi, pattern_of, problem_text
from kc_metrics.selection import Selection
from kc_metrics.template import PROVINCES_SHEET, README_SHEET, build_template
from tests.import_helpers import TWO_ROWS, filled_template

ROOT = Path(__file__).resolve().parents[1]


def styles(dataset) -> dict[str, str]:
    return dict(zip(dataset.sources["source_id"], dataset.sources["number_style"], strict=True))


def upload_of(dataset, name: str, raw: bytes):
    return read_upload(name, raw, styles(dataset))


def messages(upload_or_plan) -> list[str]:
    return [str(p) for p in upload_or_plan.problems]


# --- the template -------------------------------------------------------------------------------------


def test_template_has_its_sheets_lists_and_example(dataset):
    book = load_workbook(io.BytesIO(build_template(dataset)))
    assert book.sheetnames == [README_SHEET, "records", "sources", PROVINCES_SHEET, "metrics", "lists"]
    records = book["records"]
    # Drop-downs on the coded columns, pointing at the reference lists.
    checked = {str(v.sqref).split(":")[0][:-1]: v.formula1 for v in records.data_validations.dataValidation}
    assert checked["C"].startswith("'lists'!$A$2")  # geo_code
    assert checked["I"].startswith("'lists'!$B$2")  # metric
    lists = book["lists"]
    provinces = [c.value for c in lists["A"][1:] if c.value]
    assert len([p for p in provinces if p.startswith("P63-")]) == 63
    assert len([p for p in provinces if p.startswith("P34-")]) == 34
    assert "P63-24 · Bắc Giang (63 tỉnh)" in provinces
    metrics = [c.value for c in lists["B"][1:] if c.value]
    assert len(metrics) == len(dataset.metrics)
    # The reference sheets carry the definitions and units a curator needs.
    metric_rows = {row[0]: row for row in book["metrics"].iter_rows(min_row=2, values_only=True)}
    assert metric_rows["budget"][3] == "million_vnd"
    assert metric_rows["budget"][6]  # the Vietnamese definition
    # Header comments explain each column in both languages.
    assert "triệu đồng" in records["J1"].comment.text and "million VND" in records["J1"].comment.text
    # The read-me's example row is a real record of the shipped data.
    readme = list(book[README_SHEET].iter_rows(values_only=True))
    header_at = next(i for i, row in enumerate(readme) if row[0] == "record_id")
    example = dict(zip(readme[header_at], readme[header_at + 1], strict=False))
    shipped = dataset.records.set_index("record_id").loc[example["record_id"]]
    assert example["value_as_written"] == shipped["value_as_written"]
    assert float(example["value"]) == shipped["value"]


def test_template_is_written_from_the_command_line(tmp_path):
    out = tmp_path / "mau.xlsx"
    done = subprocess.run(
        [sys.executable, "-m", "kc_metrics", "template", str(out)], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert load_workbook(out).sheetnames[1] == "records"


# --- a round trip: template, two rows, preview, write, the new figures in compute -------------------------


def test_template_round_trip_writes_two_records(dataset, data_copy):
    raw = filled_template(dataset, TWO_ROWS)
    upload = upload_of(dataset, "Số liệu Bắc Giang 2013.xlsx", raw)
    assert upload.problems == []
    plan = plan_import(upload, data_copy)
    assert messages(plan) == []
    assert (len(plan.new), len(plan.changed), len(plan.unchanged), len(plan.new_sources)) == (2, 0, 0, 1)
    assert plan.stem == "import-so-lieu-bac-giang-2013"

    result = apply_import(upload, data_copy, who="Cán bộ thử")
    assert result.written
    written = data_copy / "records" / "import-so-lieu-bac-giang-2013.csv"
    assert written.is_file() and (data_copy / "sources" / "import-so-lieu-bac-giang-2013.csv").is_file()
    # The new data validates and carries the figures: 1.234,5 triệu = 1234.5 million VND, and
    # "hơn 500 học viên" read from the written form (the value cell was left empty) as 500, more than.
    after = load_dataset(data_copy, write_cache=False)
    mine = after.records[after.records["source_id"].eq("W990")].set_index("metric")
    assert mine.loc["budget", "value"] == 1234.5 and mine.loc["budget", "unit"] == "million_vnd"
    assert mine.loc["trainees_vocational", "value"] == 500
    assert mine.loc["trainees_vocational", "qualifier"] == "more_than"
    assert set(mine["geo_code"]) == {"P63-24"}
    result_frame = compute(
        after.records,
        kpis=["budget_kcdp"],
        selection=Selection(areas=("P63-24",), years=(2013, 2013)),
        catalogue=after.kpis,
        geo_table=after.geography,
    )
    assert result_frame["value"].tolist() == [1234.5]
    # The audit log: who, the file, its SHA-256 and the counts.
    with open(data_copy / IMPORT_LOG, encoding="utf-8") as handle:
        log = list(csv.DictReader(handle))
    assert len(log) == 1
    assert log[0]["who"] == "Cán bộ thử" and log[0]["file_name"] == "Số liệu Bắc Giang 2013.xlsx"
    assert log[0]["sha256"] == upload.sha256 and len(upload.sha256) == 64
    assert (log[0]["new"], log[0]["changed"], log[0]["sources_added"]) == ("2", "0", "1")


def test_the_same_file_again_changes_nothing(dataset, data_copy):
    upload = upload_of(dataset, "lan-1.xlsx", filled_template(dataset, TWO_ROWS))
    assert apply_import(upload, data_copy, who="a").written
    before = {p: p.read_bytes() for p in data_copy.rglob("*.csv")}
    again = apply_import(upload, data_copy, who="a")
    assert not again.written and again.plan.problems == []
    assert len(again.plan.unchanged) == 2 and again.plan.new.empty
    assert {p: p.read_bytes() for p in data_copy.rglob("*.csv")} == before  # the log too
    # The same rows under another file name are already in: nothing new to write either.
    renamed = upload_of(dataset, "ban-sao.xlsx", filled_template(dataset, TWO_ROWS))
    assert plan_import(renamed, data_copy).writes_nothing


# --- the preview of a changed figure ------------------------------------------------------------------------


def test_preview_shows_a_changed_figure_old_and_new(dataset, data_copy):
    """A curator corrects a figure they imported earlier: the preview shows old and new side by side;
    the write replaces the row in the upload's own file and keeps the previous version."""
    first = upload_of(dataset, "bac-giang.xlsx", filled_template(dataset, TWO_ROWS))
    assert apply_import(first, data_copy, who="a").written
    corrected = [dict(TWO_ROWS[0], value=1334.5, value_as_written="1.334,5 triệu đồng"), TWO_ROWS[1]]
    second = upload_of(dataset, "bac-giang.xlsx", filled_template(dataset, corrected))
    plan = plan_import(second, data_copy)
    assert messages(plan) == []
    assert (len(plan.new), len(plan.changed), len(plan.unchanged)) == (0, 1, 1)
    change = plan.changed.iloc[0]
    assert (change["old_value"], change["new_value"]) == ("1234.5", "1334.5")
    assert (change["old_value_as_written"], change["new_value_as_written"]) == (
        "1.234,5 triệu đồng",
        "1.334,5 triệu đồng",
    )
    assert apply_import(second, data_copy, who="a").written
    after = load_dataset(data_copy, write_cache=False).records
    budget = after[after["source_id"].eq("W990") & after["metric"].eq("budget")]
    assert budget["value"].tolist() == [1334.5]  # replaced, not duplicated
    kept = list((data_copy / "import_history").glob("records-import-bac-giang.*.csv"))
    assert len(kept) == 1 and "1.234,5 triệu đồng" in kept[0].read_text(encoding="utf-8")


def test_correcting_a_curated_figure_supersedes_it_and_keeps_it(dataset, data_copy):
    """R003-01 is Bắc Giang's 2014-2020 budget from report R003 (29.229,2 triệu đồng). The same key with
    another value is shown as changed; the write adds a record that supersedes it, the old one is kept."""
    old = dataset.records.set_index("record_id").loc["R003-01"]
    row = {"source_id": "R003", "geo_code": "P63-24", "period_start": 2014, "period_end": 2020,
           "status": "actual", "program": "all", "metric": "budget", "value": 29300,
           "qualifier": "exact", "value_as_written": "29.300 triệu đồng",
           "note": "Test correction."}  # fmt: skip
    upload = upload_of(dataset, "sua.xlsx", filled_template(dataset, [row], sources=[]))
    plan = plan_import(upload, data_copy)
    assert messages(plan) == []
    assert plan.changed["old_record_id"].tolist() == ["R003-01"]
    assert plan.changed["old_value_as_written"].tolist() == [old["value_as_written"]]
    assert apply_import(upload, data_copy, who="a").written
    after = load_dataset(data_copy, write_cache=False).records.set_index("record_id")
    assert after.loc["R003-01", "value"] == 29229.2  # kept
    replacing = after[after["supersedes"].eq("R003-01")]
    assert replacing["value"].tolist() == [29300.0]


def test_a_figure_of_another_source_is_a_conflict_until_it_supersedes(dataset, data_copy):
    row = {"source_id": "W990", "geo_code": "P63-24", "period_start": 2014, "period_end": 2020,
           "status": "actual", "program": "all", "metric": "budget", "value": 29000,
           "qualifier": "exact", "value_as_written": "29.000 triệu đồng",
           "note": "Test conflict."}  # fmt: skip
    plan = plan_import(upload_of(dataset, "x.xlsx", filled_template(dataset, [row])), data_copy)
    assert plan.conflicts["other_record_id"].tolist() == ["R003-01"]
    assert any("R003-01" in m and "supersedes" in m and "row 2" in m for m in messages(plan))
    with_link = dict(row, supersedes="R003-01")
    plan = plan_import(upload_of(dataset, "x.xlsx", filled_template(dataset, [with_link])), data_copy)
    assert messages(plan) == [] and len(plan.new) == 1


# --- refusals ----------------------------------------------------------------------------------------------


def zip_of(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "raw", "expected"),
    [
        ("trong.xlsx", b"", "the uploaded file is empty"),
        ("lon.csv", b"a" * (intake.MAX_UPLOAD_BYTES + 1), "more than the 5 MB an upload may be"),
        ("bao-cao.pdf", b"%PDF-1.7 ...", "neither an Excel workbook (.xlsx) nor a CSV file"),
        ("macro.xlsm", zip_of({"xl/workbook.xml": b"<x/>"}), "macro-enabled workbooks are refused"),
        (
            "an-macro.xlsx",
            zip_of({"xl/workbook.xml": b"<x/>", "xl/vbaProject.bin": b"\0" * 10}),
            "the workbook contains macros",
        ),
        ("cu.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "old Excel format (.xls)"),
        (
            "bom.xlsx",
            zip_of({"xl/workbook.xml": b"<x/>", "xl/worksheets/sheet1.xml": b"\0" * (60 * 2**20)}),
            "would expand to 60 MB",
        ),
        (
            "nhieu-phan.xlsx",
            zip_of(
                {"xl/workbook.xml": b"<x/>", **{f"x/{i}.xml": b"1" for i in range(intake.MAX_ZIP_ENTRIES)}}
            ),
            f"more than {intake.MAX_ZIP_ENTRIES}",
        ),
        ("zip-khac.xlsx", zip_of({"readme.txt": b"hello"}), "a zip archive but not an Excel workbook"),
        ("hong.xlsx", b"PK\x03\x04 broken", "damaged or is not an Excel workbook"),
        ("nhi-phan.csv", b"source_id,geo_code\n\0\0\x01\x02", "binary data"),
        ("latin.csv", "source_id,note\nW1,café crème\n".encode("latin-1"), "'CSV UTF-8 (Comma delimited)'"),
    ],
)
def test_refused_files_say_why_and_nothing_is_read(name, raw, expected, dataset, data_copy):
    upload = read_upload(name, raw)
    assert len(upload.problems) == 1 and expected in upload.problems[0].message, messages(upload)
    assert upload.records.empty
    plan = plan_import(upload, data_copy)
    assert messages(plan) == messages(upload) and plan.writes_nothing
    # Each refusal reads in Vietnamese too.
    assert pattern_of(upload.problems[0].message) is not None
    assert message_vi(upload.problems[0].message) != upload.problems[0].message


def test_zip_bomb_is_refused_from_its_directory_before_anything_is_inflated(monkeypatch):
    bomb = zip_of({"xl/workbook.xml": b"<x/>", "xl/big.xml": b"\0" * (60 * 2**20)})
    assert len(bomb) < 200_000  # 60 MB of zeros compress to next to nothing
    opened: list[str] = []
    original = zipfile.ZipFile.open

    def spy(self, name, *args, **kwargs):
        opened.append(str(getattr(name, "filename", name)))
        return original(self, name, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", spy)
    upload = read_upload("bom.xlsx", bomb)
    assert "would expand to 60 MB" in upload.problems[0].message
    assert opened == []  # refused from the directory's sizes alone


def test_formula_without_a_saved_result_is_refused(dataset):
    rows = [dict(TWO_ROWS[0], value="=1000+234.5")]
    upload = upload_of(dataset, "cong-thuc.xlsx", filled_template(dataset, rows))
    found = [p for p in upload.problems if "formula" in p.message]
    assert len(found) == 1
    assert (found[0].file, found[0].row, found[0].column) == ("cong-thuc.xlsx › records", 2, "value")
    assert "=1000+234.5" in found[0].message


def test_more_rows_than_the_limit_are_refused(dataset, monkeypatch):
    monkeypatch.setattr(intake, "MAX_ROWS", 3)
    rows = [dict(TWO_ROWS[0], period_start=2010 + i, period_end=2010 + i) for i in range(4)]
    upload = upload_of(dataset, "nhieu.xlsx", filled_template(dataset, rows))
    assert any("more than 3 rows" in m for m in messages(upload))
    assert upload.records.empty


def csv_of(rows: list[dict[str, object]]) -> str:
    out = io.StringIO()
    columns = ["source_id", "geo_code", "period_start", "period_end", "months", "status", "program", "metric",
               "value", "qualifier", "value_as_written", "note"]  # fmt: skip
    writer = csv.DictWriter(out, columns, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: row.get(c, "") for c in columns})
    return out.getvalue()


CSV_ROWS = [dict(TWO_ROWS[0], source_id="R003", geo_code="P63-24", metric="budget", period_start=2012,
                 period_end=2012, value="1.234,5", note="Test: Kinh phí địa phương của tỉnh.")]  # fmt: skip


def windows_1258(text: str) -> bytes:
    """Vietnamese as Windows-1258 writes it: base letters with their hats and horns precomposed (â, ơ),
    tone marks as combining characters after them."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = []
    for char in unicodedata.normalize("NFC", text):
        try:
            out.append(char.encode("cp1258"))
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
            out.append((base + "".join(c for c in parts if c in tones)).encode("cp1258"))
    return b"".join(out)


@pytest.mark.parametrize(
    "encode",
    [
        lambda s: s.encode("utf-8"),
        lambda s: codecs.BOM_UTF8 + s.encode("utf-8"),
        lambda s: s.encode("utf-16"),  # with its BOM, as Excel's "Unicode text" writes it
        lambda s: s.encode("utf-16-le"),  # without a BOM
        windows_1258,
    ],
    ids=["utf-8", "utf-8-bom", "utf-16", "utf-16-le-no-bom", "windows-1258"],
)
def test_csv_encodings_are_read(encode, dataset):
    raw = encode(csv_of(CSV_ROWS))
    upload = upload_of(dataset, "tinh.csv", raw)
    assert upload.problems == []
    assert upload.records["note"].tolist() == ["Test: Kinh phí địa phương của tỉnh."]  # NFC, whatever came in
    assert upload.records["value"].tolist() == ["1234.5"]  # "1.234,5" in the Vietnamese style


def test_every_bad_row_is_listed_at_once_with_sheet_row_and_column(dataset, data_copy):
    rows = [
        dict(TWO_ROWS[0], geo_code="P63-99"),  # row 2: no such province
        dict(TWO_ROWS[0], geo_code="P34-24", period_start=2019, period_end=2019),  # row 3: 34-map in 2019
        dict(TWO_ROWS[0], geo_code="P63-24", period_start=2026, period_end=2026),  # row 4: 63-map in 2026
        dict(TWO_ROWS[0], metric="kinh_phi_khac"),  # row 5: not in the catalogue
        dict(TWO_ROWS[0], value="1.2.3,4,5"),  # row 6: not a number
        dict(TWO_ROWS[0], value="12,3,4", period_start=2011, period_end=2011),  # row 7: not a number
    ]
    upload = upload_of(dataset, "loi.xlsx", filled_template(dataset, rows))
    plan = plan_import(upload, data_copy)
    where = {(p.row, p.column) for p in plan.problems if p.file == "loi.xlsx › records"}
    assert (2, "geo_code") in where
    assert (3, "geo_code") in where and (4, "geo_code") in where
    assert (5, "metric") in where
    assert (6, "value") in where and (7, "value") in where
    text = "\n".join(messages(plan))
    assert "'P63-99' is not a known geography code" in text
    assert "63-province map, which ended in 2025" in text and "34-province map, which began in 2025" in text
    assert "'kinh_phi_khac' is not a known metric" in text
    assert "'1.2.3,4,5' is not a number" in text
    assert plan.writes_nothing
    assert apply_import(upload, data_copy, who="a").written is False
    assert not (data_copy / "records" / f"{target_stem('loi.xlsx')}.csv").exists()
    assert not (data_copy / IMPORT_LOG).exists()
    # In Vietnamese, with the same place named.
    vietnamese = [problem_text(p, "vi") for p in plan.problems]
    assert any(v.startswith("loi.xlsx › records, dòng 5, cột metric:") for v in vietnamese)
    assert any("không phải là một số" in v for v in vietnamese)


def test_a_date_typed_into_a_text_column_is_named(dataset):
    import datetime as dt

    rows = [dict(TWO_ROWS[0], as_of=dt.datetime(2020, 8, 1), note=dt.datetime(2020, 1, 2))]
    upload = upload_of(dataset, "ngay.xlsx", filled_template(dataset, rows))
    assert upload.records["as_of"].tolist() == ["2020-08"]  # a stock's date Excel made a date: read back
    assert [(p.row, p.column) for p in upload.problems] == [(2, "note")]


def test_a_workbook_without_the_records_sheet_is_refused():
    book = Workbook()
    book.active.title = "Sheet1"
    out = io.BytesIO()
    book.save(out)
    upload = read_upload("khac.xlsx", out.getvalue())
    assert "no sheet named 'records'" in upload.problems[0].message


# --- two curators at once ---------------------------------------------------------------------------------


def test_two_imports_at_the_same_moment_lose_nothing(dataset, data_copy):
    """Two curators confirm at once, into the same file name: the lock makes one wait, and the second
    plans again from what the first wrote, so both sets of rows are in the file."""
    rows_a = [dict(TWO_ROWS[0], period_start=2011, period_end=2011)]
    rows_b = [dict(TWO_ROWS[0], period_start=2012, period_end=2012)]
    uploads = [upload_of(dataset, "so-lieu.xlsx", filled_template(dataset, r)) for r in (rows_a, rows_b)]
    start = threading.Barrier(2)
    results = []

    def confirm(upload):
        start.wait()
        results.append(apply_import(upload, data_copy, who="curator"))

    threads = [threading.Thread(target=confirm, args=(u,)) for u in uploads]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert [r.written for r in results] == [True, True]
    after = load_dataset(data_copy, write_cache=False).records
    assert sorted(after.loc[after["source_id"].eq("W990"), "period_start"]) == [2011, 2012]
    with open(data_copy / IMPORT_LOG, encoding="utf-8") as handle:
        assert len(list(csv.DictReader(handle))) == 2


def test_the_lock_makes_a_second_import_wait(data_copy):
    with (
        import_lock(data_copy),
        pytest.raises(TimeoutError, match="another import"),
        import_lock(data_copy, timeout_s=0.2),
    ):
        pass
    with import_lock(data_copy, timeout_s=0.2):  # free again
        pass


# --- the command line --------------------------------------------------------------------------------------


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kc_metrics", *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def test_cli_dry_run_prints_the_preview_and_writes_nothing(dataset, data_copy, tmp_path):
    good = tmp_path / "tot.xlsx"
    good.write_bytes(filled_template(dataset, TWO_ROWS))
    done = run_cli("import", str(good), "--dry-run", "--data", str(data_copy))
    assert done.returncode == 0, done.stdout
    assert "2 new, 0 changed, 0 unchanged" in done.stdout and "nothing written" in done.stdout
    assert not (data_copy / "records" / "import-tot.csv").exists()

    done = run_cli("import", str(good), "--data", str(data_copy), "--who", "cli test")
    assert done.returncode == 0, done.stdout
    assert (data_copy / "records" / "import-tot.csv").is_file()
    assert "cli test" in (data_copy / IMPORT_LOG).read_text(encoding="utf-8")


def test_cli_lists_every_problem_and_exits_1(dataset, data_copy, tmp_path):
    bad = tmp_path / "sai.xlsx"
    bad.write_bytes(
        filled_template(dataset, [dict(TWO_ROWS[0], geo_code="P63-99"), dict(TWO_ROWS[1], metric="x")])
    )
    done = run_cli("import", str(bad), "--dry-run", "--data", str(data_copy))
    assert done.returncode == 1
    problems = [line for line in done.stdout.splitlines() if line.startswith("PROBLEM")]
    assert any("row 2, column geo_code" in p for p in problems)
    assert any("row 3, column metric" in p for p in problems)
    done = run_cli("import", str(bad), "--data", str(data_copy))
    assert done.returncode == 1 and not (data_copy / "records" / "import-sai.csv").exists()


def test_check_data_still_runs_as_before():
    done = run_cli()
    assert done.returncode == 0 and done.stdout.strip().endswith("records"), done.stdout


def test_a_number_cell_with_three_decimals_is_not_read_as_thousands(dataset):
    """0,125 typed as a number in Excel stays 0.125 (the text "0.125" would read as 125 in the vi style)."""
    rows = [dict(TWO_ROWS[0], metric="budget", value=1234.125, value_as_written="1.234,125 triệu đồng")]
    upload = upload_of(dataset, "so.xlsx", filled_template(dataset, rows))
    assert upload.problems == [] and upload.records["value"].tolist() == ["1234.125"]
