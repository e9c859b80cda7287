"""Failover load test: real browser sessions through nginx in front of two Streamlit replicas (issue 15).

Starts scripts/serve_replicas.sh (two `streamlit run` replicas on loopback, one cookie secret, the shared
data folder, nginx with sticky sessions) on free loopback ports, then, in one headless Chromium
(Debian's /usr/bin/chromium, one browser context per session):

1. opens N sessions, a few at a time, each on a deep link with its filters in the URL (overview, budget,
   training, products; provinces, language, programme), and waits for the first drawn chart; which
   replica served each session is read from the `X-Replica` header nginx adds (and its sticky cookie);
2. with every session connected, kills one replica (SIGKILL, as a crash would), and waits until each of
   its sessions has opened a new websocket through nginx (Streamlit's client reconnects by itself; nginx's
   consistent hash sends the session's cookie to the surviving replica);
3. in every session, clicks the link of the page it shows (what a reader's next click does): the script
   runs on the surviving replica, and the session must show the same view: the same URL (filters
   included), the same page title, a chart drawn, no exception box; `/_stcore/health` fetched from the
   page must be answered by the survivor;
4. samples each replica's resident memory (VmRSS in /proc) every 0.5 s throughout.

Every request the browsers make is recorded: any that leaves 127.0.0.1 is an error (Chromium also gets a
host-resolver rule that resolves nothing but 127.0.0.1, and nginx's access log is checked for non-local
clients and upstreams). Every step has a time-out and the whole run a time limit, after which it stops
itself and everything it started.

Run: .venv/bin/python bench/replica_test.py [--sessions 50] [--concurrency 4] [--time-limit 1500]
Prints a table, then one last line of JSON. Exit status 1 when there was any error.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
# The headless flags of tests/browser/conftest.py, and no name resolution but for 127.0.0.1.
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync",
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]  # fmt: skip
# Deep links: a page and its filters, as a reader shares them.
LINKS = [
    "/kinh-phi?p=P63-27",
    "/?p=P63-24",
    "/dao-tao?lang=en&p=P63-19",
    "/san-pham?p=P63-01",
    "/kinh-phi?p=P63-52&prog=kcqg",
    "/?lang=en",
    "/kinh-phi?p=P63-24",
    "/dao-tao?p=P63-24",
    "/san-pham?lang=en&p=P63-40",
    "/?p=P63-42&prog=kcqg",
    "/kinh-phi?lang=en&p=P63-22",
    "/san-pham?p=P63-38",
]
CHART = ".js-plotly-plot .main-svg"
DONE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
STEP_TIMEOUT_MS = 120_000
LOCAL = {"127.0.0.1"}


def free_ports(count: int) -> int:
    """A first port of `count` consecutive free loopback ports."""
    for _ in range(200):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            base = int(s.getsockname()[1])
        if base + count > 65535:
            continue
        try:
            held = []
            for port in range(base, base + count):
                sock = socket.socket()
                held.append(sock)
                sock.bind(("127.0.0.1", port))
            return base
        except OSError:
            continue
        finally:
            for sock in held:
                sock.close()
    raise SystemExit("no free loopback ports")


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class MemorySampler(threading.Thread):
    """Samples each replica's RSS every 0.5 s; `peak[pid]` is the largest seen, `last[pid]` the latest."""

    def __init__(self, pids: list[int]):
        super().__init__(daemon=True)
        self.pids, self.running = pids, True
        self.peak = dict.fromkeys(pids, 0.0)
        self.last = dict.fromkeys(pids, 0.0)

    def run(self) -> None:
        while self.running:
            for pid in self.pids:
                value = rss_mb(pid)
                if value:
                    self.last[pid] = value
                    self.peak[pid] = max(self.peak[pid], value)
            time.sleep(0.5)


def get(url: str, timeout: float = 3) -> tuple[str, str]:
    with urllib.request.urlopen(url, timeout=timeout) as answer:
        return answer.read().decode(), answer.headers.get("X-Replica", "")


