"""Which record is a figure's value: one record per key, chosen by the source's priority.

Two sources can state the same figure (the same geography, period, months, status and KPI). The one
shown is the first by priority: a report before a web page, then the most recently published source,
then the record id. Everything here works on integer codes, so only the chosen records are copied.

Which record wins does not depend on the selection: every filter of compute() (statuses, programme,
metrics, areas, years) keeps or drops all the records of a figure together, and the order of priority
of the records that remain is the order they have among all records. So the loader chooses once per
dataset (figures()): the records' `figure` column numbers each record's figure and `wins` marks the
record that is its value; compute() then only filters (winners_among()). Where the records do not carry
these columns for the catalogue in use, or they do not hold for the rows at hand (records added,
removed or superseded since), the choice is made per call, with the same result.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from kc_metrics.kpis import Catalogue
from kc_metrics.values import KEY, PROGRAM_ORDER, aligned, as_values, empty_values, sum_parts

FIGURE, WINS = "figure", "wins"  # the loader's columns: each record's figure, and whether it is its value
STAMP = "figures_catalogue"  # records.attrs: catalogue_stamp() of the catalogue `figure` was made with
NO_KPI, SUPERSEDED = -1, -2  # `figure` of a record that is a value of no KPI, and of a superseded one

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


@dataclass(frozen=True)
class Candidates:
    """The records of a KPI among some rows, best first, with what decides which is a figure's value.

    positions: positions of the records (into the records frame), in order of priority; figure: per
    candidate, one int64 equal exactly where two candidates are the same figure (geography, period,
    months, as_of, status and KPI; and the programme, except for budget and projects, whose KPI already
    names it); kpi: per candidate, its index into kpi_ids; months: per candidate, 0 for a whole period;
    split: per candidate, whether it is a budget or projects record (its KPI names its programme).
    """

    positions: np.ndarray
    figure: np.ndarray
    kpi: np.ndarray
    kpi_ids: list[str]
    months: np.ndarray
    split: np.ndarray


def candidates(
    records: pd.DataFrame,
    catalogue: Catalogue,
    sources: pd.DataFrame | None = None,
    rows: np.ndarray | None = None,
) -> Candidates:
    """Of the records at positions `rows` (default: all), those that are a value of some KPI, in order
    of priority, each with the number of its figure (see Candidates).

    Priority (which of two records of the same key is shown): a report before a web page, then the
    most recently published source, then the record id; a result before an estimate of the same figure.
    Everything is done on integer codes. The source's rank is the records' `source_rank` column where
    the loader made one, else it is worked out from `sources` (none: every source ranks the same).
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
    kpi, kpi_ids = _kpi_codes(catalogue, metric, metrics, program, programs)
    is_split = np.isin(metrics.to_numpy(dtype=object), list(catalogue.split_metrics))[metric]
    priority = _priority(records, rows, whole, sources, codes)

    months = records["months"].to_numpy(dtype="float64", na_value=0)[rows].astype("int64")
    key_columns = [
        codes("geo_code")[0],
        records["period_start"].to_numpy(dtype="int64")[rows],
        records["period_end"].to_numpy(dtype="int64")[rows],
        months,
        codes("as_of")[0] if "as_of" in records else np.zeros(len(rows), dtype="int64"),
        codes("status")[0],
        kpi,
        np.where(is_split, -1, program),  # budget and projects: the KPI names the programme already
    ]
    order = np.flatnonzero(kpi >= 0)
    order = order[np.argsort(priority[order], kind="stable")]  # candidates, best first
    figure = _combine([c[order] for c in key_columns])
    if figure is None:  # ranges too wide for one integer: let pandas hash
        frame = pd.DataFrame({f"k{i}": c[order] for i, c in enumerate(key_columns)})
        figure = frame.groupby(list(frame.columns), sort=False).ngroup().to_numpy(dtype="int64")
    return Candidates(rows[order], figure, kpi[order], kpi_ids, months[order], is_split[order])


def _kpi_codes(
    catalogue: Catalogue, metric: np.ndarray, metrics: pd.Index, program: np.ndarray, programs: pd.Index
) -> tuple[np.ndarray, list[str]]:
    """The KPI of each record (an index into the returned ids; -1: none), from a (metric, programme)
    table as small as the catalogue."""
    kpi_ids: list[str] = []
    table = np.full((len(metrics), len(programs)), -1, dtype="int64")
    for i, m in enumerate(metrics):
        for j, p in enumerate(programs):
            kpi_id = catalogue.kpi_of(str(m), str(p))
            if kpi_id is not None:
                if kpi_id not in kpi_ids:
                    kpi_ids.append(kpi_id)
                table[i, j] = kpi_ids.index(kpi_id)
    return table[metric, program], kpi_ids


def _priority(
    records: pd.DataFrame,
    rows: np.ndarray,
    whole: bool,
    sources: pd.DataFrame | None,
    codes: Callable[[str], tuple[np.ndarray, pd.Index]],
) -> np.ndarray:
    """One int64 per row, smaller first: (estimate, source rank, record id order), lexicographically."""
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
    priority: np.ndarray = rank * max(len(record_ids), 1) + record_rank
    return priority


