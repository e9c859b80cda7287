"""Performance benchmark of the dashboard (issue #6): load, compute, page runs and peak memory.

Run `make bench` (or `.venv/bin/python bench/run.py`); `--quick` is a smoke test of under a minute.
Everything is measured in this one process; child processes only write the synthetic data and build
its Parquet copy beforehand (preparation, not measured). Times are wall-clock milliseconds
(time.perf_counter), each the median of several runs; memory is peak resident set size in MB
(VmHWM of /proc/self/status, reset before each phase through /proc/self/clear_refs).

Datasets: the shipped data (a copy of data/'s CSV under bench/out/shipped, so data/ is never written)
and SYNTHETIC ones of 10k, 100k and 1M records from bench/synthetic.py under bench/out/.
Results: a table on stderr, bench/out/results.json and bench/out/results.md, and as the last line on
stdout one JSON object with the headline figures (floor_ms, page_ms_max, ratio_max, load_1m_ms,
compute_1m_ms, peak_mb_1m).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import hashlib
import itertools
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
OUT = BENCH / "out"
sys.path.insert(0, str(ROOT))

import cases  # noqa: E402  (bench/ is sys.path[0] when this file runs as a script)

import kc_metrics  # noqa: E402
from kc_metrics import Selection, select_records  # noqa: E402
from kc_metrics.load import fingerprint, load_dataset  # noqa: E402

SIZES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000}
FILTER_PROVINCE, FILTER_YEARS = "P63-27", (2016, 2020)  # Bắc Ninh, a five-year range
# Seconds compute() may take per dataset before the remaining cases are skipped (see measure_compute).
COMPUTE_BUDGET_S = {"1m": 270, "100k": 150, "10k": 90, "shipped": 60}
DEADLINE_S = 13.5 * 60  # after this, every further measurement gets a single run (make bench < 15 min)
PACKAGES = ("streamlit", "pandas", "numpy", "pyarrow", "plotly", "openpyxl", "babel")
START = time.perf_counter()


# --- measuring -----------------------------------------------------------------------------------------


@dataclass
class Sample:
    """Wall-clock times of repeated runs of one thing, in milliseconds (and what the last run returned)."""

    runs_ms: list[float] = field(default_factory=list)
    last: object = None

    @property
    def median_ms(self) -> float:
        """The median of the runs, in milliseconds (NaN when nothing ran)."""
        return statistics.median(self.runs_ms) if self.runs_ms else float("nan")

    def as_dict(self) -> dict:
        """median_ms, n (number of runs) and every run's milliseconds, for results.json."""
        return {"median_ms": round(self.median_ms, 2), "n": len(self.runs_ms), "runs_ms": self.runs_ms}


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    """(milliseconds of wall-clock time fn took, what it returned)."""
    start = time.perf_counter()
    value = fn()
    return (time.perf_counter() - start) * 1000, value


def repeat(fn: Callable[[], object], runs: int, budget_s: float) -> Sample:
    """Run fn up to `runs` times, but not once more when another run like the last would take the runs
    past `budget_s` seconds (at least one run; a single run once the whole benchmark is past its
    deadline). Times in milliseconds."""
    sample = Sample()
    spent = 0.0
    while len(sample.runs_ms) < runs:
        ms, sample.last = timed(fn)
        sample.runs_ms.append(round(ms, 2))
        spent += ms / 1000
        if spent + ms / 1000 > budget_s or time.perf_counter() - START > DEADLINE_S:
            break
    return sample


