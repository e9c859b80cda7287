"""Fixtures of the browser tests: one Chromium per module, and a fresh page per test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # Debian's Chromium where it is installed (scripts/ensure_browser.sh), else Playwright's own.
        system = {"executable_path": CHROMIUM} if Path(CHROMIUM).exists() else {}
        try:
            instance = playwright.chromium.launch(args=CHROMIUM_ARGS, **system)
        except Exception as err:  # no browser at all: say how to get one
            pytest.fail(
                f"no Chromium for the browser tests ({err}). Run scripts/ensure_browser.sh "
                "(make test does), or: sudo apt-get install -y chromium",
                pytrace=False,
            )
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    """A fresh browser page that records every request it makes."""
    context = browser.new_context(viewport={"width": 1400, "height": 1200}, accept_downloads=True)
    tab = context.new_page()
    tab.requests = []
    tab.on("request", lambda request: tab.requests.append(request.url))
    yield tab
    context.close()
