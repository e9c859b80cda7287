"""Turn a curator's upload into files of the dataset: a preview first, then a safe write.

Load inputs: the upload (kc_metrics.intake) and the data folder as text tables (kc_metrics.validate).
Process (`plan_import`): fill what the curator may leave empty (record ids, units); validate the upload's
rows with the validator of `make check-data`; sort them into new, changed, unchanged and conflicting
with another source; then validate the whole dataset as it would be after the write, in a staging
folder, so nothing that `make check-data` would refuse is ever written.
Save (`apply_import`): under a lock, plan again (another curator may just have written), keep the
previous version of each file in data/import_history/, write each file to a temporary file and rename
it over the old one, and add a line to data/import_log.csv.

Each upload becomes its own pair of files, data/records/import-<name>.csv and data/sources/import-<name>.csv
(<name> from the uploaded file's name). Uploading the same name again adds to that file and replaces
its rows with the same key; it never deletes a row. A row that corrects a figure of another file is
written as a new record that supersedes the old one, so the old one is kept and shown as replaced.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import fcntl
import hashlib
import io
import os
import re
import tempfile
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import pandas as pd

from kc_metrics import schema
from kc_metrics.intake import RECORD_FILE_COLUMNS, Upload
from kc_metrics.load import data_files
from kc_metrics.validate import Problem, read_dataset, validate_records, validate_sources

IMPORT_LOG = "import_log.csv"
HISTORY_DIR = "import_history"
LOCK_FILE = ".import.lock"
LOCK_TIMEOUT_S = 60.0
LOG_COLUMNS = (
    "time",
    "who",
    "file_name",
    "sha256",
    "records_file",
    "new",
    "changed",
    "unchanged",
    "sources_added",
)
# Columns that make a record's content: a row whose key matches and whose content differs is "changed".
CONTENT_COLUMNS = tuple(c for c in RECORD_FILE_COLUMNS if c not in (*schema.RECORD_KEY, "record_id"))
SIDE_BY_SIDE = ("value", "qualifier", "value_as_written", "months", "note")


Row = dict[str, Any]


def _rows(frame: pd.DataFrame) -> list[Row]:
    return cast(list[Row], frame.to_dict("records"))


@dataclass
class ImportPlan:
    """What an import would do, for the preview; `problems` empty means it may be written."""

    upload: Upload
    stem: str
    new: pd.DataFrame
    changed: pd.DataFrame  # key columns, old_record_id, then old_<col> / new_<col> for SIDE_BY_SIDE
    unchanged: pd.DataFrame
    conflicts: pd.DataFrame  # the upload's row, with the other source's record beside it
    new_sources: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    records_csv: bytes | None = None  # new content of data/records/<stem>.csv; None: nothing to write
    sources_csv: bytes | None = None

    @property
    def writes_nothing(self) -> bool:
        return self.records_csv is None and self.sources_csv is None


@dataclass(frozen=True)
class ImportResult:
    """What a confirmed import did."""

    written: bool
    plan: ImportPlan
    records_file: str
    log_line: dict[str, str] | None


def target_stem(upload_name: str) -> str:
    """'Số liệu Bắc Giang 2024.xlsx' -> 'import-so-lieu-bac-giang-2024': the upload's own file name."""
    stem = Path(upload_name).stem.replace("đ", "d").replace("Đ", "D")
    ascii_text = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60].strip("-")
    return f"import-{slug or 'upload'}"


def _display(data_dir: Path, *parts: str) -> str:
    """How the validator names a file of data_dir ("data/records/x.csv")."""
    return str(Path(data_dir.name, *parts))


def _key(row: Row, columns: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(str(row[c]) for c in columns)


def _same_content(old: Row, new: Row) -> bool:
    for column in CONTENT_COLUMNS:
        a, b = str(old.get(column, "")), str(new.get(column, ""))
        if column == "value":
            try:
                if abs(float(a) - float(b)) <= 1e-9 * max(1.0, abs(float(a))):
                    continue
            except ValueError:
                pass
        if a != b:
            return False
    return True


def _new_record_id(row: Row) -> str:
    """A record id from the figure's key: the same row uploaded twice gets the same id."""
    digest = hashlib.sha256("|".join(_key(row, schema.RECORD_KEY)).encode()).hexdigest()
    return f"{row['source_id']}-{digest[:6]}"


def _given_or(row: Row, record_id: str) -> str:
    """The id the curator wrote, else `record_id`."""
    return str(row["record_id"]) if row["_id_given"] else record_id


def _csv_bytes(rows: list[Row], columns: tuple[str, ...]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(c, "") for c in columns])
    return out.getvalue().encode("utf-8")


