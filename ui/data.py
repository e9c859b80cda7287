"""Cached access to the dataset and to compute(), so a rerun recomputes nothing it has seen.

The cache key of the dataset is the data files' names, sizes and modification times: an edited file
changes the key, and kc_metrics then validates the CSV again (it checks content hashes itself).
Set KC_DATA_DIR to serve another data folder (tests and the benchmark do).
"""

from __future__ import annotations

import functools
from dataclasses import replace
from pathlib import Path
from types import EllipsisType

import pandas as pd
import streamlit as st

import kc_metrics
from kc_metrics import schema
from kc_metrics.load import data_files
from kc_metrics.validate import Problem
from ui.filters import Filters


def data_dir() -> Path:
    return schema.default_data_dir()


Stamp = tuple[tuple[str, int, int], ...]


def _stamp(folder: Path) -> Stamp:
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
def _loaded(folder: str, stamp: Stamp) -> tuple[kc_metrics.Dataset, list[Problem]]:
    return kc_metrics.load_dataset_or_last_good(folder)


def _dataset(folder: str, stamp: Stamp) -> kc_metrics.Dataset:
    return _loaded(folder, stamp)[0]


def dataset() -> kc_metrics.Dataset:
    """The validated dataset (or the last valid build, see data_problems); raises kc_metrics.DataError
    when the data is not valid and no valid build was ever made."""
    folder = data_dir()
    return _dataset(str(folder), _stamp(folder))


def data_stamp() -> Stamp:
    """The served data files' names, sizes and modification times: changes when any file does."""
    return _stamp(data_dir())


def data_problems() -> list[Problem]:
    """Problems of the current CSV while the dashboard serves the last valid build ([] when none)."""
    folder = data_dir()
    return _loaded(str(folder), _stamp(folder))[1]


# What a compute() result is made of: data folder, its stamp, the selection, the KPIs, the language.
# Small and hashable, so the cached chart views (ui.blocks) are looked up by it instead of by hashing
# a DataFrame on every rerun.
ResultKey = tuple[str, Stamp, kc_metrics.Selection, tuple[str, ...] | None, str]


def result_key(
    filters: Filters, kpis: list[str] | None = None, areas: tuple[str, ...] | EllipsisType | None = ...
) -> ResultKey:
    """The key of compute() for the sidebar's selection. areas: the selection's areas by default;
    others (or None for every area) to compute for them."""
    folder = data_dir()
    selection = filters.selection if areas is ... else replace(filters.selection, areas=areas)
    return (str(folder), _stamp(folder), selection, tuple(kpis) if kpis is not None else None, filters.lang)


@functools.lru_cache(maxsize=256)
def result_of(key: ResultKey) -> pd.DataFrame:
    """kc_metrics.compute() for a key, areas named in its language, its notes in attrs. Shared by every
    rerun and session without a copy: read it, never modify it."""
    folder, stamp, selection, kpis, lang = key
    data = _dataset(folder, stamp)
    result = kc_metrics.compute(
        data.records,
        kpis=None if kpis is None else list(kpis),
        selection=selection,
        catalogue=data.kpis,
        geo_table=data.geography,
    )
    named = in_language(result, lang, data.geography)
    named.attrs.update(result.attrs)
    return named


def dataset_of(key: ResultKey) -> kc_metrics.Dataset:
    """The dataset a result key was computed from."""
    return _dataset(key[0], key[1])


def in_language(frame: pd.DataFrame, lang: str, geography: pd.DataFrame) -> pd.DataFrame:
    """Areas named in the page's language ("Toàn quốc" / "Nationwide"; provinces keep their names)."""
    if lang != "en" or frame.empty:
        return frame
    names = geography.set_index("geo_code")["name_en"]
    return frame.assign(geo_name=frame["geo_code"].map(names).fillna(frame["geo_name"]))
