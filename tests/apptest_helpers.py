"""Running the dashboard's pages in AppTest, and reading what they drew (shared by the page tests)."""

from __future__ import annotations

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
# page name in the tests -> page script (the URL path is the file name without its number)
PAGE_FILES = {"tong-quan": "app.py", "kinh-phi": "pages/1_kinh-phi.py", "dao-tao": "pages/2_dao-tao.py",
              "san-pham": "pages/3_san-pham.py", "du-lieu": "pages/4_du-lieu.py",
              "nguon": "pages/5_nguon.py"}  # fmt: skip


def run(page: str, **params: str) -> AppTest:
    # From app.py, as a browser session starts: the page links resolve against the app's pages/ folder.
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    if PAGE_FILES[page] != "app.py":
        at.switch_page(PAGE_FILES[page])
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def charts(at: AppTest) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def bar_values(spec: dict) -> dict[str, list[float]]:
    """trace name -> y values of a bar chart spec."""
    return {trace["name"]: list(trace["y"]) for trace in spec["data"] if trace.get("type") == "bar"}


def texts(at: AppTest) -> str:
    parts = [
        e.value
        for kind in ("markdown", "caption", "info", "warning", "subheader", "title")
        for e in at.get(kind)
    ]
    return "\n".join(str(p) for p in parts)
