"""The shipped dataset: it validates, it holds the reports' figures as written, its geography is the
package's, and the Parquet copy is the CSV."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
import vietnamadminunits

from kc_metrics import schema
from kc_metrics.load import load_dataset
from kc_metrics.validate import read_dataset


def figure(records: pd.DataFrame, **where) -> pd.Series:
    """The single record matching every column=value given."""
    mask = pd.Series(True, index=records.index)
    for column, value in where.items():
        mask &= records[column] == value
    found = records[mask]
    assert len(found) == 1, f"expected one record for {where}, found {len(found)}"
    return found.iloc[0]


def test_shipped_dataset_has_no_problem():
    _, problems = read_dataset()
    assert [str(p) for p in problems] == []


def test_every_report_is_a_source_and_has_records(dataset):
    reports = dataset.sources[dataset.sources["kind"] == "report"]
    assert sorted(reports["source_id"]) == ["R000", "R001", "R002", "R003", "R004"]
    per_source = dataset.records["source_id"].value_counts()
    assert all(per_source.get(s, 0) > 0 for s in reports["source_id"])
    assert per_source[["R000", "R001", "R002", "R003", "R004"]].sum() > 50


# Figures read by hand from source R003 (Bắc Giang, one total over 2014–2020).
BAC_GIANG = {
    "budget": 29_229.2,
    "projects": 220,
    "trainees_vocational": 1_410,
    "trainees_business": 2_133,
    "trainees_study_tour": 940,
    "demo_models": 5,
    "facilities_machinery": 91,
    "cleaner_production": 2,
    "fairs": 15,
    "fair_participants": 168,
    "trademarks": 14,
    "products_provincial": 46,
    "products_regional": 14,
    "products_national": 5,
    "showrooms": 5,
    "packaging_support": 72,
    "new_enterprises": 20,
    "media_items": 990,
    "bulletins": 4_800,
}


@pytest.mark.parametrize(("metric", "value"), BAC_GIANG.items())
def test_bac_giang_2014_2020_is_one_seven_year_record(records, metric, value):
    row = figure(records, source_id="R003", metric=metric, period_start=2014)
    assert row["value"] == pytest.approx(value)
    assert (row["geo_code"], row["geo_name"], row["period_end"]) == ("P63-24", "Bắc Giang", 2020)
    assert row["status"] == "actual" and row["program"] == "all"


def test_bac_giang_budget_kept_as_written(records):
    row = figure(records, source_id="R003", metric="budget")
    assert row["value_as_written"] == "29.229,2 triệu đồng" and row["unit"] == "million_vnd"


def test_bac_giang_context_is_dated_by_year(records):
    share = records[(records["source_id"] == "R003") & (records["metric"] == "industry_share_grdp")]
    assert dict(zip(share["period_start"], share["value"], strict=True)) == {2015: 33.9, 2020: 47.8}
    output = figure(records, source_id="R003", metric="craft_village_output")
    assert (output["value"], output["qualifier"]) == (850_000, "about")


def test_thai_nguyen_is_eight_months_of_lower_bounds(records):
    total = figure(records, source_id="R004", metric="budget", program="all")
    assert (total["value"], total["qualifier"], total["months"]) == (6_000, "more_than", 8)
    kcqg = figure(records, source_id="R004", metric="budget", program="kcqg")
    kcdp = figure(records, source_id="R004", metric="budget", program="kcdp")
    assert (kcqg["value"], kcdp["value"]) == (4_400, 1_700)
    assert kcqg["value_as_written"] == "trên 4,4 tỷ đồng"
    projects = records[(records["source_id"] == "R004") & (records["metric"] == "projects")]
    assert dict(zip(projects["program"], projects["value"], strict=True)) == {
        "all": 17,
        "kcqg": 4,
        "kcdp": 13,
    }
    assert set(records.loc[records["source_id"] == "R004", "months"]) == {8}


def test_bac_ninh_2021_gives_programmes_separately_and_no_total(records):
    r001 = records[(records["source_id"] == "R001") & (records["metric"] == "budget")]
    assert dict(zip(r001["program"], r001["value"], strict=True)) == {"kcqg": 1_900, "kcdp": 4_500}
    facilities = records[(records["source_id"] == "R001") & (records["metric"] == "facilities_machinery")]
    assert dict(zip(facilities["program"], facilities["value"], strict=True)) == {"kcqg": 3, "kcdp": 14}


def test_bac_ninh_2016_results_and_2017_targets(records):
    budget = figure(records, source_id="R000", metric="budget")
    assert (budget["value"], budget["period_start"], budget["status"]) == (2_600, 2016, "actual")
    assert figure(records, source_id="R000", metric="income_after_training")["value"] == 5
    targets = records[(records["source_id"] == "R000") & (records["period_start"] == 2017)]
    assert set(targets["status"]) == {"plan"}
    by_metric = dict(zip(targets["metric"], targets["value"], strict=True))
    assert by_metric["classes"] == 6 and by_metric["trainees_vocational"] == 180
    assert by_metric["classes_business"] == 3 and by_metric["trainees_business"] == 120
    assert by_metric["facilities_machinery"] == 15


def test_thai_binh_2021_outreach(records):
    r002 = records[records["source_id"] == "R002"].set_index("metric")
    assert r002.loc["conferences", "value"] == 8
    assert r002.loc["conference_delegates", ["value", "qualifier"]].tolist() == [900, "more_than"]
    assert r002.loc["communes_surveyed", "value"] == 220
    assert r002.loc["projects_machinery", ["value", "program"]].tolist() == [3, "kcqg"]
    assert set(r002["geo_code"]) == {"P63-34"}


def _fingerprints_module():
    import importlib.util

    path = Path(__file__).resolve().parents[1] / "scripts" / "build_source_fingerprints.py"
    spec = importlib.util.spec_from_file_location("build_source_fingerprints", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


fingerprints = _fingerprints_module()
SOURCE_FINGERPRINTS = fingerprints.read_fingerprints(schema.DATA_DIR / "source_fingerprints.txt")


def _copied(texts: dict[str, str]) -> dict[str, list[str]]:
    """Of {id: text}, the texts holding a run of 8 words of the sources, with the runs."""
    found = {key: fingerprints.copied_runs(text, SOURCE_FINGERPRINTS) for key, text in texts.items()}
    return {key: copied for key, copied in found.items() if copied}


def test_notes_are_ours_not_the_sources(dataset):
    # The sources are not part of the project: data/source_fingerprints.txt holds hashes of every run of
    # 8 words of their text (scripts/build_source_fingerprints.py), and no note of ours may hold one.
    records, sources = dataset.records, dataset.sources
    assert _copied(dict(zip(records["record_id"], records["note"], strict=True))) == {}
    assert _copied(dict(zip(sources["source_id"], sources["covers"], strict=True))) == {}
    # Web pages keep their own title where it does not repeat the page's text (data/README.md), so
    # only the titles we gave the reports are checked.
    reports = sources[sources["kind"] == "report"]
    assert _copied(dict(zip(reports["source_id"], reports["title"], strict=True))) == {}


def test_the_fingerprint_check_catches_a_copied_run(records):
    assert len(SOURCE_FINGERPRINTS) > 5_000  # the reports alone have about 5,000 runs of 8 words
    # R000 writes that the khuyến công money "được giao là 2,6 tỷ đồng" in 2016: 4 words of its text
    # before the figure as written make a run of 8 words of the source.
    budget = figure(records, record_id="R000-01")
    copied = f"Funding: công được giao là {budget['value_as_written']} for the year."
    assert fingerprints.copied_runs(copied, SOURCE_FINGERPRINTS) == ["công được giao là 2 6 tỷ đồng"]
    # The same run normalised differently (case, composition, punctuation) is still caught.
    import unicodedata

    shouted = unicodedata.normalize("NFD", copied.upper().replace(" là ", " là: "))
    assert len(fingerprints.copied_runs(shouted, SOURCE_FINGERPRINTS)) == 1
    # One word fewer, or our own note, is not.
    assert fingerprints.copied_runs(copied.replace("công ", ""), SOURCE_FINGERPRINTS) == []
    assert fingerprints.copied_runs(budget["note"], SOURCE_FINGERPRINTS) == []


# --- geography -------------------------------------------------------------------------------


def _package_mapping() -> dict[str, list[str]]:
    path = Path(vietnamadminunits.__file__).parent / "data" / "converter_2025.json"
    return json.loads(path.read_text(encoding="utf-8"))["DICT_PROVINCE"]


def test_geography_has_63_former_34_current_3_regions_and_the_nation(dataset):
    geo = dataset.geography
    assert (geo["map"] == "63").sum() == 63 and (geo["map"] == "34").sum() == 34
    assert sorted(geo.loc[geo["geo_level"] == "region", "geo_code"]) == ["REG-C", "REG-N", "REG-S"]
    assert geo.loc[geo["geo_level"] == "national", "geo_code"].tolist() == ["VN"]
    former = geo[geo["map"] == "63"]
    assert former.groupby("region_code").size().to_dict() == {"REG-C": 15, "REG-N": 28, "REG-S": 20}


def test_geography_mapping_is_the_packages(dataset):
    geo = dataset.geography.set_index("geo_code")
    key_of = geo["package_key"]
    ours = {}
    for code, successor in geo.loc[geo["map"] == "63", "successor_code"].items():
        ours.setdefault(key_of[successor], set()).add(key_of[code])
    assert ours == {new: set(old) for new, old in _package_mapping().items()}


def test_geography_names_and_codes_are_the_packages(dataset):
    from vietnamadminunits.database import query

    geo = dataset.geography
    for table, prefix in (("admin_units_legacy", "P63-"), ("admin_units", "P34-")):
        rows = query(f"SELECT DISTINCT provinceCode, provinceShort FROM {table}")
        package = {prefix + r["provinceCode"]: r["provinceShort"] for r in rows}
        ours = dict(zip(geo["geo_code"], geo["name"], strict=True))
        assert {code: ours.get(code) for code in package} == package


def test_current_provinces_agree_with_vietnam_provinces_package(dataset):
    from vietnam_provinces import Province

    theirs = (
        {f"P34-{int(p.code):02d}" for p in Province.iter_all()} if hasattr(Province, "iter_all") else None
    )
    if theirs is None:
        pytest.fail("vietnam-provinces changed its API; update this cross-check")
    geo = dataset.geography
    assert set(geo.loc[geo["map"] == "34", "geo_code"]) == theirs


@pytest.mark.parametrize(
    ("former", "current"),
    [
        ("Bắc Giang", "Bắc Ninh"),
        ("Bắc Ninh", "Bắc Ninh"),
        ("Thái Bình", "Hưng Yên"),
        ("Bắc Kạn", "Thái Nguyên"),
        ("Thái Nguyên", "Thái Nguyên"),
    ],
)
def test_merges_that_touch_the_reports(dataset, former, current):
    geo = dataset.geography
    old = geo[(geo["map"] == "63") & (geo["name"] == former)].iloc[0]
    new = geo[geo["geo_code"] == old["successor_code"]].iloc[0]
    assert new["name"] == current and new["map"] == "34"


def test_former_and_current_bac_ninh_are_different_units(dataset):
    geo = dataset.geography
    codes = geo.loc[geo["name"] == "Bắc Ninh", "geo_code"].tolist()
    assert sorted(codes) == ["P34-24", "P63-27"]


def test_shipped_geography_is_what_the_build_script_makes(dataset):
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_geography", "scripts/build_geography.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    built = module.build().astype(object).fillna("").astype(str)
    shipped = pd.read_csv(schema.DATA_DIR / "geography.csv", dtype=str, keep_default_na=False)
    pd.testing.assert_frame_equal(built.reset_index(drop=True), shipped, check_dtype=False)


# --- the Parquet copy --------------------------------------------------------------------------


def test_parquet_copy_is_the_csv(data_copy):
    built = load_dataset(data_copy)  # validates the CSV and writes the copy
    assert (data_copy / "parquet" / "records.parquet").is_file()
    again = load_dataset(data_copy)  # served from the copy
    pd.testing.assert_frame_equal(built.records, again.records)
    pd.testing.assert_frame_equal(built.sources, again.sources)
    pd.testing.assert_frame_equal(built.geography, again.geography)


def test_editing_the_csv_rebuilds_the_copy(data_copy):
    load_dataset(data_copy)
    path = data_copy / "records" / "reports.csv"
    path.write_text(
        path.read_text(encoding="utf-8")
        .replace("1.900 triệu đồng", "1.950 triệu đồng")
        .replace(",1900,", ",1950,"),
        encoding="utf-8",
    )
    records = load_dataset(data_copy).records
    assert figure(records, source_id="R001", metric="budget", program="kcqg")["value"] == 1_950


# --- supplementary facts (read by hand from the collected facts F001…F197, sources W…) ------------


def test_supplementary_money_in_million_vnd(records):
    assert figure(records, record_id="F018-a")["value"] == 1_436_000  # "1,436 billion VND" (English page)
    central = figure(records, record_id="F062-a")  # machine translation, Vietnamese decimals: 43,735 tỷ
    assert (central["value"], central["geo_code"], central["program"]) == (43_735, "REG-C", "kcdp")
    assert figure(records, record_id="F118-a")["value"] == 130_400  # "130,4 tỷ đồng", northern region


def test_supplementary_plan_beside_actual_for_the_same_year(records):
    north = records[
        (records["geo_code"] == "REG-N") & (records["metric"] == "budget") & (records["program"] == "kcqg")
    ]
    by_status = dict(zip(north["status"], north["value"], strict=True))
    assert by_status == {"actual": 50_300, "plan": 50_600}  # F119: implemented 50,3 of a 50,6 tỷ plan


def test_packed_facts_become_one_record_per_figure(records):
    hanoi = records[records["record_id"].str.startswith("F081-")].set_index("metric")["value"]
    assert hanoi.to_dict() == {"ocop_5star": 6, "ocop_4star": 1_473, "ocop_3star": 1_220}


def test_undated_facts_are_left_out_and_logged(records):
    log = (schema.DATA_DIR / "curation_log.md").read_text(encoding="utf-8")
    for fact in ("F026", "F027", "F055", "F153"):
        assert not records["record_id"].str.startswith(fact + "-").any()
        assert f"| {fact} |" in log
