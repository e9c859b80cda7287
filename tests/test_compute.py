"""compute() with answers worked out by hand from the source reports."""

from __future__ import annotations

import pandas as pd
import pytest

from kc_metrics import KPIS, compute, left_out_count, load_geography, load_metrics
from kc_metrics.qualifiers import combine_ratio_qualifiers, combine_sum_qualifiers


def one(result: pd.DataFrame, kpi: str, **where) -> pd.Series:
    rows = result[result["kpi"] == kpi]
    for column, value in where.items():
        rows = rows[rows[column] == value]
    assert len(rows) == 1, f"expected one {kpi} row for {where}, found {len(rows)}"
    return rows.iloc[0]


# --- the catalogue ---------------------------------------------------------------------------


def test_every_kpi_is_documented():
    for kpi in KPIS.values():
        for field in ("label_vi", "label_en", "unit", "category", "definition", "definition_vi"):
            assert getattr(kpi, field), f"KPI {kpi.id} has no {field}"
        assert isinstance(kpi.additive, bool)


def test_design_catalogue_ids_exist():
    design = [
        "budget_kcqg",
        "budget_kcdp",
        "budget_total",
        "kcqg_share",
        "projects",
        "budget_per_project",
        "trainees_vocational",
        "trainees_business",
        "trainees_study_tour",
        "classes",
        "trainees_per_class",
        "facilities_machinery",
        "demo_models",
        "cleaner_production",
        "products_provincial",
        "products_regional",
        "products_national",
        "regional_rate",
        "national_rate",
        "ocop_3star",
        "ocop_4star",
        "ocop_5star",
        "ocop_total",
    ]
    assert [k for k in design if k not in KPIS] == []


def test_every_metric_of_the_dataset_reaches_a_kpi():
    for metric in load_metrics()["metric"]:
        assert any(k.metric == metric for k in KPIS.values()), metric


def test_ratios_and_rates_are_not_additive():
    for kpi_id in (
        "kcqg_share",
        "budget_per_project",
        "trainees_per_class",
        "regional_rate",
        "national_rate",
        "placement_rate",
        "income_after_training",
    ):
        assert KPIS[kpi_id].additive is False
    assert KPIS["budget_total"].additive and KPIS["trainees_vocational"].additive


# --- Bắc Ninh 2021: a total derived from the two programmes ----------------------------------


def test_bac_ninh_2021_total_is_derived_from_kcqg_and_kcdp(records):
    result = compute(records, provinces=["P63-27"], years=(2021, 2021))
    total = one(result, "budget_total")
    assert total["value"] == 6_400  # 1,900 + 4,500
    assert total["derived"] and total["source_ids"] == "R001"
    assert total["record_ids"] == "R001-01;R001-02"
    assert total["value_as_written"] == "1.900 triệu đồng + 4.500 triệu đồng"
    assert one(result, "budget_kcqg")["value"] == 1_900 and not one(result, "budget_kcqg")["derived"]
    share = one(result, "kcqg_share")
    assert share["value"] == pytest.approx(29.7, abs=0.05)  # 1,900 / 6,400 = 29.69 %
    assert share["derived"] and share["unit"] == "percent"


def test_bac_ninh_2021_machinery_sums_both_programmes(records):
    result = compute(records, kpis=["facilities_machinery"], provinces=["P63-27"], years=(2021, 2021))
    row = one(result, "facilities_machinery")
    assert (row["value"], row["program"], row["derived"]) == (17, "kcqg+kcdp", True)  # 3 + 14


# --- Bắc Giang 2014–2020: ratios of one seven-year total --------------------------------------


def test_bac_giang_ratios(records):
    result = compute(records, provinces=["P63-24"], years=(2014, 2020))
    result = result[result["period_start"] == 2014]  # other sources give other periods
    assert one(result, "budget_per_project")["value"] == pytest.approx(132.9, abs=0.05)  # 29,229.2 / 220
    assert one(result, "national_rate")["value"] == pytest.approx(10.9, abs=0.05)  # 5 / 46
    assert one(result, "regional_rate")["value"] == pytest.approx(30.4, abs=0.05)  # 14 / 46
    rate = one(result, "regional_rate")
    assert (rate["period_start"], rate["period_end"], rate["source_ids"]) == (2014, 2020, "R003")


