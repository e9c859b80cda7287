"""Load the dataset: validated CSV turned into typed frames, served from a Parquet copy while it is fresh.

Load inputs: the CSV files of data/ (see data/README.md).
Process: validate everything (kc_metrics.validate); type the columns; join each record to its geography.
Save: one Parquet file per table under data/parquet/, each stamped with a fingerprint (SHA-256) of the
CSV it came from. A later load reads the Parquet only when the fingerprint still matches the CSV, so an
edited CSV is always validated again before anything shows it. A copy is written to a temporary file
and then moved into place, so a failed or interrupted build never replaces the last good copy.
"""

from __future__ import annotations

import functools
import hashlib
import os
import tempfile
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from kc_metrics import schema
from kc_metrics.kpis import KPI, Catalogue, build_catalogue
from kc_metrics.validate import DataError, Problem, read_dataset
from kc_metrics.winner import FIGURE, STAMP, WINS, catalogue_stamp, figures, source_rank

FINGERPRINT_KEY = b"kc_metrics.fingerprint"
# The build version of the code that wrote a copy: a last good copy from other code (other columns) is
# never served, since its fingerprint cannot be checked against CSV that no longer validates.
BUILD_KEY = b"kc_metrics.build"
# Bumped when the typed tables change shape, so a Parquet copy built by older code is rebuilt.
BUILD_VERSION = "4"
TABLES = ("records", "sources", "metrics", "kpi_rules", "geography")


@dataclass(frozen=True)
class Dataset:
    """The tables of the dataset, validated and typed, and the KPI catalogue they define."""

    records: pd.DataFrame
    sources: pd.DataFrame
    metrics: pd.DataFrame
    kpi_rules: pd.DataFrame
    geography: pd.DataFrame

    @cached_property
    def kpis(self) -> Catalogue:
        """KPI id -> KPI: the metrics of this dataset and its KPI rules (see kc_metrics.kpis)."""
        return build_catalogue(self.metrics, self.kpi_rules)


def data_files(data_dir: Path) -> list[Path]:
    """Every CSV the dataset is made of, in a stable order."""
    files = sorted((data_dir / "sources").glob("*.csv")) + sorted((data_dir / "records").glob("*.csv"))
    return [*files, data_dir / "metrics.csv", data_dir / "kpi_rules.csv", data_dir / "geography.csv"]


def fingerprint(data_dir: Path) -> str:
    """SHA-256 over the build version and the names and bytes of every CSV of the dataset."""
    digest = hashlib.sha256(BUILD_VERSION.encode())
    for path in data_files(data_dir):
        digest.update(str(path.relative_to(data_dir)).encode())
        digest.update(path.read_bytes() if path.is_file() else b"<missing>")
    return digest.hexdigest()


def _typed(tables: dict[str, pd.DataFrame]) -> Dataset:
    """Validated text tables -> typed frames; records gain their geography's level and names."""
    geography = tables["geography"].drop(columns=["_row"], errors="ignore").copy()
    for col in ("lat", "lon"):
        geography[col] = pd.to_numeric(geography[col], errors="coerce")

    metrics = tables["metrics"].drop(columns=["_row"], errors="ignore").copy()
    metrics["additive"] = metrics["additive"].eq("true")

    sources = tables["sources"].drop(columns=["_row", "_file"], errors="ignore").reset_index(drop=True)

    rules = tables["kpi_rules"].drop(columns=["_row"], errors="ignore").reset_index(drop=True)
    rules["scale"] = pd.to_numeric(rules["scale"], errors="coerce").fillna(1.0)

    records = tables["records"].drop(columns=["_row", "_file"], errors="ignore").copy()
    for col in ("period_start", "period_end"):
        records[col] = records[col].astype("int64")
    records["months"] = pd.to_numeric(records["months"], errors="coerce").astype("Int64")
    records["value"] = records["value"].astype("float64")
    records["estimate"] = records["estimate"].eq("yes")
    geo = geography.set_index("geo_code")
    records.insert(2, "geo_level", records["geo_code"].map(geo["geo_level"]))
    records.insert(4, "geo_name", records["geo_code"].map(geo["name"]))
    # Which of two records of the same figure wins does not depend on the selection: ranked once here.
    records["source_rank"] = source_rank(records["source_id"], sources)
    records = records.reset_index(drop=True)
    dataset = Dataset(
        records=records,
        sources=sources,
        metrics=metrics.reset_index(drop=True),
        kpi_rules=rules,
        geography=geography.reset_index(drop=True),
    )
    # And so is the choice itself: each record's figure and whether it is its value (kc_metrics.winner).
    records[FIGURE], records[WINS] = figures(records, dataset.kpis)
    return _stamped(dataset)


def _stamped(dataset: Dataset) -> Dataset:
    """The dataset, its records marked with the catalogue their `figure` and `wins` columns were
    chosen with (compute() trusts them only for that catalogue)."""
    dataset.records.attrs[STAMP] = catalogue_stamp(dataset.kpis)
    return dataset


