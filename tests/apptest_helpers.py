"""Running the dashboard's pages in AppTest, and reading what they drew (shared by the page tests)."""

from __future__ import annotations

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
# page name in the tests -> page script (the URL path is the file name without its number)
PAGE_FILES = {"tong-quan": "app.py", "kinh-phi": "pages/1_kinh-phi.py", "dao-tao": "pages/2_dao-tao.py",
              "san-pham": "pages/3_san-pham.py", "du-lieu": "pages/4_du-lieu.py",
              "nguon": "pages/5_nguon.py", "ho-so-tinh": "pages/6_ho-so-tinh.py"}  # fmt: skip


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


def bars(spec: dict) -> list[dict]:
    """Every bar a chart draws, from what the figure keeps of it (customdata): the trace's name, area
    code, geography level, period start and end, and the value in the KPI's own unit (money in million
    VND, whatever the axis shows); with the bar's text and hover."""
    out = []
    for trace in spec["data"]:
        if trace.get("type") != "bar":
            continue
        for index, (code, level, start, end, value) in enumerate(trace["customdata"]):
            out.append(
                {"name": trace["name"], "geo": code, "level": level, "start": start, "end": end,
                 "value": value, "text": trace["text"][index], "hover": trace["hovertext"][index]}
            )  # fmt: skip
    return out


def bar_values(spec: dict) -> dict[str, list[float]]:
    """trace name -> the values of its bars, in the KPI's own unit."""
    out: dict[str, list[float]] = {}
    for bar in bars(spec):
        out.setdefault(bar["name"], []).append(bar["value"])
    return out


def texts(at: AppTest) -> str:
    parts = [
        e.value
        for kind in ("markdown", "caption", "info", "warning", "subheader", "title")
        for e in at.get(kind)
    ]
    return "\n".join(str(p) for p in parts)


def download(at: AppTest, key: str, downloads: dict[str, bytes]) -> bytes:
    """The bytes a download button gives (`downloads`: the conftest fixture): its stored file, or, for
    a button that builds its file only when clicked (data given as a callable), the file built as a
    click would build it."""
    proto = at.download_button(key=key).proto
    if proto.url:
        return downloads[proto.url]
    assert proto.deferred_file_id, f"{key} offers no file"
    built = downloads.deferred[proto.deferred_file_id]()  # type: ignore[attr-defined]
    return built if isinstance(built, bytes) else str(built).encode("utf-8")
