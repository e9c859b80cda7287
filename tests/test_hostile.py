"""Hostile and broken inputs: the dashboard stays up, says what is wrong, and leaks nothing."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import tomllib
from pathlib import Path

import pytest
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from kc_metrics import load_dataset, validate
from kc_metrics.load import load_dataset_or_last_good
from tests.apptest_helpers import PAGE_FILES, ROOT, download, run

SCRIPT = "<img src=x onerror=alert(1)>"
LINK = "[click](http://evil.example/x.png)"
FORMULA = '=HYPERLINK("http://evil.example","x")'


pytestmark = pytest.mark.usefixtures("fresh_cache")


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def hostile_data(tmp_path, monkeypatch) -> Path:
    """A valid dataset whose texts carry script, markdown links and spreadsheet formulas."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns("parquet", "*.md"))
    sources = data / "sources" / "reports.csv"
    replace_in(sources, '"Khuyến công Bắc Ninh năm 2021: đồng hành cùng cơ sở CNNT qua dịch Covid-19"',
               f'"{SCRIPT} {LINK}"')  # fmt: skip
    replace_in(sources, ",Not named in the copy held,Pvi,", ",@SUM(1+1)*cmd|' /C calc'!A0,Pvi,")
    replace_in(
        data / "geography.csv",
        "P63-27,province,63,Bắc Ninh,Bắc Ninh,",
        f"P63-27,province,63,Bắc Ninh {SCRIPT},Bắc Ninh,",
    )
    replace_in(data / "records" / "reports.csv", "Total KCQG money approved for Bắc Ninh in 2021.",
               FORMULA.replace('"', '""').join(['"', '"']))  # fmt: skip
    assert validate.read_dataset(data)[1] == []  # hostile text is still valid data
    monkeypatch.setenv("KC_DATA_DIR", str(data))
    return data


def rendered_markdown(at: AppTest) -> list[str]:
    """Every string Streamlit will render as markdown on the page."""
    out = []
    for kind in ("markdown", "caption", "info", "warning", "error", "subheader", "title", "header"):
        out += [str(e.value) for e in at.get(kind)]
    out += [str(m.label) for m in at.metric]
    for expander in at.expander:
        out.append(str(expander.label))
    return out


UNESCAPED_TAG = re.compile(r"(?<!\\)<img")
UNESCAPED_LINK = re.compile(r"(?<!\\)\[click(?<!\\)\]\((?!\\)")


@pytest.mark.parametrize("page", list(PAGE_FILES))
def test_hostile_text_renders_as_text_on_every_page(hostile_data, page):
    at = run(page, p="P63-27", y="2014-2021")
    for text in rendered_markdown(at):
        assert not UNESCAPED_TAG.search(text), text
        assert not UNESCAPED_LINK.search(text), text
    for chart in at.get("plotly_chart"):
        spec = chart.proto.spec
        assert "<img" not in spec and "onerror=alert" not in spec.replace("onerror=alert(1)&gt;", "")


def test_hostile_province_name_is_escaped_in_chart_labels_and_hover(hostile_data):
    at = run("kinh-phi", p="P63-27", y="2021-2021")
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    total = next(t for t in spec["data"] if t["name"] == "Tổng kinh phí khuyến công")
    assert "Bắc Ninh &lt;img src=x onerror=alert(1)&gt;" in total["hovertext"][0]
    at.segmented_control(key="view_budget").set_value("compare").run()
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    total = next(t for t in spec["data"] if t["name"] == "Tổng kinh phí khuyến công")
    assert "<b>Bắc Ninh &lt;img src=x onerror=alert(1)&gt;</b>" in total["y"]  # the bar's label
    assert "<img" not in json.dumps(spec)


