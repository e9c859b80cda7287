"""Đào tạo: trainees by kind, classes, people per class, outcomes after training."""

from ui.blocks import ChartSpec, charts_page
from ui.page import Context, guarded

CHARTS = [
    ("trainees_title", ["trainees_vocational", "trainees_business", "trainees_study_tour"]),
    ("classes_title", ["classes", "classes_business"]),
    ("per_class_title", ["trainees_per_class"]),
    ("outcome_rates_title", ["placement_rate", "certification_rate"]),
    ("employed_title", ["trainees_employed"]),
    ("income_title", ["income_after_training"]),
]


def body(ctx: Context) -> None:
    charts_page(ctx, [ChartSpec(title, tuple(kpis)) for title, kpis in CHARTS], key="training")


guarded(body, "page_training")
