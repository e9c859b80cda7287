"""Sản phẩm: CNNT recognition from provincial to regional to national level, OCOP stars, market support."""

from ui import data
from ui.i18n import t
from ui.page import Context, chart_block, guarded

CHARTS = [
    (
        "funnel_title",
        ["products_entered", "products_provincial", "products_regional", "products_national"],
        False,
    ),
    ("rates_title", ["regional_rate", "national_rate"], False),
    ("ocop_title", ["ocop_3star", "ocop_4star", "ocop_5star"], True),
    ("ocop_title", ["ocop_total"], False),
    ("market_title", ["fairs", "fair_participants", "trademarks", "packaging_support", "showrooms"], False),
]


def body(ctx: Context) -> None:
    result = data.compute(ctx.filters, kpis=[k for _, kpis, _ in CHARTS for k in kpis])
    for index, (title, kpis, stacked) in enumerate(CHARTS):
        chart_block(t(title, ctx.lang), result, kpis, ctx, key=f"products_{index}", stacked=stacked)


guarded(body, "page_products")