def test_every_download_neutralises_formulas(hostile_data, downloads):
    at = run("du-lieu", p="P63-27", y="2021-2021")
    text = downloads[at.download_button(key="download_records_csv").proto.url].decode("utf-8-sig")
    notes = [r["Ghi chú"] for r in csv.DictReader(io.StringIO(text))]
    assert "'" + FORMULA in notes
    assert not any(n.startswith(("=", "+", "-", "@")) for n in notes)
    workbook = load_workbook(io.BytesIO(download(at, "download_records_xlsx", downloads)))
    cells = [c for sheet in workbook for row in sheet.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    outlets = [r[2] for r in workbook["Nguồn"].iter_rows(min_row=2, values_only=True)]
    assert outlets == ["'@SUM(1+1)*cmd|' /C calc'!A0"]
    chart = run("kinh-phi", p="P63-27", y="2021-2021")
    chart_csv = downloads[chart.download_button(key="download_budget_0").proto.url].decode("utf-8-sig")
    assert "Bắc Ninh <img" in chart_csv  # plain text in a CSV cell, not a formula, not HTML


def test_the_data_table_itself_is_neutralised_for_its_own_csv_toolbar(hostile_data):
    at = run("du-lieu", p="P63-27", y="2021-2021")
    notes = list(at.dataframe[0].value["Ghi chú"])
    assert "'" + FORMULA in notes


def test_no_unsafe_html_in_the_code():
    code = [p for folder in ("kc_metrics", "ui", "pages") for p in (ROOT / folder).rglob("*.py")] + [
        ROOT / "app.py"
    ]
    code.append(ROOT / "app.py")
    offenders = [str(p) for p in code if "unsafe_allow_html" in p.read_text(encoding="utf-8")]
    assert offenders == []


# --- broken data files -------------------------------------------------------------------------------


@pytest.fixture
def data_dir(tmp_path, monkeypatch) -> Path:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns("parquet", "*.md"))
    monkeypatch.setenv("KC_DATA_DIR", str(data))
    return data


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda d: (d / "records" / "reports.csv").unlink() or (d / "records" / "supplementary.csv").unlink(),
         "data/records: the folder has no CSV file"),
        (lambda d: (d / "metrics.csv").write_bytes(b""), "data/metrics.csv: the file is empty"),
        (lambda d: (d / "sources" / "web.csv").write_bytes("source_id,kind\n".encode("utf-16")),
         "data/sources/web.csv: the file is UTF-16"),
        (lambda d: (d / "records" / "reports.csv").write_bytes("x,Hà\n".encode("cp1258")),
         "data/records/reports.csv, row 1: the file is not UTF-8 text"),
    ],
)  # fmt: skip
def test_a_broken_file_without_a_good_copy_gives_a_friendly_page(data_dir, damage, message):
    damage(data_dir)
    for page in PAGE_FILES:
        at = run(page)
        assert "Dữ liệu hiện có lỗi" in at.error[0].value
        assert message in at.code[0].value


def test_a_data_folder_that_cannot_be_read_at_all_gives_the_friendly_page(data_dir, monkeypatch):
    """Seen on a folder whose last good copy came from older code: any failure of the load is a plain
    message, never Streamlit's error box."""
    from ui import data

    def broken(folder, stamp):
        raise KeyError("definition_vi")

    monkeypatch.setattr(data, "_loaded", broken)
    for page in PAGE_FILES:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        if PAGE_FILES[page] != "app.py":
            at.switch_page(PAGE_FILES[page])
        at.run()
        assert not at.exception
        assert "Dữ liệu hiện có lỗi" in at.error[0].value


def test_a_huge_file_is_refused_in_words(data_dir, monkeypatch):
    monkeypatch.setattr(validate, "MAX_FILE_BYTES", 10_000)
    problems = [str(p) for p in validate.read_dataset(data_dir)[1]]
    assert any(
        "data/records/supplementary.csv: the file is" in p and "more than the 0 MB" in p for p in problems
    )


def test_a_broken_edit_keeps_serving_the_last_good_data_and_says_so(data_dir):
    good = load_dataset(data_dir)  # a valid build leaves its Parquet copy
    replace_in(data_dir / "records" / "reports.csv", ",million_vnd,", ",tỷ,")
    dataset, problems = load_dataset_or_last_good(data_dir)
    assert len(dataset.records) == len(good.records) and problems
    at = run("kinh-phi", p="P63-27", y="2021-2021")
    assert "bản dữ liệu hợp lệ gần nhất" in at.warning[0].value
    assert "column unit: 'tỷ' is not a unit we know" in at.code[0].value
    assert at.get("plotly_chart")  # the charts are still there


# --- links and configuration ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "years", "provinces"),
    [
        ({"y": "2021-2014"}, (2014, 2021), []),  # reversed
        ({"y": "1900-9999"}, (2005, 2025), []),  # absurd
        ({"y": "abc"}, (2005, 2025), []),
        ({"p": "P63-27,P63-99"}, (2005, 2025), ["P63-27"]),  # one unknown province dropped
        ({"p": "'; DROP TABLE records; --"}, (2005, 2025), []),
        ({"plan": "yes", "prog": "<script>", "region": "Mars"}, (2005, 2025), []),
    ],
)
def test_bad_link_values_are_corrected_with_a_notice(params, years, provinces):
    at = run("tong-quan", **params)
    assert at.slider(key="years").value == years
    assert at.multiselect(key="p").value == provinces
    assert any("không hợp lệ" in w.value for w in at.warning)


def test_streamlit_configuration_is_locked_down():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["enableXsrfProtection"] is True
    assert config["server"]["enableStaticServing"] is False
    assert config["server"]["headless"] is True
    assert config["client"]["showErrorDetails"] == "none"
    assert config["browser"]["gatherUsageStats"] is False


def test_a_last_good_copy_written_by_other_code_is_not_served(data_dir):
    """A Parquet copy from another build (other columns) cannot stand in for broken CSV: the problems
    are shown instead of a crash on a missing column."""
    import pyarrow.parquet as pq

    from kc_metrics import load

    load_dataset(data_dir)  # a valid build leaves its Parquet copy
    for path in (data_dir / "parquet").glob("*.parquet"):
        table = pq.read_table(path)
        metadata = {**(table.schema.metadata or {}), load.BUILD_KEY: b"older"}
        pq.write_table(table.replace_schema_metadata(metadata), path)
    replace_in(data_dir / "records" / "reports.csv", ",million_vnd,", ",tỷ,")
    with pytest.raises(load.DataError, match="'tỷ' is not a unit we know"):
        load_dataset_or_last_good(data_dir)
