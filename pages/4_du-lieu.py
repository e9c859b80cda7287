"""Dữ liệu: the figures of the selection with their sources; CSV and Excel downloads."""

from datetime import datetime

import pandas as pd
import streamlit as st

from kc_metrics import to_csv_bytes, to_xlsx_bytes
from ui import data
from ui.i18n import t
from ui.page import Context, guarded
from ui.tables import for_display, records_table, sources_table


@st.cache_data(show_spinner=False, max_entries=64)
def workbook_bytes(sheets: dict[str, pd.DataFrame]) -> bytes:
    """The XLSX export, built once per selection, language and minute of export."""
    return to_xlsx_bytes(sheets)


@st.cache_data(show_spinner=False, max_entries=64)
def csv_bytes(table: pd.DataFrame) -> bytes:
    return to_csv_bytes(table)


def body(ctx: Context) -> None:
    lang, f = ctx.lang, ctx.filters
    st.caption(t("data_intro", lang))
    records, left_out = data.selected_records(f)
    # A figure a later record supersedes is kept in the data; it is listed here only when asked for.
    everything = ctx.dataset.records
    replaced_by = dict(zip(everything["supersedes"], everything["record_id"], strict=True))
    replaced_by.pop("", None)
    if not st.toggle(t("show_superseded", lang), key="show_superseded", help=t("show_superseded_help", lang)):
        records = records[~records["record_id"].isin(list(replaced_by))]
    table = records_table(records, ctx.dataset.sources, lang, replaced_by)
    used = ctx.dataset.sources[ctx.dataset.sources["source_id"].isin(records["source_id"])]
    st.markdown(t("rows_shown", lang, n=len(table)))
    if table.empty:
        st.info(t("no_data_any", lang), icon=":material/info:")
    else:
        st.dataframe(
            for_display(table),
            hide_index=True,
            height=min(640, 38 + 35 * len(table)),
            column_config={
                t("link", lang): st.column_config.LinkColumn(t("link", lang), display_text="↗"),
                t("value", lang): st.column_config.NumberColumn(t("value", lang), format="localized"),
            },
        )
    if len(left_out):
        st.info(t("left_out_note", lang, n=len(left_out)), icon=":material/info:")

    # to the minute: the export sheet says when, and the cache keeps one workbook per minute
    stamp = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    filters = pd.DataFrame(
        [*f.describe(ctx.dataset.geography), (t("exported_at", lang), stamp)],
        columns=[t("filter", lang), t("setting", lang)],
    )
    cols = st.columns(2)
    cols[0].download_button(
        t("download_records_csv", lang),
        csv_bytes(table),
        file_name="khuyen-cong-du-lieu.csv",
        mime="text/csv",
        key="download_records_csv",
        icon=":material/download:",
        on_click="ignore",
    )
    workbook = workbook_bytes(
        {
            t("sheet_data", lang): table,
            t("sheet_sources", lang): sources_table(used, lang),
            t("sheet_filters", lang): filters,
        }
    )
    cols[1].download_button(
        t("download_records_xlsx", lang),
        workbook,
        file_name="khuyen-cong-du-lieu.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="download_records_xlsx",
        icon=":material/download:",
        on_click="ignore",
    )


guarded(body, "page_data")
