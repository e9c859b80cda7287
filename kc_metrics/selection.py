"""What a reader selected, as one typed value, and the two rules that pick records for it.

A Selection says which geography mode, areas, years, statuses and programme to show. compute() and
select_records() both take it, so the years rule ("a record counts only when its whole period lies
inside the selected years") and the area rule are written once, here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, get_args

import pandas as pd

GeographyMode = Literal["reported", "current"]
Status = Literal["actual", "plan"]
Program = Literal["kcqg", "kcdp", "all"]

GEOGRAPHY_MODES: tuple[GeographyMode, ...] = get_args(GeographyMode)
STATUSES: tuple[Status, ...] = get_args(Status)


@dataclass(frozen=True)
class Selection:
    """The records a reader asked for.

    geography: "reported" (each figure at the unit its source names) or "current" (former provinces
    rolled into the 34 current ones). areas: geo codes of that mode (None: every area). years: first and
    last year (None: every year). statuses: which of "actual" and "plan". program: keep only records of
    one programme ("kcqg", "kcdp" or "all"; None: any programme).
    """

    geography: GeographyMode = "reported"
    areas: tuple[str, ...] | None = None
    years: tuple[int, int] | None = None
    statuses: tuple[Status, ...] = ("actual",)
    program: Program | None = None

    def __post_init__(self) -> None:
        if self.geography not in GEOGRAPHY_MODES:
            raise ValueError(f"geography must be 'reported' or 'current', not {self.geography!r}")
        unknown = [s for s in self.statuses if s not in STATUSES]
        if unknown:
            raise ValueError(f"unknown status(es): {', '.join(map(str, unknown))}; use actual or plan")
        if self.program is not None and self.program not in get_args(Program):
            raise ValueError(f"program must be kcqg, kcdp, all or None, not {self.program!r}")
        if self.years is not None:
            first, last = sorted(int(y) for y in self.years)
            object.__setattr__(self, "years", (first, last))
        if self.areas is not None:
            object.__setattr__(self, "areas", tuple(self.areas))


def split_by_years(records: pd.DataFrame, years: Sequence[int] | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(records whose whole period lies inside years, records that overlap years but reach outside).

    A record of 2014–2020 is inside 2014–2020 and 2010–2025, and left out of 2016–2020 (it overlaps
    but is not inside): a multi-year total is never spread over or stacked on part of its period.
    """
    inside, left_out = years_masks(records, years)
    return records[inside], records[left_out]


def years_masks(records: pd.DataFrame, years: Sequence[int] | None) -> tuple[pd.Series, pd.Series]:
    """Boolean masks of split_by_years: (inside, overlapping but reaching outside)."""
    if years is None:
        everything = pd.Series(True, index=records.index)
        return everything, ~everything
    first, last = int(min(years)), int(max(years))
    inside = (records["period_start"] >= first) & (records["period_end"] <= last)
    overlaps = (records["period_start"] <= last) & (records["period_end"] >= first)
    return inside, overlaps & ~inside


def area_of(records: pd.DataFrame, geography: GeographyMode, geo_table: pd.DataFrame) -> pd.Series:
    """The area each record belongs to in a geography mode: its own unit when "reported"; when
    "current", a former province's current province (regions, the nation and current units stay)."""
    if geography != "current":
        return records["geo_code"]
    successor = geo_table.set_index("geo_code")["successor_code"]
    mapped = records["geo_code"].map(successor)
    return mapped.where(mapped.notna() & mapped.ne(""), records["geo_code"])


def select_records(
    records: pd.DataFrame, selection: Selection, *, geo_table: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(records in the selection, records left out because their period reaches outside its years).

    The data page lists these as they are; compute() starts from the same rule.
    """
    chosen = records[records["status"].isin(list(selection.statuses))]
    if selection.program is not None:
        chosen = chosen[chosen["program"] == selection.program]
    if selection.areas is not None:
        chosen = chosen[area_of(chosen, selection.geography, geo_table).isin(list(selection.areas))]
    return split_by_years(chosen, selection.years)
