"""Khuyến công dashboard. This file is the first page, Tổng quan (overview): the headline figures of
the area in focus (each the figure that fits the selected years best), the coverage of the selection,
and a comparison of provinces with a map (by default, how many figures each province has).

The other pages are the scripts in pages/ (Streamlit's multipage folder: the URL path of a page is its
file name without the leading number, e.g. /kinh-phi). Streamlit's own page list is hidden
(client.showSidebarNavigation = false); the shared sidebar (ui.page.setup) draws the navigation with
st.page_link, in the chosen language and carrying the filters in the link, so a page switch keeps them.
Every page, this one included, draws that sidebar itself and runs on its own (in AppTest too).
"""

import functools
import html
from collections.abc import Hashable
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from kc_metrics import KPI, KPIS, format_number, format_period, format_value, select_records, unit_label
from kc_metrics.fmt import months_or_none
from kc_metrics.pick import (
    best_figure,
    disagreements,
    figures_per_province,
    fit_to_years,
    periods_with_counts,
)
from ui import data
from ui.blocks import chart_block, disagreement_text, page_key
from ui.charts import money_scale
from ui.filters import area_label
from ui.i18n import t
from ui.page import Context, guarded, md_escape
from ui.vn_map import province_map

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


@functools.lru_cache(maxsize=256)
def _cards(
    result_key: data.ResultKey, years: tuple[int, int]
) -> tuple[list[tuple[str, pd.Series]], list[dict[Hashable, Any]]]:
    """The headline's cards (KPI id, the figure that fits the years best) and the disagreements among
    them, built once per selection (shared, read-only)."""
    result = data.result_of(result_key)
    sources = data.dataset_of(result_key).sources
    with_data = set(result["kpi"])
    chosen = [k for k in HEADLINE if k in with_data] + [
        k for k in KPIS if k in with_data and k not in HEADLINE
    ]
    reports = sources.loc[sources["kind"].eq("report"), "source_id"]
    cards = []
    for kpi_id in chosen[:MAX_CARDS]:
        row = best_figure(result, kpi_id, years, reports)
        if row is not None:
            cards.append((kpi_id, row))
    conflicts = disagreements(result, {k: v.additive for k, v in KPIS.items()})
    shown = {kpi_id for kpi_id, _ in cards}
    return cards, conflicts[conflicts["kpi"].isin(shown)].to_dict("records")


def headline(ctx: Context) -> None:
    """Cards for the KPIs that have data for the area in focus (never a row of dashes)."""
    f, lang, geo = ctx.filters, ctx.lang, ctx.dataset.geography
    focus = f.focus_area
    cards, conflicts = _cards(data.result_key(f, kpis=None, areas=(focus,)), f.years)
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


@functools.lru_cache(maxsize=256)
def _coverage(result_key: data.ResultKey) -> tuple[int, int, int, str, str]:
    """Areas, figures, sources, years spanned and latest year of the selection's records (once per
    selection; selecting the records of a large dataset is the slow part)."""
    dataset, selection = data.dataset_of(result_key), result_key[2]
    records, _ = select_records(dataset.records, selection, geo_table=dataset.geography)
    if records.empty:
        return 0, 0, 0, "–", "–"
    first, last = records["period_start"].min(), records["period_end"].max()
    return (
        records["geo_code"].nunique(),
        len(records),
        records["source_id"].nunique(),
        f"{first}–{last}",
        str(last),
    )


def coverage(ctx: Context) -> None:
    lang = ctx.lang
    areas, figures, sources, years, latest = _coverage(data.result_key(ctx.filters))
    st.subheader(t("coverage", lang))
    cols = st.columns(5)
    cols[0].metric(t("cov_areas", lang), format_number(areas, lang))
    cols[1].metric(t("cov_figures", lang), format_number(figures, lang))
    cols[2].metric(t("cov_sources", lang), format_number(sources, lang))
    cols[3].metric(t("cov_years", lang), years)
    cols[4].metric(t("cov_latest", lang), latest)