def _status_kb(field_name: str) -> float | None:
    """A memory figure of /proc/self/status in kB (Linux), or None where there is none."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field_name + ":"):
                return float(line.split()[1])
    except OSError:
        return None
    return None


def reset_peak() -> float:
    """Reset the peak-RSS mark to the current RSS (Linux /proc/self/clear_refs); returns RSS in MB."""
    gc.collect()
    # Not Linux, or not allowed: the peak then reaches back to the process start.
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")
    return round((_status_kb("VmRSS") or 0) / 1024, 1)


def peak_mb() -> float:
    """Peak resident set size since the last reset_peak(), in MB (ru_maxrss where /proc is missing)."""
    kb = _status_kb("VmHWM")
    if kb is None:
        import resource

        kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(kb / 1024, 1)


def log(message: str) -> None:
    """Progress on stderr, with the seconds since start."""
    print(f"[{time.perf_counter() - START:6.1f} s] {message}", file=sys.stderr, flush=True)


# --- datasets ------------------------------------------------------------------------------------------


def shipped_copy() -> Path:
    """A copy of the shipped CSV under bench/out/shipped (the app would write Parquet next to it)."""
    target = OUT / "shipped"
    for folder in ("sources", "records"):
        if (target / folder).exists():
            shutil.rmtree(target / folder)
        shutil.copytree(ROOT / "data" / folder, target / folder)
    for name in ("metrics.csv", "kpi_rules.csv", "geography.csv"):
        shutil.copyfile(ROOT / "data" / name, target / name)
    return target


def generator_stamp(rows: int) -> str:
    """What a synthetic folder must say it was written by: the generator's source hash and the size."""
    digest = hashlib.sha256((BENCH / "synthetic.py").read_bytes()).hexdigest()[:16]
    catalogue = hashlib.sha256(
        (ROOT / "data" / "metrics.csv").read_bytes() + (ROOT / "data" / "geography.csv").read_bytes()
    ).hexdigest()[:16]
    return f"generator {digest} catalogue {catalogue} rows {rows}"


def synthetic_folder(label: str) -> Path:
    """bench/out/synthetic-<label>, written by a child process unless an identical one is there, with
    its Parquet copy built (so the first measured load is not the one that validates the CSV)."""
    rows, folder = SIZES[label], OUT / f"synthetic-{label}"
    stamp_file = folder / "bench-stamp.txt"
    if not (stamp_file.is_file() and stamp_file.read_text() == generator_stamp(rows)):
        log(f"writing SYNTHETIC {label} ({rows:,} records) to {folder.relative_to(ROOT)}")
        command = [sys.executable, str(BENCH / "synthetic.py"), str(rows), str(folder)]
        subprocess.run(command, check=True, stdout=sys.stderr)  # stdout ends with the headline only
        stamp_file.write_text(generator_stamp(rows))
    build_parquet(folder)
    return folder


def build_parquet(folder: Path) -> None:
    """Validate the CSV and write the Parquet copy in a child process (a no-op when it is fresh)."""
    code = f"import sys; sys.path.insert(0, {str(ROOT)!r}); from kc_metrics.load import load_dataset; "
    code += f"load_dataset({str(folder)!r})"
    subprocess.run([sys.executable, "-c", code], check=True)


# --- load and compute ------------------------------------------------------------------------------------


def measure_load(folder: Path, runs: int, csv_runs: int) -> dict:
    """load_dataset(folder): from a fresh Parquet copy, and from the CSV with no Parquet (validation
    included), in ms; also fingerprint() (the SHA-256 of the CSV that decides freshness) in ms."""
    out = {}
    base = reset_peak()
    out["parquet"] = repeat(lambda: load_dataset(folder), runs, budget_s=10).as_dict()
    out["parquet_peak_mb"], out["parquet_base_mb"] = peak_mb(), base
    out["fingerprint"] = repeat(lambda: fingerprint(folder), runs, budget_s=5).as_dict()
    aside = folder / "parquet-aside"
    if aside.exists():
        shutil.rmtree(aside)  # left behind by an interrupted run
    (folder / "parquet").rename(aside)
    try:
        base = reset_peak()
        out["csv"] = repeat(lambda: load_dataset(folder, write_cache=False), csv_runs, budget_s=45).as_dict()
        out["csv_peak_mb"], out["csv_base_mb"] = peak_mb(), base
    finally:
        aside.rename(folder / "parquet")
    return out


