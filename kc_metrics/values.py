"""Value rows: the tidy frame every step of compute() passes on, and the tools that build them.

A value row is one figure for a key (geography, period, months, the date a stock stands at, status,
KPI) with its qualifier, programme, the figure as written (or the curator's formula for a figure the
source does not write), whether it is an estimate, what it covers, and the ids of the sources and
records it comes from. Months 0 stands for a whole period while computing (compute() turns it back
into <NA>). An estimate stays one through sums and ratios: anything computed from one is one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from kc_metrics.qualifiers import combine_sum_qualifiers

KEY = ["geo_code", "period_start", "period_end", "months", "as_of", "status", "kpi"]


RESULT_COLUMNS = [
    "geo_code", "geo_name", "geo_level", "period_start", "period_end", "months", "as_of", "status", "kpi",
    "value", "unit", "qualifier", "estimate", "derived", "program", "value_as_written", "formula", "scope",
    "source_ids", "record_ids", "covers", "coverage_complete",
]  # fmt: skip


PROGRAM_ORDER = {"all": 0, "kcqg": 1, "kcdp": 2}


def as_values(frame: pd.DataFrame) -> pd.DataFrame:
    """Records (one chosen per key) -> value rows."""
    if frame.empty or "geo_code" not in frame:
        return empty_values()
    out = pd.DataFrame(
        {
            "geo_code": frame["geo_code"],
            "period_start": frame["period_start"],
            "period_end": frame["period_end"],
            "months": frame["months"],
            "as_of": _column(frame, "as_of", ""),
            "status": frame["status"],
            "kpi": frame["kpi"],
            "value": frame["value"],
            "qualifier": frame["qualifier"],
            "estimate": _column(frame, "estimate", False).astype(bool),
            "derived": False,
            "program": frame["program"],
            "value_as_written": frame["value_as_written"],
            "formula": _column(frame, "formula", ""),
            "scope": _column(frame, "scope", ""),
            "source_ids": frame["source_id"],
            "record_ids": frame["record_id"],
        }
    )
    return out.reset_index(drop=True)


def _column(frame: pd.DataFrame, name: str, default: object) -> pd.Series:
    """A column of records that may lack it (records built by hand in tests, older data)."""
    return frame[name] if name in frame else pd.Series(default, index=frame.index)


def _written_or_formula(part: pd.DataFrame) -> pd.Series:
    """How a part of a sum reads: as its source wrote it, or (its formula) where the curator computed it."""
    written = part["value_as_written"].fillna("").astype(str)
    formula = "(" + part["formula"].fillna("").astype(str) + ")"
    return written.where(written.ne("") | part["formula"].fillna("").eq(""), formula)


def join_scopes(columns: Sequence[pd.Series]) -> list[str]:
    """The scope notes of the parts of each row, once each, "; " between them."""
    return per_row(
        lambda *notes: "; ".join(dict.fromkeys(n for n in notes if isinstance(n, str) and n)),
        columns,
    )


def empty_values() -> pd.DataFrame:
    return pd.DataFrame(columns=[c for c in RESULT_COLUMNS if c not in ("geo_name", "geo_level", "unit")])


def per_row(function: Callable[..., Any], columns: Sequence[pd.Series]) -> list[Any]:
    """function(*cells) for each row of aligned columns, computed once per distinct combination."""
    cache: dict[tuple[Any, ...], Any] = {}
    out = []
    for cells in zip(*(c.tolist() for c in columns), strict=True):
        if cells not in cache:
            cache[cells] = function(*cells)
        out.append(cache[cells])
    return out


def join_ids(values: Iterable[str]) -> str:
    ids = {i for v in values for i in str(v).split(";") if i}
    return ";".join(sorted(ids))


def join_id_columns(columns: Sequence[pd.Series]) -> list[str]:
    """join_ids of each row's cells: the ids of all parts, once each, sorted, ";"-separated."""
    if len(columns) == 2 and not any(c.isna().any() for c in columns):
        a, b = (c.astype(str).reset_index(drop=True) for c in columns)
        simple = ~(a.str.contains(";", regex=False) | b.str.contains(";", regex=False))
        simple &= a.ne("") & b.ne("")
        if bool(simple.all()):  # one id each: the common case, done on whole columns
            joined = (a + ";" + b).where(a < b, b + ";" + a).where(a != b, a)
            return joined.tolist()
    return [join_ids(cells) for cells in zip(*(c.tolist() for c in columns), strict=True)]


