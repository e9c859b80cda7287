"""Read and validate the curated CSV files, collecting every problem with its file, row and column.

Run `python -m kc_metrics [DATA_DIR]` (or `make check-data`) to check the dataset from the command
line: it prints each problem on its own line and exits 1 when there is any.

Row numbers are the line numbers a text editor or spreadsheet shows: the header is row 1.
"""

from __future__ import annotations

import csv
import io
import sys
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from kc_metrics import schema
from kc_metrics.figures import Figure, FigureError, parse_figure

MAX_FILE_BYTES = 512 * 1024 * 1024  # far above any real dataset; guards the server's memory


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the data, located as precisely as it can be."""

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column {self.column}"
        return f"{where}: {self.message}"


class DataError(Exception):
    """The dataset cannot be used as it is; `problems` lists everything wrong with it."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        shown = "\n".join(f"- {p}" for p in problems[:50])
        more = f"\n… and {len(problems) - 50} more" if len(problems) > 50 else ""
        super().__init__(f"{len(problems)} problem(s) in the data:\n{shown}{more}")


def _display(path: Path, data_dir: Path) -> str:
    """A path as a curator knows it: from the data folder's name on ("data/records/reports.csv")."""
    try:
        return str(Path(data_dir.name) / path.relative_to(data_dir))
    except ValueError:
        return str(path)


def _decode(raw: bytes, name: str) -> tuple[str | None, list[Problem]]:
    """Bytes -> NFC text, or a problem saying which encoding the file seems to be in."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [Problem(name, None, None, "the file is UTF-16; save it as UTF-8 (CSV UTF-8 in Excel)")]
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # Excel's "CSV UTF-8" writes a BOM; it is harmless, so it is simply dropped
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        return None, [
            Problem(
                name,
                line,
                None,
                "the file is not UTF-8 text (perhaps Windows-1258 or another legacy "
                "encoding); save it as UTF-8 (CSV UTF-8 in Excel)",
            )
        ]
    # Vietnamese can be typed decomposed (NFD); the same word must compare equal either way.
    return unicodedata.normalize("NFC", text), []


def read_table(
    path: Path, columns: tuple[str, ...], name: str | None = None, optional: tuple[str, ...] = ()
) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Read one CSV as text cells, with a `_row` column holding each row's line number.

    `name` is how problems name the file (default: the path). Returns (None, problems) when the file
    cannot be read as a table with the expected columns.
    """
    name = name or str(path)
    if not path.is_file():
        return None, [Problem(name, None, None, "the file is missing")]
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        return None, [
            Problem(
                name,
                None,
                None,
                f"the file is {size / 2**20:.0f} MB, more than the "
                f"{MAX_FILE_BYTES // 2**20} MB a data file may be",
            )
        ]
    text, problems = _decode(path.read_bytes(), name)
    if text is None:
        return None, problems
    return parse_table(text, columns, name, optional)


def parse_table(
    text: str, columns: tuple[str, ...], name: str, optional: tuple[str, ...] = ()
) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Decoded CSV text -> a table of text cells with `_row` (see read_table); shared by the data
    files and the curators' uploads (kc_metrics.intake), so both are read by the same rules."""
    problems: list[Problem] = []
    if not text.strip():
        return None, [Problem(name, None, None, "the file is empty; it needs at least the header row")]
    header = next(csv.reader(io.StringIO(text.split("\n", 1)[0])))
    header = [h.strip() for h in header]
    missing = [c for c in columns if c not in header]
    unknown = [h for h in header if h not in columns and h not in optional]
    if missing or unknown:
        for col in missing:
            problems.append(Problem(name, 1, col, f"the header has no column '{col}'"))
        for col in unknown:
            problems.append(
                Problem(name, 1, col, f"'{col}' is not a column of this file; expected {', '.join(columns)}")
            )
        return None, problems
    reader = csv.reader(io.StringIO(text))
    next(reader)  # the header, checked above
    cells, rows = [], []
    width = len(header)
    try:
        start = reader.line_num + 1
        for cell_row in reader:
            # A row's number is the line it starts on (a quoted cell may run over several lines).
            start, line = reader.line_num + 1, start
            if not cell_row:
                continue  # a blank line (often the last one) is no record
            if len(cell_row) != width:
                problems.append(
                    Problem(
                        name,
                        line,
                        None,
                        f"the row has {len(cell_row)} cells "
                        f"but the header has {width} (is the file cut short, or a comma "
                        "missing or extra?)",
                    )
                )
                continue
            cells.append(cell_row)
            rows.append(line)
    except csv.Error as err:
        return None, [
            *problems,
            Problem(name, reader.line_num, None, f"the file is not a well-formed CSV ({err})"),
        ]
    frame = pd.DataFrame(cells, columns=header, dtype=str)
    for col in optional:
        if col not in frame:
            frame[col] = ""
    columns = (*columns, *optional)
    frame = frame[list(columns)]
    frame["_row"] = rows
    broken = frame[list(columns)].apply(lambda col: col.str.contains("\n|\r", regex=True)).any(axis=1)
    for row in frame.loc[broken, "_row"]:
        problems.append(
            Problem(name, int(row), None, "a cell holds a line break; keep each record on one line")
        )
    frame = frame.loc[~broken]
    for col in columns:
        frame[col] = frame[col].str.strip()
    return frame, problems