def _where(upload: Upload, sheet: str) -> str:
    return f"{upload.name} › {sheet}" if sheet else upload.name


def plan_import(upload: Upload, data_dir: Path | str | None = None) -> ImportPlan:
    """The preview of an import: every problem, and what would be new, changed and unchanged."""
    data_dir = Path(data_dir).resolve() if data_dir else schema.default_data_dir().resolve()
    stem = target_stem(upload.name)
    empty = pd.DataFrame(columns=[*RECORD_FILE_COLUMNS, "_row", "_sheet"], dtype=str)
    plan = ImportPlan(
        upload, stem, empty, empty, empty, empty, upload.sources.iloc[0:0], list(upload.problems)
    )
    if upload.problems and upload.records.empty and upload.sources.empty:
        return plan  # the file itself was refused
    tables, existing_problems = read_dataset(data_dir)
    if existing_problems:
        plan.problems.append(
            Problem(
                _display(data_dir),
                None,
                None,
                f"the dataset has {len(existing_problems)} problem(s) already (make check-data lists them); "
                "they must be fixed before anything is imported",
            )
        )
        return plan
    if upload.records.empty and upload.sources.empty:
        plan.problems.append(
            Problem(upload.name, None, None, "the file holds no record (the records sheet is empty)")
        )
        return plan

    records_file = _display(data_dir, "records", f"{stem}.csv")
    sources_file = _display(data_dir, "sources", f"{stem}.csv")
    metrics, geography = tables["metrics"], tables["geography"]
    existing, existing_sources = tables["records"], tables["sources"]

    # Sources: new, unchanged (already there, identical) or a clash with another file's source.
    new_sources, source_rows = [], []
    known_sources = {s["source_id"]: s for s in _rows(existing_sources)}
    target_sources = [s for s in _rows(existing_sources) if s["_file"] == sources_file]
    for source in _rows(upload.sources):
        old = known_sources.get(source["source_id"])
        same = old is not None and all(str(old[c]) == str(source[c]) for c in schema.SOURCE_COLUMNS)
        if old is not None and not same and old["_file"] != sources_file:
            plan.problems.append(
                Problem(
                    _where(upload, source["_sheet"]),
                    int(source["_row"]),
                    "source_id",
                    f"source id '{source['source_id']}' is already a different source in {old['_file']} "
                    f'("{old["title"]}"); give this source a new id, or copy that row exactly',
                )
            )
        elif not same:
            new_sources.append(source)
        source_rows.append(source)
    upload_sources = pd.DataFrame(source_rows, columns=upload.sources.columns).astype({"_row": int})
    for sheet, part in upload_sources.groupby("_sheet", sort=False):
        plan.problems += validate_sources(part, _where(upload, str(sheet)))
    all_sources = pd.concat(
        [existing_sources[~existing_sources["source_id"].isin(upload_sources["source_id"])], upload_sources],
        ignore_index=True,
    )

    # Records: fill the unit from the metric and an id from the key, then the validator's row checks.
    records = upload.records.copy()
    unit_of = dict(zip(metrics["metric"], metrics["unit"], strict=True))
    records["unit"] = records["unit"].mask(records["unit"].eq(""), records["metric"].map(unit_of).fillna(""))
    records["_row"] = records["_row"].astype(int)
    # An empty record id is made from the figure's key (so the same row gets the same id each time);
    # a row that matches an existing record takes that record's id below.
    records["_id_given"] = records["record_id"].ne("")
    made = [_new_record_id(row) for row in _rows(records[~records["_id_given"]])]
    records.loc[~records["_id_given"], "record_id"] = made
    for sheet, part in records.groupby("_sheet", sort=False):
        plan.problems += validate_records(part, _where(upload, str(sheet)), all_sources, metrics, geography)

    by_key = {_key(r, schema.RECORD_KEY): r for r in _rows(existing)}
    superseded = set(existing["supersedes"]) - {""}
    live = existing[~existing["record_id"].isin(superseded) & existing["supersedes"].eq("")]
    by_figure = {_key(r, schema.FIGURE_KEY): r for r in _rows(live)}
    target_rows = [r for r in _rows(existing) if r["_file"] == records_file]
    replace: dict[str, Row] = {}  # record id in the target file -> its new row
    new_rows, corrections, changed_rows, unchanged_rows, conflict_rows = [], [], [], [], []
    for row in _rows(records):
        old = by_key.get(_key(row, schema.RECORD_KEY))
        if old is not None:
            if _same_content(old, row):
                unchanged_rows.append({**row, "record_id": old["record_id"]})
                continue
            changed_rows.append(_side_by_side(old, row))
            if old["_file"] == records_file:
                replace[old["record_id"]] = {**row, "record_id": _given_or(row, old["record_id"])}
                continue
            # A correction of another file's figure: a new record that supersedes it, the old one kept.
            row = {**row, "supersedes": row["supersedes"] or old["record_id"]}
            row["record_id"] = _given_or(row, f"{row['record_id']}-r")
            corrections.append(row)
            continue
        other = by_figure.get(_key(row, schema.FIGURE_KEY))
        if other is not None and not row["supersedes"]:
            beside = {f"other_{c}": other[c] for c in ("record_id", "source_id", "value_as_written", "_file")}
            conflict_rows.append({**row, **beside})
            plan.problems.append(
                Problem(
                    _where(upload, row["_sheet"]),
                    int(row["_row"]),
                    "supersedes",
                    "the same figure (province, period, status, programme, metric) is already in the "
                    f"dataset from source {other['source_id']} (record {other['record_id']}, "
                    f"'{other['value_as_written']}'): if this source should replace it, write "
                    f"{other['record_id']} in the supersedes column; otherwise leave this row out",
                )
            )
        new_rows.append(row)

    plan.problems = _one_per_cell(plan.problems)
    plan.new = pd.DataFrame(new_rows, columns=empty.columns) if new_rows else empty
    plan.changed = pd.DataFrame(changed_rows)
    plan.unchanged = pd.DataFrame(unchanged_rows, columns=empty.columns) if unchanged_rows else empty
    plan.conflicts = pd.DataFrame(conflict_rows)
    plan.new_sources = pd.DataFrame(new_sources, columns=upload.sources.columns)
    if plan.problems:
        return plan

    # The files as they would be written: the target's rows (replaced where changed), then the new rows.
    replaced_any = bool(replace)
    written = [replace.pop(row["record_id"], row) for row in target_rows] + corrections + new_rows
    # Rows that came from the upload (not read from the target file) carry the sheet and row to report.
    origin = {
        index: (_where(upload, row["_sheet"]), int(row["_row"]))
        for index, row in enumerate(written, start=2)
        if "_file" not in row
    }
    if new_rows or corrections or replaced_any:
        plan.records_csv = _csv_bytes(written, RECORD_FILE_COLUMNS)
    if new_sources:
        kept = [s for s in target_sources if s["source_id"] not in {n["source_id"] for n in new_sources}]
        plan.sources_csv = _csv_bytes([*kept, *new_sources], schema.SOURCE_COLUMNS)
    if plan.writes_nothing:
        return plan
    plan.problems += _staged_problems(data_dir, plan, records_file, origin)
    return plan


