"""Which record is a figure's value: one record per key, chosen by the source's priority.

Two sources can state the same figure (the same geography, period, months, status and KPI). The one
shown is the first by priority: a report before a web page, then the most recently published source,
then the record id. The source's rank does not depend on the selection, so the loader computes it once
per dataset (the records' `source_rank` column); everything here works on integer codes, so only the
chosen records are copied.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from kc_metrics.kpis import Catalogue
from kc_metrics.values import KEY, PROGRAM_ORDER, aligned, as_values, empty_values, sum_parts

RECORD_FIELDS = [
    "record_id", "source_id", "geo_code", "period_start", "period_end", "months", "status", "program",
    "metric", "value", "qualifier", "value_as_written", "as_of", "estimate", "formula", "scope",
]  # fmt: skip


def source_rank(source_ids: pd.Index | pd.Series, sources: pd.DataFrame | None) -> np.ndarray:
    """The priority of each source id, as one integer (smaller first): a report before a web page,
    then the most recently published; an unknown source counts as a web page with no date.
    (The loader ranks every record's source once: records["source_rank"].)"""
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


def first_by_priority(
    records: pd.DataFrame,
    catalogue: Catalogue,
    sources: pd.DataFrame | None = None,
    rows: np.ndarray | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Of the records at positions `rows` (default: all): (budget and project records, the first of
    each key; records of any other metric, the first of each key and programme), each frame in order
    of priority, with the record's KPI and months 0 for a whole period.

    Priority (which of two records of the same key is shown): a report before a web page, then the
    most recently published source, then the record id. Everything is done on integer codes, so only
    the chosen records are copied. The source's rank is the records' `source_rank` column where the
    loader made one, else it is worked out from `sources` (none: every source ranks the same).
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
            kpi_id = catalogue.kpi_of(str(m), str(p))
            if kpi_id is not None:
                if kpi_id not in kpi_ids:
                    kpi_ids.append(kpi_id)
                table[i, j] = kpi_ids.index(kpi_id)
    kpi = table[metric, program]
    is_split = np.isin(metrics.to_numpy(dtype=object), list(catalogue.split_metrics))[metric]

    if "source_rank" in records:
        rank = records["source_rank"].to_numpy(dtype="int64")[rows]
    else:
        source, source_ids = codes("source_id")
        rank = source_rank(source_ids, sources)[source]
    record_ids = records["record_id"] if whole else records["record_id"].iloc[rows]
    record_rank = np.empty(len(record_ids), dtype="int64")
    record_rank[record_ids.reset_index(drop=True).argsort(kind="stable").to_numpy()] = np.arange(
        len(record_ids)
    )
    if whole:
        record_rank = record_rank[rows]
    # A result before an estimate of the same figure (a curated result normally supersedes it anyway).
    if "estimate" in records:
        estimate = records["estimate"].to_numpy(dtype=bool)[rows].astype("int64")
        rank = rank + estimate * (int(rank.max(initial=0)) + 1)
    priority = rank * max(len(record_ids), 1) + record_rank

    months = records["months"].to_numpy(dtype="float64", na_value=0)[rows].astype("int64")
    key_columns = [
        codes("geo_code")[0],
        records["period_start"].to_numpy(dtype="int64")[rows],
        records["period_end"].to_numpy(dtype="int64")[rows],
        months,
        codes("as_of")[0] if "as_of" in records else np.zeros(len(rows), dtype="int64"),
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
        return pd.DataFrame(out)

    return chosen(first_split), chosen(first_other)


def base_values(
    records: pd.DataFrame,
    catalogue: Catalogue,
    sources: pd.DataFrame | None = None,
    rows: np.ndarray | None = None,
) -> pd.DataFrame:
    """Reported values, one per key (geography, period, months, status, KPI).

    Budget and projects map to their programme KPI (budget_kcqg, budget_kcdp, budget_total...). Any
    other metric maps to the KPI of the same id: the all-programme figure when there is one, else the
    sum of KCQG and KCĐP when both are given and the KPI is additive (derived), else the one programme
    given (its `program` says which). Where two sources give the same key, the first by priority wins
    (see first_by_priority). `rows`: positions of the records to use (default: all).
    """
    if records.empty or (rows is not None and not len(rows)):
        return empty_values()
    split, other = first_by_priority(records, catalogue, sources, rows)
    has_all = other["program"].eq("all").groupby([other[c] for c in KEY], sort=False).transform("any")
    chosen_all = other[has_all & other["program"].eq("all")]
    partial = as_values(other[~has_all])

    summed = None
    if not partial.empty:
        additive = partial["kpi"].map({k: v.additive for k, v in catalogue.items()}).astype(bool)
        n_programs = partial.groupby(KEY, sort=False)["program"].transform("nunique")
        both = partial[additive & n_programs.ge(2)]
        if not both.empty:
            # After the dedupe above a key has one row per programme: KCQG and KCĐP, in that order.
            programs = sorted(both["program"].unique(), key=lambda p: PROGRAM_ORDER.get(p, 9))
            parts = aligned(both, KEY, "program", programs)
            summed = sum_parts(parts, parts[0]["kpi"].to_numpy(), "kcqg+kcdp")
        single = partial[~(additive & n_programs.ge(2))].drop_duplicates(KEY, keep="first")
    else:
        single = partial
    frames = [as_values(split), as_values(chosen_all), single]
    if summed is not None and not summed.empty:
        frames.append(summed)
    values = pd.concat([f for f in frames if not f.empty], ignore_index=True)
    return values if not values.empty else empty_values()