def _bad_rows(
    frame: pd.DataFrame, mask: pd.Series, name: str, column: str, message: str | Callable[[Any], str]
) -> list[Problem]:
    """One problem per row where mask is True; message is a string or a function of the cell value."""
    out = []
    for row, value in zip(frame.loc[mask, "_row"], frame.loc[mask, column], strict=True):
        text = message(value) if callable(message) else message
        out.append(Problem(name, int(row), column, text))
    return out


def _in(
    frame: pd.DataFrame, name: str, column: str, allowed_values: Iterable[str], what: str
) -> list[Problem]:
    allowed = list(allowed_values)
    shown = ", ".join(allowed) if len(allowed) <= 12 else f"one of the {len(allowed)} known values"
    return _bad_rows(
        frame,
        ~frame[column].isin(allowed),
        name,
        column,
        lambda v: f"'{v}' is not a known {what}; use {shown}",
    )


def _years(frame: pd.DataFrame, name: str, column: str) -> tuple[pd.Series, list[Problem]]:
    numbers = pd.to_numeric(frame[column], errors="coerce")
    whole = numbers.notna() & (numbers % 1 == 0)
    problems = _bad_rows(frame, ~whole, name, column, lambda v: f"'{v}' is not a year")
    out_of_range = whole & ~numbers.between(schema.YEAR_MIN, schema.YEAR_MAX)
    problems += _bad_rows(
        frame,
        out_of_range,
        name,
        column,
        lambda v: f"year {v} is outside {schema.YEAR_MIN}–{schema.YEAR_MAX}",
    )
    return numbers.where(whole & ~out_of_range), problems


def _unique(frame: pd.DataFrame, name: str, column: str, what: str) -> list[Problem]:
    dup = frame[column].duplicated(keep="first") & frame[column].ne("")
    first_row = frame.drop_duplicates(column).set_index(column)["_row"]
    problems = _bad_rows(
        frame, dup, name, column, lambda v: f"{what} '{v}' is used twice (first in row {first_row[v]})"
    )
    problems += _bad_rows(frame, frame[column].eq(""), name, column, f"the {what} is empty")
    return problems


def validate_sources(frame: pd.DataFrame, name: str) -> list[Problem]:
    """Sources: unique ids, known kind, language and number style, a title and an outlet."""
    problems = _unique(frame, name, "source_id", "source id")
    problems += _in(frame, name, "kind", ("report", "web"), "kind of source")
    problems += _in(frame, name, "language", ("vi", "en", "fr"), "language")
    problems += _in(frame, name, "number_style", ("vi", "en"), "number style")
    for col in ("title", "outlet"):
        problems += _bad_rows(frame, frame[col].eq(""), name, col, f"the {col} is empty")
    bad_date = frame["published"].ne("") & ~frame["published"].str.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?")
    problems += _bad_rows(frame, bad_date, name, "published", lambda v: f"'{v}' is not a date (YYYY-MM-DD)")
    bad_url = frame["url"].ne("") & ~frame["url"].str.match(r"https?://")
    problems += _bad_rows(frame, bad_url, name, "url", lambda v: f"'{v}' is not a web address")
    return problems


