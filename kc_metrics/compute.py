"""compute(): records -> one tidy row per geography, period and KPI, following the honest rules.

Rules (the README's "the numbers are honest" and data/README.md):
- Missing is not zero: a KPI without data has no row at all.
- Periods are kept whole: a record counts for a year range only when its whole period lies inside it;
  those that overlap the range but reach outside it are left out, and counted per KPI and area.
- Plan is not actual: only the statuses asked for are used, and figures of different statuses never meet.
- Qualifiers ("more than", "about") and months covered travel into the result (kc_metrics.qualifiers).
- One record per figure: where two sources state the same figure, the first by priority wins
  (kc_metrics.winner).
- Derived values (a total summed from KCQG + KCĐP, every ratio) have derived=True and carry the source
  and record ids of their parts (kc_metrics.derive).
- geography="current" rolls the 63 former provinces into the 34 current ones (kc_metrics.rollup).

compute() is pure: it reads only what it is given (records, and the catalogue and geography table).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from kc_metrics.derive import add_ratios, add_totals
from kc_metrics.kpis import Catalogue
from kc_metrics.load import KPIS
from kc_metrics.rollup import roll_up_to_current
from kc_metrics.selection import GeographyMode, Selection, Status, area_of, years_masks
from kc_metrics.values import RESULT_COLUMNS
from kc_metrics.winner import base_values, superseded

LEFT_OUT_COLUMNS = ("record_id", "geo_code", "kpi")


def compute(
    records: pd.DataFrame,
    kpis: Sequence[str] | None = None,
    provinces: Sequence[str] | None = None,
    years: Sequence[int] | None = None,
    geography: GeographyMode = "reported",
    status: Sequence[Status] = ("actual",),
    *,
    selection: Selection | None = None,
    catalogue: Catalogue | None = None,
    geo_table: pd.DataFrame | None = None,
    sources: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """KPIs of the selection: one row per geography, period (with months) and KPI.

    records: as load_records() returns them. kpis: KPI ids (default: all). The selection is either
    `selection` or the arguments provinces (geo codes of the geography mode; None = all), years (first,
    last; a record counts only when its whole period lies inside), geography ("reported": each figure
    at the unit its source names; "current": rolled into the 34 provinces) and status. catalogue: the
    KPI catalogue (default: KPIS). geo_table: load_geography(), needed for geography="current" (the
    63 -> 34 mapping); otherwise names come from the records. sources: only for records without the
    loader's source_rank column (which source wins).

    Returns columns geo_code, geo_name, geo_level, period_start, period_end, months (<NA> = the whole
    period), status, kpi, value, unit, qualifier, derived, program, value_as_written, source_ids,
    record_ids, covers (former provinces a current-province value covers), coverage_complete.
    attrs: "left_out" (records left out because their period reaches outside the years),
    "left_out_records" ((record_id, area, kpi) for each KPI of the result such a record feeds; see
    left_out_count), "not_rolled_up" and "not_rolled_up_keys" ((area, kpi) of the figures that could not
    be rolled up honestly into a current province).
    """
    selection = _selection(selection, provinces, years, geography, status)
    catalogue = KPIS if catalogue is None else catalogue
    unknown = [k for k in (kpis or []) if k not in catalogue]
    if unknown:
        raise ValueError(f"unknown KPI id(s): {', '.join(unknown)}")
    if selection.geography == "current" and geo_table is None:
        raise ValueError("geography='current' needs geo_table (load_geography()) for the 63 -> 34 mapping")
    wanted = list(catalogue) if kpis is None else list(kpis)

    # Only the records that can reach the result are computed on: the statuses and programme asked
    # for, the metrics the KPIs are made of, the areas asked for, periods inside the years. Every step
    # below works per area and KPI, so the result is the same as computing everything and filtering.
    keep = records["status"].isin(list(selection.statuses))
    if selection.program is not None:
        keep &= records["program"].eq(selection.program)
    keep &= records["metric"].isin(catalogue.metrics_behind(wanted))
    keep &= ~superseded(records)  # a record another one supersedes is no longer a figure of its own
    area = area_of(records, selection.geography, geo_table) if geo_table is not None else records["geo_code"]
    if selection.areas is not None:
        keep &= area.isin(list(selection.areas))
    inside, reaching_out = years_masks(records, selection.years)
    left_out = _left_out(records[keep & reaching_out], area[keep & reaching_out], wanted, catalogue)

    values = base_values(records, catalogue, sources, rows=np.flatnonzero((keep & inside).to_numpy()))
    values = add_totals(values, catalogue) if not values.empty else values
    not_rolled: list[tuple[str, str]] = []
    if selection.geography == "current":
        assert geo_table is not None
        values, not_rolled = roll_up_to_current(values, geo_table, catalogue)
    else:
        values = values.assign(covers="", coverage_complete=True)
    values = add_ratios(values, catalogue)

    values = values[values["kpi"].isin(wanted)]
    not_rolled = [(a, k) for a, k in not_rolled if k in set(wanted)]
    if selection.areas is not None:
        values = values[values["geo_code"].isin(list(selection.areas))]
        not_rolled = [(a, k) for a, k in not_rolled if a in set(selection.areas)]
    result = _finish(values, catalogue, geo_table if geo_table is not None else _names_of(records))
    result.attrs["left_out"] = int(left_out["record_id"].nunique())
    result.attrs["left_out_records"] = tuple(left_out.itertuples(index=False, name=None))
    result.attrs["not_rolled_up"] = len(not_rolled)
    result.attrs["not_rolled_up_keys"] = tuple(not_rolled)
    return result


def left_out_count(
    result: pd.DataFrame, kpis: Sequence[str] | None = None, areas: Sequence[str] | None = None
) -> int:
    """How many records compute() left out of `result` because their period reaches outside the
    selected years, counting only those that feed one of `kpis` for one of `areas` (None: any)."""
    rows = result.attrs.get("left_out_records", ())
    kpi_set = None if kpis is None else set(kpis)
    area_set = None if areas is None else set(areas)
    return len(
        {
            record_id
            for record_id, area, kpi in rows
            if (kpi_set is None or kpi in kpi_set) and (area_set is None or area in area_set)
        }
    )


def not_rolled_up_count(
    result: pd.DataFrame, kpis: Sequence[str] | None = None, areas: Sequence[str] | None = None
) -> int:
    """How many figures of `kpis` and `areas` (None: any) could not be rolled up into a current province."""
    rows = result.attrs.get("not_rolled_up_keys", ())
    return sum(
        1
        for area, kpi in rows
        if (kpis is None or kpi in set(kpis)) and (areas is None or area in set(areas))
    )


def _selection(
    selection: Selection | None,
    provinces: Sequence[str] | None,
    years: Sequence[int] | None,
    geography: GeographyMode,
    status: Sequence[Status],
) -> Selection:
    """The selection, given whole or as compute()'s separate arguments (not both)."""
    if selection is None:
        return Selection(
            geography=geography,
            areas=None if provinces is None else tuple(provinces),
            years=None if years is None else (int(min(years)), int(max(years))),
            statuses=tuple(status),
        )
    if provinces is not None or years is not None or geography != "reported" or tuple(status) != ("actual",):
        raise ValueError("give either selection= or provinces/years/geography/status, not both")
    return selection


