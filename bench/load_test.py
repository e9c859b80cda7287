"""Load test: many real browser sessions at once against `streamlit run`, on this machine only.

Starts the dashboard on a free loopback port, opens N browser contexts in one headless Chromium
(Debian's /usr/bin/chromium) and has each one, at the same time: open the overview, switch the programme
filter, move to the budget page. Every step waits for a rendered chart. Reports errors (exception boxes,
time-outs), the median and 95th percentile of the time to a rendered chart, and the server's memory
(resident set of the streamlit process) before, at its peak during, and after the load.

Bounded: every session does a fixed number of steps with a time-out each, then the test stops by itself.
Only 127.0.0.1 is contacted.

Run: .venv/bin/python bench/load_test.py [--sessions 20] [--rounds 2]
Prints a table and one last line of JSON.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]  # fmt: skip
PROVINCES = [
    "P63-27",
    "P63-24",
    "P63-19",
    "P63-34",
    "P63-52",
    "P63-01",
    "P63-40",
    "P63-42",
    "P63-22",
    "P63-38",
]
STEP_TIMEOUT_MS = 60_000


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float:
    """Resident memory of a process, MB (from /proc; the server is one process)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class MemorySampler(threading.Thread):
    """Samples the server's RSS every 100 ms; `peak` is the largest seen."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak, self.running = pid, 0.0, True

    def run(self) -> None:
        while self.running:
            self.peak = max(self.peak, rss_mb(self.pid))
            time.sleep(0.1)


def start_server(port: int, script: str = "app.py") -> subprocess.Popen:
    """`streamlit run SCRIPT` on a loopback port; returns once it answers its health check."""
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true", "--server.address",
         "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2).read() == b"ok":
                return process
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise SystemExit(f"{script} did not start")


async def rendered(page) -> None:
    """The script finished and the page shows its first chart (or, where the selection has no data,
    its "no data" message); an exception box is an error."""
    await page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]',
                                 timeout=STEP_TIMEOUT_MS)  # fmt: skip
    await page.wait_for_selector(
        '.js-plotly-plot .main-svg, [data-testid="stAlert"]', timeout=STEP_TIMEOUT_MS
    )
    if await page.locator('[data-testid="stException"]').count():
        raise RuntimeError("exception shown")


async def session(browser, base: str, index: int, rounds: int, times: list, errors: list) -> None:
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    province = PROVINCES[index % len(PROVINCES)]
    steps = [
        ("open overview", lambda: page.goto(f"{base}/?p={province}")),
        (
            "filter: KCQG",
            lambda: page.locator('[data-testid="stSidebar"] label', has_text="KCQG").first.click(),
        ),
        ("page: budget", lambda: page.locator('[data-testid="stSidebarNav"] a', has_text="Kinh phí").click()),
        (
            "page: products",
            lambda: page.locator('[data-testid="stSidebarNav"] a', has_text="Sản phẩm").click(),
        ),
    ]
    try:
        for _ in range(rounds):
            for name, action in steps:
                start = time.perf_counter()
                try:
                    await action()
                    await page.wait_for_timeout(150)  # let the rerun start before waiting for its end
                    await rendered(page)
                    times.append((name, (time.perf_counter() - start) * 1000))
                except Exception as err:  # a failed step is counted, and the session goes on
                    errors.append(f"session {index}, {name}: {type(err).__name__}: {str(err)[:120]}")
    finally:
        await context.close()


async def load(base: str, sessions: int, rounds: int) -> tuple[list, list]:
    from playwright.async_api import async_playwright

    times: list = []
    errors: list = []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        await asyncio.gather(*(session(browser, base, i, rounds, times, errors) for i in range(sessions)))
        await browser.close()
    return times, errors


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()

    port = free_port()
    server = start_server(port)
    base = f"http://127.0.0.1:{port}"
    try:
        urllib.request.urlopen(base, timeout=10).read()
        time.sleep(1)
        before = rss_mb(server.pid)
        sampler = MemorySampler(server.pid)
        sampler.start()
        started = time.perf_counter()
        times, errors = asyncio.run(load(base, args.sessions, args.rounds))
        elapsed = time.perf_counter() - started
        sampler.running = False
        sampler.join()
        time.sleep(5)  # sessions close; give the server a moment to let go
        after = rss_mb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=15)

    values = [ms for _, ms in times]
    print(
        f"{args.sessions} sessions x {args.rounds} rounds x 4 steps in {elapsed:.1f} s; {len(errors)} errors"
    )
    for name in dict.fromkeys(n for n, _ in times):
        step = [ms for n, ms in times if n == name]
        print(f"  {name:16s} median {statistics.median(step):7.0f} ms   p95 {percentile(step, 0.95):7.0f} ms")
    print(f"  server RSS: before {before:.0f} MB, peak {sampler.peak:.0f} MB, after {after:.0f} MB")
    for error in errors[:10]:
        print("  error:", error)
    print(json.dumps({
        "sessions": args.sessions, "steps": len(values), "errors": len(errors),
        "median_ms": round(statistics.median(values)) if values else None,
        "p95_ms": round(percentile(values, 0.95)) if values else None,
        "rss_before_mb": round(before), "rss_peak_mb": round(sampler.peak), "rss_after_mb": round(after),
    }))  # fmt: skip


if __name__ == "__main__":
    main()
