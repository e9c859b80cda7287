"""The KPI catalogue is data: read with the dataset, from the folder being served, never at import."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import kc_metrics
from kc_metrics import KPIS, Selection, compute, load_dataset, validate

ROOT = Path(__file__).resolve().parents[1]


def test_importing_kc_metrics_reads_no_data_file(tmp_path):
    # With the data folder pointing nowhere, the import still works; only using KPIS needs the data.
    code = (
        "import kc_metrics\n"
        "try:\n"
        "    len(kc_metrics.KPIS)\n"
        "except kc_metrics.DataError as err:\n"
        "    print('missing:', err.problems[0])\n"
    )
    env = {"KC_DATA_DIR": str(tmp_path / "nowhere"), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "missing: nowhere/sources: the folder has no CSV file" in done.stdout


def test_the_catalogue_has_the_rules_of_kpi_rules_csv(dataset):
    kpis = dataset.kpis
    assert kpis["budget_total"].parts == ("budget_kcqg", "budget_kcdp")
    assert kpis["kcqg_share"].denominator == ("budget_kcqg", "budget_kcdp")
    assert kpis["kcqg_share"].scale == 100.0 and kpis["kcqg_share"].metric == "kcqg_share"
    assert kpis.kpi_of("budget", "kcdp") == "budget_kcdp" and kpis.kpi_of("budget", "all") == "budget_total"
    assert kpis.kpi_of("fairs", "kcqg") == "fairs"
    assert kpis.metrics_behind(["budget_per_project"]) >= {"budget", "projects"}
    # budget and projects are split by programme: they are not KPIs themselves (projects is the total)
    assert "budget" not in kpis and kpis["projects"].kind == "total"


def test_another_data_folder_brings_its_own_catalogue(data_copy, monkeypatch, records):
    # A curator adds a ratio to the rules of another data folder: fairs per đề án.
    with (data_copy / "kpi_rules.csv").open("a", encoding="utf-8") as f:
        f.write(
            "fairs_per_project,ratio,,,,fairs,projects,1,count,products,Hội chợ bình quân một đề án,"
            "Fairs per project,fairs / projects.,hội chợ / đề án.\n"
        )
    monkeypatch.setenv("KC_DATA_DIR", str(data_copy))
    assert "fairs_per_project" in KPIS  # the default catalogue follows KC_DATA_DIR
    catalogue = load_dataset(data_copy, write_cache=False).kpis
    result = compute(
        records, kpis=["fairs_per_project"], selection=Selection(areas=("P63-24",), years=(2014, 2020)),
        catalogue=catalogue,
    )  # fmt: skip
    # Bắc Giang 2014–2020 (report R003): 15 fairs, 220 đề án.
    assert result["value"].tolist() == [pytest.approx(15 / 220)]
    assert result["derived"].tolist() == [True]
    monkeypatch.delenv("KC_DATA_DIR")
    assert "fairs_per_project" not in KPIS  # the shipped data's catalogue again


@pytest.mark.parametrize(
    ("old", "new", "column", "message"),
    [
        ("budget_total,total,budget,all,budget_kcqg;budget_kcdp,",
         "budget_total,total,budget,all,budget_kcqg;nope,", "parts", "'nope' is not a KPI id"),
        ("budget_kcqg,split,budget,kcqg,", "budget_kcqg,spilt,budget,kcqg,", "kind",
         "'spilt' is not a known kind"),
        ("budget_kcdp,split,budget,kcdp,", "budget_kcdp,split,budget,both,", "program",
         "'both' is not a programme"),
        ("regional_rate,ratio,,,,products_regional,products_provincial,100,",
         "regional_rate,ratio,,,,products_regional,products_provincial,-1,", "scale",
         "'-1' is not a positive"),
    ],
)  # fmt: skip
def test_a_broken_rule_is_named_by_file_row_and_column(data_copy, old, new, column, message):
    path = data_copy / "kpi_rules.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    row = 1 + next(i for i, line in enumerate(text.splitlines()) if line.startswith(old))
    _, problems = validate.read_dataset(data_copy)
    found = [p for p in problems if p.file.endswith("kpi_rules.csv")]
    assert [(p.row, p.column) for p in found] == [(row, column)]
    assert message in found[0].message


def test_compute_is_pure_and_says_what_it_needs(records):
    with pytest.raises(ValueError, match="needs geo_table"):
        compute(records, geography="current")
    with pytest.raises(ValueError, match="either selection= or"):
        compute(records, years=(2021, 2021), selection=Selection())
    assert kc_metrics.compute.__module__ == "kc_metrics.compute"
