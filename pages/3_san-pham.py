"""Sản phẩm: CNNT recognition from provincial to regional to national level, OCOP stars, market support."""

from ui.blocks import ChartSpec, charts_page
from ui.page import Context, guarded

CHARTS = [
    ("funnel_title", ["products_entered", "products_provincial", "products_regional", "products_national"]),
    ("rates_title", ["regional_rate", "national_rate"]),
    ("ocop_title", ["ocop_3star", "ocop_4star", "ocop_5star"]),
    ("ocop_total_title", ["ocop_total"]),
    ("market_title", ["fairs", "fair_participants", "trademarks", "packaging_support", "showrooms"]),
]


def body(ctx: Context) -> None:
    charts_page(ctx, [ChartSpec(title, tuple(kpis)) for title, kpis in CHARTS], key="products")


guarded(body, "page_products")
