"""Measure a proposed patch before and after, on temporary copies of the code under /tmp (never the tree).

Usage:
    .venv/bin/python bench/patch_check.py bench/proposed-compute.patch [more.patch ...]
        [--sizes shipped,10k,100k,1m] [--runs 3] [--pages shipped,10k] [--tests]

Load inputs: the tree's code (app.py, kc_metrics/, ui/, the page folder, tests/, data/ CSV) and the
datasets bench/run.py wrote under bench/out/ (run it, or `bench/run.py --quick`, first).
Process: copy the code twice to a temporary folder ("before" as it is, "after" with the patches
applied by `patch -p1`), and the datasets once per copy (so a patched loader never writes next to the
tree's data). For each copy and dataset a child process measures, in wall-clock ms (median of --runs;
fewer once the runs of a case have taken 10 s): load_dataset from a fresh Parquet copy; compute() for every
page's KPI set, default and filtered selection as bench/run.py does; compute() of every KPI in
geography="current"; the child's peak RSS (ru_maxrss, MB: the data loaded and every case run); with
--pages, each page's cold and warm AppTest run. Each child keeps the
frames compute() returned, and the parent checks that before and after are identical (values,
order, dtypes and attrs). --tests runs the test suite (not the browser tests) on the patched copy.
Save: a table on stdout and bench/out/patch-<name>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
OUT = BENCH / "out"
FILTER_PROVINCE, FILTER_YEARS = "P63-27", (2016, 2020)  # as bench/run.py
BUDGET_S = 10.0  # a case is not repeated once its runs have taken this long (as bench/run.py)


def copy_code(target: Path) -> None:
    """The code and the shipped CSV (no Parquet, no caches) copied to `target`."""
    pages = {p.parent.name for p in _page_files(ROOT)}
    ignore = shutil.ignore_patterns("__pycache__", "parquet", ".pytest_cache")
    for name in ["kc_metrics", "ui", "tests", "data", "assets", "scripts", ".streamlit", *sorted(pages)]:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, target / name, ignore=ignore)
    for name in ("app.py", "pyproject.toml"):
        shutil.copyfile(ROOT / name, target / name)


def _page_files(root: Path) -> list[Path]:
    sys.path.insert(0, str(BENCH))
    import cases

    return cases.page_files(root)


def copy_data(label: str, target: Path) -> Path:
    """A dataset of bench/out (CSV and Parquet) copied to `target`/<label>."""
    source = OUT / ("shipped" if label == "shipped" else f"synthetic-{label}")
    if not (source / "parquet").is_dir():
        raise SystemExit(f"bench/patch_check: {source} has no Parquet copy; run bench/run.py first")
    shutil.copytree(source, target / label, ignore=shutil.ignore_patterns("parquet-aside"))
    return target / label


def apply(patches: list[Path], code: Path) -> None:
    """Apply each patch (made from the repository root, a/ b/ prefixes) to the copy."""
    for patch in patches:
        subprocess.run(["patch", "-p1", "-s", "-d", str(code), "-i", str(patch.resolve())], check=True)


def child(code: Path, data: Path, runs: int, pages: bool, out: Path) -> None:
    """In this process: measure the copy `code` on `data`; pickle timings and compute() results."""
    sys.path[:0] = [str(code), str(BENCH)]
    import cases

    import kc_metrics
    from kc_metrics.load import load_dataset

    assert Path(kc_metrics.__file__).is_relative_to(code), kc_metrics.__file__

    def measure(fn):
        times, value = [], None
        while len(times) < runs:
            start = time.perf_counter()
            value = fn()
            times.append(round((time.perf_counter() - start) * 1000, 2))
            if sum(times) > BUDGET_S * 1000:
                break
        return {"median_ms": statistics.median(times), "runs_ms": times}, value

    load_dataset(data)  # builds the Parquet copy if this copy's loader wants another one
    timings, frames = {}, {}
    timings["load_parquet"], dataset = measure(lambda: load_dataset(data))
    years = (int(dataset.records["period_start"].min()), int(dataset.records["period_end"].max()))
    plan = [("default", years, None), ("filtered", FILTER_YEARS, FILTER_PROVINCE)]
    for selection, span, province in plan:
        for name, case in cases.compute_cases(code, kc_metrics.KPIS).items():
            focus = province or case["focus"]

            def call(kpis=case["kpis"], focus=focus, span=span):
                return kc_metrics.compute(
                    dataset.records,
                    kpis=kpis,
                    provinces=[focus] if focus else None,
                    years=span,
                    geo_table=dataset.geography,
                    catalogue=dataset.kpis,
                )

            label = f"{name}/{selection}"
            timings[label], result = measure(call)
            frames[label] = (result, dict(result.attrs))
            print(
                f"  {data.name} {label}: {timings[label]['median_ms']:,.0f} ms", file=sys.stderr, flush=True
            )
    timings["current/all"], result = measure(
        lambda: kc_metrics.compute(
            dataset.records,
            years=years,
            geography="current",
            geo_table=dataset.geography,
            catalogue=dataset.kpis,
        )
    )
    frames["current/all"] = (result, dict(result.attrs))
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    timings["peak RSS, MB (load + every case)"] = {"median_ms": round(peak, 1), "runs_ms": [peak]}
    if pages:
        timings.update(page_runs(code, data, runs))
    out.write_bytes(pickle.dumps({"timings": timings, "frames": frames}))


def page_runs(code: Path, data: Path, runs: int) -> dict:
    """Each page of the copy through AppTest on `data`: cold first run and warm median, in ms."""
    import streamlit as st
    from streamlit.logger import set_log_level
    from streamlit.testing.v1 import AppTest

    set_log_level("error")
    os.environ["KC_DATA_DIR"] = str(data)
    os.chdir(code)
    out = {}
    AppTest.from_file(str(BENCH / "floor_page.py"), default_timeout=900).run()  # imports, once
    for script in [BENCH / "floor_page.py", *_page_files(code)]:
        st.cache_data.clear()
        app = AppTest.from_file(str(script), default_timeout=900)
        start = time.perf_counter()
        app.run()
        cold = (time.perf_counter() - start) * 1000
        warm = []
        for _ in range(max(runs, 5)):
            start = time.perf_counter()
            app.run()
            warm.append((time.perf_counter() - start) * 1000)
        name = "floor" if script.parent == BENCH else script.stem
        out[f"page {name}/warm"] = {"median_ms": round(statistics.median(warm), 2), "runs_ms": warm}
        out[f"page {name}/cold"] = {"median_ms": round(cold, 2), "runs_ms": [cold]}
        if app.exception:
            out[f"page {name}/exception"] = {"median_ms": float("nan"), "runs_ms": [], "error": True}
    return out


def same(a: tuple, b: tuple) -> str:
    """'yes' when two (frame, attrs) results are identical, else what differs."""
    import pandas as pd

    try:
        pd.testing.assert_frame_equal(a[0], b[0], check_exact=True)
    except AssertionError as err:
        return "NO: " + str(err).splitlines()[0][:80]
    return "yes" if a[1] == b[1] else f"NO: attrs {a[1]} != {b[1]}"


def main(argv: list[str] | None = None) -> int:
    """Copy, patch, measure before and after, compare, report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("patches", nargs="*", type=Path)
    parser.add_argument("--sizes", default="shipped,10k,100k,1m")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pages", default="", help="datasets to run the pages on, e.g. shipped,10k")
    parser.add_argument("--tests", action="store_true", help="run pytest (not browser tests) on 'after'")
    parser.add_argument("--sides", default="before,after", help="'after' alone skips the unpatched code")
    parser.add_argument("--child", nargs=4, metavar=("CODE", "DATA", "PAGES", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        code, data, pages, out = args.child
        child(Path(code), Path(data), args.runs, pages == "1", Path(out))
        return 0

    work = Path(tempfile.mkdtemp(prefix="kc-patch-"))
    report: dict = {"patches": [str(p) for p in args.patches], "work": str(work), "sizes": {}}
    try:
        sides = args.sides.split(",")
        for side in ("before", "after"):
            copy_code(work / side / "code")
        apply(args.patches, work / "after" / "code")
        if args.tests:
            tests = subprocess.run(
                [sys.executable, "-m", "pytest", "-q", "--ignore=tests/browser", "-p", "no:cacheprovider"],
                cwd=work / "after" / "code",
                capture_output=True,
                text=True,
            )
            lines = tests.stdout.strip().splitlines() or [tests.stderr[-500:]]
            report["tests"] = "; ".join([*(line for line in lines if line.startswith("FAILED")), lines[-1]])
            print(f"tests on the patched copy: {report['tests']}", flush=True)
        for label in args.sizes.split(","):
            results = {}
            for side in sides:
                data = copy_data(label, work / side / "data")
                out = work / side / f"{label}.pkl"
                pages = "1" if label in args.pages.split(",") else "0"
                print(f"{side} / {label} …", file=sys.stderr, flush=True)
                command = [sys.executable, __file__, "--runs", str(args.runs), "--child"]
                subprocess.run([*command, str(work / side / "code"), str(data), pages, str(out)], check=True)
                results[side] = pickle.loads(out.read_bytes())
                shutil.rmtree(data)
            empty: dict = {"timings": {}, "frames": {}}
            before, after = results.get("before", empty), results.get("after", empty)
            rows = {}
            for name in before["timings"] or after["timings"]:
                timing = before["timings"].get(name, {"median_ms": float("nan"), "runs_ms": []})
                after_ms = after["timings"].get(name, {}).get("median_ms")
                both = name in before["frames"] and name in after["frames"]
                identical = same(before["frames"][name], after["frames"][name]) if both else ""
                rows[name] = {
                    "before_ms": timing["median_ms"],
                    "after_ms": after_ms,
                    "before_n": len(timing["runs_ms"]),
                    "after_n": len(after["timings"].get(name, {}).get("runs_ms", [])),
                    "identical": identical,
                }
            report["sizes"][label] = rows
            print(f"\n{label}: {'case':<32} {'before ms':>12} {'after ms':>10}  identical")
            for name, row in rows.items():
                after_text = f"{row['after_ms']:,.1f}" if row["after_ms"] is not None else "–"
                print(f"  {name:<38} {row['before_ms']:>12,.1f} {after_text:>10}  {row['identical']}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    name = "-".join(p.stem for p in args.patches) or "none"
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"patch-{name}.json").write_text(json.dumps(report, indent=1, ensure_ascii=False))
    print(json.dumps({"patches": report["patches"], "tests": report.get("tests")}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
