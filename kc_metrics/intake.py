"""Read a curator's upload (the XLSX template filled in, or a CSV of records) into text tables, refusing
what is unsafe or unreadable before anything else looks at it.

Refused, each with a message that says what to do: an empty or oversized file, a file that is not XLSX
or CSV, a macro-enabled or old-format workbook, a zip bomb (entry count and uncompressed size checked
from the archive's directory, then each entry read with a cap so a lying directory cannot fool it),
formulas with no saved result, more rows than MAX_ROWS, a CSV whose encoding is not UTF-8, UTF-16 or
Windows-1258, and values that do not read as Vietnamese numbers.

The tables that come out have the data files' columns as text, plus `_row` (the row the curator sees)
and `_sheet`; kc_metrics.importer then validates them with the same validator as `make check-data`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import unicodedata
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd
from openpyxl import load_workbook

from kc_metrics import schema
from kc_metrics.figures import FigureError, parse_figure, read_number
from kc_metrics.template import LIST_MARK, RECORDS_SHEET, SOURCES_SHEET
from kc_metrics.validate import Problem, parse_table

MAX_UPLOAD_BYTES = 5 * 2**20  # a year of a province's figures is a few hundred KB at most
MAX_UNZIPPED_BYTES = 50 * 2**20  # what an XLSX may expand to
MAX_ZIP_ENTRIES = 200  # a workbook from Excel has 10-30 parts
MAX_ROWS = 10_000  # rows of records (or sources) in one upload

# Columns an upload may leave out: the importer fills them (record id, the metric's unit) or they are
# optional in the data files too.
UPLOAD_OPTIONAL = ("record_id", "unit", *schema.OPTIONAL_RECORD_COLUMNS)
UPLOAD_REQUIRED = tuple(c for c in schema.RECORD_COLUMNS if c not in UPLOAD_OPTIONAL)
RECORD_FILE_COLUMNS = (*schema.RECORD_COLUMNS, *schema.OPTIONAL_RECORD_COLUMNS)
# Cells a curator picks from a "code · name" drop-down: only the code is kept.
CODED_COLUMNS = ("geo_code", "metric", "source_id")


@dataclass
class Upload:
    """What an uploaded file holds, as text tables in the data files' columns, and what is wrong with it."""

    name: str
    sha256: str
    records: pd.DataFrame
    sources: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)


def _empty(columns: tuple[str, ...]) -> pd.DataFrame:
    return pd.DataFrame(columns=[*columns, "_row", "_sheet"], dtype=str)


def _refused(name: str, digest: str, message: str, row: int | None = None) -> Upload:
    records, sources = _empty(RECORD_FILE_COLUMNS), _empty(schema.SOURCE_COLUMNS)
    return Upload(name, digest, records, sources, [Problem(name, row, None, message)])


def read_upload(name: str, raw: bytes, styles: Mapping[str, str] | None = None) -> Upload:
    """Read an uploaded file by its kind (XLSX or CSV); every problem found is in `problems`.

    `styles` maps the dataset's source ids to their number style ("vi" or "en"), to read a written
    figure whose value cell was left empty; the upload's own sources sheet adds to it.
    """
    styles = dict(styles or {})
    digest = hashlib.sha256(raw).hexdigest()
    lower = name.lower()
    if not raw:
        return _refused(name, digest, "the uploaded file is empty")
    if len(raw) > MAX_UPLOAD_BYTES:
        return _refused(
            name,
            digest,
            f"the file is {len(raw) / 2**20:.1f} MB, more than the {MAX_UPLOAD_BYTES // 2**20} MB an upload "
            "may be; split it into several files",
        )
    if lower.endswith((".xlsm", ".xltm", ".xlsb")):
        return _refused(
            name, digest, "macro-enabled workbooks are refused; save it as .xlsx (Excel Workbook)"
        )
    if raw.startswith(b"\xd0\xcf\x11\xe0") or lower.endswith(".xls"):
        return _refused(
            name, digest, "this is the old Excel format (.xls); save it as .xlsx (Excel Workbook)"
        )
    if raw.startswith(b"PK"):
        return _read_xlsx(name, raw, digest, styles)
    if lower.endswith((".csv", ".txt")):
        return _read_csv(name, raw, digest, styles)
    return _refused(name, digest, "the file is neither an Excel workbook (.xlsx) nor a CSV file")


# --- XLSX ------------------------------------------------------------------------------------------