def superseded(records: pd.DataFrame) -> np.ndarray:
    """Per record, whether another record supersedes it (it is then no longer a figure of its own).

    Looked up by hashing in Arrow: pandas' isin (and a Python set) of an Arrow string column walks its
    values in Python, seconds at a million records.
    """
    if "supersedes" not in records:
        return np.zeros(len(records), dtype=bool)
    targets = pc.unique(_arrow_strings(records["supersedes"]))
    found = pc.is_in(_arrow_strings(records["record_id"]), value_set=pc.drop_null(targets))
    is_target: np.ndarray = found.to_numpy(zero_copy_only=False).astype(bool)
    return is_target & records["record_id"].ne("").to_numpy(dtype=bool)


def _arrow_strings(column: pd.Series) -> pa.Array:
    """A text column as an Arrow string array (no copy for pandas' Arrow-backed strings)."""
    return pa.array(
        column.array if isinstance(column.dtype, pd.StringDtype) else column.astype(str), type=pa.string()
    )


def catalogue_stamp(catalogue: Catalogue) -> str:
    """What the choice of a figure's value takes from the catalogue, as a short hash: every KPI's id,
    kind, metric and programme (they decide each record's KPI, Catalogue.kpi_of)."""
    described = sorted((k.id, k.kind, k.metric or "", k.program or "") for k in catalogue.values())
    return hashlib.sha256(repr(described).encode()).hexdigest()[:16]


def figures(records: pd.DataFrame, catalogue: Catalogue) -> tuple[np.ndarray, np.ndarray]:
    """(figure, wins) of every record, once per dataset: figure numbers the record's figure (0, 1, …;
    NO_KPI for a record that is a value of no KPI, SUPERSEDED for one another record supersedes);
    wins is True for the first record of each figure by priority (see candidates()), its value."""
    figure = np.full(len(records), NO_KPI, dtype="int64")
    wins = np.zeros(len(records), dtype=bool)
    replaced = superseded(records)
    figure[replaced] = SUPERSEDED
    found = candidates(records, catalogue, rows=np.flatnonzero(~replaced))
    numbers = pd.factorize(found.figure)[0].astype("int64")  # 0, 1, … in order of priority
    figure[found.positions] = numbers
    wins[found.positions[~pd.Series(numbers).duplicated().to_numpy()]] = True
    return figure, wins


def winners_among(records: pd.DataFrame, catalogue: Catalogue, rows: np.ndarray) -> np.ndarray | None:
    """Positions of the figures' values among the records at `rows`, read from the loader's `figure`
    and `wins` columns; None when they cannot be trusted for these rows (the caller then chooses).

    They are trusted when the records carry them for this catalogue (the STAMP attribute), no row is
    marked superseded (a record superseded at load is a figure again once its successor is gone), and
    every figure among the rows has exactly one winner among them (not so when a winner was removed,
    or a record copied from one was added). Checking costs two counts over the rows, not a sort.
    """
    if records.attrs.get(STAMP) != catalogue_stamp(catalogue) or FIGURE not in records or WINS not in records:
        return None
    figure, wins = records[FIGURE].to_numpy(), records[WINS].to_numpy()
    if figure.dtype != np.dtype("int64") or wins.dtype != np.dtype(bool):
        return None
    figure, wins = figure[rows], wins[rows]
    if (figure == SUPERSEDED).any() or (wins & (figure < 0)).any():
        return None
    candidate = figure >= 0
    present = np.bincount(figure[candidate], minlength=1)
    won = np.bincount(figure[wins], minlength=len(present))
    if not np.array_equal(won, (present > 0).astype(won.dtype)):
        return None
    chosen: np.ndarray = np.asarray(rows, dtype="int64")[wins]
    return chosen


def first_by_priority(
    records: pd.DataFrame,
    catalogue: Catalogue,
    sources: pd.DataFrame | None = None,
    rows: np.ndarray | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Of the records at positions `rows` (default: all): (budget and project records, the first of
    each key; records of any other metric, the first of each key and programme), each frame in order
    of priority, with the record's KPI and months 0 for a whole period (see candidates()).

    Where the loader chose the winners (winners_among()), only those among `rows` are looked at: the
    same records, in the same order, since each is alone of its figure among them.
    """
    if rows is not None:
        winners = winners_among(records, catalogue, rows)
        rows = rows if winners is None else winners
    found = candidates(records, catalogue, sources, rows)
    first = ~pd.Series(found.figure).duplicated().to_numpy()

    def chosen(picked: np.ndarray) -> pd.DataFrame:
        out = records.iloc[found.positions[picked]][[c for c in RECORD_FIELDS if c in records]].copy()
        out["months"] = found.months[picked]
        out["kpi"] = pd.Series(np.asarray(found.kpi_ids, dtype=object)[found.kpi[picked]], index=out.index)
        return pd.DataFrame(out)

    return chosen(first & found.split), chosen(first & ~found.split)


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
