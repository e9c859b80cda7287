"""What the benchmark measures on the dashboard's pages, read from the code without running it.

The page scripts draw when they are imported, so their KPI sets (CHARTS, HEADLINE) are read with `ast`;
the pages themselves are the "<name>.py" strings of ui/nav.py (the navigation list, relative to app.py).
Nothing here imports kc_metrics, so bench/patch_check.py can use it on a copy of the code.
"""

from __future__ import annotations

import ast
from collections.abc import Container
from pathlib import Path


def page_files(root: Path) -> list[Path]:
    """The dashboard's page scripts: every "<name>.py" string of ui/nav.py naming a file, in order
    (the navigation list), so the benchmark follows the app when pages are renamed or moved."""
    found: list[Path] = []
    for node in ast.walk(ast.parse((root / "ui" / "nav.py").read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.endswith(".py"):
            path = root / node.value
            if path.is_file() and path not in found:
                found.append(path)
    if not found:
        raise SystemExit(f"bench: {root / 'ui' / 'nav.py'} names no page script; cannot measure the pages")
    return found


def page_constants(path: Path) -> dict[str, object]:
    """CHARTS and HEADLINE of a page file, read without running it (the page draws when imported)."""
    found = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        target = node.targets[0] if isinstance(node, ast.Assign) and len(node.targets) == 1 else None
        if isinstance(target, ast.Name) and target.id in ("CHARTS", "HEADLINE"):
            found[target.id] = ast.literal_eval(node.value)
    return found


def kpi_ids(value: object, kpis: Container[str]) -> list[str]:
    """Every KPI id inside a nested list/tuple constant, in order, once."""
    out: list[str] = []
    stack = [value]
    while stack:
        item = stack.pop(0)
        if isinstance(item, str) and item in kpis and item not in out:
            out.append(item)
        elif isinstance(item, (list, tuple)):
            stack = list(item) + stack
    return out


def compute_cases(root: Path, kpis: Container[str]) -> dict[str, dict]:
    """The compute() calls the pages make: name -> kpis (None: all) and the focus area ("VN" for the
    overview's headline cards, None for every area). The overview (the page with HEADLINE) makes two:
    its headline cards and its comparison of any KPI (all KPIs)."""
    cases = {}
    for path in page_files(root):
        constants = page_constants(path)
        if "HEADLINE" in constants:
            cases[f"{path.stem}:headline"] = {"kpis": kpi_ids(constants["HEADLINE"], kpis), "focus": "VN"}
            cases[f"{path.stem}:comparison"] = {"kpis": None, "focus": None}
        elif "CHARTS" in constants:
            cases[path.stem] = {"kpis": kpi_ids(constants["CHARTS"], kpis), "focus": None}
    return cases
