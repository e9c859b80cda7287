"""The KPI catalogue: every figure the dashboard can show, with labels, unit, definition and rule.

Three kinds of KPI:
- "reported": a metric of the dataset as the source states it (one KPI per metric of data/metrics.csv);
  the three budget and project KPIs take one programme each.
- "total": the programme total as reported; where a source gives only KCQG and KCĐP, their sum (derived).
- "ratio": numerator / denominator (x 100 for a percentage), computed from figures of the same geography,
  period and status; a reported value of the same KPI, where one exists, wins over the computed one.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass

from kc_metrics import schema


@dataclass(frozen=True)
class KPI:
    """One KPI: what it is, in what unit, how it is obtained, and whether provinces may be summed."""

    id: str
    label_vi: str
    label_en: str
    unit: str
    category: str
    definition: str
    additive: bool
    kind: str  # "reported" | "total" | "ratio"
    metric: str | None = None  # the dataset metric behind a reported or total KPI
    program: str | None = None  # the programme a reported KPI is restricted to (None: any)
    parts: tuple[str, ...] = ()  # a total's parts (KPI ids)
    numerator: str | None = None
    denominator: tuple[str, ...] = ()  # summed when several (kcqg_share: KCQG + KCĐP)
    scale: float = 1.0

    def label(self, lang: str) -> str:
        return self.label_en if lang == "en" else self.label_vi


def _metric_rows() -> list[dict[str, str]]:
    path = schema.DATA_DIR / "metrics.csv"
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            return list(csv.DictReader(f))
    except OSError:
        return []  # the loader reports a missing catalogue with its own clear message


# Programme-split KPIs of the budget and the project count; their metrics are not KPIs themselves.
_SPLIT = {
    "budget": [
        (
            "budget_kcqg",
            "kcqg",
            "Kinh phí KCQG",
            "KCQG budget",
            "State budget of the national programme (KCQG).",
        ),
        (
            "budget_kcdp",
            "kcdp",
            "Kinh phí KCĐP",
            "KCĐP budget",
            "State budget of the local programme (KCĐP).",
        ),
    ],
    "projects": [
        ("projects_kcqg", "kcqg", "Số đề án KCQG", "KCQG projects", "Đề án of the national programme."),
        ("projects_kcdp", "kcdp", "Số đề án KCĐP", "KCĐP projects", "Đề án of the local programme."),
    ],
}
_TOTALS = {
    "budget": (
        "budget_total",
        "Tổng kinh phí khuyến công",
        "Total industrial-promotion budget",
        "Reported total of KCQG and KCĐP state budget; where a source gives only the two programmes, "
        "budget_kcqg + budget_kcdp (derived). Million VND.",
    ),
    "projects": (
        "projects",
        "Tổng số đề án",
        "Projects (đề án), all programmes",
        "Reported number of đề án of all programmes; where only the programmes are given, "
        "projects_kcqg + projects_kcdp (derived).",
    ),
}
_RATIOS = [
    KPI(
        "kcqg_share",
        "Tỷ trọng KCQG trong kinh phí",
        "KCQG share of the budget",
        "percent",
        "budget",
        "budget_kcqg / (budget_kcqg + budget_kcdp) × 100, same geography and period; a reported share is "
        "shown as reported. Denominator: the two programmes' budgets.",
        False,
        "ratio",
        metric="kcqg_share",
        numerator="budget_kcqg",
        denominator=("budget_kcqg", "budget_kcdp"),
        scale=100.0,
    ),
    KPI(
        "budget_per_project",
        "Kinh phí bình quân một đề án",
        "Budget per project",
        "million_vnd",
        "budget",
        "budget_total / projects, same geography and period. Million VND per đề án.",
        False,
        "ratio",
        numerator="budget_total",
        denominator=("projects",),
    ),
    KPI(
        "trainees_per_class",
        "Học viên bình quân một lớp",
        "Trainees per class",
        "people",
        "training",
        "trainees_vocational / classes (vocational classes), same geography and period. People per class.",
        False,
        "ratio",
        numerator="trainees_vocational",
        denominator=("classes",),
    ),
    KPI(
        "regional_rate",
        "Tỷ lệ sản phẩm cấp tỉnh đạt cấp khu vực",
        "Provincial winners recognised regionally",
        "percent",
        "products",
        "products_regional / products_provincial × 100, same geography and period.",
        False,
        "ratio",
        numerator="products_regional",
        denominator=("products_provincial",),
        scale=100.0,
    ),
    KPI(
        "national_rate",
        "Tỷ lệ sản phẩm cấp tỉnh đạt cấp quốc gia",
        "Provincial winners recognised nationally",
        "percent",
        "products",
        "products_national / products_provincial × 100, same geography and period.",
        False,
        "ratio",
        numerator="products_national",
        denominator=("products_provincial",),
        scale=100.0,
    ),
]


def build_catalogue(metric_rows: list[dict[str, str]]) -> dict[str, KPI]:
    """KPI id -> KPI, from the metric catalogue plus the programme splits, totals and ratios."""
    kpis: dict[str, KPI] = {}
    ratio_ids = {k.id for k in _RATIOS}
    for row in metric_rows:
        metric, additive = row["metric"], row["additive"] == "true"
        common = dict(unit=row["unit"], category=row["category"], additive=additive, metric=metric)
        if metric in _SPLIT:
            for kpi_id, program, vi, en, definition in _SPLIT[metric]:
                kpis[kpi_id] = KPI(
                    kpi_id, vi, en, definition=definition, kind="reported", program=program, **common
                )
            total_id, vi, en, definition = _TOTALS[metric]
            parts = tuple(k[0] for k in _SPLIT[metric])
            kpis[total_id] = KPI(
                total_id, vi, en, definition=definition, kind="total", program="all", parts=parts, **common
            )
        elif metric not in ratio_ids:
            kpis[metric] = KPI(
                metric,
                row["label_vi"],
                row["label_en"],
                definition=row["definition"],
                kind="reported",
                **common,
            )
    for ratio in _RATIOS:
        kpis[ratio.id] = ratio
    return kpis


KPIS: dict[str, KPI] = build_catalogue(_metric_rows())

# The metric and programme a reported or total KPI reads: (metric, program) -> KPI id.
SPLIT_KPI_OF = {
    (k.metric, k.program): k.id
    for k in KPIS.values()
    if k.kind in ("reported", "total") and k.metric in _SPLIT
}
