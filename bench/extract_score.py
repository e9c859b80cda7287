"""How well the reading assistant (kc_metrics.extract.candidates, issue 14) finds the curated figures.

    .venv/bin/python bench/extract_score.py SOURCES_DIR [--data-dir DATA] [--misses]

SOURCES_DIR is the folder that holds the five source reports (000_*.txt ... 004_*.txt, one per source
R000 ... R004); it is not part of the project, so it is named on the command line (or in
$KC_SOURCES_DIR). When it is not at hand the script says so and exits 0.

Each report's text goes through `candidates`, given what a curator types about the document: the year
of its publication date where data/sources says one (R001, R002, R004), no province. A second run gives
nothing at all (text only). Candidates are matched to the report's curated records (data/records, rows
whose source_id is the report's) by value and unit, one candidate per record, preferring the candidate
that agrees on the most fields. Reported:
- recall by value: curated figures with a candidate of the same value and unit;
- recall with the right metric, programme, status (status and estimate), period (start, end, months),
  geography, and status + period together;
- precision: candidates whose value and unit are those of a curated figure of the report / candidates.
One line per report, then (with --misses) every curated figure not found or found with a wrong field,
and last one JSON object.

Held out: the rules were written while reading the five reports, so their score is in-sample. When the
folder also holds supplementary-facts.tsv (the short quotes behind the supplementary records F001...),
each quote goes through `candidates` (in its page's number style, data/sources/web.csv) and is scored
by value and metric against its records (extract_heldout_*); periods are left out there, since a quote
rarely carries its page's date. The rules were not changed after looking at these results.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kc_metrics import schema  # noqa: E402
from kc_metrics.extract import candidates  # noqa: E402

REPORTS = ("R000", "R001", "R002", "R003", "R004")
FIELDS = ("metric", "program", "status", "period", "geo")


@dataclass
class Match:
    """One curated record and the candidate matched to it (None when none has its value and unit)."""

    record: dict[Any, Any]
    candidate: dict[Any, Any] | None

    def agrees(self, field: str) -> bool:
        if self.candidate is None:
            return False
        r, c = self.record, self.candidate
        if field == "status":
            return bool(r["status"] == c["status"] and (r["estimate"] == "yes") == bool(c["estimate"]))
        if field == "period":
            return all(_same(r[k], c[k]) for k in ("period_start", "period_end", "months"))
        if field == "geo":
            return bool(r["geo_code"] == c["geo_code"])
        return bool(r[field] == c[field])


def _same(a: Any, b: Any) -> bool:
    """Two years or month counts, either of them possibly missing (None, NaN or <NA>)."""
    missing_a, missing_b = a is None or bool(pd.isna(a)), b is None or bool(pd.isna(b))
    if missing_a or missing_b:
        return missing_a and missing_b
    return int(a) == int(b)


def _same_value(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(1.0, abs(a))


def curated_records(data_dir: Path) -> pd.DataFrame:
    """The curated records of the five reports, read from the CSV (no validation run, nothing written)."""
    frames = [
        pd.read_csv(p, dtype=str, keep_default_na=False) for p in sorted((data_dir / "records").glob("*.csv"))
    ]
    records = pd.concat(frames, ignore_index=True)
    records = records[records["source_id"].isin(REPORTS)].copy()
    if "estimate" not in records:
        records["estimate"] = ""
    records["value"] = records["value"].astype(float)
    for column in ("period_start", "period_end", "months"):
        records[column] = pd.to_numeric(records[column].replace("", None)).astype("Int64")
    # A figure the curator computed is not in the text: it has no written form to find.
    return records[records["value_as_written"] != ""].reset_index(drop=True)


def publication_years(data_dir: Path) -> dict[str, int | None]:
    sources = pd.concat(
        [
            pd.read_csv(p, dtype=str, keep_default_na=False)
            for p in sorted((data_dir / "sources").glob("*.csv"))
        ]
    )
    years = {}
    for source_id, published in zip(sources["source_id"], sources["published"], strict=True):
        years[source_id] = int(published[:4]) if published[:4].isdigit() else None
    return years


def match(records: list[dict[Any, Any]], found: list[dict[Any, Any]]) -> list[Match]:
    """One candidate per record, same value and unit; among those, the one agreeing on most fields."""
    pairs = []
    for i, record in enumerate(records):
        for j, candidate in enumerate(found):
            if record["unit"] == candidate["unit"] and _same_value(
                float(record["value"]), float(candidate["value"])
            ):
                trial = Match(record, candidate)
                score = sum(
                    weight for f, weight in zip(FIELDS, (16, 2, 4, 8, 1), strict=True) if trial.agrees(f)
                )
                pairs.append((score, i, j))
    taken_records: set[int] = set()
    taken_candidates: set[int] = set()
    chosen: dict[int, dict[Any, Any]] = {}
    for _score, i, j in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
        if i not in taken_records and j not in taken_candidates:
            taken_records.add(i)
            taken_candidates.add(j)
            chosen[i] = found[j]
    return [Match(record, chosen.get(i)) for i, record in enumerate(records)]


def score(
    sources_dir: Path, data_dir: Path, records: pd.DataFrame, years: dict[str, int | None], hints: bool
) -> tuple[list[dict[Any, Any]], list[Match]]:
    """Per-report counts and all matches, with the curator's hints (year) or text only."""
    lines = []
    every: list[Match] = []
    for report in REPORTS:
        files = sorted(sources_dir.glob(f"{int(report[1:]):03d}_*.txt"))
        if not files:
            continue
        text = files[0].read_text(encoding="utf-8")
        found = candidates(text, year=years.get(report) if hints else None, data_dir=data_dir)
        mine = records[records["source_id"] == report].to_dict("records")
        matches = match(mine, found.to_dict("records"))
        every += matches
        precise = sum(
            1
            for c in found.to_dict("records")
            if any(r["unit"] == c["unit"] and _same_value(float(r["value"]), float(c["value"])) for r in mine)
        )
        lines.append(
            {
                "report": report,
                "file": files[0].name,
                "curated": len(mine),
                "candidates": len(found),
                "by_value": sum(m.candidate is not None for m in matches),
                **{f: sum(m.agrees(f) for m in matches) for f in FIELDS},
                "status_period": sum(m.agrees("status") and m.agrees("period") for m in matches),
                "precise": precise,
            }
        )
    return lines, every