@dataclass
class Stack:
    """scripts/serve_replicas.sh running: nginx at `base`, the replicas' pids and addresses."""

    process: subprocess.Popen[bytes]
    run_dir: Path
    base: str
    replicas: dict[str, int]  # "127.0.0.1:port" -> pid


def start_stack(run_dir: Path, replicas: int, app_dir: str = "") -> Stack:
    port = free_ports(1)
    replica_base = free_ports(replicas)
    env = {**os.environ, "PORT": str(port), "REPLICAS": str(replicas), "REPLICA_BASE_PORT": str(replica_base),
           "KC_RUN_DIR": str(run_dir), "KC_COOKIE_SECRET": secrets.token_hex(32),
           "PYTHON": sys.executable, "KC_APP_DIR": app_dir or str(ROOT)}  # fmt: skip
    log = open(run_dir / "serve_replicas.out", "wb")  # noqa: SIM115 (kept open for the process)
    process = subprocess.Popen(
        ["bash", str(ROOT / "scripts" / "serve_replicas.sh")],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"serve_replicas.sh stopped:\n{(run_dir / 'serve_replicas.out').read_text()}")
        try:
            if all(get(f"{base}/replica/{n}/_stcore/health")[0] == "ok" for n in range(1, replicas + 1)):
                break
        except OSError:
            time.sleep(0.5)
    else:
        stop_stack(process)
        raise SystemExit("nginx and the replicas did not answer within 120 s")
    pids = {
        f"127.0.0.1:{replica_base + n - 1}": int((run_dir / f"replica-{n}.pid").read_text())
        for n in range(1, replicas + 1)
    }
    return Stack(process, run_dir, base, pids)


def descendants(pid: int) -> list[int]:
    """Every process started by `pid`, its children's first (from /proc)."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
            parents[int(stat.parent.name)] = int(text[text.rindex(")") + 2 :].split()[1])
        except (OSError, ValueError, IndexError):
            continue
    out: list[int] = []
    frontier = [pid]
    while frontier:
        children = [child for child, parent in parents.items() if parent in frontier]
        out += children
        frontier = children
    return out


def kill_all_started() -> None:
    """Last resort (time limit, Ctrl-C): kill every process this test started (browser, driver, nginx,
    replicas), found by parentage."""
    for pid in reversed(descendants(os.getpid())):
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)


def stop_stack(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the script (it stops nginx and the replicas); its process group if it does not."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


@dataclass
class Session:
    index: int
    link: str
    page: Any = None
    replica: str = ""
    cookie: str = ""
    url: str = ""
    title: str = ""
    first_chart_ms: float | None = None
    sockets: list[float] = field(default_factory=list)  # times (monotonic s) websockets opened
    requests: list[str] = field(default_factory=list)
    reconnect_ms: float | None = None
    rerun_ms: float | None = None
    after_replica: str = ""
    extra_clicks: int = 0


def progress(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def last_hop(upstreams: str) -> str:
    """nginx's $upstream_addr lists every replica tried: "a, b" means a failed and b answered."""
    return upstreams.split(",")[-1].strip()


async def drawn(page: Any) -> None:
    """The script finished and a chart is drawn; an exception box is an error."""
    await page.wait_for_selector(DONE, timeout=STEP_TIMEOUT_MS)
    await page.wait_for_selector(CHART, timeout=STEP_TIMEOUT_MS)
    if await page.locator('[data-testid="stException"]').count():
        raise RuntimeError("exception shown")


async def open_session(
    browser: Any, base: str, s: Session, gate: asyncio.Semaphore, errors: list[str]
) -> None:
    async with gate:
        context = await browser.new_context(viewport={"width": 1280, "height": 900})
        s.page = page = await context.new_page()
        page.on("request", lambda request: s.requests.append(request.url))
        page.on("websocket", lambda _ws: s.sockets.append(time.monotonic()))
        start = time.perf_counter()
        try:
            answer = await page.goto(base + s.link, timeout=STEP_TIMEOUT_MS)
            s.replica = last_hop(answer.headers.get("x-replica", "")) if answer else ""
            await drawn(page)
            s.first_chart_ms = (time.perf_counter() - start) * 1000
            s.url, s.title = page.url, await page.title()
            s.cookie = next((c["value"] for c in await context.cookies() if c["name"] == "kcreplica"), "")
            progress(f"session {s.index:2d} {s.link:32s} on {s.replica}: chart in {s.first_chart_ms:.0f} ms")
        except Exception as err:
            errors.append(f"session {s.index} open {s.link}: {type(err).__name__}: {str(err)[:160]}")


