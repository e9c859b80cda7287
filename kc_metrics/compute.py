"""compute(): records -> one tidy row per geography, period and KPI, following the honest rules.

Rules (see ../shared/DESIGN.md, "Rules that make the numbers honest"):
- Missing is not zero: a KPI without data has no row at all.
- Periods are kept whole: a record counts for a year range only when its whole period lies inside it;
  those that overlap the range but reach outside it are left out and counted in `attrs["left_out"]`.
- Plan is not actual: only the statuses asked for are used, and figures of different statuses never meet.
- Qualifiers ("more than", "about") and months covered travel into the result; a value computed from a
  lower bound is itself flagged.
- Derived values (a total summed from KCQG + KCĐP, every ratio) have derived=True and carry the source
  and record ids of their parts.
- geography="current" rolls the 63 former provinces into the 34 current ones: additive KPIs are summed
  only where every merged part has data for the same period; a single part with data is shown as it is,
  labelled with what it covers; ratios are recomputed from the rolled-up parts; non-additive figures
  are never summed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

from kc_metrics.kpis import KPIS, SPLIT_KPI_OF
from kc_metrics.load import load_dataset

KEY = ["geo_code", "period_start", "period_end", "months", "status", "kpi"]
RESULT_COLUMNS = [
    "geo_code", "geo_name", "geo_level", "period_start", "period_end", "months", "status", "kpi", "value",
    "unit", "qualifier", "derived", "program", "value_as_written", "source_ids", "record_ids", "covers",
    "coverage_complete",
]  # fmt: skip
LOWER_BOUNDS = {"more_than", "at_least"}
PROGRAM_ORDER = {"all": 0, "kcqg": 1, "kcdp": 2}


def combine_sum_qualifiers(qualifiers: Iterable[str]) -> str:
    """Qualifier of a sum: exact if all parts are; a lower bound if every part is exact or a lower
    bound; at_most if every part is exact or an upper bound; otherwise about."""
    found = set(qualifiers)
    if found <= {"exact"}:
        return "exact"
    if found <= {"exact"} | LOWER_BOUNDS:
        return "more_than" if "more_than" in found else "at_least"
    if found <= {"exact", "at_most"}:
        return "at_most"
    return "about"


def combine_ratio_qualifiers(numerator: str, denominators: Iterable[str]) -> str:
    """Qualifier of a ratio: the numerator's when every denominator part is exact, else about
    (a bound in the denominator turns the ratio's direction around)."""
    denominators = set(denominators)
    if denominators <= {"exact"}:
        return numerator
    return "exact" if numerator == "exact" and denominators <= {"exact"} else "about"


def _join_ids(values: Iterable[str]) -> str:
    ids = {i for v in values for i in str(v).split(";") if i}
    return ";".join(sorted(ids))


def split_by_years(records: pd.DataFrame, years: Sequence[int] | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(records whose whole period lies inside years, records that overlap years but reach outside)."""
    if years is None:
        return records, records.iloc[0:0]
    first, last = int(min(years)), int(max(years))
    inside = (records["period_start"] >= first) & (records["period_end"] <= last)
    overlaps = (records["period_start"] <= last) & (records["period_end"] >= first)
    return records[inside], records[overlaps & ~inside]


def _priority(records: pd.DataFrame, sources: pd.DataFrame | None) -> pd.DataFrame:
    """Order records so the first of each key is the one to show: a report before a web page,
    then the most recently published, then the record id (stable)."""
    out = records.copy()
    if sources is not None and len(sources):
        kind = sources.set_index("source_id")["kind"]
        published = sources.set_index("source_id")["published"]
        out["_kind_rank"] = out["source_id"].map(kind).ne("report").astype(int)
        out["_published"] = out["source_id"].map(published).fillna("")
    else:
        out["_kind_rank"], out["_published"] = 0, ""
    return out.sort_values(["_kind_rank", "_published", "record_id"], ascending=[True, False, True])


def _as_values(frame: pd.DataFrame) -> pd.DataFrame:
    """Records (one chosen per key) -> value rows."""
    if frame.empty or "geo_code" not in frame:
        return _empty_values()
    out = pd.DataFrame(
        {
            "geo_code": frame["geo_code"],
            "period_start": frame["period_start"],
            "period_end": frame["period_end"],
            "months": frame["months"],
            "status": frame["status"],
            "kpi": frame["kpi"],
            "value": frame["value"],
            "qualifier": frame["qualifier"],
            "derived": False,
            "program": frame["program"],
            "value_as_written": frame["value_as_written"],
            "source_ids": frame["source_id"],
            "record_ids": frame["record_id"],
        }
    )
    return out.reset_index(drop=True)


def _sum_rows(group: pd.DataFrame, kpi: str, program: str, parts_label: str | None = None) -> dict:
    """One derived row summing a group of value rows of the same key."""
    first = group.iloc[0]
    written = " + ".join(group["value_as_written"].astype(str)) if parts_label is None else parts_label
    return {
        "geo_code": first["geo_code"],
        "period_start": first["period_start"],
        "period_end": first["period_end"],
        "months": first["months"],
        "status": first["status"],
        "kpi": kpi,
        "value": float(group["value"].sum()),
        "qualifier": combine_sum_qualifiers(group["qualifier"]),
        "derived": True,
        "program": program,
        "value_as_written": written,
        "source_ids": _join_ids(group["source_ids"]),
        "record_ids": _join_ids(group["record_ids"]),
    }


def base_values(records: pd.DataFrame, sources: pd.DataFrame | None = None) -> pd.DataFrame:
    """Reported values, one per key (geography, period, months, status, KPI).

    Budget and projects map to their programme KPI (budget_kcqg, budget_kcdp, budget_total...). Any
    other metric maps to the KPI of the same id: the all-programme figure when there is one, else the
    sum of KCQG and KCĐP when both are given and the KPI is additive (derived), else the one programme
    given (its `program` says which). Where two sources give the same key, the first by _priority wins.
    """
    if records.empty:
        return _empty_values()
    recs = records.copy()
    recs["months"] = recs["months"].fillna(0).astype("int64")  # 0: the whole period
    split_kpi = pd.Series(list(zip(recs["metric"], recs["program"], strict=True)), index=recs.index).map(
        SPLIT_KPI_OF
    )
    is_split = recs["metric"].isin(["budget", "projects"])
    recs["kpi"] = split_kpi.where(is_split, recs["metric"])
    recs = recs[recs["kpi"].isin(KPIS)]
    recs = _priority(recs, sources)

    split = recs[is_split.reindex(recs.index)].drop_duplicates(KEY, keep="first")
    other = recs[~is_split.reindex(recs.index)].drop_duplicates([*KEY, "program"], keep="first")
    has_all = other["program"].eq("all").groupby([other[c] for c in KEY], sort=False).transform("any")
    chosen_all = other[has_all & other["program"].eq("all")]
    partial = _as_values(other[~has_all])

    rows = []
    if not partial.empty:
        additive = partial["kpi"].map(lambda k: KPIS[k].additive)
        n_programs = partial.groupby(KEY, sort=False)["program"].transform("nunique")
        both = partial[additive & n_programs.ge(2)]
        for _, group in both.groupby(KEY, sort=False):
            group = group.sort_values("program", key=lambda p: p.map(PROGRAM_ORDER))
            rows.append(_sum_rows(group, group["kpi"].iloc[0], "kcqg+kcdp"))
        single = partial[~(additive & n_programs.ge(2))].drop_duplicates(KEY, keep="first")
    else:
        single = partial
    frames = [_as_values(split), _as_values(chosen_all), single]
    if rows:
        frames.append(pd.DataFrame(rows))
    values = pd.concat([f for f in frames if not f.empty], ignore_index=True)
    return _add_totals(values) if not values.empty else _empty_values()


def _empty_values() -> pd.DataFrame:
    return pd.DataFrame(columns=[c for c in RESULT_COLUMNS if c not in ("geo_name", "geo_level", "unit")])


def _add_totals(values: pd.DataFrame) -> pd.DataFrame:
    """Derive budget_total and projects from their programme parts where no total was reported."""
    key_no_kpi = [c for c in KEY if c != "kpi"]
    rows = []
    for total in (k for k in KPIS.values() if k.kind == "total"):
        parts = values[values["kpi"].isin(total.parts)]
        if parts.empty:
            continue
        have_total = values.loc[values["kpi"] == total.id, key_no_kpi].drop_duplicates()
        complete = parts.groupby(key_no_kpi, sort=False)["kpi"].transform("nunique").eq(len(total.parts))
        parts = parts[complete]
        if not have_total.empty and not parts.empty:
            marker = parts[key_no_kpi].merge(have_total.assign(_has=True), how="left", on=key_no_kpi)["_has"]
            parts = parts[marker.isna().to_numpy()]
        order = {kpi: i for i, kpi in enumerate(total.parts)}  # KCQG first, as the sources write it
        for _, group in parts.groupby(key_no_kpi, sort=False):
            rows.append(
                _sum_rows(group.sort_values("kpi", key=lambda k: k.map(order)), total.id, "kcqg+kcdp")
            )
    if not rows:
        return values
    return pd.concat([values, pd.DataFrame(rows)], ignore_index=True)


def roll_up_to_current(values: pd.DataFrame, geography: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Former provinces' values moved to the current province they became part of.

    Per current province, period, months, status and KPI:
    - every former part has a value and the KPI is additive: the sum (derived), coverage complete;
    - the current province has only one former part: that part's value, coverage complete;
    - exactly one of several parts has a value: that value as it is, labelled with what it covers,
      coverage not complete (never presented as the merged province's total);
    - otherwise (several parts but not all, or a non-additive KPI): left out, and counted.
    Values reported for current provinces, regions or the nation stay as they are and win over a
    rolled-up value of the same key. Returns (values, number of keys left out).
    """
    geo = geography.set_index("geo_code")
    former_codes = geo.index[geo["map"].eq("63")]
    is_former = values["geo_code"].isin(former_codes)
    kept = values[~is_former].assign(covers="", coverage_complete=True)
    former = values[is_former].copy()
    if former.empty:
        return kept, 0
    former["covers"] = former["geo_code"].map(geo["name"])
    former["geo_code"] = former["geo_code"].map(geo["successor_code"])
    n_parts = geo.loc[former_codes].groupby("successor_code").size()

    rows, left_out = [], 0
    for key, group in former.groupby(KEY, sort=False):
        total_parts = int(n_parts[key[0]])
        kpi = KPIS[key[-1]]
        if len(group) == total_parts and (total_parts == 1 or kpi.additive):
            if total_parts == 1:
                row = group.iloc[0].to_dict()
            else:
                row = _sum_rows(group, kpi.id, _join_programs(group["program"]))
                row["covers"] = ", ".join(sorted(group["covers"]))
            row["coverage_complete"] = True
        elif len(group) == 1:
            row = group.iloc[0].to_dict()
            row["coverage_complete"] = False
        else:
            left_out += 1
            continue
        rows.append(row)
    rolled = pd.DataFrame(rows)
    if rolled.empty:
        return kept, left_out
    merged = pd.concat([kept, rolled], ignore_index=True).drop_duplicates(KEY, keep="first")
    return merged.reset_index(drop=True), left_out


def _join_programs(programs: pd.Series) -> str:
    """'kcqg+kcdp' for a value built from both programmes; the one programme otherwise."""
    found = {p for value in programs for p in str(value).split("+")}
    return "+".join(sorted(found, key=lambda p: (PROGRAM_ORDER.get(p, 9), p)))


def add_ratios(values: pd.DataFrame) -> pd.DataFrame:
    """Ratio KPIs from numerator and denominator of the same key and the same coverage.

    A reported value of the ratio (a source that states the KCQG share) is kept as reported.
    """
    if values.empty:
        return values
    key_no_kpi = [c for c in KEY if c != "kpi"]
    match_on = [*key_no_kpi, "covers"] if "covers" in values else key_no_kpi
    rows = []
    for ratio in (k for k in KPIS.values() if k.kind == "ratio"):
        needed = {ratio.numerator, *ratio.denominator}
        pool = values[values["kpi"].isin(needed)]
        if pool.empty:
            continue
        reported = values.loc[values["kpi"] == ratio.id, match_on].drop_duplicates()
        reported_keys = set(map(tuple, reported.to_numpy().tolist()))
        for key, group in pool.groupby(match_on, sort=False, dropna=False):
            by_kpi = group.set_index("kpi")
            if not needed <= set(by_kpi.index) or tuple(key) in reported_keys:
                continue
            denominator = float(sum(by_kpi.loc[d, "value"] for d in ratio.denominator))
            if denominator == 0:
                continue  # no ratio of nothing: absent, not zero or infinity
            numerator = by_kpi.loc[ratio.numerator]
            row = {c: v for c, v in zip(match_on, key, strict=True)}
            row.update(
                kpi=ratio.id,
                value=float(numerator["value"]) / denominator * ratio.scale,
                qualifier=combine_ratio_qualifiers(
                    numerator["qualifier"], [by_kpi.loc[d, "qualifier"] for d in ratio.denominator]
                ),
                derived=True,
                program=_join_programs(by_kpi.loc[list(needed), "program"]),
                value_as_written="",
                source_ids=_join_ids(by_kpi.loc[list(needed), "source_ids"]),
                record_ids=_join_ids(by_kpi.loc[list(needed), "record_ids"]),
            )
            if "coverage_complete" in by_kpi:
                row["coverage_complete"] = bool(by_kpi.loc[list(needed), "coverage_complete"].all())
            rows.append(row)
    if not rows:
        return values
    return pd.concat([values, pd.DataFrame(rows)], ignore_index=True)


def compute(
    records: pd.DataFrame,
    kpis: Sequence[str] | None = None,
    provinces: Sequence[str] | None = None,
    years: Sequence[int] | None = None,
    geography: str = "reported",
    status: Sequence[str] = ("actual",),
    *,
    geo_table: pd.DataFrame | None = None,
    sources: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """KPIs of the selection: one row per geography, period (with months) and KPI.

    records: as load_records() returns them. kpis: KPI ids (default: all). provinces: geo codes of the
    chosen geography mode (P63-/P34-, REG-, VN as reported; P34-, REG-, VN when current); None = all.
    years: (first, last); a record counts only when its whole period lies inside. geography: "reported"
    (each figure at the unit its source names) or "current" (rolled into the 34 provinces). status:
    which of "actual" and "plan" to use.

    Returns columns geo_code, geo_name, geo_level, period_start, period_end, months (<NA> = the whole
    period), status, kpi, value, unit, qualifier, derived, program, value_as_written, source_ids,
    record_ids, covers (former provinces a current-province value covers), coverage_complete.
    `attrs["left_out"]`: records left out because their period reaches outside `years`;
    `attrs["left_out_ids"]`: their record ids; `attrs["not_rolled_up"]`: keys that could not be rolled
    up honestly into a current province.
    """
    if geography not in ("reported", "current"):
        raise ValueError(f"geography must be 'reported' or 'current', not {geography!r}")
    unknown = [k for k in (kpis or []) if k not in KPIS]
    if unknown:
        raise ValueError(f"unknown KPI id(s): {', '.join(unknown)}")
    if geo_table is None or sources is None:
        dataset = load_dataset()
        geo_table = dataset.geography if geo_table is None else geo_table
        sources = dataset.sources if sources is None else sources

    selected = records[records["status"].isin(list(status))]
    inside, left_out = split_by_years(selected, years)
    values = base_values(inside, sources)
    not_rolled_up = 0
    if geography == "current":
        values, not_rolled_up = roll_up_to_current(values, geo_table)
    else:
        values = values.assign(covers="", coverage_complete=True)
    values = add_ratios(values)

    if kpis is not None:
        values = values[values["kpi"].isin(list(kpis))]
    if provinces is not None:
        values = values[values["geo_code"].isin(list(provinces))]
    result = _finish(values, geo_table)
    result.attrs["left_out"] = len(left_out)
    result.attrs["left_out_ids"] = sorted(left_out["record_id"])
    result.attrs["not_rolled_up"] = not_rolled_up
    return result


def _finish(values: pd.DataFrame, geo_table: pd.DataFrame) -> pd.DataFrame:
    """Names, units and types; months 0 back to <NA>; a stable order."""
    if values.empty:
        empty = pd.DataFrame({c: pd.Series(dtype="object") for c in RESULT_COLUMNS})
        return empty.astype({"value": "float64", "derived": "bool", "coverage_complete": "bool"})
    geo = geo_table.set_index("geo_code")
    out = values.copy()
    out["geo_name"] = out["geo_code"].map(geo["name"])
    out["geo_level"] = out["geo_code"].map(geo["geo_level"])
    out["unit"] = out["kpi"].map(lambda k: KPIS[k].unit)
    out["months"] = pd.to_numeric(out["months"]).astype("Int64").replace(0, pd.NA)
    out["value"] = out["value"].astype("float64")
    out["derived"] = out["derived"].astype(bool)
    out["coverage_complete"] = out["coverage_complete"].astype(bool)
    for col in ("period_start", "period_end"):
        out[col] = out[col].astype("int64")
    out = out[RESULT_COLUMNS].sort_values(["kpi", "geo_code", "period_start", "period_end", "status"])
    return out.reset_index(drop=True)