def _left_out(records: pd.DataFrame, area: pd.Series, kpis: list[str], catalogue: Catalogue) -> pd.DataFrame:
    """(record_id, area, kpi) for each left-out record and each of `kpis` whose value it could change."""
    if records.empty:
        return pd.DataFrame(columns=list(LEFT_OUT_COLUMNS))
    frames = []
    for kpi in kpis:
        feeds = records["metric"].isin(catalogue.metrics_behind([kpi]))
        if feeds.any():
            frames.append(
                pd.DataFrame(
                    {"record_id": records.loc[feeds, "record_id"], "geo_code": area[feeds], "kpi": kpi}
                )
            )
    if not frames:
        return pd.DataFrame(columns=list(LEFT_OUT_COLUMNS))
    return pd.concat(frames, ignore_index=True).sort_values(list(LEFT_OUT_COLUMNS)).reset_index(drop=True)


def _names_of(records: pd.DataFrame) -> pd.DataFrame:
    """geo_code, name, geo_level of the records' own units (when no geography table is given)."""
    units = records.drop_duplicates("geo_code")
    return pd.DataFrame(
        {
            "geo_code": units["geo_code"],
            "name": units["geo_name"] if "geo_name" in units else units["geo_code"],
            "geo_level": units.get("geo_level", ""),
        }
    )


def _finish(values: pd.DataFrame, catalogue: Catalogue, geo_table: pd.DataFrame) -> pd.DataFrame:
    """Names, units and types; months 0 back to <NA>; a stable order."""
    if values.empty:
        empty = pd.DataFrame({c: pd.Series(dtype="object") for c in RESULT_COLUMNS})
        return empty.astype(
            {"value": "float64", "derived": "bool", "estimate": "bool", "coverage_complete": "bool"}
        )
    geo = geo_table.drop_duplicates("geo_code").set_index("geo_code")
    out = values.copy()
    out["geo_name"] = out["geo_code"].map(geo["name"])
    out["geo_level"] = out["geo_code"].map(geo["geo_level"])
    out["unit"] = out["kpi"].map({k: kpi.unit for k, kpi in catalogue.items()})
    months = pd.to_numeric(out["months"]).astype("Int64")
    out["months"] = months.where(months.ne(0))  # 0 stood for a whole period: back to <NA>
    out["value"] = out["value"].astype("float64")
    out["derived"] = out["derived"].astype(bool)
    out["estimate"] = out["estimate"].fillna(False).astype(bool)
    for col in ("as_of", "formula", "scope"):
        out[col] = out[col].fillna("").astype(str)
    out["coverage_complete"] = out["coverage_complete"].astype(bool)
    for col in ("period_start", "period_end"):
        out[col] = out[col].astype("int64")
    out = out[RESULT_COLUMNS].sort_values(["kpi", "geo_code", "period_start", "period_end", "status"])
    return out.reset_index(drop=True)