def page_files() -> list[Path]:
    """The dashboard's page scripts, in app.py's order (see bench/cases.py)."""
    return cases.page_files(ROOT)


def compute_cases() -> dict[str, dict]:
    """The compute() calls the pages make (see bench/cases.py)."""
    return cases.compute_cases(ROOT, kc_metrics.KPIS)


def measure_compute(
    dataset: kc_metrics.Dataset, runs: int, budget_s: float, only: list[str] | None = None
) -> dict:
    """compute() per page KPI set, default selection (every area, the data's whole year range) first,
    then filtered (one province, five years), in ms. Once the cases have used `budget_s` seconds, the
    cases not yet started are reported as skipped (so that make bench ends in time however slow
    compute() is); a case started runs to its end."""
    years = (int(dataset.records["period_start"].min()), int(dataset.records["period_end"].max()))
    selections = {"default": years, "filtered": FILTER_YEARS}
    chosen = {name: case for name, case in compute_cases().items() if not only or name in only}
    out: dict[str, dict] = {}
    started, left = time.perf_counter(), len(selections) * len(chosen)
    for selection, span in selections.items():
        for name, case in chosen.items():
            label = f"{name}/{selection}"
            spent = time.perf_counter() - started
            per_case_s = min(10.0, (budget_s - spent) / left)  # the cases left share what is left
            left -= 1
            if spent > budget_s:
                out[label] = {"skipped": f"time budget of {budget_s:.0f} s for compute() used up"}
                log(f"  compute {label}: skipped (time budget)")
                continue
            focus = case["focus"] if selection == "default" else FILTER_PROVINCE
            provinces = [focus] if focus else None

            def call(kpis=case["kpis"], provinces=provinces, span=span):
                return kc_metrics.compute(
                    dataset.records,
                    kpis=kpis,
                    provinces=provinces,
                    years=span,
                    geo_table=dataset.geography,
                    catalogue=dataset.kpis,
                )

            sample = repeat(call, runs, budget_s=per_case_s)
            out[label] = {**sample.as_dict(), "rows": len(sample.last)}
            log(f"  compute {label}: {sample.median_ms:,.0f} ms (n={len(sample.runs_ms)})")
    return out


def measure_current_mode(dataset: kc_metrics.Dataset, runs: int) -> dict:
    """compute() of every KPI in current-province mode (the 63 -> 34 roll-up), default selection, in ms."""
    sample = repeat(
        lambda: kc_metrics.compute(
            dataset.records,
            selection=Selection(geography="current"),
            geo_table=dataset.geography,
            catalogue=dataset.kpis,
        ),
        runs,
        budget_s=30,
    )
    log(f"  compute current mode: {sample.median_ms:,.0f} ms (n={len(sample.runs_ms)})")
    return sample.as_dict()


def measure_select(dataset: kc_metrics.Dataset, runs: int) -> dict:
    """select_records() as the data and sources pages call it, default selection, in ms."""
    sample = repeat(
        lambda: select_records(dataset.records, Selection(), geo_table=dataset.geography), runs, budget_s=5
    )
    return sample.as_dict()


def measure_dataset(
    label: str, folder: Path, runs: int, csv_runs: int, budget_s: float, only: list[str] | None
) -> dict:
    """Everything but the page runs for one dataset. Serving first (the Parquet copy loaded once and
    every page's compute() run, the dataset held in memory): measured before anything else of the
    dataset, so that for the first (largest) dataset its peak is that of a fresh process. Peaks are
    MB of resident memory, with the resident memory at the start of the phase ("base")."""
    base = reset_peak()
    dataset = load_dataset(folder)
    result: dict = {"records": len(dataset.records), "sources": len(dataset.sources)}
    log(f"{label}: compute ({result['records']:,} records)")
    result["compute"] = measure_compute(dataset, runs, budget_s, only)
    result["current_mode"] = measure_current_mode(dataset, runs)
    result["select_records"] = measure_select(dataset, runs)
    result["serve_peak_mb"], result["serve_base_mb"] = peak_mb(), base
    del dataset
    log(f"{label}: load")
    result["load"] = measure_load(folder, runs, csv_runs)
    return result


