"""The loader chooses each figure's value once per dataset; compute() only filters. Same results."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from kc_metrics import compute
from kc_metrics.winner import (
    FIGURE,
    STAMP,
    SUPERSEDED,
    WINS,
    catalogue_stamp,
    figures,
    first_by_priority,
    source_rank,
    superseded,
    winners_among,
)

KPI_SETS = [None, ["budget_total", "budget_kcqg", "kcqg_share"], ["trainees_vocational", "placement_rate"]]


def per_call(records: pd.DataFrame) -> pd.DataFrame:
    """The records without the loader's choice: compute() then chooses per call."""
    out = records.drop(columns=[FIGURE, WINS])
    out.attrs = {}
    return out


def same(a: pd.DataFrame, b: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(a, b, check_exact=True)
    assert a.attrs == b.attrs


def test_the_loader_marks_its_records(dataset):
    records = dataset.records
    assert records.attrs[STAMP]
    assert records[FIGURE].dtype == "int64" and records[WINS].dtype == bool
    assert (records.loc[superseded(records), FIGURE] == SUPERSEDED).all()


def test_the_precomputed_winner_is_the_per_call_choice(dataset):
    records = dataset.records
    rows = np.flatnonzero(~superseded(records))
    split, other = first_by_priority(per_call(records), dataset.kpis, rows=rows)
    chosen = set(split["record_id"]) | set(other["record_id"])
    assert set(records.loc[records[WINS], "record_id"]) == chosen


@pytest.mark.parametrize(
    ("kpis", "geography", "areas", "years", "status"),
    [
        (kpis, geography, areas, years, status)
        for kpis, geography, (areas, years), status in itertools.product(
            KPI_SETS,
            ["reported", "current"],
            [
                (None, None),
                (["VN"], (2005, 2025)),
                (["P63-27", "P63-24"], (2016, 2020)),
                (["P34-24"], (2021, 2021)),
            ],
            [("actual",), ("actual", "plan")],
        )
    ],
)
def test_compute_is_the_same_with_and_without_the_loader_choice(
    dataset, kpis, geography, areas, years, status
):
    args = {"kpis": kpis, "provinces": areas, "years": years, "geography": geography, "status": status}
    args |= {"geo_table": dataset.geography, "catalogue": dataset.kpis}
    same(compute(dataset.records, **args), compute(per_call(dataset.records), **args))


def chosen_as_the_loader_does(records: pd.DataFrame, catalogue) -> pd.DataFrame:
    out = per_call(records)
    out[FIGURE], out[WINS] = figures(out, catalogue)
    out.attrs[STAMP] = catalogue_stamp(catalogue)
    return out


def test_the_choice_is_not_trusted_when_a_winner_is_gone(dataset):
    # The 2021 KCQG budget of Bắc Ninh stated again by a web page: the report's figure wins.
    records = dataset.records
    again = records[records["record_id"] == "R001-01"].assign(record_id="W-T1", source_id="W001", value=1.0)
    two = pd.concat([records, again], ignore_index=True)
    two["source_rank"] = source_rank(two["source_id"], dataset.sources)  # as the loader ranks them
    two = chosen_as_the_loader_does(two, dataset.kpis)
    assert two.loc[two["record_id"] == "R001-01", WINS].all() and not two[WINS].iloc[-1]
    assert winners_among(two, dataset.kpis, np.flatnonzero(~superseded(two))) is not None
    args = {"geo_table": dataset.geography, "catalogue": dataset.kpis}
    same(compute(two, **args), compute(per_call(two), **args))
    # Without the report's record the web page's figure is the value: the loader's choice no longer holds.
    fewer = two[two["record_id"] != "R001-01"].reset_index(drop=True)
    assert winners_among(fewer, dataset.kpis, np.flatnonzero(~superseded(fewer))) is None
    args = {"geo_table": dataset.geography, "catalogue": dataset.kpis}
    same(compute(fewer, **args), compute(per_call(fewer), **args))


def test_the_choice_is_not_trusted_when_a_winner_is_copied(dataset):
    records = dataset.records
    copied = records[records[WINS]].head(1).assign(record_id="T-1", geo_code="P63-24")
    more = pd.concat([records, copied], ignore_index=True)
    assert winners_among(more, dataset.kpis, np.flatnonzero(~superseded(more))) is None


def test_the_choice_is_not_trusted_for_another_catalogue_or_when_a_successor_is_gone(dataset):
    records = dataset.records
    other = records.copy()
    other.attrs[STAMP] = "another catalogue"
    assert winners_among(other, dataset.kpis, np.arange(len(other))) is None
    # A correction of the 2021 KCQG budget of Bắc Ninh supersedes the report's record; then it is gone.
    fixed = records[records["record_id"] == "R001-01"]
    fixed = fixed.assign(record_id="T-9", supersedes="R001-01", value=2.0)
    both = chosen_as_the_loader_does(pd.concat([records, fixed], ignore_index=True), dataset.kpis)
    assert (both.loc[both["record_id"] == "R001-01", FIGURE] == SUPERSEDED).all()
    assert both.loc[both["record_id"] == "T-9", WINS].all()
    fewer = both[both["record_id"] != "T-9"].reset_index(drop=True)
    assert winners_among(fewer, dataset.kpis, np.flatnonzero(~superseded(fewer))) is None
    args = {"geo_table": dataset.geography, "catalogue": dataset.kpis}
    for frame in (both, fewer):
        same(compute(frame, **args), compute(per_call(frame), **args))
