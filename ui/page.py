"""What every page does around its own content: load the data (or show a friendly error page), draw
the shared sidebar, title the page, and render chart blocks the same way everywhere."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

import kc_metrics
from kc_metrics import KPIS, to_csv_bytes, unit_label
from ui import data
from ui.charts import bar_chart, chart_table
from ui.filters import Filters, render_sidebar
from ui.i18n import t

log = logging.getLogger("khuyen_cong")
ICON = Path(__file__).resolve().parents[1] / "assets" / "icon.png"
PLOTLY_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"], "locale": "vi"}


@dataclass(frozen=True)
class Context:
    filters: Filters
    dataset: kc_metrics.Dataset

    @property
    def lang(self) -> str:
        return self.filters.lang


def md_escape(text: object) -> str:
    """Data-derived text made inert for Streamlit markdown: no link or image (brackets), no HTML
    (angle brackets), no emphasis, code, maths or table syntax. Punctuation that is harmless on its own
    (parentheses, dots, colons) is left as it is, so labels read normally."""
    return re.sub(r"([\\`*_\[\]<>~$|#])", r"\\\1", str(text))


def year_range(records: pd.DataFrame) -> tuple[int, int]:
    if records.empty:
        return (2005, 2025)
    return int(records["period_start"].min()), int(records["period_end"].max())


def setup(page_key: str) -> Context:
    """Configure the page, load the data, draw the sidebar (with the navigation) and the page title. A
    broken data file ends the page here with a friendly explanation (and, for the curator, the list of
    problems), never a traceback."""
    st.set_page_config(page_title="Khuyến công", page_icon=str(ICON), layout="wide")
    try:
        dataset = data.dataset()
    except kc_metrics.DataError as err:
        lang = st.session_state.get("lang") or "vi"
        st.title(t("app_title", lang))
        st.error(t("data_error_title", lang))
        with st.expander(t("data_error_help", lang)):
            st.code("\n".join(str(p) for p in err.problems[:200]), language=None)
        st.stop()
    filters = render_sidebar(dataset.geography, year_range(dataset.records))
    st.title(t(page_key, filters.lang))
    problems = data.data_problems()
    if problems:
        st.warning(t("data_stale", filters.lang), icon=":material/warning:")
        with st.expander(t("data_error_help", filters.lang)):
            st.code("\n".join(str(p) for p in problems[:200]), language=None)
    return Context(filters=filters, dataset=dataset)


def guarded(body: Callable[[Context], None], page_key: str) -> None:
    """Run a page; an unexpected error becomes a plain message (the details go to the server log)."""
    ctx = setup(page_key)
    try:
        body(ctx)
    except Exception:
        log.exception("page %s failed", page_key)
        st.error(t("unexpected_error", ctx.lang))


def source_ids(result: pd.DataFrame) -> list[str]:
    return sorted({i for v in result["source_ids"] for i in str(v).split(";") if i})


def source_caption(result: pd.DataFrame, ctx: Context) -> str:
    """'Sources: R001, W118.' for the sources a frame draws on (their titles are in source_details)."""
    return md_escape(t("chart_sources", ctx.lang, sources=", ".join(source_ids(result))))


def source_details(result: pd.DataFrame, ctx: Context) -> None:
    """A folded list of the sources behind a chart: id, title, outlet, date (all escaped)."""
    sources = ctx.dataset.sources.set_index("source_id")
    lines = []
    for source_id in source_ids(result):
        if source_id not in sources.index:
            continue
        row = sources.loc[source_id]
        date = f", {row['published']}" if row["published"] else ""
        lines.append(
            f"- **{source_id}**: {md_escape(row['title'])} — {md_escape(row['outlet'])}{md_escape(date)}"
        )
    with st.expander(t("source_details", ctx.lang)):
        st.markdown("\n".join(lines))


def notes(result: pd.DataFrame, ctx: Context, kpi_ids: list[str] | None = None) -> None:
    """The honest footnotes of a chart, counted over its own KPIs (None: every KPI of `result`): how
    many figures were left out because their period reaches past the selected years, and what covers
    only part of a current province or could not be rolled up."""
    lang = ctx.lang
    left_out = kc_metrics.left_out_count(result, kpi_ids)
    if left_out:
        st.info(t("left_out_note", lang, n=left_out), icon=":material/info:")
    if "coverage_complete" in result and (~result["coverage_complete"].astype(bool)).any():
        st.caption(t("partial_note", lang))
    not_rolled = kc_metrics.not_rolled_up_count(result, kpi_ids)
    if not_rolled:
        st.caption(t("not_rolled_up_note", lang, n=not_rolled))


@st.cache_data(show_spinner=False, max_entries=1024)
def bar_chart_parts(
    drawn: pd.DataFrame, kpi_ids: tuple[str, ...], lang: str, stacked: bool
) -> tuple[go.Figure, bytes]:
    """The figure and the CSV of exactly the data it draws, built once per selection (a rerun that
    changes nothing else, or another user with the same selection, reuses them)."""
    return bar_chart(drawn, list(kpi_ids), lang, stacked=stacked), to_csv_bytes(chart_table(drawn, lang))


def chart_block(
    title: str,
    result: pd.DataFrame,
    kpi_ids: list[str],
    ctx: Context,
    key: str,
    *,
    stacked: bool = False,
) -> bool:
    """Title (with unit and period), the chart, its sources, its notes and a download of exactly the
    data drawn. An empty selection gives a clear message instead. Returns whether a chart was drawn."""
    lang = ctx.lang
    drawn = result[result["kpi"].isin(kpi_ids)]
    unit = unit_label(KPIS[kpi_ids[0]].unit, lang)
    years = f"{ctx.filters.years[0]}–{ctx.filters.years[1]}"
    st.subheader(title)
    if drawn.empty:
        labels = md_escape(", ".join(KPIS[k].label(lang) for k in kpi_ids))
        st.info(
            t("no_data_selection", lang, what=labels),
            icon=":material/info:",
        )
        notes(result, ctx, kpi_ids)
        return False
    st.caption(f"{t('unit', lang)}: {md_escape(unit)} · {t('chart_period', lang, years=years)}")
    figure, csv_bytes = bar_chart_parts(drawn, tuple(kpi_ids), lang, stacked)
    st.plotly_chart(figure, config=PLOTLY_CONFIG, key=f"chart_{key}")
    missing = [KPIS[k].label(lang) for k in kpi_ids if k not in set(drawn["kpi"])]
    if missing:
        st.caption(md_escape(t("missing_kpis", lang, kpis=", ".join(missing))))
    st.caption(source_caption(drawn, ctx))
    source_details(drawn, ctx)
    notes(result, ctx, kpi_ids)
    st.download_button(
        t("download_csv", lang),
        csv_bytes,
        file_name=f"{key}.csv",
        mime="text/csv",
        key=f"download_{key}",
        icon=":material/download:",
        on_click="ignore",
    )
    return True
