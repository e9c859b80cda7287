"""Choosing among computed figures: the one a headline card shows, the periods a comparison offers."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping

import pandas as pd

from kc_metrics.selection import GeographyMode, area_of

PERIOD = ["period_start", "period_end", "months", "as_of", "status"]


def latest_figure(result: pd.DataFrame, kpi: str) -> pd.Series | None:
    """The most recent figure of a KPI in a compute() result: the latest period end, then the latest
    start (the shorter period), a result before a plan of the same period. None when there is none."""
    rows = result[result["kpi"] == kpi]
    if rows.empty:
        return None
    rows = rows.assign(_plan=rows["status"].eq("plan"))
    ordered = rows.sort_values(["period_end", "period_start", "_plan"], ascending=[False, False, True])
    return ordered.drop(columns="_plan").iloc[0]


def periods_with_counts(result: pd.DataFrame, first_with: Iterable[str] = ()) -> pd.DataFrame:
    """The distinct periods of a compute() result (start, end, months, status) with `n`, the number of
    areas that have a figure for each: first the periods where one of the areas `first_with` (a
    province the reader picked) has a figure, then the period with most areas, then the most recent."""
    if result.empty:
        return pd.DataFrame(columns=[*PERIOD, "n"])
    keyed = result.assign(_wanted=result["geo_code"].isin(list(first_with)))
    groups = keyed.groupby(PERIOD, dropna=False, sort=False)
    out = pd.DataFrame({"n": groups["geo_code"].nunique(), "_wanted": groups["_wanted"].any()}).reset_index()
    out = out.sort_values(["_wanted", "n", "period_end"], ascending=[False, False, False], kind="stable")
    return out.drop(columns="_wanted").reset_index(drop=True)


def fit_to_years(row: Mapping[Hashable, object] | pd.Series, years: tuple[int, int]) -> tuple[int, int]:
    """(years of the selection a figure's period covers, years in the selection). Its period lies
    inside the selection (compute() keeps only such figures), so the first is the period's length."""
    start, end = int(str(row["period_start"])), int(str(row["period_end"]))
    first, last = years
    return min(end, last) - max(start, first) + 1, last - first + 1


def best_figure(
    result: pd.DataFrame, kpi: str, years: tuple[int, int], report_sources: Iterable[str] = ()
) -> pd.Series | None:
    """The figure of a KPI that fits the selected years best (None when the KPI has none).

    In order: a result before a plan; a period equal to the selected years; else the period covering
    most of them; then the latest period (end, then start); of two stocks of one period, the latest
    date (as_of: the current figure); a result before an estimate; then a figure backed by a report
    (`report_sources`: ids of report sources) before one from a web page only.
    """
    rows = result[result["kpi"] == kpi]
    if rows.empty:
        return None
    reports = set(report_sources)
    first, last = years
    keyed = rows.assign(
        _plan=rows["status"].eq("plan"),
        _exact=(rows["period_start"].eq(first) & rows["period_end"].eq(last) & rows["months"].isna()),
        _span=rows["period_end"] - rows["period_start"],
        _web=~rows["source_ids"].map(lambda ids: bool(set(str(ids).split(";")) & reports)),
    )
    keyed = keyed.assign(_estimate=keyed.get("estimate", False))
    ordered = keyed.sort_values(
        ["_plan", "_exact", "_span", "period_end", "period_start", "as_of", "_estimate", "_web"],
        ascending=[True, False, False, False, False, False, True, True],
        kind="stable",
    )
    return ordered.drop(columns=["_plan", "_exact", "_span", "_estimate", "_web"]).iloc[0]


def disagreements(result: pd.DataFrame, additive: Mapping[str, bool]) -> pd.DataFrame:
    """Pairs of figures from different sources that cannot both be right, per area and KPI: for an
    additive KPI, a figure for a period inside another's period that is larger than it (Bắc Giang:
    297 đề án in 2016–2020 on a web page, 220 in 2014–2020 in the report); for any KPI, two different
    values for the same period. Columns: geo_code, kpi, and for each side (a: the longer period, b:
    the other) period_start, period_end, value, qualifier, source_ids."""
    columns = ["geo_code", "kpi", "period_start", "period_end", "months", "as_of", "status", "value",
               "qualifier", "scope", "source_ids"]  # fmt: skip
    actual = result.loc[result["status"].eq("actual") & ~result["derived"].astype(bool), columns]
    pairs = actual.merge(actual, on=["geo_code", "kpi", "status"], suffixes=("_a", "_b"))
    different_sources = pairs["source_ids_a"] != pairs["source_ids_b"]
    inside = (pairs["period_start_b"] >= pairs["period_start_a"]) & (
        pairs["period_end_b"] <= pairs["period_end_a"]
    )
    same_period = (
        pairs["period_start_a"].eq(pairs["period_start_b"])
        & pairs["period_end_a"].eq(pairs["period_end_b"])
        & pairs["months_a"].isna()
        & pairs["months_b"].isna()
    )
    same = same_period & pairs["as_of_a"].eq(pairs["as_of_b"])  # two dates of a stock are a series
    is_additive = pairs["kpi"].map(lambda k: bool(additive.get(str(k), False))).astype(bool)
    conflict = different_sources & (
        (inside & ~same_period & is_additive & (pairs["value_b"] > pairs["value_a"]))
        | (same & (pairs["value_a"] != pairs["value_b"]) & (pairs["source_ids_a"] < pairs["source_ids_b"]))
    )
    out = pairs[conflict].drop(columns=["months_a", "months_b", "as_of_a", "as_of_b", "status"])
    return out.reset_index(drop=True)


def figures_per_province(
    records: pd.DataFrame, geography: GeographyMode, geo_table: pd.DataFrame
) -> pd.DataFrame:
    """How many records each province has (geo_code, value): the province the source named, or in
    "current" mode the current province it became part of. Regions and the nation are not counted."""
    area = area_of(records, geography, geo_table)
    level = area.map(geo_table.set_index("geo_code")["geo_level"])
    counts = area[level.eq("province")].value_counts(sort=False).sort_index()
    return pd.DataFrame({"geo_code": counts.index.astype(str), "value": counts.to_numpy(dtype="float64")})
