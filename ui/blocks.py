"""Chart blocks: how every thematic page chooses and draws its data, the same way everywhere.

A page is a list of charts (a title and the KPIs it draws). It is read in one of two views:
- "compare": areas side by side, one period at a time (a period picker lists the periods that have
  data, with how many provinces each), provinces only; the nation and the regions of the same period
  are a line of context beside the chart, never bars among the provinces. With one province picked,
  every province is shown and that one is highlighted.
- "time": one area over the years (the province picked, else the region, else the nation): yearly
  figures on a year axis, multi-year totals as spans over their years.
Charts without data collapse into one line at the end of the page; each chart has at most one note.
"""

from __future__ import annotations

import functools
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

import kc_metrics
from kc_metrics import KPIS, format_period, format_value, to_csv_bytes
from kc_metrics.fmt import months_or_none
from kc_metrics.pick import disagreements, periods_with_counts
from ui import data
from ui.charts import PLOTLY_CONFIG, chart_table, comparison_chart, money_scale, timeline_chart
from ui.i18n import t
from ui.page import Context, md_escape, source_ids, source_list

View = Literal["compare", "time"]
MAX_TIMELINES = 4  # areas drawn one below the other in the time view; more is unreadable
TOP_BARS = 25  # a comparison of more provinces shows the largest ones, with a switch to see them all


@dataclass(frozen=True)
class ChartSpec:
    """One chart of a page: its title (a label key) and the KPIs it draws (all in one unit)."""

    title: str
    kpis: tuple[str, ...]


def default_view(ctx: Context) -> View:
    """Over time when the selection is one area, else a comparison."""
    return "time" if len(ctx.filters.provinces) == 1 else "compare"


def view_picker(ctx: Context, key: str) -> View:
    """The page's view switch (compare areas / over time). It follows the selection (over time for one
    area, else a comparison) until the reader picks a view, which is then kept."""
    lang = ctx.lang
    options: list[View] = ["compare", "time"]
    picked_by_reader = f"{key}_picked"
    if not st.session_state.get(picked_by_reader) or st.session_state.get(key) not in options:
        st.session_state[key] = default_view(ctx)

    def remember() -> None:
        st.session_state[picked_by_reader] = True

    chosen = st.segmented_control(
        t("view", lang),
        options,
        format_func=lambda v: t(f"view_{v}", lang),
        key=key,
        required=True,
        on_change=remember,
    )
    return "time" if chosen == "time" else "compare"


def page_key(ctx: Context, kpis: list[str] | None, view: View) -> data.ResultKey:
    """The compute() key of a page: in the comparison view with one province picked, every area (that
    province is then highlighted among the others); otherwise the selection's own areas."""
    if view == "compare" and len(ctx.filters.provinces) == 1:
        return data.result_key(ctx.filters, kpis=kpis, areas=None)
    return data.result_key(ctx.filters, kpis=kpis)


def charts_page(ctx: Context, charts: list[ChartSpec], key: str) -> None:
    """A thematic page: the view switch, then each chart; the charts with no data named in one line."""
    view = view_picker(ctx, f"view_{key}")
    result_key = page_key(ctx, sorted({k for c in charts for k in c.kpis}), view)
    empty = []
    for index, chart in enumerate(charts):
        title = t(chart.title, ctx.lang)
        left_out = chart_block(title, result_key, list(chart.kpis), ctx, f"{key}_{index}", view)
        if left_out is not None:
            empty.append(title + (f" ({t('left_out_short', ctx.lang, n=left_out)})" if left_out else ""))
    no_data_line(empty, ctx)


def no_data_line(titles: list[str], ctx: Context) -> None:
    """One line for every chart of the page that has no data (with what its note would have said)."""
    if titles:
        st.info(md_escape(t("no_data_charts", ctx.lang, charts="; ".join(titles))), icon=":material/info:")


@dataclass(frozen=True)
class ChartView:
    """Everything one chart block draws, built once per compute() result, chart, view and period and
    then shared by every rerun and session (a process-wide functools.lru_cache looked up by small
    hashable keys, cheaper than Streamlit's hashing of its arguments): a rerun only hands it to Streamlit.

    An empty chart has no figures and says how many figures were left out for reaching past the years.
    """

    left_out: int  # figures of these KPIs left out of the selection (for the no-data line)
    mode: View = "time"  # compare: provinces of one period; time: each area over the years
    period_labels: tuple[str, ...] = ()  # the comparison's period picker
    areas_total: int = 0  # provinces with a figure in the period (comparison)
    areas_shown: int = 0  # of which drawn (the TOP_BARS largest, unless all are asked for)
    unit_line: str = ""
    too_many: str = ""  # the time view's "N areas, the first M shown"
    figures: tuple[tuple[str, go.Figure], ...] = ()  # (area heading in markdown or "", figure)
    context_line: str = ""  # the nation and regions of the same period
    sources_line: str = ""
    source_list: str = ""
    note: str = ""
    csv: bytes = b""

    @property
    def has_data(self) -> bool:
        return bool(self.figures)