def join_programs(programs: pd.Series) -> str:
    """'kcqg+kcdp' for a value built from both programmes; the one programme otherwise."""
    found = {p for value in programs for p in str(value).split("+")}
    return "+".join(sorted(found, key=lambda p: (PROGRAM_ORDER.get(p, 9), p)))


def sum_parts(
    parts: Sequence[pd.DataFrame], kpi: Any, program: Any, written: str | None = None
) -> pd.DataFrame:
    """Derived rows summing aligned value rows: parts[i] holds the i-th part of each key, every part
    in the same key order. Row for row what summing each group's parts in order gives."""
    parts = [p.reset_index(drop=True) for p in parts]
    first = parts[0]
    value = pd.Series(0.0, index=first.index)
    for part in parts:
        value = value + part["value"].astype("float64").fillna(0.0)  # a sum skips missing values
    written_col: pd.Series | str
    if written is None:
        joined = _written_or_formula(parts[0])
        for part in parts[1:]:
            joined = joined + " + " + _written_or_formula(part)
        written_col = joined
    else:
        written_col = written
    return pd.DataFrame(
        {
            "geo_code": first["geo_code"],
            "period_start": first["period_start"],
            "period_end": first["period_end"],
            "months": first["months"],
            "as_of": first["as_of"],
            "status": first["status"],
            "kpi": kpi,
            "value": value,
            "qualifier": per_row(lambda *q: combine_sum_qualifiers(q), [p["qualifier"] for p in parts]),
            "estimate": any_estimate([p["estimate"] for p in parts]),
            "derived": True,
            "program": program,
            "value_as_written": written_col,
            "formula": "",
            "scope": join_scopes([p["scope"] for p in parts]),
            "source_ids": join_id_columns([p["source_ids"] for p in parts]),
            "record_ids": join_id_columns([p["record_ids"] for p in parts]),
        }
    )


def any_estimate(columns: Sequence[pd.Series]) -> pd.Series:
    """Per row, whether any part is an estimate (a sum or ratio of an estimate is an estimate)."""
    out = pd.Series(False, index=columns[0].reset_index(drop=True).index)
    for column in columns:
        out = out | column.reset_index(drop=True).fillna(False).astype(bool)
    return out


def aligned(frame: pd.DataFrame, key: list[str], column: str, order: Sequence[object]) -> list[pd.DataFrame]:
    """frame (one row per key and value of `column`, every value of `order` present for each key) split
    into one frame per value of `order`, each in the order in which the keys first appear: key columns
    first, then the others, as `keys.merge(part, on=key, how="left")` gives them.

    Done by positions (the number of each row's key, in order of first appearance) rather than by a
    merge on the key columns, which is most of the time of sums and ratios at a million records; a
    frame where some key lacks a value, or has it twice, is merged as before.
    """
    group = frame.groupby(key, sort=False, dropna=False).ngroup().to_numpy()
    n_keys = int(group.max()) + 1 if len(group) else 0
    columns = [*key, *(c for c in frame.columns if c not in key)]
    out = []
    for value in order:
        rows = np.flatnonzero((frame[column] == value).to_numpy(dtype=bool))
        if len(rows) != n_keys or not (np.bincount(group[rows], minlength=n_keys) == 1).all():
            return _merged(frame, key, column, order)
        position = np.empty(n_keys, dtype="int64")
        position[group[rows]] = rows
        out.append(frame.iloc[position][columns].reset_index(drop=True))
    return out


def _merged(frame: pd.DataFrame, key: list[str], column: str, order: Sequence[object]) -> list[pd.DataFrame]:
    """aligned() by merging each part onto the keys (missing parts become empty cells)."""
    keys = frame[key].drop_duplicates()
    return [keys.merge(frame[frame[column] == value], on=key, how="left") for value in order]