def _zip_problem(raw: bytes) -> str | None:
    """Why an archive is not safe to open, or None. Sizes come from the archive's directory first (cheap),
    then each entry is read with a cap, in case the directory lies."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except zipfile.BadZipFile:
        return "the file is damaged or is not an Excel workbook (.xlsx)"
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_ZIP_ENTRIES:
            return f"the workbook holds {len(entries)} parts, more than {MAX_ZIP_ENTRIES}: not a plain sheet"
        declared = sum(e.file_size for e in entries)
        if declared > MAX_UNZIPPED_BYTES:
            return (
                f"the workbook would expand to {declared / 2**20:.0f} MB, more than "
                f"{MAX_UNZIPPED_BYTES // 2**20} MB (a compressed bomb, or far more data than one upload)"
            )
        names = {e.filename.lower() for e in entries}
        if any(n.endswith("vbaproject.bin") for n in names):
            return "the workbook contains macros; save it as .xlsx (Excel Workbook) without macros"
        if "xl/workbook.xml" not in names:
            return "the file is a zip archive but not an Excel workbook (.xlsx)"
        total = 0
        for entry in entries:
            try:
                with archive.open(entry) as part:
                    while chunk := part.read(1 << 20):
                        total += len(chunk)
                        if total > MAX_UNZIPPED_BYTES:
                            return (
                                f"the workbook expands to more than {MAX_UNZIPPED_BYTES // 2**20} MB "
                                "(a compressed bomb)"
                            )
            except (zipfile.BadZipFile, OSError, RuntimeError, EOFError) as err:
                return f"the workbook is damaged ({entry.filename}: {err})"
    return None


def _cell_text(value: object, column: str) -> str | None:
    """An Excel cell as the text the data files hold; None when it cannot be (a date in a text column)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        if column == "value":
            # Written with a decimal comma, so read_typed_number can never take 0.125 for 125.
            return f"{value:.12f}".rstrip("0").replace(".", ",")
        return repr(value)
    if isinstance(value, dt.datetime | dt.date):
        # Excel turns "2020-08" or "2021-03-05" into dates unless the cell is text: read them back.
        if column == "as_of":
            return f"{value.year:04d}-{value.month:02d}"
        if column == "published":
            return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
        return None
    return unicodedata.normalize("NFC", str(value)).strip()


def _sheet_table(
    name: str, values_sheet: object, formula_sheet: object, sheet: str, columns: tuple[str, ...],
    optional: tuple[str, ...], required: tuple[str, ...],
) -> tuple[pd.DataFrame | None, list[Problem]]:  # fmt: skip
    """One sheet -> text table with `_row`; headers checked, formulas without a saved result refused."""
    where = f"{name} › {sheet}"
    value_rows = list(values_sheet.iter_rows(values_only=True))  # type: ignore[attr-defined]
    formula_rows = list(formula_sheet.iter_rows(values_only=True))  # type: ignore[attr-defined]
    if not value_rows:
        return None, [Problem(where, None, None, "the sheet is empty; it needs the header row")]
    header = [_cell_text(h, "") or "" for h in value_rows[0]]
    while header and not header[-1]:
        header.pop()
    problems = [
        Problem(where, 1, col, f"the header has no column '{col}'") for col in required if col not in header
    ]
    allowed = set(columns) | set(optional)
    problems += [
        Problem(where, 1, col, f"'{col}' is not a column of this sheet; keep the template's headers")
        for col in header
        if col and col not in allowed
    ]
    if problems:
        return None, problems
    cells: list[list[str]] = []
    rows: list[int] = []
    for index, (values, formulas) in enumerate(zip(value_rows[1:], formula_rows[1:], strict=False), start=2):
        values = tuple(values[: len(header)])
        if all(
            v is None or (isinstance(v, str) and not v.strip()) for v in (*values, *formulas[: len(header)])
        ):
            continue  # an empty row of the template (a formula with no saved result counts as something)
        if len(rows) >= MAX_ROWS:
            return None, [
                Problem(
                    where,
                    index,
                    None,
                    f"the sheet has more than {MAX_ROWS:,} rows; split it into several files",
                )
            ]
        row_cells = []
        for column, value, formula in zip(header, values, formulas, strict=False):
            if isinstance(formula, str) and formula.startswith("=") and value is None:
                problems.append(
                    Problem(
                        where,
                        index,
                        column,
                        f"the cell holds a formula ({formula[:40]}) with no saved result; type the value "
                        "itself, or open the file in Excel and save it again",
                    )
                )
                row_cells.append("")
                continue
            text = _cell_text(value, column)
            if text is None:
                problems.append(
                    Problem(where, index, column, "Excel turned this cell into a date; type it as text")
                )
                text = ""
            row_cells.append(text)
        row_cells += [""] * (len(header) - len(row_cells))
        cells.append(row_cells)
        rows.append(index)
    frame = (
        pd.DataFrame(cells, columns=header, dtype=str) if cells else pd.DataFrame(columns=header, dtype=str)
    )
    frame = frame[[c for c in header if c]]
    for column in (*columns, *optional):
        if column not in frame:
            frame[column] = ""
    frame = frame[[*columns, *[c for c in optional if c not in columns]]].astype(str)
    frame["_row"] = rows
    frame["_sheet"] = sheet
    return frame, problems