def summary(lines: Iterable[dict[Any, Any]], suffix: str = "") -> dict[str, float | int]:
    rows = list(lines)

    def total(key: str) -> int:
        return sum(int(row[key]) for row in rows)

    curated, found = total("curated"), total("candidates")

    def rate(key: str, of: int) -> float:
        return round(total(key) / of, 3) if of else 0.0

    result: dict[str, float | int] = {
        "extract_recall_value": rate("by_value", curated),
        "extract_recall_metric": rate("metric", curated),
        "extract_recall_program": rate("program", curated),
        "extract_recall_status": rate("status", curated),
        "extract_recall_period": rate("period", curated),
        "extract_recall_status_period": rate("status_period", curated),
        "extract_recall_geo": rate("geo", curated),
        "extract_precision": rate("precise", found),
        "extract_curated": curated,
        "extract_candidates": found,
    }
    return {key + suffix: value for key, value in result.items()}


def held_out(sources_dir: Path, data_dir: Path) -> dict[str, float | int]:
    """Recall by value and metric, and precision, on the quotes of the supplementary facts."""
    path = sources_dir / "supplementary-facts.tsv"
    if not path.exists():
        return {}
    facts = pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False)
    records = pd.concat(
        [
            pd.read_csv(p, dtype=str, keep_default_na=False)
            for p in sorted((data_dir / "records").glob("*.csv"))
        ]
    )
    records = records[records["record_id"].str.startswith("F") & (records["value_as_written"] != "")]
    web = pd.concat(
        [
            pd.read_csv(p, dtype=str, keep_default_na=False)
            for p in sorted((data_dir / "sources").glob("*.csv"))
        ]
    )
    style_of = dict(zip(web["source_id"], web["number_style"], strict=True))
    curated = by_value = by_metric = found_total = precise = 0
    for fact_id, quote in zip(facts["fact_id"], facts["quote"], strict=True):
        mine = records[records["record_id"].str.startswith(fact_id + "-")].to_dict("records")
        if not mine or not quote:
            continue
        for record in mine:
            record["value"] = float(record["value"])
            record.setdefault("estimate", "")
        style = style_of.get(str(mine[0]["source_id"]), "vi")
        found = candidates(quote, style=style if style in ("vi", "en") else None, data_dir=data_dir)
        rows = found.to_dict("records")
        found_total += len(rows)
        precise += sum(
            1
            for c in rows
            if any(r["unit"] == c["unit"] and _same_value(float(r["value"]), float(c["value"])) for r in mine)
        )
        for m in match(mine, rows):
            curated += 1
            by_value += m.candidate is not None
            by_metric += m.agrees("metric")
    return {
        "extract_heldout_recall_value": round(by_value / curated, 3) if curated else 0.0,
        "extract_heldout_recall_metric": round(by_metric / curated, 3) if curated else 0.0,
        "extract_heldout_precision": round(precise / found_total, 3) if found_total else 0.0,
        "extract_heldout_curated": curated,
        "extract_heldout_candidates": found_total,
    }


