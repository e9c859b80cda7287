"""The command line: `python -m kc_metrics ...`.

    python -m kc_metrics [check] [DATA_DIR]              validate a data folder (make check-data)
    python -m kc_metrics template OUT.xlsx               write the curators' Excel template
    python -m kc_metrics import FILE [--dry-run]         preview an upload, then write it into data/

Every command exits 1 when there is a problem, after printing every problem it found.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

import pandas as pd

from kc_metrics import schema, validate
from kc_metrics.importer import ImportPlan, apply_import, plan_import
from kc_metrics.intake import read_upload
from kc_metrics.load import DataError, load_dataset
from kc_metrics.template import build_template

COMMANDS = ("check", "template", "import")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m kc_metrics", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="validate a data folder and print every problem")
    check.add_argument("data_dir", nargs="?", type=Path)
    template = sub.add_parser("template", help="write the Excel template for curators")
    template.add_argument("out", type=Path)
    template.add_argument(
        "--data", type=Path, default=None, help="data folder (default: data/ or $KC_DATA_DIR)"
    )
    upload = sub.add_parser("import", help="preview and write an XLSX or CSV of records")
    upload.add_argument("file", type=Path)
    upload.add_argument(
        "--dry-run", action="store_true", help="print the preview and problems; write nothing"
    )
    upload.add_argument(
        "--data", type=Path, default=None, help="data folder (default: data/ or $KC_DATA_DIR)"
    )
    upload.add_argument("--who", default=None, help="name for the import log (default: the login name)")
    return parser


def _rows(frame: pd.DataFrame, columns: list[str]) -> str:
    shown = frame[[c for c in columns if c in frame]]
    return shown.to_string(index=False, max_colwidth=40) if not shown.empty else "  (none)"


def print_plan(plan: ImportPlan) -> None:
    """The preview, as the import page shows it: counts, then the rows of each kind."""
    key = [
        "_row",
        "record_id",
        "source_id",
        "geo_code",
        "period_start",
        "period_end",
        "status",
        "program",
        "metric",
    ]
    print(
        f"{plan.upload.name} -> records/{plan.stem}.csv: {len(plan.new)} new, {len(plan.changed)} changed, "
        f"{len(plan.unchanged)} unchanged, {len(plan.conflicts)} in conflict with another source, "
        f"{len(plan.new_sources)} new source(s)"
    )
    if not plan.new.empty:
        print("\nNew records:\n" + _rows(plan.new, [*key, "value", "value_as_written"]))
    if not plan.changed.empty:
        side = [f"{w}_{c}" for c in ("value", "value_as_written", "note") for w in ("old", "new")]
        print("\nChanged records (old and new):\n" + _rows(plan.changed, ["_row", "old_record_id", *side]))
    if not plan.conflicts.empty:
        other = ["other_source_id", "other_record_id", "other_value_as_written"]
        print(
            "\nIn conflict with another source:\n" + _rows(plan.conflicts, [*key, "value_as_written", *other])
        )
    for problem in plan.problems:
        print(f"PROBLEM {problem}")


def _import(args: argparse.Namespace) -> int:
    data_dir = (args.data or schema.default_data_dir()).resolve()
    try:
        raw = args.file.read_bytes()
    except OSError as err:
        print(f"PROBLEM {args.file}: cannot be read ({err.strerror})")
        return 1
    try:
        styles = dict(zip(*_source_styles(data_dir), strict=True))
    except DataError as err:
        print(err)
        return 1
    upload = read_upload(args.file.name, raw, styles)
    if args.dry_run:
        plan = plan_import(upload, data_dir)
        print_plan(plan)
        print(f"\n{len(plan.problems)} problem(s); dry run: nothing written")
        return 1 if plan.problems else 0
    result = apply_import(upload, data_dir, who=args.who or getpass.getuser())
    print_plan(result.plan)
    if result.plan.problems:
        print(f"\n{len(result.plan.problems)} problem(s); nothing written")
        return 1
    if not result.written:
        print("\nNothing to change: every record is in the dataset already")
        return 0
    print(f"\nWritten: {result.records_file}; a line added to {data_dir.name}/import_log.csv")
    return 0


def _source_styles(data_dir: Path) -> tuple[list[str], list[str]]:
    sources = load_dataset(data_dir).sources
    return list(sources["source_id"]), list(sources["number_style"])


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] not in (*COMMANDS, "-h", "--help"):
        argv = ["check", *argv]  # `python -m kc_metrics [DATA_DIR]`, as make check-data calls it
    args = _parser().parse_args(argv)
    if args.command == "check":
        return validate.main([str(args.data_dir)] if args.data_dir else [])
    if args.command == "template":
        try:
            dataset = load_dataset(args.data)
        except DataError as err:
            print(err)
            return 1
        args.out.write_bytes(build_template(dataset))
        print(f"Template written: {args.out}")
        return 0
    return _import(args)
