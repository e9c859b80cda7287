"""Khuyến công dashboard. This file is the first page, Tổng quan (overview): the headline figures of
the area in focus (each the figure that fits the selected years best), the coverage of the selection,
and a comparison of provinces with a map (by default, how many figures each province has).

The other pages are the scripts in pages/ (Streamlit's multipage folder: the URL path of a page is its
file name without the leading number, e.g. /kinh-phi). Streamlit's own page list is hidden
(client.showSidebarNavigation = false); the shared sidebar (ui.page.setup) draws the navigation with
st.page_link, in the chosen language and carrying the filters in the link, so a page switch keeps them.
Every page, this one included, draws that sidebar itself and runs on its own (in AppTest too).
"""

import pandas as pd
import streamlit as st

from kc_metrics import KPI, KPIS, format_number, format_period, format_value, unit_label
from kc_metrics.fmt import months_or_none
from kc_metrics.pick import fit_to_years
from ui import data, views
from ui.blocks import chart_block, disagreement_text, page_key
from ui.filters import area_label
from ui.i18n import t
from ui.page import Context, guarded, md_escape

# The cards' order of preference; any other KPI with data follows, in the catalogue's order.
HEADLINE = ["budget_total", "budget_kcqg", "budget_kcdp", "projects", "trainees_vocational",
            "facilities_machinery", "products_provincial", "ocop_total"]  # fmt: skip
MAX_CARDS = 8
FIGURE_COUNT = "_figures"  # the comparison's first option: how many figures each province has


def card(kpi: KPI, row: pd.Series, ctx: Context) -> None:
    """One KPI card: the value (money in tỷ đồng, the unit in the label); under it the period and how
    it fits the selected years, the status and the sources."""
    lang = ctx.lang
    # The number alone in the card; its unit, where it has words, in the label (money in tỷ đồng).
    in_label = t("billion_vnd", lang) if kpi.unit == "million_vnd" else unit_label(kpi.unit, lang)
    shown_in_label = kpi.unit not in ("count", "people", "percent")
    label = kpi.label(lang) + (f" ({in_label})" if shown_in_label else "")
    months = months_or_none(row["months"])
    value = float(row["value"]) / (1000 if kpi.unit == "million_vnd" else 1)
    unit = "count" if kpi.unit != "percent" else kpi.unit
    text = format_value(value, unit, lang, row["qualifier"], None, bool(row["estimate"]))
    period = format_period(
        int(row["period_start"]), int(row["period_end"]), months, lang, row["as_of"] or None
    )
    covered, selected = fit_to_years(row, ctx.filters.years)
    fit = (
        t("fit_exact", lang)
        if covered == selected and months is None
        else t("fit_partial", lang, n=covered, of=selected)
    )
    status = t(f"status_{row['status']}", lang)
    sources = str(row["source_ids"]).replace(";", ", ")
    if row["formula"]:
        written = f"{t('computed_by_curator', lang)}: {row['formula']}"
    elif row["value_as_written"]:
        written = f"{t('as_written', lang)}: {row['value_as_written']}"
    else:
        written = t("derived_yes", lang)
    if row["estimate"]:
        written = f"{t('estimate_note', lang)} · {written}"
    if row["scope"]:
        written += f" · {t('scope', lang)}: {row['scope']}"
    with st.container(border=True):
        # the label as text of its own, so a long indicator name wraps instead of being cut off
        st.markdown(f"**{md_escape(label)}**")
        st.metric(
            md_escape(label),
            text,
            label_visibility="collapsed",
            help=md_escape(f"{written} · {period} ({status})"),
        )
        st.caption(md_escape(f"{period} · {fit} · {status} · {t('sources', lang)}: {sources}"))


def headline(ctx: Context) -> None:
    """Cards for the KPIs that have data for the area in focus (never a row of dashes)."""
    f, lang, geo = ctx.filters, ctx.lang, ctx.dataset.geography
    focus = f.focus_area
    cards, conflicts = views.headline_cards(
        data.result_key(f, kpis=None, areas=(focus,)), f.years, tuple(HEADLINE), MAX_CARDS
    )
    st.subheader(t("headline_for", lang, geo=md_escape(area_label(focus, geo, lang))))
    if len(f.provinces) != 1:
        st.caption(t("headline_hint", lang))
    if not cards:
        st.info(t("no_data_area", lang), icon=":material/info:")
        return
    for first in range(0, len(cards), 4):  # a row of columns at a time: a phone stacks them in order
        columns = st.columns(4)
        for column, (kpi_id, row) in zip(columns, cards[first : first + 4], strict=False):
            with column:
                card(KPIS[kpi_id], row, ctx)
    for pair in conflicts:
        st.caption(md_escape(disagreement_text(pair, lang)))


def coverage(ctx: Context) -> None:
    lang = ctx.lang
    areas, figures, sources, years, latest = views.coverage_counts(data.result_key(ctx.filters))
    st.subheader(t("coverage", lang))
    cols = st.columns(5)
    cols[0].metric(t("cov_areas", lang), format_number(areas, lang))
    cols[1].metric(t("cov_figures", lang), format_number(figures, lang))
    cols[2].metric(t("cov_sources", lang), format_number(sources, lang))
    cols[3].metric(t("cov_years", lang), years)
    cols[4].metric(t("cov_latest", lang), latest)


def comparison(ctx: Context) -> None:
    lang = ctx.lang
    result_key = page_key(ctx, None, "compare")
    options = [FIGURE_COUNT, *views.kpis_with_provinces(result_key)]
    st.subheader(t("compare_section", lang))
    kpi_id = st.selectbox(
        t("compare_kpi", lang),
        options,
        format_func=lambda k: t("figure_count", lang) if k == FIGURE_COUNT else KPIS[k].label(lang),
        key="compare_kpi",
    )
    if kpi_id == FIGURE_COUNT:
        counts_block(ctx)
        return
    title = t("compare_title", lang, kpi=KPIS[kpi_id].label(lang))
    chart_block(md_escape(title), result_key, [kpi_id], ctx, f"compare_{kpi_id}", "compare")
    map_block(ctx, result_key, kpi_id)


def counts_block(ctx: Context) -> None:
    """Figures per province on the map, so the landing page shows where data exists."""
    lang = ctx.lang
    figure = views.counts_map(data.result_key(ctx.filters))
    if figure is None:
        st.info(t("no_data_charts", lang, charts=t("figure_count", lang)), icon=":material/info:")
        return
    st.caption(t("figure_count_caption", lang))
    st.plotly_chart(figure, key="map_counts", config={"displaylogo": False, "scrollZoom": False})


def map_block(ctx: Context, result_key: data.ResultKey, kpi_id: str) -> None:
    """The chosen KPI on the map, for the period the comparison chart shows."""
    picked = int(st.session_state.get(f"period_compare_{kpi_id}") or 0)  # the chart above's period
    drawn = views.kpi_map(result_key, kpi_id, picked, frozenset(ctx.filters.provinces))
    if drawn is None:
        return
    title, figure = drawn
    st.markdown(title)
    st.plotly_chart(figure, key="map", config={"displaylogo": False, "scrollZoom": False})
    st.caption(t("map_caption", ctx.lang))


def body(ctx: Context) -> None:
    st.caption(t("overview_intro", ctx.lang))
    headline(ctx)
    coverage(ctx)
    comparison(ctx)


guarded(body, "page_overview")
