#!/usr/bin/env bash
# Make sure the browser tests (tests/browser) have a Chromium to drive; `make test` runs this first.
# Usage: scripts/ensure_browser.sh [PYTHON]   (PYTHON: the project's venv python, default .venv/bin/python)
#   - Chromium already installed (/usr/bin/chromium or `chromium` on the PATH): nothing to do.
#   - Running as root with apt-get: install Debian's chromium.
#   - Otherwise: Playwright's own Chromium (python -m playwright install chromium), into ~/.cache/ms-playwright.
set -euo pipefail
PY="${1:-.venv/bin/python}"

if [ -x /usr/bin/chromium ] || command -v chromium >/dev/null 2>&1; then
  exit 0
fi

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure_browser: no Chromium found; installing Debian's chromium with apt-get for the browser tests"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
  echo "ensure_browser: installed $(command -v chromium)"
  exit 0
fi

# Not root: Playwright's own browser. `playwright install` skips what is already downloaded.
if "$PY" - <<'PYEOF' 2>/dev/null; then
import os, sys
from playwright.sync_api import sync_playwright
with sync_playwright() as p:
    sys.exit(0 if os.path.exists(p.chromium.executable_path) else 1)
PYEOF
  exit 0
fi
echo "ensure_browser: no Chromium found and not root; downloading Playwright's Chromium ($PY -m playwright install chromium)"
"$PY" -m playwright install chromium