def _one_per_cell(problems: list[Problem]) -> list[Problem]:
    """The first problem of each cell: a value the reader could not read as a number is not reported
    again by the validator as "not a number"."""
    seen: set[tuple[str, int | None, str | None]] = set()
    out = []
    for problem in problems:
        cell = (problem.file, problem.row, problem.column)
        if problem.row is not None and problem.column and cell in seen:
            continue
        seen.add(cell)
        out.append(problem)
    return out


def _side_by_side(old: Row, new: Row) -> dict[str, object]:
    out: dict[str, object] = {c: new[c] for c in schema.RECORD_KEY}
    out["old_record_id"], out["old_file"] = old["record_id"], old["_file"]
    out["_row"], out["_sheet"] = new["_row"], new["_sheet"]
    for column in SIDE_BY_SIDE:
        out[f"old_{column}"], out[f"new_{column}"] = old.get(column, ""), new.get(column, "")
    return out


def _staged_problems(
    data_dir: Path, plan: ImportPlan, records_file: str, origin: dict[int, tuple[str, int]]
) -> list[Problem]:
    """Validate the dataset as it would be after the write, in a staging folder of links to the real files,
    with the upload's two files in place; problems in the upload's rows are given their sheet and row."""
    with tempfile.TemporaryDirectory(prefix="kc-import-") as tmp:
        staged = Path(tmp) / data_dir.name
        for path in data_files(data_dir):
            if path.is_file():
                link = staged / path.relative_to(data_dir)
                link.parent.mkdir(parents=True, exist_ok=True)
                link.symlink_to(path)
        for folder, content in (("records", plan.records_csv), ("sources", plan.sources_csv)):
            if content is not None:
                path = staged / folder / f"{plan.stem}.csv"
                path.parent.mkdir(parents=True, exist_ok=True)
                path.unlink(missing_ok=True)
                path.write_bytes(content)
        _, problems = read_dataset(staged)
    out = []
    for problem in problems:
        if problem.file == records_file and problem.row in origin:
            where, row = origin[problem.row]
            out.append(Problem(where, row, problem.column, problem.message))
        else:
            out.append(problem)
    return out