def _write_parquet(frame: pd.DataFrame, path: Path, stamp: str) -> None:
    """Write atomically: a temporary file in the same folder, then os.replace over the old copy."""
    path.parent.mkdir(parents=True, exist_ok=True)
    table = pa.Table.from_pandas(frame, preserve_index=False)
    metadata = {
        **(table.schema.metadata or {}),
        FINGERPRINT_KEY: stamp.encode(),
        BUILD_KEY: BUILD_VERSION.encode(),
    }
    table = table.replace_schema_metadata(metadata)
    handle, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".parquet", dir=path.parent)
    os.close(handle)
    try:
        pq.write_table(table, tmp)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _read_fresh_parquet(cache_dir: Path, stamp: str | None) -> Dataset | None:
    """The Parquet copy when every table carries the fingerprint `stamp` (None: any one, as long as
    all four tables carry the same), else None."""
    frames, stamps = {}, set()
    for name in TABLES:
        path = cache_dir / f"{name}.parquet"
        try:
            table = pq.read_table(path)
        except (OSError, pa.ArrowException):
            return None  # missing or damaged: rebuild from the CSV
        found = (table.schema.metadata or {}).get(FINGERPRINT_KEY)
        if (table.schema.metadata or {}).get(BUILD_KEY) != BUILD_VERSION.encode():
            return None  # written by other code: its tables may have other columns
        if stamp is not None and found != stamp.encode():
            return None
        stamps.add(found)
        frames[name] = table.to_pandas()
    if len(stamps) != 1:
        return None  # tables of different builds never mix
    return _stamped(Dataset(**frames))


def load_dataset(data_dir: Path | str | None = None, *, write_cache: bool = True) -> Dataset:
    """The whole validated dataset; raises DataError listing every problem when the data is not valid.

    The Parquet copy under data_dir/parquet/ is used when it matches the CSV, and rebuilt otherwise.
    """
    data_dir = Path(data_dir) if data_dir else schema.default_data_dir()
    stamp = fingerprint(data_dir)
    cache_dir = data_dir / "parquet"
    cached = _read_fresh_parquet(cache_dir, stamp)
    if cached is not None:
        _CATALOGUES[data_dir.resolve()] = cached.kpis
        return cached
    tables, problems = read_dataset(data_dir)
    if problems:
        raise DataError(problems)
    dataset = _typed(tables)
    _CATALOGUES[data_dir.resolve()] = dataset.kpis
    if write_cache:
        try:
            for name in TABLES:
                _write_parquet(getattr(dataset, name), cache_dir / f"{name}.parquet", stamp)
        except OSError:
            pass  # a read-only data folder still serves the validated CSV; only speed is lost
    return dataset


def load_dataset_or_last_good(data_dir: Path | str | None = None) -> tuple[Dataset, list[Problem]]:
    """The dataset, and the problems of the CSV when it is invalid but a last good copy exists.

    When the CSV validates: (dataset, []). When it does not and the Parquet copy of the last valid
    build is there: (that copy, problems), so the dashboard stays up on the last good data and can say
    what is wrong. Otherwise DataError propagates.
    """
    data_dir = Path(data_dir) if data_dir else schema.default_data_dir()
    try:
        return load_dataset(data_dir), []
    except DataError as err:
        last_good = _read_fresh_parquet(data_dir / "parquet", None)
        if last_good is None:
            raise
        _CATALOGUES[data_dir.resolve()] = last_good.kpis
        return last_good, err.problems


def load_records(path: Path | str | None = None) -> pd.DataFrame:
    """The validated records, one row per figure a source states; money in million VND.

    Columns: record_id, source_id, geo_level, geo_code, geo_name, period_start, period_end, months,
    status, program, metric, value, unit, qualifier, value_as_written, note. `path` is a data folder.
    """
    return load_dataset(path).records.copy()


def load_sources(path: Path | str | None = None) -> pd.DataFrame:
    """One row per source: source_id, kind, title, outlet, author, published, url, language, covers."""
    return load_dataset(path).sources.copy()


def load_geography(path: Path | str | None = None) -> pd.DataFrame:
    """Provinces (63 former as P63-xx, 34 current as P34-xx), regions and the nation.

    Columns: geo_code, geo_level, map, name, name_en, full_name, region_code, successor_code (a former
    province's current province, the 63 -> 34 mapping), valid_from, valid_to, lat, lon, package_key.
    """
    return load_dataset(path).geography.copy()


def load_kpis(path: Path | str | None = None) -> Catalogue:
    """The KPI catalogue of a data folder (default: $KC_DATA_DIR or the shipped data)."""
    return load_dataset(path).kpis


# The catalogue of the dataset last loaded from each folder: what KPIS serves.
_CATALOGUES: dict[Path, Catalogue] = {}


@functools.cache
def _resolved(folder: Path) -> Path:
    return folder.resolve()


class _DefaultCatalogue(Catalogue):
    """The catalogue of the default data folder ($KC_DATA_DIR or the shipped data), read when first
    used (never at import) and replaced whenever that folder's dataset is loaded again."""

    def _current(self) -> Catalogue:
        folder = _resolved(schema.default_data_dir())
        if folder not in _CATALOGUES:
            load_dataset_or_last_good(folder)
        return _CATALOGUES[folder]

    def _table(self) -> dict[str, KPI]:
        return self._current()._table()

    @property
    def split_metrics(self) -> frozenset[str]:
        return self._current().split_metrics

    def kpi_of(self, metric: str, program: str) -> str | None:
        return self._current().kpi_of(metric, program)


KPIS: Catalogue = _DefaultCatalogue()


def load_metrics(path: Path | str | None = None) -> pd.DataFrame:
    """The metric catalogue: metric, label_vi, label_en, unit, category, additive (bool), definition."""
    return load_dataset(path).metrics.copy()


__all__ = [
    "KPIS",
    "DataError",
    "Dataset",
    "fingerprint",
    "load_dataset",
    "load_geography",
    "load_kpis",
    "load_metrics",
    "load_records",
    "load_sources",
]