# --- pages -----------------------------------------------------------------------------------------------


def run_page(script: Path, warm_runs: int) -> dict:
    """One AppTest session of a page script: the cold first run (st.cache_data cleared, so it loads the
    data and computes) and the warm reruns after it, in ms; plus what it drew, as a sanity check."""
    import streamlit as st
    from streamlit.logger import set_log_level
    from streamlit.testing.v1 import AppTest

    set_log_level("error")  # bare-mode warnings ("missing ScriptRunContext") are noise here
    st.cache_data.clear()
    if script.resolve().parent == (ROOT / "pages").resolve():
        # A page of pages/ starts from app.py, as in a browser session (its links resolve against pages/).
        app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=900)
        app.switch_page(f"pages/{script.name}")
    else:
        app = AppTest.from_file(str(script), default_timeout=900)
    cold_ms, _ = timed(app.run)
    warm = repeat(app.run, warm_runs, budget_s=20)
    return {
        "cold_ms": round(cold_ms, 2),
        "warm": warm.as_dict(),
        "charts": len(app.get("plotly_chart")),
        "exceptions": [str(e.value)[:200] for e in app.exception],
        "errors": [str(e.value)[:200] for e in app.error],
    }


def measure_pages(folders: dict[str, Path], warm_runs: int) -> dict:
    """The floor page and every dashboard page through AppTest, on each dataset; ratio = a page's warm
    median / the floor's warm median (cold ratio: cold / the floor's cold)."""
    first_ms, _ = timed(lambda: run_page(BENCH / "floor_page.py", 1))  # imports plotly etc. once
    floor = run_page(BENCH / "floor_page.py", max(warm_runs, 5))
    out = {"process_first_run_ms": round(first_ms, 2), "floor": floor}
    floor_warm = floor["warm"]["median_ms"]
    for label, folder in folders.items():
        if label != "shipped" and time.perf_counter() - START > DEADLINE_S:
            log(f"{label}: pages skipped (past the {DEADLINE_S / 60:.1f} min deadline)")
            out[label] = {}
            continue
        os.environ["KC_DATA_DIR"] = str(folder)
        pages = {}
        for script in page_files():
            log(f"{label}: page {script.stem}")
            page = run_page(script, warm_runs)
            page["ratio"] = round(page["warm"]["median_ms"] / floor_warm, 1)
            page["cold_ratio"] = round(page["cold_ms"] / floor["cold_ms"], 1)
            pages[script.stem] = page
        out[label] = pages
    os.environ.pop("KC_DATA_DIR", None)
    return out


# --- report ----------------------------------------------------------------------------------------------


def machine() -> dict:
    """Where the numbers were taken: cores, memory, CPU, Python and package versions."""
    memory_kb = 0.0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory_kb = float(line.split()[1])
    except OSError:
        pass
    cpu = platform.processor()
    with contextlib.suppress(OSError, StopIteration):
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    return {
        "cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "memory_gb": round(memory_kb / 2**20, 1),
        "cpu": cpu,
        "os": platform.platform(),
        "python": platform.python_version(),
        "packages": {name: metadata.version(name) for name in PACKAGES},
    }


def growth(results: dict, getter: Callable[[dict], float]) -> list[float | None]:
    """How a cost grows from 10k to 100k and from 100k to 1M records: the exponent k in cost ~ rows^k
    (1.0 is linear; None where a size was not measured)."""
    import math

    labels = [label for label in SIZES if label in results]
    out: list[float | None] = []
    for small, big in itertools.pairwise(labels):
        try:
            a, b = getter(results[small]), getter(results[big])
        except KeyError:
            out.append(None)
            continue
        out.append(round(math.log(b / a) / math.log(SIZES[big] / SIZES[small]), 2) if a > 0 else None)
    return out