def chart_block(
    title: str, result_key: data.ResultKey, kpi_ids: list[str], ctx: Context, key: str, view: View
) -> int | None:
    """One chart in the page's view, with its unit and period, sources, one note and a download of
    exactly the data drawn. Returns None when drawn; when the chart has no data it draws nothing and
    returns how many figures were left out (for the page's no-data line)."""
    years = ctx.filters.years
    highlight = _highlight(ctx)
    chart = _chart_view(result_key, tuple(kpi_ids), view, 0, highlight, years)
    if not chart.has_data:
        return chart.left_out
    st.subheader(title)
    if chart.mode == "compare":
        labels = chart.period_labels
        choice = st.selectbox(
            t("compare_period", ctx.lang),
            range(len(labels)),
            format_func=labels.__getitem__,
            key=f"period_{key}",
        )
        if choice:
            chart = _chart_view(result_key, tuple(kpi_ids), view, int(choice), highlight, years)
    st.caption(chart.unit_line)
    if chart.too_many:
        st.caption(chart.too_many)
    for index, (heading, figure) in enumerate(chart.figures):
        if heading:
            st.markdown(heading)
        st.plotly_chart(figure, config=PLOTLY_CONFIG, key=f"chart_{key}" + (f"_{index}" if index else ""))
    if chart.context_line:
        st.caption(chart.context_line)
    st.caption(chart.sources_line)
    with st.expander(t("source_details", ctx.lang)):
        st.markdown(chart.source_list)
    if chart.note:
        st.caption(chart.note)
    st.download_button(
        t("download_csv", ctx.lang),
        chart.csv,
        file_name=f"{key}.csv",
        mime="text/csv",
        key=f"download_{key}",
        icon=":material/download:",
        on_click="ignore",
    )
    return None


@functools.lru_cache(maxsize=2048)
def _chart_view(
    result_key: data.ResultKey,
    kpi_ids: tuple[str, ...],
    view: View,
    choice: int,
    highlight: frozenset[str],
    years: tuple[int, int],
    show_all: bool = False,
) -> ChartView:
    """The chart `kpi_ids` of the result `result_key` in `view` (choice: the comparison's period index;
    show_all: every province, not only the TOP_BARS largest)."""
    result = data.result_of(result_key)
    lang = result_key[4]
    drawn = result[result["kpi"].isin(kpi_ids)]
    if drawn.empty:
        return ChartView(left_out=kc_metrics.left_out_count(result, kpi_ids))
    if view == "compare" and drawn["geo_level"].eq("province").any():
        parts = _comparison(drawn, list(kpi_ids), lang, highlight, choice, show_all)
    else:
        parts = _timelines(drawn, list(kpi_ids), lang, years)
    shown = parts.pop("shown")
    dataset = data.dataset_of(result_key)
    ids = source_ids(shown)
    return ChartView(
        left_out=0,
        **parts,
        sources_line=md_escape(t("chart_sources", lang, sources=", ".join(ids))),
        source_list=source_list(ids, dataset.sources.set_index("source_id"), lang),
        note=chart_note(result, shown, list(kpi_ids), lang),
        csv=to_csv_bytes(chart_table(shown, lang)),
    )


def _comparison(
    drawn: pd.DataFrame, kpi_ids: list[str], lang: str, highlight: frozenset[str], choice: int, show_all: bool
) -> dict[str, Any]:
    """Provinces of one period, with the nation and regions of the same period as a line of context.
    Of more than TOP_BARS provinces only the largest are drawn (by the sum of the chart's KPIs), and the
    highlighted one, unless show_all."""
    provinces = drawn[drawn["geo_level"] == "province"]
    periods = periods_with_counts(provinces, first_with=highlight)
    labels = tuple(
        t("period_option", lang, period=_period_text(p, lang), n=int(p["n"]))
        for p in periods.to_dict("records")
    )
    choice = min(choice, len(labels) - 1)
    same_period = _in_period(drawn, periods.iloc[choice])
    shown = same_period[same_period["geo_level"] == "province"]
    total = shown["geo_code"].nunique()
    if total > TOP_BARS and not show_all:
        largest = shown.groupby("geo_code")["value"].sum().nlargest(TOP_BARS).index
        shown = shown[shown["geo_code"].isin(set(largest) | set(highlight))]
    unit = KPIS[kpi_ids[0]].unit
    _, axis_unit = money_scale(shown["value"], unit, lang)
    context = same_period[same_period["geo_level"] != "province"]
    context_line = ""
    if not context.empty:
        figures = []
        for row in context.sort_values(["geo_level", "geo_code"]).to_dict("records"):
            kpi = KPIS[row["kpi"]]
            value = format_value(float(row["value"]), kpi.unit, lang, row["qualifier"], None, row["estimate"])
            figures.append(
                f"{row['geo_name']}: {value}" + (f" ({kpi.label(lang)})" if len(kpi_ids) > 1 else "")
            )
        context_line = md_escape(t("context_line", lang, figures="; ".join(figures)))
    return {
        "mode": "compare",
        "period_labels": labels,
        "areas_total": total,
        "areas_shown": shown["geo_code"].nunique(),
        "unit_line": f"{t('unit', lang)}: {md_escape(axis_unit)} · "
        f"{t('period', lang)}: {md_escape(labels[choice])}",
        "figures": (("", comparison_chart(shown, kpi_ids, lang, highlight)),),
        "context_line": context_line,
        "shown": pd.concat([shown, context], ignore_index=True),
    }


