"""Choosing among computed figures: the one a headline card shows, the periods a comparison offers."""

from __future__ import annotations

import pandas as pd

PERIOD = ["period_start", "period_end", "months", "status"]


def latest_figure(result: pd.DataFrame, kpi: str) -> pd.Series | None:
    """The most recent figure of a KPI in a compute() result: the latest period end, then the latest
    start (the shorter period), a result before a plan of the same period. None when there is none."""
    rows = result[result["kpi"] == kpi]
    if rows.empty:
        return None
    rows = rows.assign(_plan=rows["status"].eq("plan"))
    ordered = rows.sort_values(["period_end", "period_start", "_plan"], ascending=[False, False, True])
    return ordered.drop(columns="_plan").iloc[0]


def periods_with_counts(result: pd.DataFrame) -> pd.DataFrame:
    """The distinct periods of a compute() result (start, end, months, status) with `n`, the number of
    areas that have a figure for each; the period with most areas first, then the most recent."""
    if result.empty:
        return pd.DataFrame(columns=[*PERIOD, "n"])
    counts = result.groupby(PERIOD, dropna=False, sort=False)["geo_code"].nunique().rename("n")
    out = counts.reset_index()
    return out.sort_values(["n", "period_end"], ascending=[False, False], kind="stable").reset_index(
        drop=True
    )