def validate_metrics(frame: pd.DataFrame, name: str) -> list[Problem]:
    """Metric catalogue: unique ids, known units, an additive flag, labels in both languages."""
    problems = _unique(frame, name, "metric", "metric")
    problems += _in(frame, name, "unit", schema.UNITS, "unit")
    problems += _in(frame, name, "additive", ("true", "false"), "additive flag")
    for col in ("label_vi", "label_en", "category", "definition", "definition_vi"):
        problems += _bad_rows(frame, frame[col].eq(""), name, col, f"the {col} is empty")
    return problems


def validate_kpi_rules(frame: pd.DataFrame, name: str, metrics: pd.DataFrame) -> list[Problem]:
    """KPI rules: unique ids that are not also metric ids, a known kind, and references that exist.

    split: a metric and a programme (kcqg or kcdp); total: a metric and its parts (KPI ids, ";"
    between them); ratio: a numerator and denominators (KPI ids), a scale, a unit and a category.
    """
    problems = _unique(frame, name, "kpi", "KPI id")
    problems += _in(frame, name, "kind", schema.KPI_RULE_KINDS, "kind of KPI rule")
    for col in ("label_vi", "label_en", "definition", "definition_vi"):
        problems += _bad_rows(frame, frame[col].eq(""), name, col, f"the {col} is empty")
    known_metrics = set(metrics["metric"])
    split_or_total = frame["kind"].isin(["split", "total"])
    problems += _bad_rows(
        frame,
        split_or_total & ~frame["metric"].isin(known_metrics),
        name,
        "metric",
        lambda v: f"'{v}' is not a metric of metrics.csv; a split or total rule names the metric it reads",
    )
    problems += _bad_rows(
        frame,
        frame["kind"].eq("split") & ~frame["program"].isin(["kcqg", "kcdp"]),
        name,
        "program",
        lambda v: f"'{v}' is not a programme a split can take; use kcqg or kcdp",
    )
    ratio = frame["kind"].eq("ratio")
    problems += _bad_rows(
        frame,
        ratio & frame["metric"].ne("") & ~frame["metric"].isin(known_metrics),
        name,
        "metric",
        lambda v: f"'{v}' is not a metric of metrics.csv (leave it empty when no source reports the ratio)",
    )
    problems += _bad_rows(
        frame, ratio & ~frame["unit"].isin(schema.UNITS), name, "unit", lambda v: f"'{v}' is not a known unit"
    )
    problems += _bad_rows(frame, ratio & frame["category"].eq(""), name, "category", "the category is empty")
    scale = pd.to_numeric(frame["scale"], errors="coerce")
    problems += _bad_rows(
        frame, ratio & ~(scale > 0), name, "scale", lambda v: f"'{v}' is not a positive number"
    )
    # Every KPI a rule is made of must exist: a reported metric (not split, not a ratio's metric) or a rule.
    split_metrics = set(frame.loc[split_or_total, "metric"])
    ratio_metrics = set(frame.loc[ratio, "metric"]) - {""}
    kpi_ids = set(frame["kpi"]) | (known_metrics - split_metrics - ratio_metrics)
    for column, kinds in (("parts", ("total",)), ("numerator", ("ratio",)), ("denominator", ("ratio",))):
        rows = frame[frame["kind"].isin(kinds)]
        for row, cell in zip(rows["_row"], rows[column], strict=True):
            ids = [i.strip() for i in cell.split(";") if i.strip()]
            if not ids:
                problems.append(Problem(name, int(row), column, f"the {column} is empty"))
            for kpi_id in ids:
                if kpi_id not in kpi_ids:
                    problems.append(Problem(name, int(row), column, f"'{kpi_id}' is not a KPI id"))
    return problems