async def wait_reconnect(s: Session, killed_at: float, limit_s: float, errors: list[str]) -> None:
    """Until the session's front end opened a new websocket after the kill (it reconnects by itself)."""
    deadline = killed_at + limit_s
    while time.monotonic() < deadline:
        later = [t for t in s.sockets if t > killed_at]
        if later:
            s.reconnect_ms = (later[0] - killed_at) * 1000
            return
        await asyncio.sleep(0.05)
    errors.append(f"session {s.index}: no websocket reconnect within {limit_s:.0f} s of the kill")


async def rerun_same_view(s: Session, survivor: str, gate: asyncio.Semaphore, errors: list[str]) -> None:
    """The reader's next click: the link of the page shown, same filters. The script must run on the
    survivor and show the same view."""
    async with gate:
        page = s.page
        try:
            path = urlsplit(s.url)
            href = path.path.lstrip("/") + (f"?{path.query}" if path.query else "")
            link = page.locator(
                f'[data-testid="stSidebar"] a[data-testid="stPageLink-NavLink"][href="{href}"]'
            )
            await page.evaluate(
                """() => { window.__kcRuns = []; new MutationObserver((changes) => { for (const c of changes)
                   window.__kcRuns.push(c.target.getAttribute('data-test-script-state')); })
                   .observe(document.body, {attributes: true, subtree: true,
                                            attributeFilter: ['data-test-script-state']}); }"""
            )
            start = time.perf_counter()
            for attempt in range(1, 4):  # a click that starts no run (seen once in 60) is clicked again
                await link.first.click(timeout=STEP_TIMEOUT_MS)
                try:
                    await page.wait_for_function(
                        "() => (window.__kcRuns || []).includes('running')", timeout=20_000
                    )
                    break
                except Exception:
                    if attempt == 3:
                        raise
                    s.extra_clicks += 1
                    progress(f"session {s.index:2d}: the click started no run in 20 s; clicking again")
            await drawn(page)
            s.rerun_ms = (time.perf_counter() - start) * 1000
            s.after_replica = last_hop(
                await page.evaluate("fetch('/_stcore/health').then(r => r.headers.get('x-replica') || '')")
            )
            progress(f"session {s.index:2d} rerun on {s.after_replica} in {s.rerun_ms:.0f} ms")
            problems = []
            if page.url != s.url:
                problems.append(f"URL {page.url} instead of {s.url}")
            if (title := await page.title()) != s.title:
                problems.append(f"title {title!r} instead of {s.title!r}")
            if s.after_replica != survivor:
                problems.append(f"served by {s.after_replica}, not the surviving {survivor}")
            if problems:
                errors.append(f"session {s.index} after failover: " + "; ".join(problems))
        except Exception as err:
            errors.append(f"session {s.index} rerun after failover: {type(err).__name__}: {str(err)[:160]}")


