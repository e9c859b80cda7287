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

import numpy as np
import pandas as pd

from kc_metrics.kpis import KPIS, SPLIT_KPI_OF
from kc_metrics.load import load_dataset

KEY = ["geo_code", "period_start", "period_end", "months", "status", "kpi"]
RESULT_COLUMNS = [
    "geo_code", "geo_name", "geo_level", "period_start", "period_end", "months", "status", "kpi", "value",
    "unit", "qualifier", "derived", "program", "value_as_written", "source_ids", "record_ids", "covers",
    "coverage_complete",
]  # fmt: skip
RECORD_FIELDS = [
    "record_id", "source_id", "geo_code", "period_start", "period_end", "months", "status", "program",
    "metric", "value", "qualifier", "value_as_written",
]  # fmt: skip
SPLIT_METRICS = ("budget", "projects")  # metrics whose KPI depends on the programme
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


def _source_rank(source_ids: pd.Index, sources: pd.DataFrame | None) -> np.ndarray:
    """The priority of each source id, as one integer (smaller first): a report before a web page,
    then the most recently published; an unknown source counts as a web page with no date."""
    if sources is None or not len(sources):
        return np.zeros(len(source_ids), dtype="int64")
    src = sources.drop_duplicates("source_id")
    position = pd.Index(src["source_id"]).get_indexer(source_ids)
    known = position >= 0
    kind_rank = np.ones(len(source_ids), dtype="int64")
    kind_rank[known] = src["kind"].ne("report").to_numpy(dtype="int64")[position[known]]
    published = np.full(len(source_ids), "", dtype=object)
    published[known] = src["published"].fillna("").to_numpy(dtype=object)[position[known]]
    dates, order = pd.factorize(pd.Series(published, dtype=object), sort=True)  # codes in date order
    return kind_rank * (len(order) + 1) + (len(order) - 1 - dates)  # latest date first


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


def _per_row(function, columns: Sequence[pd.Series]) -> list:
    """function(*cells) for each row of aligned columns, computed once per distinct combination."""
    cache: dict = {}
    out = []
    for cells in zip(*(c.tolist() for c in columns), strict=True):
        if cells not in cache:
            cache[cells] = function(*cells)
        out.append(cache[cells])
    return out


def _join_id_columns(columns: Sequence[pd.Series]) -> list[str]:
    """_join_ids of each row's cells: the ids of all parts, once each, sorted, ";"-separated."""
    if len(columns) == 2 and not any(c.isna().any() for c in columns):
        a, b = (c.astype(str).reset_index(drop=True) for c in columns)
        simple = ~(a.str.contains(";", regex=False) | b.str.contains(";", regex=False))
        simple &= a.ne("") & b.ne("")
        if bool(simple.all()):  # one id each: the common case, done on whole columns
            joined = (a + ";" + b).where(a < b, b + ";" + a).where(a != b, a)
            return joined.tolist()
    return [_join_ids(cells) for cells in zip(*(c.tolist() for c in columns), strict=True)]


def _sum_parts(parts: Sequence[pd.DataFrame], kpi, program, written: str | None = None) -> pd.DataFrame:
    """Derived rows summing aligned value rows: parts[i] holds the i-th part of each key, every part
    in the same key order. Row for row what summing each group's parts in order gives."""
    parts = [p.reset_index(drop=True) for p in parts]
    first = parts[0]
    value = pd.Series(0.0, index=first.index)
    for part in parts:
        value = value + part["value"].astype("float64").fillna(0.0)  # a sum skips missing values
    if written is None:
        written_col = parts[0]["value_as_written"].astype(str)
        for part in parts[1:]:
            written_col = written_col + " + " + part["value_as_written"].astype(str)
    else:
        written_col = written
    return pd.DataFrame(
        {
            "geo_code": first["geo_code"],
            "period_start": first["period_start"],
            "period_end": first["period_end"],
            "months": first["months"],
            "status": first["status"],
            "kpi": kpi,
            "value": value,
            "qualifier": _per_row(lambda *q: combine_sum_qualifiers(q), [p["qualifier"] for p in parts]),
            "derived": True,
            "program": program,
            "value_as_written": written_col,
            "source_ids": _join_id_columns([p["source_ids"] for p in parts]),
            "record_ids": _join_id_columns([p["record_ids"] for p in parts]),
        }
    )