def validate_records(
    frame: pd.DataFrame, name: str, sources: pd.DataFrame, metrics: pd.DataFrame, geography: pd.DataFrame
) -> list[Problem]:
    """Records: every rule of data/README.md, each failing cell reported once."""
    problems = _in(frame, name, "source_id", sources["source_id"], "source (add it to data/sources/)")
    geo_codes = sorted(geography["geo_code"])
    problems += _in(frame, name, "geo_code", geo_codes, "geography code (see data/geography.csv)")
    problems += _in(frame, name, "status", schema.STATUSES, "status")
    problems += _in(frame, name, "program", schema.PROGRAMS, "programme")
    problems += _in(frame, name, "qualifier", schema.QUALIFIERS, "qualifier")
    problems += _in(frame, name, "metric", metrics["metric"], "metric (see data/metrics.csv)")
    problems += _unique(frame, name, "record_id", "record id")

    unit_of = dict(zip(metrics["metric"], metrics["unit"], strict=True))
    problems += _bad_rows(
        frame,
        ~frame["unit"].isin(schema.UNITS),
        name,
        "unit",
        lambda v: f"'{v}' is not a unit we know; use one of {', '.join(schema.UNITS)}",
    )
    expected_unit = frame["metric"].map(unit_of)
    wrong_unit = frame["unit"].isin(schema.UNITS) & expected_unit.notna() & frame["unit"].ne(expected_unit)
    for row, metric, unit in frame.loc[wrong_unit, ["_row", "metric", "unit"]].itertuples(index=False):
        problems.append(
            Problem(name, int(row), "unit", f"metric '{metric}' is measured in {unit_of[metric]}, not {unit}")
        )

    start, p = _years(frame, name, "period_start")
    problems += p
    end, p = _years(frame, name, "period_end")
    problems += p
    reversed_period = start.notna() & end.notna() & (start > end)
    problems += _bad_rows(
        frame, reversed_period, name, "period_start", lambda v: f"the period starts in {v}, after it ends"
    )
    problems += _check_map(frame, name, start, end, geography)

    months = pd.to_numeric(frame["months"], errors="coerce")
    has_months = frame["months"].ne("")
    bad_months = has_months & ~(months.notna() & (months % 1 == 0) & months.between(1, 12))
    problems += _bad_rows(
        frame, bad_months, name, "months", lambda v: f"'{v}' is not a number of months 1–12"
    )
    multi_year = has_months & ~bad_months & start.notna() & end.notna() & (start != end)
    problems += _bad_rows(
        frame, multi_year, name, "months", "months covered apply to a single year; this period spans several"
    )

    value = pd.to_numeric(frame["value"], errors="coerce")
    problems += _bad_rows(frame, value.isna(), name, "value", lambda v: f"'{v}' is not a number")
    problems += _bad_rows(
        frame,
        value < 0,
        name,
        "value",
        lambda v: f"{v} is negative; counts, money and rates here are never below zero",
    )

    quoted = frame["computed_from"].eq("")  # a computed figure has no written form to read
    problems += _check_written(frame[quoted], name, value[quoted], unit_of, sources)
    problems += _check_kinds(frame, name, start, end)
    problems += _check_duplicates(frame, name)
    return problems


def _check_map(
    frame: pd.DataFrame, name: str, start: pd.Series, end: pd.Series, geography: pd.DataFrame
) -> list[Problem]:
    """A province must exist during the record's period: the 63 former provinces until 30 June 2025,
    the 34 current ones from 1 July 2025 (a period that includes 2025 may name either)."""
    geo = geography.drop_duplicates("geo_code").set_index("geo_code")
    first = pd.to_numeric(frame["geo_code"].map(geo["valid_from"]).str[:4], errors="coerce")
    last = pd.to_numeric(frame["geo_code"].map(geo["valid_to"]).str[:4], errors="coerce")
    too_late = last.notna() & start.notna() & (start > last)
    # Only the 34-province map's start is a rule: valid_from of a former province is when the 63-province
    # map began (2008), and a report of 2005 rightly names a province that already existed then.
    current_map = frame["geo_code"].map(geo["map"]).eq("34")
    too_early = current_map & first.notna() & end.notna() & (end < first)
    problems = []
    cases = ((too_late, last, "ended", start, "from"), (too_early, first, "began", end, "ending in"))
    for mask, limit, word, years, span in cases:
        for row, code, year, bound in zip(
            frame.loc[mask, "_row"], frame.loc[mask, "geo_code"], years[mask], limit[mask], strict=True
        ):
            map_name, unit_name = str(geo.at[code, "map"]), str(geo.at[code, "name"])
            problems.append(
                Problem(
                    name,
                    int(row),
                    "geo_code",
                    f"'{code}' ({unit_name}) is a province of the {map_name}-province map, which "
                    f"{word} in {int(bound)}; a period {span} {int(year)} names the provinces of that time",
                )
            )
    return problems


