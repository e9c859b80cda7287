"""Kinh phí: KCQG vs KCĐP, the KCQG share, budget per project, project counts, other money figures."""

from ui.blocks import ChartSpec, charts_page
from ui.page import Context, guarded

CHARTS = [
    ("budget_title", ["budget_kcqg", "budget_kcdp", "budget_total"]),
    ("share_title", ["kcqg_share"]),
    ("per_project_title", ["budget_per_project"]),
    ("projects_title", ["projects_kcqg", "projects_kcdp", "projects"]),
    ("budget_other_title", ["budget_with_counterpart", "counterpart_capital", "budget_machinery",
                            "budget_training", "budget_product_recognition"]),
]  # fmt: skip


def body(ctx: Context) -> None:
    charts_page(ctx, [ChartSpec(title, tuple(kpis)) for title, kpis in CHARTS], key="budget")


guarded(body, "page_budget")