def _aligned(frame: pd.DataFrame, key: list[str], column: str, order: Sequence[str]) -> list[pd.DataFrame]:
    """frame (one row per key and value of `column`, every value of `order` present for each key) split
    into one frame per value of `order`, each in the order in which the keys first appear."""
    keys = frame[key].drop_duplicates()
    return [keys.merge(frame[frame[column] == value], on=key, how="left") for value in order]


def _codes(column: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Integer codes of a column and the distinct values they stand for (missing values included)."""
    codes, uniques = pd.factorize(column, use_na_sentinel=False)
    return codes.astype("int64"), pd.Index(uniques)


def _combine(columns: Sequence[np.ndarray]) -> np.ndarray | None:
    """One int64 per row that is equal exactly where all the integer columns are equal; None when
    their ranges do not fit in 62 bits (the caller then falls back to pandas)."""
    key = np.zeros(len(columns[0]), dtype="int64")
    room = 1
    for column in columns:
        low = int(column.min()) if len(column) else 0
        width = (int(column.max()) - low + 1) if len(column) else 1
        room *= width
        if room >= 2**62:
            return None
        key = key * width + (column - low)
    return key


def _first_by_priority(
    records: pd.DataFrame, sources: pd.DataFrame | None, rows: np.ndarray | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Of the records at positions `rows` (default: all): (budget and project records, the first of
    each key; records of any other metric, the first of each key and programme), each frame in order
    of priority, with the record's KPI and months 0 for a whole period.

    Priority (which of two records of the same key is shown): a report before a web page, then the
    most recently published source, then the record id. Everything is done on integer codes, so only
    the chosen records are copied.
    """
    rows = np.arange(len(records)) if rows is None else np.asarray(rows, dtype="int64")
    whole = len(rows) * 4 > len(records)  # most rows: code whole columns once, then pick the rows

    def codes(column: str) -> tuple[np.ndarray, pd.Index]:
        if whole:
            found, uniques = _codes(records[column])
            return found[rows], uniques
        return _codes(records[column].iloc[rows])

    metric, metrics = codes("metric")
    program, programs = codes("program")
    # The KPI of each (metric, programme) pair, from a table as small as the catalogue.
    kpi_ids: list[str] = []
    table = np.full((len(metrics), len(programs)), -1, dtype="int64")
    for i, m in enumerate(metrics):
        for j, p in enumerate(programs):
            kpi_id = SPLIT_KPI_OF.get((m, p)) if m in SPLIT_METRICS else m
            if isinstance(kpi_id, str) and kpi_id in KPIS:
                if kpi_id not in kpi_ids:
                    kpi_ids.append(kpi_id)
                table[i, j] = kpi_ids.index(kpi_id)
    kpi = table[metric, program]
    is_split = np.isin(metrics.to_numpy(dtype=object), list(SPLIT_METRICS))[metric]

    source, source_ids = codes("source_id")
    record_ids = records["record_id"] if whole else records["record_id"].iloc[rows]
    record_rank = np.empty(len(record_ids), dtype="int64")
    record_rank[record_ids.reset_index(drop=True).argsort(kind="stable").to_numpy()] = np.arange(
        len(record_ids)
    )
    if whole:
        record_rank = record_rank[rows]
    priority = _source_rank(source_ids, sources)[source] * max(len(record_ids), 1) + record_rank

    months = records["months"].to_numpy(dtype="float64", na_value=0)[rows].astype("int64")
    key_columns = [
        codes("geo_code")[0],
        records["period_start"].to_numpy(dtype="int64")[rows],
        records["period_end"].to_numpy(dtype="int64")[rows],
        months,
        codes("status")[0],
        kpi,
    ]
    order = np.flatnonzero(kpi >= 0)
    order = order[np.argsort(priority[order], kind="stable")]  # candidates, best first
    key = _combine([c[order] for c in key_columns])
    program_key = _combine([c[order] for c in [*key_columns, program]])
    if key is None or program_key is None:  # ranges too wide for one integer: let pandas hash
        frame = pd.DataFrame({f"k{i}": c[order] for i, c in enumerate([*key_columns, program])})
        key = frame.groupby(list(frame.columns[:-1]), sort=False).ngroup().to_numpy()
        program_key = frame.groupby(list(frame.columns), sort=False).ngroup().to_numpy()
    split = is_split[order]
    first_split = order[split][~pd.Series(key[split]).duplicated().to_numpy()]
    first_other = order[~split][~pd.Series(program_key[~split]).duplicated().to_numpy()]

    def chosen(picked: np.ndarray) -> pd.DataFrame:
        out = records.iloc[rows[picked]][[c for c in RECORD_FIELDS if c in records]].copy()
        out["months"] = months[picked]
        out["kpi"] = pd.Series(np.asarray(kpi_ids, dtype=object)[kpi[picked]], index=out.index)
        return out

    return chosen(first_split), chosen(first_other)


def base_values(
    records: pd.DataFrame, sources: pd.DataFrame | None = None, rows: np.ndarray | None = None
) -> pd.DataFrame:
    """Reported values, one per key (geography, period, months, status, KPI).

    Budget and projects map to their programme KPI (budget_kcqg, budget_kcdp, budget_total...). Any
    other metric maps to the KPI of the same id: the all-programme figure when there is one, else the
    sum of KCQG and KCĐP when both are given and the KPI is additive (derived), else the one programme
    given (its `program` says which). Where two sources give the same key, the first by priority wins
    (see _first_by_priority). `rows`: positions of the records to use (default: all).
    """
    if records.empty or (rows is not None and not len(rows)):
        return _empty_values()
    split, other = _first_by_priority(records, sources, rows)
    has_all = other["program"].eq("all").groupby([other[c] for c in KEY], sort=False).transform("any")
    chosen_all = other[has_all & other["program"].eq("all")]
    partial = _as_values(other[~has_all])

    summed = None
    if not partial.empty:
        additive = partial["kpi"].map({k: v.additive for k, v in KPIS.items()}).astype(bool)
        n_programs = partial.groupby(KEY, sort=False)["program"].transform("nunique")
        both = partial[additive & n_programs.ge(2)]
        if not both.empty:
            # After the dedupe above a key has one row per programme: KCQG and KCĐP, in that order.
            programs = sorted(both["program"].unique(), key=lambda p: PROGRAM_ORDER.get(p, 9))
            parts = _aligned(both, KEY, "program", programs)
            summed = _sum_parts(parts, parts[0]["kpi"].to_numpy(), "kcqg+kcdp")
        single = partial[~(additive & n_programs.ge(2))].drop_duplicates(KEY, keep="first")
    else:
        single = partial
    frames = [_as_values(split), _as_values(chosen_all), single]
    if summed is not None and not summed.empty:
        frames.append(summed)
    values = pd.concat([f for f in frames if not f.empty], ignore_index=True)
    return _add_totals(values) if not values.empty else _empty_values()


def _empty_values() -> pd.DataFrame:
    return pd.DataFrame(columns=[c for c in RESULT_COLUMNS if c not in ("geo_name", "geo_level", "unit")])


def _add_totals(values: pd.DataFrame) -> pd.DataFrame:
    """Derive budget_total and projects from their programme parts where no total was reported."""
    key_no_kpi = [c for c in KEY if c != "kpi"]
    frames = []
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
        if parts.empty:
            continue
        # KCQG first, as the sources write it; one row per part and key (values are unique per key).
        frames.append(_sum_parts(_aligned(parts, key_no_kpi, "kpi", total.parts), total.id, "kcqg+kcdp"))
    if not frames:
        return values
    return pd.concat([values, *frames], ignore_index=True)


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

    groups = former.groupby(KEY, sort=False)
    group_id = groups.ngroup()  # numbered in the order the keys first appear, as the rows come out
    size = groups["kpi"].transform("size")
    total_parts = former["geo_code"].map(n_parts)
    additive = former["kpi"].map({k: v.additive for k, v in KPIS.items()}).astype(bool)
    whole = size.eq(total_parts) & (total_parts.eq(1) | additive)
    as_is = (whole & total_parts.eq(1)) | (~whole & size.eq(1))
    to_sum = whole & ~total_parts.eq(1)
    left_out = int(groups.ngroups - group_id[as_is | to_sum].nunique())

    former["_group"] = group_id
    rolled = [former[as_is].assign(coverage_complete=whole[as_is].to_numpy())]
    summing = former[to_sum]
    for n in sorted(size[to_sum].unique()):  # groups of n parts, summed in their order of appearance
        rows = summing[size[to_sum].eq(n).to_numpy()]
        rows = rows.assign(_part=rows.groupby(KEY, sort=False).cumcount())
        parts = _aligned(rows, KEY, "_part", list(range(int(n))))
        programs = _per_row(lambda *p: _join_programs(pd.Series(p)), [p["program"] for p in parts])
        summed = _sum_parts(parts, parts[0]["kpi"].to_numpy(), programs)
        summed["covers"] = _per_row(lambda *c: ", ".join(sorted(c)), [p["covers"] for p in parts])
        summed["coverage_complete"] = True
        summed["_group"] = parts[0]["_group"].to_numpy()
        rolled.append(summed)
    rolled = pd.concat(rolled, ignore_index=True).sort_values("_group", kind="stable")
    rolled = rolled.drop(columns=["_group"])
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
    frames = []
    for ratio in (k for k in KPIS.values() if k.kind == "ratio"):
        needed = list(dict.fromkeys([ratio.numerator, *ratio.denominator]))
        pool = values[values["kpi"].isin(needed)]
        if pool.empty:
            continue
        complete = pool.groupby(match_on, sort=False, dropna=False)["kpi"].transform("nunique")
        pool = pool[complete.eq(len(needed)).to_numpy()]
        reported = values.loc[values["kpi"] == ratio.id, match_on].drop_duplicates()
        if not reported.empty and not pool.empty:
            marker = pool[match_on].merge(reported.assign(_has=True), how="left", on=match_on)["_has"]
            pool = pool[marker.isna().to_numpy()]
        if pool.empty:
            continue
        parts = dict(zip(needed, _aligned(pool, match_on, "kpi", needed), strict=True))
        denominator = pd.Series(0.0, index=parts[needed[0]].index)
        for d in ratio.denominator:
            denominator = denominator + parts[d]["value"].astype("float64")
        numerator = parts[ratio.numerator]
        ok = denominator.ne(0).to_numpy()  # no ratio of nothing: absent, not zero or infinity
        if not ok.any():
            continue
        numerator, denominator = numerator[ok], denominator[ok]
        operands = [parts[k][ok] for k in needed]
        row = numerator[match_on].copy()
        row["kpi"] = ratio.id
        row["value"] = numerator["value"].astype("float64") / denominator * ratio.scale
        row["qualifier"] = _per_row(
            lambda n, *d: combine_ratio_qualifiers(n, d),
            [numerator["qualifier"], *(parts[d][ok]["qualifier"] for d in ratio.denominator)],
        )
        row["derived"] = True
        row["program"] = _per_row(lambda *p: _join_programs(pd.Series(p)), [o["program"] for o in operands])
        row["value_as_written"] = ""
        row["source_ids"] = _join_id_columns([o["source_ids"] for o in operands])
        row["record_ids"] = _join_id_columns([o["record_ids"] for o in operands])
        if "coverage_complete" in values:
            complete_all = operands[0]["coverage_complete"].astype(bool).to_numpy()
            for o in operands[1:]:
                complete_all = complete_all & o["coverage_complete"].astype(bool).to_numpy()
            row["coverage_complete"] = complete_all
        frames.append(row)
    if not frames:
        return values
    return pd.concat([values, *frames], ignore_index=True)


def needed_metrics(kpis: Sequence[str]) -> set[str]:
    """The metrics whose records can change the given KPIs: each KPI's own metric (and its id, which
    a reported ratio uses), a total's parts and a ratio's operands, followed to the end."""
    found: set[str] = set()
    todo = list(kpis)
    while todo:
        kpi_id = todo.pop()
        if kpi_id in found:
            continue
        found.add(kpi_id)
        kpi = KPIS[kpi_id]
        if kpi.metric:
            found.add(kpi.metric)
        todo += [*kpi.parts, *([kpi.numerator] if kpi.numerator else []), *kpi.denominator]
    return found


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

    # Only the records that can reach the result are computed on: the statuses asked for, periods
    # inside the years and, as reported, the metrics the KPIs are made of and the areas asked for.
    # Every step below works per geography and KPI, so the result is the same as computing everything
    # and filtering. (Not when rolling up: attrs["not_rolled_up"] counts every area and KPI.)
    keep = records["status"].isin(list(status))
    if years is None:
        left_out = records.iloc[0:0]
    else:
        first, last = int(min(years)), int(max(years))
        inside = (records["period_start"] >= first) & (records["period_end"] <= last)
        overlaps = (records["period_start"] <= last) & (records["period_end"] >= first)
        left_out = records[keep & overlaps & ~inside]
        keep &= inside
    if kpis is not None and geography == "reported":
        keep &= records["metric"].isin(needed_metrics(kpis))
    if provinces is not None and geography == "reported":
        keep &= records["geo_code"].isin(list(provinces))
    values = base_values(records, sources, rows=np.flatnonzero(keep.to_numpy()))
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