def _check_kinds(frame: pd.DataFrame, name: str, start: pd.Series, end: pd.Series) -> list[Problem]:
    """Estimates, stocks' dates and computed figures are marked as data/README.md says."""
    problems = _in(frame, name, "estimate", ("", "yes"), "estimate mark (empty, or yes)")
    as_of = frame["as_of"]
    shaped = as_of.str.fullmatch(r"\d{4}(-(0[1-9]|1[0-2]))?")
    problems += _bad_rows(
        frame,
        as_of.ne("") & ~shaped,
        name,
        "as_of",
        lambda v: f"'{v}' is not a date a stock stands at (YYYY-MM, or YYYY when the month is not known)",
    )
    year = pd.to_numeric(as_of.str[:4].where(shaped), errors="coerce")
    outside = year.notna() & start.notna() & end.notna() & ((year < start) | (year > end))
    problems += _bad_rows(
        frame, outside, name, "as_of", lambda v: f"the stock's date {v} lies outside the record's period"
    )
    computed = frame["computed_from"].ne("")
    problems += _bad_rows(
        frame,
        computed & frame["value_as_written"].ne(""),
        name,
        "value_as_written",
        lambda v: (
            f"'{v}' is presented as a quote, but the figure is computed (computed_from is set): "
            "leave value_as_written empty and write the formula"
        ),
    )
    problems += _bad_rows(
        frame, computed & frame["formula"].eq(""), name, "formula", "a computed figure needs its formula"
    )
    problems += _bad_rows(
        frame,
        ~computed & frame["formula"].ne(""),
        name,
        "computed_from",
        "the record has a formula but names no record it is computed from",
    )
    problems += _bad_rows(
        frame,
        ~computed & frame["value_as_written"].eq(""),
        name,
        "value_as_written",
        "the figure as the source writes it is missing (only a computed figure has none)",
    )
    return problems


def _check_written(
    frame: pd.DataFrame, name: str, value: pd.Series, unit_of: dict[str, str], sources: pd.DataFrame
) -> list[Problem]:
    """Each value_as_written must read, in its source's number style, as the stored value and qualifier."""
    style_of = dict(zip(sources["source_id"], sources["number_style"], strict=False))
    problems = []
    columns = ["_row", "source_id", "metric", "value_as_written", "qualifier"]
    # Many records share a written form and style: read each distinct one once.
    cache: dict[tuple[str, str], Figure | FigureError] = {}
    for (row, source_id, metric, written, qualifier), stored in zip(
        frame[columns].itertuples(index=False), value, strict=True
    ):
        style = style_of.get(source_id)
        if style not in ("vi", "en") or metric not in unit_of or pd.isna(stored):
            continue  # already reported as an unknown source, metric or value
        key = (written, style)
        if key not in cache:
            try:
                cache[key] = parse_figure(written, style)
            except FigureError as err:
                cache[key] = err
        figure = cache[key]
        if isinstance(figure, FigureError):
            problems.append(Problem(name, int(row), "value_as_written", str(figure)))
            continue
        unit = unit_of[metric]
        if unit in schema.MONEY_UNITS:
            if figure.money_multiplier is None:
                problems.append(
                    Problem(
                        name,
                        int(row),
                        "value_as_written",
                        f"'{written}' names no money "
                        "unit (triệu, tỷ, million, billion…); write it as the source does",
                    )
                )
                continue
            read = figure.million_vnd
        else:
            if figure.money_multiplier is not None:
                problems.append(
                    Problem(
                        name,
                        int(row),
                        "value_as_written",
                        f"'{written}' is money but metric '{metric}' is measured in {unit}",
                    )
                )
                continue
            read = figure.number
        if unit == "percent" and not figure.is_percent:
            problems.append(
                Problem(
                    name,
                    int(row),
                    "value_as_written",
                    f"'{written}' has no % sign but metric '{metric}' is a percentage",
                )
            )
        if abs(read - stored) > 1e-6 * max(1.0, abs(stored)):
            problems.append(
                Problem(
                    name,
                    int(row),
                    "value",
                    f"{stored:g} does not match the written "
                    f"figure '{written}', which reads as {read:g} in {unit}",
                )
            )
        if figure.qualifier != qualifier:
            problems.append(
                Problem(
                    name,
                    int(row),
                    "qualifier",
                    f"'{qualifier}' does not match the written "
                    f"figure '{written}', which reads as '{figure.qualifier}'",
                )
            )
    return problems