def describe(m: Match) -> str:
    r = m.record
    written = f"{r['record_id']} «{r['value_as_written']}»"
    if m.candidate is None:
        return f"  not found   {written} ({r['metric']}, {r['value']:g} {r['unit']})"
    wrong = []
    c = m.candidate
    for field in FIELDS:
        if not m.agrees(field):
            if field == "period":
                wrong.append(
                    f"period {c['period_start']}-{c['period_end']}/{c['months']} "
                    f"≠ {r['period_start']}-{r['period_end']}/{r['months']}"
                )
            elif field == "status":
                wrong.append(f"status {c['status']}{'(est.)' if c['estimate'] else ''} ≠ {r['status']}")
            else:
                key = "geo_code" if field == "geo" else field
                wrong.append(f"{field} {c[key] or '(none)'} ≠ {r[key]}")
    return f"  {'; '.join(wrong):60s}  {written}" if wrong else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "sources", nargs="?", default=os.environ.get("KC_SOURCES_DIR"), help="folder of the reports"
    )
    parser.add_argument("--data-dir", default=None, help="data folder (default: $KC_DATA_DIR or data/)")
    parser.add_argument("--misses", action="store_true", help="list every miss")
    args = parser.parse_args(argv)
    sources_dir = Path(args.sources) if args.sources else None
    if sources_dir is None or not any(sources_dir.glob("00[0-4]_*.txt")):
        where = f" in {sources_dir}" if sources_dir else " (name their folder: extract_score.py SOURCES_DIR)"
        print(f"The five source reports are not at hand{where}; nothing to score.")
        return 0
    data_dir = Path(args.data_dir) if args.data_dir else schema.default_data_dir()
    records = curated_records(data_dir)
    years = publication_years(data_dir)

    lines, matches = score(sources_dir, data_dir, records, years, hints=True)
    bare_lines, _ = score(sources_dir, data_dir, records, years, hints=False)
    print(
        "report  curated  candidates  by value  metric  program  status  period  status+period  geo  precise"
    )
    for row in lines:
        print(
            f"{row['report']:6s}  {row['curated']:7d}  {row['candidates']:10d}  {row['by_value']:8d}  "
            f"{row['metric']:6d}  {row['program']:7d}  {row['status']:6d}  {row['period']:6d}  "
            f"{row['status_period']:13d}  {row['geo']:3d}  {row['precise']:7d}"
        )
    if args.misses:
        print("misses (candidate ≠ curated):")
        for m in matches:
            if text := describe(m):
                print(text)
    heldout = held_out(sources_dir, data_dir)
    if heldout:
        print(
            f"held out (supplementary quotes): {heldout['extract_heldout_curated']} figures, "
            f"by value {heldout['extract_heldout_recall_value']:.1%}, "
            f"with metric {heldout['extract_heldout_recall_metric']:.1%}, "
            f"precision {heldout['extract_heldout_precision']:.1%}"
        )
    result = {**summary(lines), **summary(bare_lines, "_text_only"), **heldout}
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