@contextlib.contextmanager
def import_lock(data_dir: Path, timeout_s: float = LOCK_TIMEOUT_S) -> Iterator[None]:
    """One import at a time per data folder (an exclusive lock on data/.import.lock); waits up to
    timeout_s, then raises TimeoutError, so a second curator's import waits instead of losing rows."""
    path = data_dir / LOCK_FILE
    with open(path, "a+b") as handle:
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise TimeoutError(
                        "another import is still being written; try again in a minute"
                    ) from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _write_atomic(path: Path, content: bytes) -> None:
    """A temporary file in the same folder, flushed to disk, then renamed over the old file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _keep_previous(path: Path, history: Path, stamp: str) -> None:
    if path.is_file():
        history.mkdir(parents=True, exist_ok=True)
        _write_atomic(history / f"{path.parent.name}-{path.stem}.{stamp}.csv", path.read_bytes())


def _plain(text: str, limit: int = 120) -> str:
    """A name for the log: control characters out, one line, bounded."""
    return re.sub(r"[\x00-\x1f\x7f]+", " ", text).strip()[:limit]


def _append_log(data_dir: Path, line: dict[str, str]) -> None:
    path = data_dir / IMPORT_LOG
    old = path.read_bytes() if path.is_file() else _csv_bytes([], LOG_COLUMNS)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow([line[c] for c in LOG_COLUMNS])
    _write_atomic(path, old + out.getvalue().encode("utf-8"))


def apply_import(
    upload: Upload, data_dir: Path | str | None = None, *, who: str, now: dt.datetime | None = None
) -> ImportResult:
    """Write an upload into the dataset, or nothing when it has problems or changes nothing.

    Under the import lock the plan is made again from the files as they are now, so two curators
    confirming at the same moment both land. Sources are written before records: a source with no
    record yet is valid, so the dataset stays valid whichever write an interruption stops.
    """
    data_dir = Path(data_dir).resolve() if data_dir else schema.default_data_dir().resolve()
    with import_lock(data_dir):
        plan = plan_import(upload, data_dir)
        records_path = data_dir / "records" / f"{plan.stem}.csv"
        display = _display(data_dir, "records", records_path.name)
        if plan.problems or plan.writes_nothing:
            return ImportResult(False, plan, display, None)
        now = now or dt.datetime.now(dt.UTC)
        stamp = now.strftime("%Y%m%dT%H%M%S%fZ")
        history = data_dir / HISTORY_DIR
        if plan.sources_csv is not None:
            path = data_dir / "sources" / f"{plan.stem}.csv"
            _keep_previous(path, history, stamp)
            _write_atomic(path, plan.sources_csv)
        if plan.records_csv is not None:
            _keep_previous(records_path, history, stamp)
            _write_atomic(records_path, plan.records_csv)
        line = {
            "time": now.isoformat(timespec="seconds"),
            "who": _plain(who),
            "file_name": _plain(upload.name),
            "sha256": upload.sha256,
            "records_file": display,
            "new": str(len(plan.new)),
            "changed": str(len(plan.changed)),
            "unchanged": str(len(plan.unchanged)),
            "sources_added": str(len(plan.new_sources)),
        }
        _append_log(data_dir, line)
        return ImportResult(True, plan, display, line)