def _replacing(frame: pd.DataFrame) -> pd.Series:
    """Records that supersede another or are superseded (their pairing is checked by _check_links)."""
    targets = set(frame["supersedes"]) - {""}
    return frame["supersedes"].ne("") | frame["record_id"].isin(targets)


def _check_duplicates(frame: pd.DataFrame, name: str) -> list[Problem]:
    key = list(schema.RECORD_KEY)
    frame = frame[~_replacing(frame)]
    dup = frame.duplicated(subset=key, keep=False)
    problems = []
    for _, group in frame.loc[dup].groupby(key, sort=False):
        rows = group["_row"].tolist()
        for row in rows[1:]:
            problems.append(
                Problem(
                    name,
                    int(row),
                    "metric",
                    f"the same figure (source, geography, period, "
                    f"programme, metric, status) is already in row {rows[0]}",
                )
            )
    return problems


def _check_links(records: pd.DataFrame) -> list[Problem]:
    """computed_from and supersedes name records that exist; a record superseded is the same figure.

    Column-wise (a synthetic million records carries ~900,000 supersede links): only the rows found
    wrong are walked one by one, to word their problems.
    """
    problems = []
    known = records["record_id"]
    parts = records.loc[records["computed_from"].ne(""), ["_file", "_row", "computed_from"]]
    parts = parts.assign(part=parts["computed_from"].str.split(";")).explode("part")
    parts = parts[parts["part"].ne("") & ~parts["part"].isin(known)]
    for file, row, _, part in parts.itertuples(index=False):
        problems.append(Problem(file, int(row), "computed_from", f"'{part}' is not a record id"))
    links = records[records["supersedes"].ne("")]
    missing = ~links["supersedes"].isin(known)
    for file, row, target in links.loc[missing, ["_file", "_row", "supersedes"]].itertuples(index=False):
        problems.append(Problem(file, int(row), "supersedes", f"'{target}' is not a record id"))
    links = links[~missing]
    key = list(schema.FIGURE_KEY)
    targets = records.drop_duplicates("record_id").set_index("record_id")[key].astype(str)
    theirs = targets.reindex(links["supersedes"]).set_axis(links.index)
    differs = links[key].astype(str).ne(theirs).any(axis=1)
    for file, row, target in links.loc[differs, ["_file", "_row", "supersedes"]].itertuples(index=False):
        problems.append(
            Problem(
                file,
                int(row),
                "supersedes",
                f"'{target}' is not the same figure (geography, period, months, date, status, "
                "programme and metric must all be equal)",
            )
        )
    return sorted(problems, key=lambda p: (p.file, p.row or 0))


def _hidden_figures(records: pd.DataFrame) -> list[Problem]:
    """Two records of the same figure (FIGURE_KEY), whatever their sources: the dashboard would show one
    and hide the other. Allowed only when one of them says it supersedes the other.

    Each later record of a figure is compared with the figure's first record, column-wise."""
    key = list(schema.FIGURE_KEY)
    clashing = records[records.duplicated(subset=key, keep=False)]
    if clashing.empty:
        return []
    first = clashing.groupby(key, sort=False).cumcount().eq(0)
    firsts = clashing.loc[first, [*key, "record_id", "supersedes", "_file", "_row"]]
    others = clashing.loc[~first, [*key, "record_id", "supersedes", "_file", "_row"]].reset_index()
    pairs = others.merge(firsts, on=key, how="left", suffixes=("", "_first")).set_index("index")
    linked = pairs["supersedes"].eq(pairs["record_id_first"]) | pairs["supersedes_first"].eq(
        pairs["record_id"]
    )
    problems = []
    for other in pairs[~linked].sort_index().to_dict("records"):
        problems.append(
            Problem(
                other["_file"],
                int(other["_row"]),
                "as_of",
                f"record {other['record_id']} is the same figure (geography, period, date, status, "
                f"programme, metric) as {other['record_id_first']} in {other['_file_first']}, "
                f"row {other['_row_first']}: give each stock its as_of date, or mark the newer one with "
                "supersedes",
            )
        )
    return problems


