"""What every page does around its own content: load the data (or show a friendly error page), draw
the shared sidebar, title the page, and render chart blocks the same way everywhere."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

import kc_metrics
from ui import data
from ui.filters import Filters, render_sidebar
from ui.i18n import t
from ui.tables import outlet_text

log = logging.getLogger("khuyen_cong")
ICON = Path(__file__).resolve().parents[1] / "assets" / "icon.png"


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
    asked = st.session_state.get("lang") or st.query_params.get("lang")
    # ?print=1: a page laid out for paper (one column, sidebar folded, which Streamlit then leaves out)
    printing = st.query_params.get("print") == "1"
    st.set_page_config(
        page_title=t("tab_title", str(asked)),
        page_icon=str(ICON),
        layout="centered" if printing else "wide",
        initial_sidebar_state="collapsed" if printing else "auto",
    )
    lang = st.session_state.get("lang") or "vi"
    try:
        dataset = data.dataset()
    except kc_metrics.DataError as err:
        st.title(t("app_title", lang))
        st.error(t("data_error_title", lang))
        with st.expander(t("data_error_help", lang)):
            st.code("\n".join(str(p) for p in err.problems[:200]), language=None)
        st.stop()
    except Exception:  # a data folder that cannot be read at all: a plain message, details in the log
        log.exception("the data could not be loaded")
        st.title(t("app_title", lang))
        st.error(t("data_error_title", lang))
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


def source_list(ids: list[str], sources: pd.DataFrame, lang: str) -> str:
    """Markdown list of sources: id, title, outlet, date (all escaped). `sources` is indexed by id."""
    lines = []
    for source_id in ids:
        if source_id not in sources.index:
            continue
        row = sources.loc[source_id]
        date = f", {row['published']}" if row["published"] else ""
        lines.append(
            f"- **{source_id}**: {md_escape(row['title'])} — "
            f"{md_escape(outlet_text(str(row['outlet']), lang))}{md_escape(date)}"
        )
    return "\n".join(lines)


def source_details(result: pd.DataFrame, ctx: Context) -> None:
    """A folded list of the sources behind a chart: id, title, outlet, date (all escaped)."""
    with st.expander(t("source_details", ctx.lang)):
        st.markdown(source_list(source_ids(result), ctx.dataset.sources.set_index("source_id"), ctx.lang))