def _highlight(ctx: Context) -> frozenset[str]:
    """The province picked alone in the sidebar, shown in bold among the others."""
    return frozenset(ctx.filters.provinces) if len(ctx.filters.provinces) == 1 else frozenset()


def _timelines(drawn: pd.DataFrame, kpi_ids: list[str], lang: str, years: tuple[int, int]) -> dict[str, Any]:
    """Each area of the selection over time (the nation first), at most MAX_TIMELINES of them."""
    order = {"national": 0, "region": 1, "province": 2}
    areas = (
        drawn.drop_duplicates("geo_code")
        .assign(_level=lambda f: f["geo_level"].map(order))
        .sort_values(["_level", "geo_name"])["geo_code"]
        .tolist()
    )
    too_many = ""
    if len(areas) > MAX_TIMELINES:
        too_many = t("too_many_areas", lang, n=len(areas), shown=MAX_TIMELINES)
        areas = areas[:MAX_TIMELINES]
    shown = drawn[drawn["geo_code"].isin(areas)]
    unit = KPIS[kpi_ids[0]].unit
    figures = []
    for area in areas:
        rows = shown[shown["geo_code"] == area]
        heading = f"**{md_escape(rows['geo_name'].iloc[0])}**" if len(areas) > 1 else ""
        figures.append((heading, timeline_chart(rows, kpi_ids, lang)))
    return {
        "mode": "time",
        "unit_line": f"{t('unit', lang)}: {md_escape(money_scale(shown['value'], unit, lang)[1])} · "
        + t("chart_period", lang, years=f"{years[0]}–{years[1]}"),
        "too_many": too_many,
        "figures": tuple(figures),
        "shown": shown,
    }


def chart_note(result: pd.DataFrame, shown: pd.DataFrame, kpi_ids: list[str], lang: str) -> str:
    """The chart's one note, counted over its own KPIs and areas: figures left out for reaching past
    the selected years, parts of current provinces, figures not rolled up, sources that disagree."""
    areas = list(shown["geo_code"].unique())
    parts = []
    if shown["status"].eq("plan").any():
        parts.append(t("plan_hatched", lang))
    if shown["estimate"].any():
        parts.append(t("estimate_marked", lang))
    left_out = kc_metrics.left_out_count(result, kpi_ids, areas)
    if left_out:
        parts.append(t("left_out_short", lang, n=left_out))
    if (~shown["coverage_complete"].astype(bool)).any():
        parts.append(t("partial_note", lang))
    not_rolled = kc_metrics.not_rolled_up_count(result, kpi_ids, areas)
    if not_rolled:
        parts.append(t("not_rolled_up_short", lang, n=not_rolled))
    conflicts = disagreements(
        result[result["kpi"].isin(kpi_ids) & result["geo_code"].isin(areas)],
        {k: KPIS[k].additive for k in kpi_ids},
    )
    for row in conflicts.head(2).to_dict("records"):
        parts.append(disagreement_text(row, lang))
    return md_escape(" · ".join(parts))


def disagreement_text(row: Mapping[Hashable, Any], lang: str) -> str:
    """'Bắc Giang: R003 ghi 220 (2014–2020), W042 ghi 297 (2016–2020) — hai nguồn không khớp...'"""
    unit = KPIS[str(row["kpi"])].unit

    def side(s: str) -> str:
        value = format_value(float(str(row[f"value_{s}"])), unit, lang, str(row[f"qualifier_{s}"]))
        period = format_period(
            int(str(row[f"period_start_{s}"])), int(str(row[f"period_end_{s}"])), None, lang
        )
        sources = str(row[f"source_ids_{s}"]).replace(";", ", ")
        said = t("source_says", lang, source=sources, value=value, period=period)
        scope = str(row.get(f"scope_{s}") or "")
        return f"{said} ({t('scope', lang).lower()}: {scope})" if scope else said

    return t("disagreement", lang, kpi=KPIS[str(row["kpi"])].label(lang), a=side("a"), b=side("b"))


def _period_text(period: Mapping[Hashable, Any], lang: str) -> str:
    start, end = int(str(period["period_start"])), int(str(period["period_end"]))
    text = format_period(start, end, months_or_none(period["months"]), lang, period.get("as_of") or None)
    return text + (f" · {t('status_plan', lang)}" if period["status"] == "plan" else "")


def _in_period(frame: pd.DataFrame, period: pd.Series) -> pd.DataFrame:
    same_months = (
        frame["months"].isna() if pd.isna(period["months"]) else frame["months"].eq(period["months"])
    )
    return frame[
        frame["period_start"].eq(period["period_start"])
        & frame["period_end"].eq(period["period_end"])
        & frame["as_of"].eq(period["as_of"])
        & frame["status"].eq(period["status"])
        & same_months.fillna(False).astype(bool)
    ]
