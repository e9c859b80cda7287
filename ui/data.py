"""Cached access to the dataset and to compute(), so a rerun recomputes nothing it has seen.

The cache key of the dataset is the data files' names, sizes and modification times: an edited file
changes the key, and kc_metrics then validates the CSV again (it checks content hashes itself).
Set KC_DATA_DIR to serve another data folder (tests and the benchmark do).
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import streamlit as st

import kc_metrics
from kc_metrics import schema
from kc_metrics.load import data_files
from kc_metrics.select import select_records


def data_dir() -> Path:
    return Path(os.environ.get("KC_DATA_DIR") or schema.DATA_DIR)


def _stamp(folder: Path) -> tuple:
    out = []
    for path in data_files(folder):
        try:
            stat = path.stat()
            out.append((path.name, stat.st_size, stat.st_mtime_ns))
        except OSError:
            out.append((path.name, -1, -1))
    return tuple(out)


# cache_resource, not cache_data: the dataset is read-only, so every rerun and every session can share
# one copy instead of unpickling a fresh one (~0.3 s a rerun at 1M records, see BENCHMARKS.md).
@st.cache_resource(show_spinner=False, max_entries=4)
def _loaded(folder: str, stamp: tuple) -> tuple[kc_metrics.Dataset, list]:
    return kc_metrics.load_dataset_or_last_good(folder)


def _dataset(folder: str, stamp: tuple) -> kc_metrics.Dataset:
    return _loaded(folder, stamp)[0]


def dataset() -> kc_metrics.Dataset:
    """The validated dataset (or the last valid build, see data_problems); raises kc_metrics.DataError
    when the data is not valid and no valid build was ever made."""
    folder = data_dir()
    return _dataset(str(folder), _stamp(folder))


def data_problems() -> list:
    """Problems of the current CSV while the dashboard serves the last valid build ([] when none)."""
    folder = data_dir()
    return _loaded(str(folder), _stamp(folder))[1]


@st.cache_data(show_spinner=False, max_entries=512)
def _compute(folder: str, stamp: tuple, kpis, provinces, years, geography, status, program):
    data = _dataset(folder, stamp)
    records, _ = select_records(data.records, geo_table=data.geography, status=status, program=program)
    result = kc_metrics.compute(
        records,
        kpis=list(kpis) if kpis is not None else None,
        provinces=list(provinces) if provinces is not None else None,
        years=years,
        geography=geography,
        status=status,
        geo_table=data.geography,
        sources=data.sources,
    )
    return result, dict(result.attrs)


def compute(filters, kpis: list[str] | None = None, provinces=..., years=...) -> pd.DataFrame:
    """kc_metrics.compute for the sidebar's filters (cached); attrs carry left_out and not_rolled_up.

    provinces / years default to the filters'; pass None for "all" explicitly.
    """
    folder = data_dir()
    provinces = filters.area_codes(dataset().geography) if provinces is ... else provinces
    years = filters.years if years is ... else years
    result, attrs = _compute(
        str(folder),
        _stamp(folder),
        tuple(kpis) if kpis is not None else None,
        tuple(provinces) if provinces is not None else None,
        tuple(years) if years is not None else None,
        filters.geography,
        filters.statuses,
        filters.program_filter,
    )
    result = result.copy()
    result.attrs.update(attrs)
    return result


def selected_records(filters) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(records in the selection, records left out for reaching outside the years)."""
    data = dataset()
    return select_records(
        data.records,
        geo_table=data.geography,
        geography=filters.geography,
        provinces=filters.area_codes(data.geography),
        years=filters.years,
        status=filters.statuses,
        program=filters.program_filter,
    )
