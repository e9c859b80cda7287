"""The dashboard in a real browser against Streamlit's floor app (issue 15, point 1, browser).

Starts two servers on loopback: the dashboard (app.py, the shipped data) and the floor app
(bench/floor_page.py: one chart and one table of SYNTHETIC numbers). Then, interleaved, each round in a
fresh browser context as a new user: the time from navigation to the first drawn chart (a plotly chart
with its SVG), the overview and the floor, alternating which goes first. browser_ratio = the overview's
median / the floor's median. Then, on the budget page, a filter change (the programme switch) until the
chart is drawn again with the new data: filter_change_ms (median).

Run: .venv/bin/python bench/browser_ratio.py [--rounds 9]
Only 127.0.0.1 is contacted; the servers and the browser stop by themselves. Prints one JSON line last.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.load_test import free_port, start_server  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]  # fmt: skip
DRAWN = (
    "() => { const d = document.querySelector('.js-plotly-plot');"
    " return !!(d && d.querySelector('.main-svg') && d.data); }"
)


def first_chart_ms(browser, url: str) -> float:
    """A new user (fresh context): navigation to the first chart drawn, in ms."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(request.url.split("/")[2]))
    try:
        start_s = time.perf_counter()
        page.goto(url)
        page.wait_for_function(DRAWN, timeout=60_000, polling=20)
        elapsed = (time.perf_counter() - start_s) * 1000
    finally:
        context.close()
    outside = {h for h in hosts if not h.startswith("127.0.0.1")}
    if outside:
        raise SystemExit(f"the page called outside this machine: {outside}")
    return elapsed


def filter_change_ms(browser, base: str, rounds: int) -> list[float]:
    """On the budget page: switch the programme filter and wait until the first chart shows new data."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(f"{base}/kinh-phi")
    page.wait_for_function(DRAWN, timeout=60_000)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
    times = []
    choices = ["KCQG (quốc gia)", "Tất cả"]
    for index in range(rounds):
        before = page.evaluate("() => JSON.stringify(document.querySelector('.js-plotly-plot').data)")
        start_s = time.perf_counter()
        page.locator('[data-testid="stSidebar"]').get_by_text(choices[index % 2], exact=True).click()
        page.wait_for_function(
            "before => { const d = document.querySelector('.js-plotly-plot');"
            " return d && d.data && JSON.stringify(d.data) !== before; }",
            arg=before,
            timeout=60_000,
            polling=10,
        )
        times.append((time.perf_counter() - start_s) * 1000)
        page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
    context.close()
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    ports = {"dashboard": free_port(), "floor": free_port()}
    servers = [start_server(ports["dashboard"]), start_server(ports["floor"], "bench/floor_page.py")]
    urls = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
    times: dict[str, list[float]] = {"dashboard": [], "floor": []}
    try:
        with sync_playwright() as playwright:
            system = {"executable_path": CHROMIUM} if Path(CHROMIUM).exists() else {}
            browser = playwright.chromium.launch(args=ARGS, **system)
            for name in times:  # each server's first visit (its caches and imports) is not measured
                first_chart_ms(browser, urls[name])
            for index in range(args.rounds):
                order = ["dashboard", "floor"] if index % 2 == 0 else ["floor", "dashboard"]
                for name in order:
                    times[name].append(first_chart_ms(browser, urls[name]))
            changes = filter_change_ms(browser, urls["dashboard"], args.rounds)
            browser.close()
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=20)
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, values in times.items():
        print(f"first chart, {name}: median {medians[name]:.0f} ms over {len(values)} "
              f"(min {min(values):.0f}, max {max(values):.0f})", file=sys.stderr)  # fmt: skip
    print(f"filter change: median {statistics.median(changes):.0f} ms over {len(changes)} "
          f"(min {min(changes):.0f}, max {max(changes):.0f})", file=sys.stderr)  # fmt: skip
    print(json.dumps({
        "browser_ratio": round(medians["dashboard"] / medians["floor"], 2),
        "first_chart_ms": round(medians["dashboard"]),
        "floor_first_chart_ms": round(medians["floor"]),
        "filter_change_ms": round(statistics.median(changes)),
    }))  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
