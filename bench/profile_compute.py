"""Time (and optionally profile) load_dataset and compute() alone on one dataset, in a fresh process.

Usage:
    .venv/bin/python bench/profile_compute.py [--size 1m | --folder DIR] [--runs 5] [--only CASES]
        [--profile CASE] [--top 30]

Load inputs: a dataset of bench/out (bench/run.py writes it; this script writes it too when missing,
through bench/run.py's synthetic_folder, which also builds its Parquet copy in a child process).
Process, in this one fresh process (so the peak is that of a server holding the dataset):
- Parquet load: load_dataset(folder) while the copy is fresh, median of --runs (ms);
- compute() of each page's KPI set as bench/run.py measures it, default selection (every area, the
  whole year range; the overview headline for the nation) and filtered (Bắc Ninh, 2016–2020);
- compute() of every KPI in geography="current" (the 63 -> 34 roll-up), default selection;
- the peak resident memory (VmHWM, MB) of the process after all of it;
- with --baseline REV: the same compute() calls with kc_metrics as it was at git revision REV (exported
  under /tmp as the package kc_metrics_baseline), on the same records, runs of the two interleaved in
  this process so that both see the same machine load; each pair of results must be identical
  (values, order, dtypes, attrs);
- with --profile CASE (a case name as printed, e.g. "overview:comparison/default" or "current/all"):
  cProfile of one more run of that case, the --top functions by cumulative time on stderr.
Every time is given as wall-clock ms and as CPU ms (process time), the latter being what a call costs
when the machine is shared with other work. Save: one JSON line on stdout (case -> median ms, "<case>
cpu" -> median CPU ms, load_ms, peak_mb and compute_max_ms, the slowest default case); progress on
stderr.
"""

from __future__ import annotations

import argparse
import cProfile
import importlib
import io
import json
import pstats
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

import run  # noqa: E402  (bench/run.py: dataset preparation and the page cases)

import kc_metrics  # noqa: E402
from kc_metrics.load import load_dataset  # noqa: E402


def median_ms(fn: Callable[[], object], runs: int, budget_s: float = 20.0) -> tuple[float, float]:
    """Median wall-clock ms and median CPU ms (process time: what the call costs on a machine that
    other work shares) of up to `runs` calls (fewer once the calls have taken `budget_s`)."""
    times: list[float] = []
    cpu: list[float] = []
    while len(times) < runs:
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        times.append(round((time.perf_counter() - start) * 1000, 1))
        cpu.append(round((time.process_time() - start_cpu) * 1000, 1))
        if sum(times) > budget_s * 1000:
            break
    return statistics.median(times), statistics.median(cpu)


def calls(
    dataset: kc_metrics.Dataset, compute: Callable[..., object] = kc_metrics.compute
) -> dict[str, Callable[[], object]]:
    """Every compute() call measured: the page cases (default, filtered) and current/all."""
    years = (int(dataset.records["period_start"].min()), int(dataset.records["period_end"].max()))
    out: dict[str, Callable[[], object]] = {}
    for selection, span, province in (
        ("default", years, None),
        ("filtered", run.FILTER_YEARS, run.FILTER_PROVINCE),
    ):
        for name, case in run.compute_cases().items():
            focus = province or case["focus"]
            out[f"{name}/{selection}"] = lambda kpis=case["kpis"], focus=focus, span=span: compute(
                dataset.records,
                kpis=kpis,
                provinces=[focus] if focus else None,
                years=span,
                geo_table=dataset.geography,
                catalogue=dataset.kpis,
            )
    out["current/all"] = lambda: compute(
        dataset.records, years=years, geography="current", geo_table=dataset.geography, catalogue=dataset.kpis
    )
    return out


def baseline_package(revision: str) -> ModuleType:
    """kc_metrics as it was at a git revision, imported as kc_metrics_baseline from a copy under /tmp."""
    target = Path(tempfile.mkdtemp(prefix="kc-baseline-"))
    archive = subprocess.run(
        ["git", "archive", revision, "kc_metrics"], cwd=ROOT, check=True, capture_output=True
    )
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
    package = target / "kc_metrics_baseline"
    (target / "kc_metrics").rename(package)
    for path in package.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"\bkc_metrics\b", "kc_metrics_baseline", text), encoding="utf-8")
    sys.path.insert(0, str(target))
    return importlib.import_module("kc_metrics_baseline")