def test_a_seven_year_total_is_left_out_of_a_shorter_range_and_counted(records):
    short = compute(records, provinces=["P63-24"], years=(2016, 2020))
    assert short["period_start"].min() >= 2016
    assert not (short["value"] == 29_229.2).any()
    bg_2014_2020 = records[(records["source_id"] == "R003") & (records["period_start"] == 2014)]
    left_out_ids = {record_id for record_id, _, _ in short.attrs["left_out_records"]}
    assert set(bg_2014_2020["record_id"]) <= left_out_ids
    assert short.attrs["left_out"] >= len(bg_2014_2020)
    whole = compute(records, provinces=["P63-24"], years=(2014, 2020))
    assert one(whole, "budget_total", period_start=2014)["value"] == 29_229.2
    assert "R003-01" not in {record_id for record_id, _, _ in whole.attrs["left_out_records"]}


def test_left_out_records_are_counted_per_kpi_and_area(records):
    # Bắc Giang, 2016–2020 (read off data/records): the 2014–2020 budget R003-01 is the only budget
    # figure reaching outside; budget per project also reads the 2014–2020 đề án count R003-02; the
    # OCOP stocks F047-a (2019–2022) and F048-a (2019–2024) reach past 2020.
    short = compute(records, provinces=["P63-24", "P63-27"], years=(2016, 2020))
    assert left_out_count(short, ["budget_total"], ["P63-24"]) == 1
    assert left_out_count(short, ["budget_per_project"], ["P63-24"]) == 2
    assert left_out_count(short, ["ocop_total"], ["P63-24"]) == 2
    assert left_out_count(short, ["budget_total", "budget_per_project"], ["P63-24"]) == 2  # once each
    assert left_out_count(short, ["industry_share_grdp"], ["P63-24"]) == 0  # 2015 does not overlap


def test_a_seven_year_total_is_never_put_on_its_last_year(records):
    result = compute(records, provinces=["P63-24"], kpis=["budget_total"])
    assert not (
        (result["period_start"] == 2020) & (result["period_end"] == 2020) & (result["value"] == 29_229.2)
    ).any()


# --- plans -----------------------------------------------------------------------------------


def test_bac_ninh_2017_targets_only_when_plans_are_asked_for(records):
    actual = compute(records, provinces=["P63-27"], years=(2017, 2017))
    assert actual.empty
    plan = compute(records, provinces=["P63-27"], years=(2017, 2017), status=("plan",))
    plan = plan[plan["source_ids"] == "R000"]
    assert one(plan, "trainees_vocational")["value"] == 180
    assert one(plan, "classes")["value"] == 6
    assert one(plan, "trainees_per_class")["value"] == 30  # 180 / 6
    assert set(plan["status"]) == {"plan"}


def test_plan_and_actual_never_combine(records):
    both = compute(records, provinces=["P63-27"], status=("actual", "plan"))
    # the 2017 plan has classes and trainees; no actual classes exist, so no actual ratio may appear
    ratios = both[both["kpi"] == "trainees_per_class"]
    assert set(ratios["status"]) == {"plan"}


# --- Thái Nguyên: eight months of lower bounds -----------------------------------------------


def test_thai_nguyen_2020_total_is_more_than_6_billion_over_8_months(records):
    result = compute(records, provinces=["P63-19"], years=(2020, 2020))
    total = one(result, "budget_total")
    assert (total["value"], total["qualifier"], total["months"], total["derived"]) == (
        6_000,
        "more_than",
        8,
        False,
    )
    per_project = one(result, "budget_per_project")
    assert per_project["value"] == pytest.approx(6_000 / 17)
    assert per_project["qualifier"] == "more_than" and per_project["months"] == 8
    share = one(result, "kcqg_share")
    assert share["value"] == pytest.approx(4_400 / 6_100 * 100)
    assert share["qualifier"] == "about"  # both parts are lower bounds


