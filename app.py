"""Khuyến công dashboard. This file is the first page, Tổng quan (overview): headline figures, coverage
of the selection, a province comparison and a map.

The other pages are the scripts in pages/ (Streamlit's multipage folder: the URL path of a page is its
file name without the leading number, e.g. /kinh-phi). Streamlit's own page list is hidden
(client.showSidebarNavigation = false); the shared sidebar (ui.page.setup) draws the navigation with
st.page_link, in the chosen language and carrying the filters in the link, so a page switch keeps them.
Every page, this one included, draws that sidebar itself and runs on its own (in AppTest too).
"""

import numbers

import pandas as pd
import streamlit as st

from kc_metrics import KPI, KPIS, format_number, format_period, format_value
from kc_metrics.pick import latest_figure, periods_with_counts
from ui import data
from ui.charts import province_map
from ui.filters import area_label
from ui.i18n import t
from ui.page import Context, chart_block, guarded, md_escape, notes, source_caption, source_details

HEADLINE = ["budget_total", "budget_kcqg", "budget_kcdp", "projects", "trainees_vocational",
            "facilities_machinery", "products_provincial", "ocop_total"]  # fmt: skip


def _months(value: object) -> int | None:
    """Months covered, or None for a whole period (<NA>)."""
    return int(float(value)) if isinstance(value, numbers.Real) and value == value else None


def card(kpi: KPI, row: pd.Series | None, lang: str) -> None:
    """One KPI card: the value (money in tỷ đồng, the unit in the label), and under it the period,
    status and sources, or "no data" (never a zero)."""
    label = kpi.label(lang) + (f" ({t('billion_vnd', lang)})" if kpi.unit == "million_vnd" else "")
    if row is None:
        st.metric(md_escape(label), "—", border=True)
        st.caption(t("no_data", lang))
        return
    months = None if pd.isna(row["months"]) else int(row["months"])
    value = float(row["value"]) / (1000 if kpi.unit == "million_vnd" else 1)
    unit = "count" if kpi.unit in ("million_vnd", "people") else kpi.unit
    text = format_value(value, unit, lang, row["qualifier"])
    period = format_period(int(row["period_start"]), int(row["period_end"]), months, lang)
    status = t(f"status_{row['status']}", lang)
    written = (
        f"{t('as_written', lang)}: {row['value_as_written']}"
        if row["value_as_written"]
        else t("derived_yes", lang)
    )
    st.metric(md_escape(label), text, border=True, help=md_escape(f"{written} · {period} ({status})"))
    st.caption(
        md_escape(f"{period} · {status} · {t('sources', lang)}: {row['source_ids'].replace(';', ', ')}")
    )


def headline(ctx: Context) -> None:
    f, lang, geo = ctx.filters, ctx.lang, ctx.dataset.geography
    focus = f.focus_area
    result = data.compute(f, kpis=HEADLINE, areas=(focus,))
    st.subheader(t("headline_for", lang, geo=md_escape(area_label(focus, geo, lang))))
    if len(f.provinces) != 1:
        st.caption(t("headline_hint", lang))
    columns = st.columns(3)
    for index, kpi_id in enumerate(HEADLINE):
        kpi, row = KPIS[kpi_id], latest_figure(result, kpi_id)
        with columns[index % 3]:
            card(kpi, row, lang)
    notes(result, ctx, HEADLINE)


def coverage(ctx: Context) -> None:
    lang = ctx.lang
    records, _ = data.selected_records(ctx.filters)
    st.subheader(t("coverage", lang))
    cols = st.columns(4)
    years = "–" if records.empty else f"{records['period_start'].min()}–{records['period_end'].max()}"
    cols[0].metric(t("cov_areas", lang), format_number(records["geo_code"].nunique(), lang))
    cols[1].metric(t("cov_figures", lang), format_number(len(records), lang))
    cols[2].metric(t("cov_sources", lang), format_number(records["source_id"].nunique(), lang))
    cols[3].metric(t("cov_years", lang), years)


def comparison(ctx: Context) -> None:
    lang = ctx.lang
    available = data.compute(ctx.filters)
    kpis = [k for k in KPIS if k in set(available["kpi"])]
    if not kpis:
        st.info(t("no_data_selection", lang, what=""), icon=":material/info:")
        notes(available, ctx)
        return
    default = "budget_total" if "budget_total" in kpis else kpis[0]
    kpi_id = st.selectbox(
        t("compare_kpi", lang),
        kpis,
        index=kpis.index(default),
        format_func=lambda k: KPIS[k].label(lang),
        key="compare_kpi",
    )
    result = available[available["kpi"] == kpi_id]
    if not ctx.filters.provinces:
        # National and regional totals dwarf provinces; they are compared only when picked explicitly.
        result = result[result["geo_level"] == "province"]
        st.caption(t("compare_levels", lang))
    result.attrs.update(available.attrs)
    chart_block(
        t("compare_title", lang, kpi=md_escape(KPIS[kpi_id].label(lang))),
        result,
        [kpi_id],
        ctx,
        key=f"compare_{kpi_id}",
    )
    province_map_block(ctx, result, kpi_id)


def province_map_block(ctx: Context, result: pd.DataFrame, kpi_id: str) -> None:
    lang, geo = ctx.lang, ctx.dataset.geography
    provinces = result[result["geo_level"] == "province"]
    kpi_label = md_escape(KPIS[kpi_id].label(lang))
    if provinces.empty:
        st.info(t("map_no_period", lang, kpi=kpi_label), icon=":material/info:")
        return
    periods = periods_with_counts(provinces)
    labels = [
        format_period(int(r["period_start"]), int(r["period_end"]), _months(r["months"]), lang)
        + (f" · {t('status_plan', lang)}" if r["status"] == "plan" else "")
        for r in periods.to_dict("records")
    ]
    choice = st.selectbox(
        t("map_period", lang), range(len(labels)), format_func=lambda i: labels[i], key="map_period"
    )
    chosen = periods.iloc[choice]
    shown = provinces[
        (provinces["period_start"] == chosen["period_start"])
        & (provinces["period_end"] == chosen["period_end"])
        & (provinces["status"] == chosen["status"])
    ]
    map_id = (
        "34" if ctx.filters.geography == "current" or shown["geo_code"].str.startswith("P34").all() else "63"
    )
    shown = shown[shown["geo_code"].str.startswith(f"P{map_id}")]
    st.subheader(t("map_title", lang, kpi=kpi_label, period=labels[choice]))
    st.plotly_chart(
        province_map(shown, geo, map_id, kpi_id, lang),
        key="map",
        config={"displaylogo": False, "scrollZoom": False},
    )
    st.caption(t("map_caption", lang) + " " + source_caption(shown, ctx))
    source_details(shown, ctx)


def body(ctx: Context) -> None:
    st.caption(t("overview_intro", ctx.lang))
    headline(ctx)
    coverage(ctx)
    comparison(ctx)


guarded(body, "page_overview")