def compare(name: str, new: Callable[[], object], old: Callable[[], object], runs: int) -> dict[str, object]:
    """Interleaved runs of the new and the baseline call: median ms of each, and whether they agree."""
    import pandas as pd

    new_ms: list[float] = []
    old_ms: list[float] = []
    new_cpu: list[float] = []
    old_cpu: list[float] = []
    results: list[object] = [None, None]
    for _ in range(runs):
        for i, (fn, times, cpu) in enumerate(((old, old_ms, old_cpu), (new, new_ms, new_cpu))):
            start, start_cpu = time.perf_counter(), time.process_time()
            results[i] = fn()
            times.append(round((time.perf_counter() - start) * 1000, 1))
            cpu.append(round((time.process_time() - start_cpu) * 1000, 1))
    before, after = results
    assert isinstance(before, pd.DataFrame) and isinstance(after, pd.DataFrame)
    try:
        pd.testing.assert_frame_equal(before, after, check_exact=True)
        identical = "yes" if before.attrs == after.attrs else "NO: attrs differ"
    except AssertionError as err:
        identical = "NO: " + str(err).splitlines()[0][:100]
    row = {
        "before_ms": statistics.median(old_ms),
        "after_ms": statistics.median(new_ms),
        "before_cpu_ms": statistics.median(old_cpu),
        "after_cpu_ms": statistics.median(new_cpu),
        "identical": identical,
    }
    run.log(
        f"{name}: before {row['before_ms']:,.1f} ms (CPU {row['before_cpu_ms']:,.1f}), after "
        f"{row['after_ms']:,.1f} ms (CPU {row['after_cpu_ms']:,.1f}), identical: {identical}"
    )
    return row


def folder_of(size: str) -> Path:
    """The dataset folder of a size label (shipped, 10k, 100k, 1m), written and built when missing."""
    if size == "shipped":
        folder = run.shipped_copy()
        run.build_parquet(folder)
        return folder
    return run.synthetic_folder(size)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="1m", help="shipped, 10k, 100k or 1m (default 1m)")
    parser.add_argument("--folder", type=Path, help="a data folder to use instead of --size")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--baseline", default="", help="a git revision to compare compute() with")
    parser.add_argument("--profile", default="", help="a case to profile with cProfile after timing")
    parser.add_argument("--top", type=int, default=30, help="functions shown in the profile")
    parser.add_argument("--only", default="", help="comma-separated cases to time (default: all)")
    args = parser.parse_args(argv)

    folder = args.folder or folder_of(args.size)
    run.reset_peak()
    out: dict[str, object] = {}
    out["load_ms"], out["load_cpu_ms"] = median_ms(lambda: load_dataset(folder), args.runs)
    run.log(f"load: {out['load_ms']:,.1f} ms (CPU {out['load_cpu_ms']:,.1f})")
    dataset = load_dataset(folder)
    cases = calls(dataset)
    chosen = [c for c in args.only.split(",") if c] or list(cases)
    for name in chosen:
        out[name], out[f"{name} cpu"] = median_ms(cases[name], args.runs)
        run.log(f"compute {name}: {out[name]:,.1f} ms (CPU {out[f'{name} cpu']:,.1f})")
    out["peak_mb"] = run.peak_mb()
    defaults = [v for k, v in out.items() if k.endswith("/default") and isinstance(v, float)]
    out["compute_max_ms"] = max(defaults, default=float("nan"))
    if args.baseline:
        old = baseline_package(args.baseline)
        old_calls = calls(dataset, old.compute)
        out["baseline"] = {name: compare(name, cases[name], old_calls[name], args.runs) for name in chosen}  # type: ignore[assignment]
    if args.profile:
        profiler = cProfile.Profile()
        profiler.runcall(cases[args.profile])
        text = io.StringIO()
        pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(args.top)
        print(text.getvalue(), file=sys.stderr)
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
