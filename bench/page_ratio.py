"""Each dashboard page against itself drawn from precomputed results (issue 15, point 1, AppTest).

For every page and dataset: run the page once in AppTest and capture what it sent (bench/replay.py),
then time warm reruns of the real page and of its replay (bench/replay_page.py), interleaved in one
process so that a busy machine slows both alike. ratio = real warm median / replay warm median: the
cost of our data work (filters, compute, picking figures, building figures, tables and CSVs) on top of
Streamlit's own work of drawing the same page.

Run: .venv/bin/python bench/page_ratio.py [--sizes shipped,100k] [--runs 9]
Prints a table on stderr and one JSON line last: page_ratio_max, page_ratio_max_100k and each page's
figures. The 100k dataset is SYNTHETIC (bench/synthetic.py), built under bench/out/ on first use.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import cases  # noqa: E402
from bench.replay import capture, prepare  # noqa: E402

# The view a leader lands on (no parameters) and a filtered one (one province, five years).
VIEWS = {"default": {}, "province": {"p": "P63-27", "y": "2016-2020"}}


def timed_run(app) -> float:
    start = time.perf_counter()
    app.run()
    return (time.perf_counter() - start) * 1000


def measure(page: str, params: dict[str, str], runs: int) -> dict:
    """Interleaved warm runs of the page and of its replay; medians in ms and their ratio."""
    from streamlit.testing.v1 import AppTest

    name = f"{page}?{params}"
    prepare(name, capture(page, params))
    os.environ["KC_REPLAY"] = name
    real = AppTest.from_file(str(ROOT / "app.py"), default_timeout=900)
    if page != "app.py":
        real.switch_page(page)
    for key, value in params.items():
        real.query_params[key] = value
    replay = AppTest.from_file(str(ROOT / "bench" / "replay_page.py"), default_timeout=900)
    real.run()
    replay.run()  # first runs: caches filled, scripts compiled
    real_ms, replay_ms = [], []
    for _ in range(runs):
        real_ms.append(timed_run(real))
        replay_ms.append(timed_run(replay))
    problems = [str(e.value)[:200] for e in [*real.exception, *replay.exception]]
    same = len(real.get("plotly_chart")) == len(replay.get("plotly_chart"))
    return {
        "real_ms": round(statistics.median(real_ms), 1),
        "replay_ms": round(statistics.median(replay_ms), 1),
        "ratio": round(statistics.median(real_ms) / statistics.median(replay_ms), 2),
        "charts": len(real.get("plotly_chart")),
        "same_charts": same,
        "exceptions": problems,
    }


def dataset_folder(label: str) -> Path:
    from bench.run import build_parquet, shipped_copy, synthetic_folder

    folder = shipped_copy() if label == "shipped" else synthetic_folder(label)
    build_parquet(folder)
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", default="shipped,100k", help="datasets, comma-separated (shipped, 10k, 100k)"
    )
    parser.add_argument("--runs", type=int, default=9, help="warm runs of each page and of its replay")
    args = parser.parse_args(argv)
    from streamlit.logger import set_log_level

    set_log_level("error")
    os.chdir(ROOT)
    results: dict[str, dict[str, dict]] = {}
    for label in args.sizes.split(","):
        os.environ["KC_DATA_DIR"] = str(dataset_folder(label))
        import streamlit as st

        st.cache_data.clear()
        st.cache_resource.clear()
        results[label] = {}
        for script in cases.page_files(ROOT):
            if script.stem == "7_nhap-so-lieu":
                continue  # the curators' page: behind a sign-in, not what leaders wait for
            page = "app.py" if script.name == "app.py" else f"pages/{script.name}"
            for view, params in VIEWS.items():
                figures = measure(page, params, args.runs)
                results[label][f"{script.stem}/{view}"] = figures
                print(
                    f"{label:8} {script.stem:14} {view:9} real {figures['real_ms']:7.1f} ms  replay "
                    f"{figures['replay_ms']:6.1f} ms  ratio {figures['ratio']:5.2f}  "
                    f"charts {figures['charts']}"
                    + (f"  ⚠ {figures['exceptions']}" if figures["exceptions"] else ""),
                    file=sys.stderr,
                )
    headline = {
        f"page_ratio_max{'' if label == 'shipped' else '_' + label}": max(p["ratio"] for p in pages.values())
        for label, pages in results.items()
    }
    (ROOT / "bench" / "out").mkdir(parents=True, exist_ok=True)
    (ROOT / "bench" / "out" / "page_ratio.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(json.dumps({**headline, "pages": results}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
