"""Shared fixtures: the shipped dataset, and a throw-away copy of it for tests that damage files."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import streamlit as st
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from kc_metrics import schema
from kc_metrics.load import load_dataset


@pytest.fixture(scope="session")
def dataset():
    """The shipped dataset, validated (built without touching the shipped Parquet copy)."""
    return load_dataset(write_cache=False)


@pytest.fixture(scope="session")
def records(dataset):
    return dataset.records


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of data/ (CSV only) that a test may damage."""
    target = tmp_path / "data"
    shutil.copytree(schema.DATA_DIR, target, ignore=shutil.ignore_patterns("parquet", "*.md"))
    return target


@pytest.fixture
def fresh_cache():
    """Streamlit caches survive between AppTest runs in one process: each test starts and ends empty."""
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


class Downloads(dict[str, bytes]):
    """url -> bytes of every file a download button stores; `deferred`: file id -> the callable of a
    button that builds its file only when clicked."""

    def __init__(self) -> None:
        super().__init__()
        self.deferred: dict[str, Callable[[], bytes]] = {}


@pytest.fixture
def downloads(monkeypatch) -> Downloads:
    """Every file a download button offers during the test (see Downloads)."""
    store = Downloads()
    original = MemoryMediaFileStorage.load_and_get_id
    original_deferred = MediaFileManager.add_deferred

    def recording(self, path_or_data, mimetype, kind, filename=None):
        file_id = original(self, path_or_data, mimetype, kind, filename)
        store[self.get_url(file_id)] = path_or_data if isinstance(path_or_data, bytes) else b""
        return file_id

    def recording_deferred(self, callable_, *args, **kwargs):
        file_id = original_deferred(self, callable_, *args, **kwargs)
        store.deferred[file_id] = callable_
        return file_id

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", recording)
    monkeypatch.setattr(MediaFileManager, "add_deferred", recording_deferred)
    return store


@pytest.fixture
def served_copy(data_copy, monkeypatch, fresh_cache):
    """The dashboard serves a throw-away copy of the data (imports write into it)."""
    monkeypatch.setenv("KC_DATA_DIR", str(data_copy))
    return data_copy