def _read_xlsx(name: str, raw: bytes, digest: str, styles: dict[str, str]) -> Upload:
    unsafe = _zip_problem(raw)
    if unsafe:
        return _refused(name, digest, unsafe)
    try:
        values = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        formulas = load_workbook(io.BytesIO(raw), read_only=True, data_only=False)
    except Exception as err:  # openpyxl raises many kinds for a broken workbook; all mean "cannot read it"
        return _refused(
            name, digest, f"the workbook cannot be read ({type(err).__name__}); save it again as .xlsx"
        )
    try:
        if RECORDS_SHEET not in values.sheetnames:
            return _refused(
                name,
                digest,
                f"the workbook has no sheet named '{RECORDS_SHEET}'; start from the template "
                "(Tải mẫu nhập liệu)",
            )
        records, problems = _sheet_table(
            name, values[RECORDS_SHEET], formulas[RECORDS_SHEET], RECORDS_SHEET, UPLOAD_REQUIRED,
            UPLOAD_OPTIONAL, UPLOAD_REQUIRED,
        )  # fmt: skip
        sources = None
        if SOURCES_SHEET in values.sheetnames:
            sources, found = _sheet_table(
                name, values[SOURCES_SHEET], formulas[SOURCES_SHEET], SOURCES_SHEET, schema.SOURCE_COLUMNS,
                (), schema.SOURCE_COLUMNS,
            )  # fmt: skip
            problems += found
    finally:
        values.close()
        formulas.close()
    upload = Upload(
        name,
        digest,
        records if records is not None else _empty(RECORD_FILE_COLUMNS),
        sources if sources is not None else _empty(schema.SOURCE_COLUMNS),
        problems,
    )
    return _tidy(upload, styles)


# --- CSV -------------------------------------------------------------------------------------------

_VIETNAMESE = re.compile("[ăâđêôơưĂÂĐÊÔƠƯ\u0300\u0301\u0303\u0309\u0323]")


