"""Screenshots of every page, in both languages, at a desktop and a phone size, for docs/screens/.

Starts the dashboard on the shipped data (a free loopback port), opens each page in headless Chromium
(Debian's /usr/bin/chromium, or Playwright's own), waits until every chart has drawn, and saves
docs/screens/<page>-<lang>-<desktop|phone>.png. Run: .venv/bin/python scripts/screenshots.py [PAGE ...]
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screens"
# page name -> URL path and query (a province picked where the page is about one)
PAGES = {
    "tong-quan": "",
    "kinh-phi": "kinh-phi",
    "dao-tao": "dao-tao?p=P63-24",
    "san-pham": "san-pham",
    "du-lieu": "du-lieu?p=P63-27",
    "nguon": "nguon",
    "ho-so-tinh": "ho-so-tinh?p=P63-24",
}
SIZES = {"desktop": (1440, 1000), "phone": (390, 844)}
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]  # fmt: skip


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def settle(page: Page) -> None:
    """Wait for the script to finish, then scroll through the page so that every chart draws."""
    page.wait_for_timeout(800)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=60_000)
    for _ in range(8):
        page.mouse.wheel(0, 1200)
        page.wait_for_timeout(250)
    page.evaluate("document.querySelector('[data-testid=stMain]')?.scrollTo(0, 0)")
    page.mouse.wheel(0, -20_000)
    page.wait_for_timeout(1200)


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
         "--server.address", "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                    break
            except OSError:
                time.sleep(0.3)
        chromium = shutil.which("chromium") or "/usr/bin/chromium"
        with sync_playwright() as playwright:
            options = {"executable_path": chromium} if Path(chromium).exists() else {}
            browser = playwright.chromium.launch(args=CHROMIUM_ARGS, **options)
            wanted = sys.argv[1:] or list(PAGES)  # page names to take again, default: every page
            for name, path in ((n, p) for n, p in PAGES.items() if n in wanted):
                for lang in ("vi", "en"):
                    for size, (width, height) in SIZES.items():
                        context = browser.new_context(viewport={"width": width, "height": height})
                        page = context.new_page()
                        joiner = "&" if "?" in path else "?"
                        page.goto(f"{url}/{path}{joiner}lang={lang}")
                        settle(page)
                        target = OUT / f"{name}-{lang}-{size}.png"
                        page.screenshot(path=str(target))
                        print(target.relative_to(ROOT))
                        context.close()
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