def _across_files(frame: pd.DataFrame, key: list[str], what: str) -> list[Problem]:
    """Clashes between two files of one folder (clashes inside a file are reported by its own checks)."""
    if frame.empty or frame["_file"].nunique() < 2:
        return []
    problems = []
    clashing = frame[frame.duplicated(subset=key, keep=False)]
    for _, group in clashing.groupby(key, sort=False):
        first = group.iloc[0]
        for _, other in group.iloc[1:].iterrows():
            if other["_file"] != first["_file"]:
                problems.append(
                    Problem(
                        other["_file"],
                        int(other["_row"]),
                        key[0] if len(key) == 1 else None,
                        f"the same {what} is already in {first['_file']}, row {first['_row']}",
                    )
                )
    return problems


def read_dataset(data_dir: Path | None = None) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    """Read and validate every file of the dataset; returns the tables and all problems found."""
    data_dir = Path(data_dir).resolve() if data_dir else schema.default_data_dir()
    problems: list[Problem] = []
    tables: dict[str, pd.DataFrame] = {}

    def stack(folder: str, columns: tuple[str, ...], optional: tuple[str, ...] = ()) -> pd.DataFrame:
        paths = sorted((data_dir / folder).glob("*.csv"))
        if not paths:
            problems.append(
                Problem(_display(data_dir / folder, data_dir), None, None, "the folder has no CSV file")
            )
        parts = []
        for path in paths:
            frame, found = read_table(path, columns, _display(path, data_dir), optional)
            problems.extend(found)
            if frame is not None:
                frame["_file"] = _display(path, data_dir)
                parts.append(frame)
        if not parts:
            return pd.DataFrame(columns=[*columns, *optional, "_row", "_file"], dtype=str)
        return pd.concat(parts, ignore_index=True)

    sources = stack("sources", schema.SOURCE_COLUMNS)
    for file, part in sources.groupby("_file", sort=False):
        problems.extend(validate_sources(part, str(file)))
    problems.extend(_across_files(sources, ["source_id"], "source id"))

    metrics_name, geography_name = (
        _display(data_dir / "metrics.csv", data_dir),
        _display(data_dir / "geography.csv", data_dir),
    )
    metrics, found = read_table(data_dir / "metrics.csv", schema.METRIC_COLUMNS, metrics_name)
    problems.extend(found)
    if metrics is None:
        metrics = pd.DataFrame(columns=[*schema.METRIC_COLUMNS, "_row"], dtype=str)
    problems.extend(validate_metrics(metrics, metrics_name))

    rules_name = _display(data_dir / "kpi_rules.csv", data_dir)
    rules, found = read_table(data_dir / "kpi_rules.csv", schema.KPI_RULE_COLUMNS, rules_name)
    problems.extend(found)
    if rules is None:
        rules = pd.DataFrame(columns=[*schema.KPI_RULE_COLUMNS, "_row"], dtype=str)
    problems.extend(validate_kpi_rules(rules, rules_name, metrics))

    geography, found = read_table(data_dir / "geography.csv", schema.GEOGRAPHY_COLUMNS, geography_name)
    problems.extend(found)
    if geography is None:
        geography = pd.DataFrame(columns=[*schema.GEOGRAPHY_COLUMNS, "_row"], dtype=str)
    problems.extend(_unique(geography, geography_name, "geo_code", "geography code"))
    problems.extend(_in(geography, geography_name, "geo_level", schema.GEO_LEVELS, "geography level"))

    records = stack("records", schema.RECORD_COLUMNS, schema.OPTIONAL_RECORD_COLUMNS)
    for file, part in records.groupby("_file", sort=False):
        problems.extend(validate_records(part, str(file), sources, metrics, geography))
    problems.extend(_across_files(records, ["record_id"], "record id"))
    problems.extend(
        _across_files(
            records[~_replacing(records)],
            list(schema.RECORD_KEY),
            "figure (source, geography, period, programme, metric, status)",
        )
    )
    problems.extend(_check_links(records))
    problems.extend(_hidden_figures(records))

    tables.update(sources=sources, metrics=metrics, kpi_rules=rules, geography=geography, records=records)
    return tables, problems


def main(argv: list[str] | None = None) -> int:
    """Command line: validate a data folder, print every problem, exit 1 when there is any."""
    argv = sys.argv[1:] if argv is None else argv
    tables, problems = read_dataset(Path(argv[0]) if argv else None)
    for problem in problems:
        print(problem)
    counts = ", ".join(f"{len(t)} {n}" for n, t in tables.items())
    print(f"{len(problems)} problem(s); read {counts}")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
