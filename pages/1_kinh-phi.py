"""Kinh phí: KCQG vs KCĐP by area and period, the KCQG share, budget per project, plans beside results."""

from ui import data
from ui.i18n import t
from ui.page import Context, chart_block, guarded

CHARTS = [
    ("budget_title", ["budget_kcqg", "budget_kcdp", "budget_total"]),
    ("share_title", ["kcqg_share"]),
    ("per_project_title", ["budget_per_project"]),
    ("projects_title", ["projects_kcqg", "projects_kcdp", "projects"]),
    ("budget_other_title", ["budget_with_counterpart", "counterpart_capital", "budget_machinery",
                            "budget_training", "budget_product_recognition"]),
]  # fmt: skip


def body(ctx: Context) -> None:
    result = data.compute(ctx.filters, kpis=[k for _, kpis in CHARTS for k in kpis])
    for title, kpis in CHARTS:
        chart_block(t(title, ctx.lang), result, kpis, ctx, key=title)


guarded(body, "page_budget")