# --- missing is not zero ---------------------------------------------------------------------


def test_a_kpi_without_data_is_absent_not_zero(records):
    result = compute(records, provinces=["P63-34"], years=(2021, 2021))
    assert "budget_total" not in set(result["kpi"])
    assert (result["value"] != 0).all()
    assert compute(records, provinces=["P63-01"], years=(2030, 2030)).empty


# --- the current 34 provinces ------------------------------------------------------------------


def test_thai_binh_2021_appears_under_hung_yen(records):
    result = compute(
        records, geography="current", geo_table=load_geography(), provinces=["P34-33"], years=(2021, 2021)
    )
    conferences = one(result, "conferences")
    assert (conferences["geo_name"], conferences["value"], conferences["covers"]) == (
        "Hưng Yên",
        8,
        "Thái Bình",
    )
    assert conferences["coverage_complete"] is False or not conferences["coverage_complete"]


def test_bac_giang_appears_under_bac_ninh(records):
    result = compute(
        records, geography="current", geo_table=load_geography(), provinces=["P34-24"], years=(2014, 2020)
    )
    products = one(result, "products_provincial")
    assert (products["geo_code"], products["value"], products["covers"]) == ("P34-24", 46, "Bắc Giang")
    assert one(result, "national_rate")["value"] == pytest.approx(5 / 46 * 100)


def test_merged_parts_are_summed_only_when_all_have_data(records):
    # Bắc Ninh (P63-27) and Bắc Giang (P63-24) both become P34-24. Give both a 2021 budget:
    extra = records[records["record_id"] == "R001-01"].copy()
    extra["record_id"], extra["geo_code"], extra["value"], extra["source_id"] = (
        "T-1",
        "P63-24",
        1_000.0,
        "R003",
    )
    extra["value_as_written"] = "1.000 triệu đồng"
    both = pd.concat([records, extra], ignore_index=True)
    result = compute(
        both,
        geography="current",
        geo_table=load_geography(),
        provinces=["P34-24"],
        years=(2021, 2021),
        kpis=["budget_kcqg"],
    )
    row = one(result, "budget_kcqg")
    assert row["value"] == 2_900 and row["derived"] and row["coverage_complete"]
    assert row["covers"] == "Bắc Giang, Bắc Ninh"


def test_non_additive_figures_are_never_summed(records):
    extra = records[records["record_id"] == "R000-04"].copy()  # income 5 million in Bắc Ninh 2016
    extra["record_id"], extra["geo_code"] = "T-2", "P63-24"
    both = pd.concat([records, extra], ignore_index=True)
    result = compute(
        both,
        geography="current",
        geo_table=load_geography(),
        kpis=["income_after_training"],
        years=(2016, 2016),
    )
    assert result.empty
    assert result.attrs["not_rolled_up"] == 1


def test_unknown_arguments_are_refused(records):
    with pytest.raises(ValueError, match="unknown KPI"):
        compute(records, kpis=["budget"])
    with pytest.raises(ValueError, match="geography must be"):
        compute(records, geography="new")


# --- qualifiers --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        (["exact", "exact"], "exact"),
        (["exact", "more_than"], "more_than"),
        (["at_least", "exact"], "at_least"),
        (["at_most", "exact"], "at_most"),
        (["more_than", "at_most"], "about"),
        (["about", "exact"], "about"),
    ],
)
def test_sum_qualifiers(parts, expected):
    assert combine_sum_qualifiers(parts) == expected


def test_ratio_qualifiers():
    assert combine_ratio_qualifiers("more_than", ["exact"]) == "more_than"
    assert combine_ratio_qualifiers("exact", ["more_than"]) == "about"
    assert combine_ratio_qualifiers("exact", ["exact", "exact"]) == "exact"