def headline(results: dict) -> dict:
    """The last line: the fair page ratios (bench/page_ratio.py), the browser ratio and filter change
    (bench/browser_ratio.py), and the 1M load, compute and peak; plus the older floor figures."""
    pages = results.get("pages", {})
    shipped = pages.get("shipped", {})
    floor_ms = pages.get("floor", {}).get("warm", {}).get("median_ms")
    page_ms_max = max((p["warm"]["median_ms"] for p in shipped.values()), default=None)
    big = results.get("datasets", {}).get("1m")
    defaults = [
        c["median_ms"]
        for n, c in (big or {}).get("compute", {}).items()
        if n.endswith("/default") and "n" in c
    ]
    return {
        **{k: v for k, v in results.get("page_ratio", {}).items() if k.startswith("page_ratio_max")},
        "browser_ratio": results.get("browser", {}).get("browser_ratio"),
        "filter_change_ms": results.get("browser", {}).get("filter_change_ms"),
        "compute_1m_ms_max": max(defaults, default=None),
        "current_mode_1m_ms": big["current_mode"]["median_ms"] if big else None,
        "load_1m_ms": big["load"]["parquet"]["median_ms"] if big else None,
        "peak_mb_1m": big["serve_peak_mb"] if big else None,
        "floor_ms": floor_ms,
        "page_ms_max": page_ms_max,
        "ratio_max": round(page_ms_max / floor_ms, 1) if floor_ms and page_ms_max else None,
    }


def last_json(command: list[str], timeout_s: float) -> dict:
    """Run a benchmark script in a process of its own; its last stdout line, as JSON ({} if it failed)."""
    try:
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=timeout_s)
        return json.loads(done.stdout.strip().splitlines()[-1])
    except (subprocess.TimeoutExpired, json.JSONDecodeError, IndexError) as err:
        log(f"{command[1]}: no result ({type(err).__name__})")
        return {}


