"""Đào tạo: trainees by kind, classes and people per class, outcomes after training."""

from ui import data
from ui.i18n import t
from ui.page import Context, chart_block, guarded

CHARTS = [
    ("trainees_title", ["trainees_vocational", "trainees_business", "trainees_study_tour"]),
    ("classes_title", ["classes", "classes_business"]),
    ("classes_title", ["trainees_per_class"]),
    ("outcomes_title", ["placement_rate", "certification_rate"]),
    ("outcomes_title", ["trainees_employed"]),
    ("outcomes_title", ["income_after_training"]),
]


def body(ctx: Context) -> None:
    result = data.compute(ctx.filters, kpis=[k for _, kpis in CHARTS for k in kpis])
    for index, (title, kpis) in enumerate(CHARTS):
        chart_block(t(title, ctx.lang), result, kpis, ctx, key=f"training_{index}")


guarded(body, "page_training")