async def run(stack: Stack, args: argparse.Namespace, sampler: MemorySampler) -> dict[str, Any]:
    from playwright.async_api import async_playwright

    errors: list[str] = []
    sessions = [Session(i, LINKS[i % len(LINKS)]) for i in range(args.sessions)]
    phases: dict[str, float] = {}
    rss_at: dict[str, dict[str, float]] = {}
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            # 1. open every session, a few at a time, and keep them connected
            gate = asyncio.Semaphore(args.concurrency)
            started = time.perf_counter()
            await asyncio.gather(*(open_session(browser, stack.base, s, gate, errors) for s in sessions))
            phases["open_s"] = time.perf_counter() - started
            rss_at["open"] = {a: round(sampler.last[p]) for a, p in stack.replicas.items()}
            await asyncio.sleep(3)

            # 2. kill one replica while every session is connected
            victim = args.kill or next(iter(stack.replicas))
            survivor = next(a for a in stack.replicas if a != victim)
            moved = [s for s in sessions if s.replica == victim and s.first_chart_ms is not None]
            progress(f"killing {victim} (pid {stack.replicas[victim]}): {len(moved)} sessions on it")
            os.kill(stack.replicas[victim], signal.SIGKILL)
            killed_at = time.monotonic()
            await asyncio.gather(*(wait_reconnect(s, killed_at, 90, errors) for s in moved))
            phases["reconnect_s"] = time.monotonic() - killed_at
            stayed_quiet = sum(
                1 for s in sessions if s.replica == survivor and any(t > killed_at for t in s.sockets)
            )

            # 3. the next click of every session runs on the survivor and shows the same view
            started = time.perf_counter()
            live = [s for s in sessions if s.first_chart_ms is not None]
            await asyncio.gather(*(rerun_same_view(s, survivor, gate, errors) for s in live))
            phases["rerun_s"] = time.perf_counter() - started
            rss_at["end"] = {a: round(sampler.last[p]) for a, p in stack.replicas.items() if a != victim}
        finally:
            for s in sessions:
                if s.page is not None:
                    await s.page.context.close()
            await browser.close()

    outside = sorted({u for s in sessions for u in s.requests if urlsplit(u).hostname not in LOCAL})
    errors += [f"request left 127.0.0.1: {u}" for u in outside[:20]]
    counts = {a: sum(1 for s in sessions if s.replica == a) for a in stack.replicas}
    if min(counts.values()) < 0.2 * args.sessions:
        errors.append(f"sessions not spread over the replicas: {counts}")
    return {
        "sessions": sessions, "errors": errors, "phases": phases, "rss_at": rss_at, "counts": counts,
        "victim": victim, "survivor": survivor, "moved": moved, "outside": outside,
        "survivor_reconnects": stayed_quiet,
    }  # fmt: skip


def check_access_log(run_dir: Path) -> tuple[int, list[str]]:
    """nginx's log: every client and every upstream on 127.0.0.1. Returns (lines, problems)."""
    lines = (run_dir / "logs" / "access.log").read_text().splitlines()
    problems = []
    for line in lines:
        parts = line.split('"')
        client = line.split()[1]
        upstreams = [u.strip() for u in parts[3].split(",") if u.strip() and u.strip() != "-"]
        if client != "127.0.0.1" or any(not u.startswith("127.0.0.1:") for u in upstreams):
            problems.append(f"nginx log: non-local address: {line}")
    return len(lines), problems


