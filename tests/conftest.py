"""Shared fixtures: the shipped dataset, and a throw-away copy of it for tests that damage files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

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