def decode_text(raw: bytes, name: str) -> tuple[str | None, Problem | None]:
    """Uploaded bytes -> NFC text. UTF-8 (with or without BOM), UTF-16 (BOM, or the zero bytes of plain
    ASCII) and Windows-1258 (Vietnamese Windows) are read; anything else is refused naming UTF-8."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
        encodings = ["utf-8"]
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ["utf-16"]
    elif len(raw) >= 4 and raw[1:4:2] == b"\0\0" and raw[0] and raw[2]:
        encodings = ["utf-16-le"]
    elif len(raw) >= 4 and raw[0:4:2] == b"\0\0" and raw[1] and raw[3]:
        encodings = ["utf-16-be"]
    else:
        encodings = ["utf-8", "cp1258"]
    for encoding in encodings:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        # Windows-1258 decodes almost any bytes: take it only when the text is plainly Vietnamese.
        if encoding == "cp1258" and not _VIETNAMESE.search(text):
            continue
        if "\0" in text or re.search(r"[\x01-\x08\x0b\x0c\x0e-\x1f]", text):
            return None, Problem(
                name, None, None, "the file holds binary data, not text; upload the .xlsx or a CSV"
            )
        return unicodedata.normalize("NFC", text.removeprefix("\ufeff")), None
    return None, Problem(
        name,
        None,
        None,
        "the file's encoding is not recognised (not UTF-8, UTF-16 or Windows-1258); save it as "
        "'CSV UTF-8 (Comma delimited)' in Excel",
    )


def _read_csv(name: str, raw: bytes, digest: str, styles: dict[str, str]) -> Upload:
    text, problem = decode_text(raw, name)
    if text is None:
        assert problem is not None
        return _refused(name, digest, problem.message)
    if text.count("\n") > MAX_ROWS + 1:
        return _refused(
            name, digest, f"the file has more than {MAX_ROWS:,} rows; split it into several files"
        )
    frame, problems = parse_table(text, UPLOAD_REQUIRED, name, UPLOAD_OPTIONAL)
    records = _empty(RECORD_FILE_COLUMNS)
    if frame is not None:
        records = frame[[*RECORD_FILE_COLUMNS, "_row"]].assign(_sheet="")
    return _tidy(Upload(name, digest, records, _empty(schema.SOURCE_COLUMNS), problems), styles)


# --- Normalising the cells ---------------------------------------------------------------------------


def _code(cell: str) -> str:
    """'P63-27 · Bắc Ninh (63 tỉnh)' -> 'P63-27': a drop-down entry keeps its code."""
    return cell.split(LIST_MARK, 1)[0].strip()


def read_typed_number(text: str) -> float:
    """A value the curator typed as text, in the Vietnamese style ("29.229,2", "2600", "0,5").

    A plain number with one dot and no comma ("29229.2") is read as a decimal, as Excel writes it.
    Raises FigureError when it is not a number.
    """
    cleaned = text.replace("\u00a0", "").replace(" ", "")
    if re.fullmatch(r"\d+(\.\d+)?", cleaned) and cleaned.count(".") == 1 and len(cleaned.split(".")[1]) != 3:
        return float(cleaned)
    if not re.fullmatch(r"\d+(?:[.,]\d+)*", cleaned):
        raise _not_a_number(text)
    try:
        return read_number(cleaned, "vi")
    except FigureError:
        raise _not_a_number(text) from None


def _not_a_number(text: str) -> FigureError:
    return FigureError(f"'{text}' is not a number; write it like 29229,2 or 29.229,2 (money in million VND)")


def _tidy(upload: Upload, styles: dict[str, str]) -> Upload:
    """Codes out of drop-down entries, units from the metric, values read as numbers (or from the written
    figure when left empty). Record ids are made by the importer, which knows the dataset."""
    records = upload.records.copy()
    for column in CODED_COLUMNS:
        records[column] = records[column].map(_code)
    sources = upload.sources.copy()
    if not sources.empty:
        sources["source_id"] = sources["source_id"].map(_code)
        styles.update(zip(sources["source_id"], sources["number_style"], strict=True))
    problems = list(upload.problems)
    values = []
    columns = ["_row", "_sheet", "value", "value_as_written", "source_id"]
    for row, sheet, value, written, source_id in records[columns].itertuples(index=False):
        where = f"{upload.name} › {sheet}" if sheet else upload.name
        if not value and written:
            try:
                figure = parse_figure(written, styles.get(source_id, "vi"))
                number = figure.million_vnd if figure.million_vnd is not None else figure.number
                values.append(f"{number:.10g}")
            except FigureError:
                values.append("")  # the validator says the value is missing and why the figure does not read
            continue
        if not value:
            values.append("")
            continue
        try:
            values.append(f"{read_typed_number(value):.10g}")
        except FigureError as err:
            problems.append(Problem(where, int(row), "value", str(err)))
            values.append(value)
    records["value"] = values
    return Upload(upload.name, upload.sha256, records, sources, problems)


# --- Rows a page built (the reading assistant) -----------------------------------------------------------


def _as_cell(value: object, column: str) -> str:
    """A table cell as the data files' text: empty for missing, "yes"/"" for the estimate mark."""
    if column == "estimate":
        return "yes" if value is True or str(value).lower() in ("yes", "true") else ""
    if value is None or (not isinstance(value, str) and pd.isna(value)):  # type: ignore[call-overload]
        return ""
    text = _cell_text(value, column)
    return text if text is not None else str(value)


def upload_from_rows(
    name: str,
    records: pd.DataFrame,
    sources: pd.DataFrame,
    *,
    sheet: str,
    styles: Mapping[str, str] | None = None,
) -> Upload:
    """Rows made on a page (the reading assistant's ticked candidates and the source the curator typed)
    as an Upload, so they go through exactly the checks, preview and write of an uploaded file.

    Problems name `name › sheet` and the row's position in the table (1 for the first row);
    the SHA-256 is that of the rows as CSV, so the same rows imported again are recognised.
    """

    def table(frame: pd.DataFrame, columns: tuple[str, ...], where: str) -> pd.DataFrame:
        out = pd.DataFrame({c: [_as_cell(v, c) for v in frame[c]] if c in frame else [""] * len(frame)
                            for c in columns}, dtype=str)  # fmt: skip
        out["_row"] = range(1, len(frame) + 1)
        out["_sheet"] = where
        return out

    record_table = table(records.reset_index(drop=True), RECORD_FILE_COLUMNS, sheet)
    source_table = table(sources.reset_index(drop=True), schema.SOURCE_COLUMNS, SOURCES_SHEET)
    digest = hashlib.sha256(
        record_table.to_csv(index=False).encode("utf-8") + source_table.to_csv(index=False).encode("utf-8")
    ).hexdigest()
    return _tidy(Upload(name, digest, record_table, source_table), dict(styles or {}))