@functools.lru_cache(maxsize=256)
def _counts_map(result_key: data.ResultKey) -> go.Figure | None:
    """The map of how many figures each province of the selection has (None: no province has any),
    built once per selection (shared, read-only)."""
    dataset, selection, lang = data.dataset_of(result_key), result_key[2], result_key[4]
    records, _ = select_records(dataset.records, selection, geo_table=dataset.geography)
    counts = figures_per_province(records, selection.geography, dataset.geography)
    if counts.empty:
        return None
    return province_map(
        counts, dataset.geography, _map_id(selection.geography, counts["geo_code"]), lang,
        value_label=t("figure_count", lang), unit_label=t("cov_figures", lang),
        format_value=lambda v: format_number(v, lang, 0),
    )  # fmt: skip


def comparison(ctx: Context) -> None:
    lang = ctx.lang
    result_key = page_key(ctx, None, "compare")
    available = data.result_of(result_key)
    with_provinces = set(available.loc[available["geo_level"].eq("province"), "kpi"])
    kpis = [k for k in KPIS if k in with_provinces]
    options = [FIGURE_COUNT, *kpis]
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
    figure = _counts_map(data.result_key(ctx.filters))
    if figure is None:
        st.info(t("no_data_charts", lang, charts=t("figure_count", lang)), icon=":material/info:")
        return
    st.caption(t("figure_count_caption", lang))
    st.plotly_chart(figure, key="map_counts", config={"displaylogo": False, "scrollZoom": False})


def map_block(ctx: Context, result_key: data.ResultKey, kpi_id: str) -> None:
    """The chosen KPI on the map, for the period the comparison chart shows."""
    picked = int(st.session_state.get(f"period_compare_{kpi_id}") or 0)  # the chart above's period
    drawn = _kpi_map(result_key, kpi_id, picked, frozenset(ctx.filters.provinces))
    if drawn is None:
        return
    title, figure = drawn
    st.markdown(title)
    st.plotly_chart(figure, key="map", config={"displaylogo": False, "scrollZoom": False})
    st.caption(t("map_caption", ctx.lang))


@functools.lru_cache(maxsize=512)
def _kpi_map(
    result_key: data.ResultKey, kpi_id: str, picked: int, provinces: frozenset[str]
) -> tuple[str, go.Figure] | None:
    """(title, map) of one KPI's provinces in the period `picked` of the comparison's picker, built once
    per selection and period (shared, read-only); None when no province has the KPI."""
    available, lang = data.result_of(result_key), result_key[4]
    geography, mode = data.dataset_of(result_key).geography, result_key[2].geography
    rows = available[(available["kpi"] == kpi_id) & available["geo_level"].eq("province")]
    if rows.empty:
        return None
    periods = periods_with_counts(rows, first_with=provinces if len(provinces) == 1 else frozenset())
    chosen = periods.iloc[min(picked, len(periods) - 1)]
    shown = rows[
        rows["period_start"].eq(chosen["period_start"])
        & rows["period_end"].eq(chosen["period_end"])
        & rows["as_of"].eq(chosen["as_of"])
        & rows["status"].eq(chosen["status"])
    ].drop_duplicates("geo_code")
    kpi = KPIS[kpi_id]
    divisor, axis_unit = money_scale(shown["value"], kpi.unit, lang)
    months, as_of = months_or_none(chosen["months"]), str(chosen["as_of"]) or None
    period = format_period(int(chosen["period_start"]), int(chosen["period_end"]), months, lang, as_of)
    extra = {}
    for r in shown.to_dict("records"):
        written = r["value_as_written"] or t("derived_yes", lang)
        sources = str(r["source_ids"]).replace(";", ", ")
        lines = [f"{t('as_written', lang)}: {written}", f"{t('sources', lang)}: {sources}"]
        extra[str(r["geo_code"])] = "<br>".join(html.escape(line) for line in lines)
    figure = province_map(
        shown.assign(value=shown["value"] / divisor), geography, _map_id(mode, shown["geo_code"]), lang,
        value_label=kpi.label(lang), unit_label=axis_unit,
        format_value=lambda v: format_value(v * divisor, kpi.unit, lang), hover_extra=extra,
    )  # fmt: skip
    return f"**{md_escape(t('map_title', lang, kpi=kpi.label(lang), period=period))}**", figure


def _map_id(geography: str, codes: pd.Series) -> str:
    """The 34-province map in current mode or when every figure is of a current province, else the 63."""
    if geography == "current" or (len(codes) and codes.str.startswith("P34").all()):
        return "34"
    return "63"


def body(ctx: Context) -> None:
    st.caption(t("overview_intro", ctx.lang))
    headline(ctx)
    coverage(ctx)
    comparison(ctx)


guarded(body, "page_overview")