def pct(values: list[float], q: float) -> float | None:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]) if ordered else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--concurrency", type=int, default=4, help="sessions opening (or rerunning) at once")
    parser.add_argument("--kill", default="", help="address of the replica to kill (default: the first)")
    parser.add_argument("--time-limit", type=float, default=1500, help="seconds; then everything stops")
    parser.add_argument("--rss-limit", type=float, default=1500, help="MB a replica may reach")
    parser.add_argument("--app-dir", default="", help="serve this copy of the app (default: this checkout)")
    args = parser.parse_args()

    started = time.perf_counter()
    run_dir = Path(tempfile.mkdtemp(prefix="kc-replica-test-"))
    stack = start_stack(run_dir, 2, args.app_dir)

    def give_up(why: str) -> None:  # stop everything we started, then leave
        progress(f"{why}: stopping nginx, the replicas and the browser")
        stop_stack(stack.process)
        kill_all_started()
        os._exit(2)

    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda number, _frame: give_up(signal.Signals(number).name))
    watchdog = threading.Timer(args.time_limit, give_up, [f"time limit of {args.time_limit:.0f} s reached"])
    watchdog.daemon = True
    watchdog.start()
    sampler = MemorySampler(list(stack.replicas.values()))
    sampler.start()
    rss_start = {a: round(rss_mb(p)) for a, p in stack.replicas.items()}
    try:
        result = asyncio.run(run(stack, args, sampler))
    finally:
        sampler.running = False
        time.sleep(1)  # the websockets close: nginx writes their log lines
        stop_stack(stack.process)
        watchdog.cancel()
    log_lines, log_problems = check_access_log(run_dir)
    errors: list[str] = result["errors"] + log_problems[:20]
    peak = {a: round(sampler.peak[p]) for a, p in stack.replicas.items()}
    errors += [f"replica {a} reached {mb} MB (limit {args.rss_limit:.0f})" for a, mb in peak.items()
               if mb > args.rss_limit]  # fmt: skip
    sessions: list[Session] = result["sessions"]
    moved: list[Session] = result["moved"]
    first = [s.first_chart_ms for s in sessions if s.first_chart_ms is not None]
    reconnect = [s.reconnect_ms for s in moved if s.reconnect_ms is not None]
    rerun_moved = [s.rerun_ms for s in moved if s.rerun_ms is not None]
    rerun_all = [s.rerun_ms for s in sessions if s.rerun_ms is not None]
    elapsed = time.perf_counter() - started

    phases = result["phases"]
    print(f"{args.sessions} sessions through nginx to 2 replicas in {elapsed:.0f} s; {len(errors)} errors")
    print("| replica | sessions | RSS start MB | RSS all open MB | RSS end MB | peak MB |")
    print("|---|---|---|---|---|---|")
    for a in stack.replicas:
        role = " (killed)" if a == result["victim"] else " (survivor)"
        print(f"| {a}{role} | {result['counts'][a]} | {rss_start[a]} | {result['rss_at']['open'][a]} | "
              f"{result['rss_at']['end'].get(a, '-')} | {peak[a]} |")  # fmt: skip
    print(f"open {len(first)} sessions ({args.concurrency} at a time): {phases['open_s']:.0f} s; first chart "
          f"median {pct(first, 0.5)} ms, p95 {pct(first, 0.95)} ms")  # fmt: skip
    print(f"kill {result['victim']}: {len(moved)} sessions reconnected their websocket through nginx in "
          f"median {pct(reconnect, 0.5)} ms, p95 {pct(reconnect, 0.95)} ms (all within "
          f"{phases['reconnect_s']:.1f} s); sessions of the survivor that reconnected: "
          f"{result['survivor_reconnects']}")  # fmt: skip
    print(f"next click, same view on {result['survivor']}: moved sessions median {pct(rerun_moved, 0.5)} ms, "
          f"p95 {pct(rerun_moved, 0.95)} ms; all {len(rerun_all)} sessions p95 {pct(rerun_all, 0.95)} ms "
          f"({phases['rerun_s']:.0f} s, {args.concurrency} at a time)")  # fmt: skip
    requests = sum(len(s.requests) for s in sessions)
    print(f"browser requests {requests}, outside 127.0.0.1: {len(result['outside'])}; nginx log lines "
          f"{log_lines}, non-local: {len(log_problems)}")  # fmt: skip
    for error in errors[:15]:
        print("  error:", error)
    print(json.dumps({
        "sessions": args.sessions, "opened": len(first), "errors": len(errors),
        "replica_sessions": result["counts"], "killed": result["victim"], "moved_sessions": len(moved),
        "reconnected": len(reconnect), "same_view_after_failover": sum(
            1 for s in moved if s.rerun_ms is not None and s.after_replica == result["survivor"]),
        "failover_reconnect_ms_p50": pct(reconnect, 0.5), "failover_reconnect_ms_p95": pct(reconnect, 0.95),
        "failover_rerun_ms_p50": pct(rerun_moved, 0.5), "failover_rerun_ms_p95": pct(rerun_moved, 0.95),
        "first_chart_ms_p50": pct(first, 0.5), "first_chart_ms_p95": pct(first, 0.95),
        "peak_rss_mb": peak, "requests": requests, "non_local_requests": len(result["outside"]),
        "extra_clicks": sum(s.extra_clicks for s in sessions), "elapsed_s": round(elapsed),
    }))  # fmt: skip
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