def markdown(results: dict) -> str:
    """The results as Markdown tables (bench/out/results.md), for BENCHMARKS.md."""
    lines = ["| dataset | records | sources | CSV → validated, ms (n) | Parquet load, ms | of which "
             "fingerprint, ms | peak serving, MB (base) | peak CSV load, MB (base) |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]  # fmt: skip
    for label, data in results["datasets"].items():
        load = data["load"]
        lines.append(
            f"| {label} | {data['records']:,} | {data['sources']:,} | {load['csv']['median_ms']:,.0f} "
            f"({load['csv']['n']}) | {load['parquet']['median_ms']:,.1f} | "
            f"{load['fingerprint']['median_ms']:,.1f} | {data['serve_peak_mb']:,.0f} "
            f"({data['serve_base_mb']:,.0f}) | {load['csv_peak_mb']:,.0f} ({load['csv_base_mb']:,.0f}) |"
        )
    names = list(dict.fromkeys(n for d in results["datasets"].values() for n in d["compute"]))
    lines += ["", "compute() in ms (median, n runs):", "",
              "| KPI set / selection | " + " | ".join(results["datasets"]) + " |",
              "|---|" + "---:|" * len(results["datasets"])]  # fmt: skip
    for name in names:
        cells = []
        for data in results["datasets"].values():
            c = data["compute"].get(name)
            if c is None:
                cells.append("–")
            else:
                cells.append(f"{c['median_ms']:,.1f} ({c['n']})" if "n" in c else "skipped (time)")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    pages = results.get("pages")
    if pages:
        floor = pages["floor"]
        lines += ["", f"Floor page: warm {floor['warm']['median_ms']:.1f} ms, cold "
                  f"{floor['cold_ms']:.1f} ms; first AppTest run in the process "
                  f"{pages['process_first_run_ms']:.0f} ms.", "",
                  "| dataset | page | warm (ms) | ratio to floor | cold (ms) | cold ratio | charts |",
                  "|---|---|---:|---:|---:|---:|---:|"]  # fmt: skip
        for label, by_page in pages.items():
            if not isinstance(by_page, dict) or label == "floor" or "warm" in by_page:
                continue
            for name, page in by_page.items():
                bad = " ⚠ " + "; ".join(page["exceptions"] + page["errors"]) if page["exceptions"] else ""
                lines.append(
                    f"| {label} | {name} | {page['warm']['median_ms']:,.1f} | {page['ratio']:,.1f}× | "
                    f"{page['cold_ms']:,.0f} | {page['cold_ratio']:,.1f}× | {page['charts']}{bad} |"
                )
    return "\n".join(lines) + "\n"


# --- main ------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    """Prepare the datasets, measure, write bench/out/results.{json,md}, print the headline JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="shipped data + 10k, one run each (smoke test)")
    parser.add_argument(
        "--page-sizes",
        default=None,
        help="datasets to run the pages on, comma-separated (default: shipped,10k; --quick: shipped)",
    )
    args = parser.parse_args(argv)
    quick = args.quick
    runs, csv_runs, warm_runs = (1, 1, 1) if quick else (5, 3, 5)
    labels = ["10k"] if quick else list(SIZES)
    page_sizes = (args.page_sizes or ("shipped" if quick else "shipped,10k")).split(",")
    OUT.mkdir(parents=True, exist_ok=True)
    os.chdir(ROOT)

    folders = {"shipped": shipped_copy()}
    build_parquet(folders["shipped"])
    for label in labels:
        folders[label] = synthetic_folder(label)

    results: dict = {"machine": machine(), "quick": quick, "datasets": {}}
    # Largest first, so that its serving peak is measured in a process that has held nothing bigger.
    only = ["kinh-phi", "budget"] if quick else None
    for label in [*reversed(labels), "shipped"]:
        budget = COMPUTE_BUDGET_S[label] / (4 if quick else 1)
        results["datasets"][label] = measure_dataset(
            label, folders[label], runs, csv_runs, budget, only if label != "shipped" else None
        )
    results["pages"] = measure_pages({k: folders[k] for k in page_sizes}, warm_runs)
    # Each page against its own replay (AppTest), and the overview against the floor app in a browser.
    ratio_sizes = "shipped" if quick else "shipped,100k"
    log(f"pages against their replays ({ratio_sizes})")
    results["page_ratio"] = last_json(
        [sys.executable, "bench/page_ratio.py", "--sizes", ratio_sizes, "--runs", "3" if quick else "7"], 1800
    )
    log("browser: first chart and filter change")
    results["browser"] = last_json(
        [sys.executable, "bench/browser_ratio.py", "--rounds", "3" if quick else "9"], 900
    )
    if not quick:
        results["growth"] = {
            "csv": growth(results["datasets"], lambda d: d["load"]["csv"]["median_ms"]),
            "parquet": growth(results["datasets"], lambda d: d["load"]["parquet"]["median_ms"]),
            **{
                f"compute {name}": growth(results["datasets"], lambda d, n=name: d["compute"][n]["median_ms"])
                for name in results["datasets"]["1m"]["compute"]
            },
            "serve_peak_mb": growth(results["datasets"], lambda d: d["serve_peak_mb"]),
        }
    results["total_s"] = round(time.perf_counter() - START, 1)
    results["headline"] = headline(results)
    suffix = "-quick" if quick else ""
    (OUT / f"results{suffix}.json").write_text(json.dumps(results, indent=1, ensure_ascii=False))
    table = markdown(results)
    (OUT / f"results{suffix}.md").write_text(table, encoding="utf-8")
    print(table, file=sys.stderr)
    log(f"done in {results['total_s']:.0f} s")
    print(json.dumps(results["headline"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
