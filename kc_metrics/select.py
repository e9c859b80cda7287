"""The records of a selection, as the data page lists them (no KPI computation, just the filter)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from kc_metrics.compute import split_by_years


def area_of(records: pd.DataFrame, geography: str, geo_table: pd.DataFrame) -> pd.Series:
    """The area each record belongs to in a geography mode: its own unit when "reported"; when
    "current", a former province's current province (regions, the nation and current units stay)."""
    if geography != "current":
        return records["geo_code"]
    successor = geo_table.set_index("geo_code")["successor_code"]
    mapped = records["geo_code"].map(successor)
    return mapped.where(mapped.notna() & mapped.ne(""), records["geo_code"])


def select_records(
    records: pd.DataFrame,
    *,
    geo_table: pd.DataFrame,
    geography: str = "reported",
    provinces: Sequence[str] | None = None,
    years: Sequence[int] | None = None,
    status: Sequence[str] = ("actual",),
    program: str | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(records in the selection, records left out because their period reaches outside `years`).

    provinces are area codes of the geography mode (None: all); program "kcqg" or "kcdp" keeps only
    that programme's records (None or "any": all records).
    """
    chosen = records[records["status"].isin(list(status))]
    if program in ("kcqg", "kcdp", "all"):
        chosen = chosen[chosen["program"] == program]
    if provinces is not None:
        chosen = chosen[area_of(chosen, geography, geo_table).isin(list(provinces))]
    return split_by_years(chosen, years)
