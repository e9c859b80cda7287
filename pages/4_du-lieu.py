"""Dữ liệu: the figures of the selection with their sources; CSV and Excel downloads."""

from datetime import datetime

import pandas as pd
import streamlit as st

from kc_metrics import to_xlsx_bytes
from ui import data, views
from ui.i18n import t
from ui.page import Context, guarded
from ui.tables import sources_table


def body(ctx: Context) -> None:
    lang, f = ctx.lang, ctx.filters
    st.caption(t("data_intro", lang))
    show_superseded = st.toggle(
        t("show_superseded", lang), key="show_superseded", help=t("show_superseded_help", lang)
    )
    table, shown, used, left_out, csv = views.records_view(data.result_key(f), bool(show_superseded))
    st.markdown(t("rows_shown", lang, n=len(table)))
    if table.empty:
        st.info(t("no_data_any", lang), icon=":material/info:")
    else:
        st.dataframe(
            shown,
            hide_index=True,
            height=min(640, 38 + 35 * len(table)),
            column_config={
                t("link", lang): st.column_config.LinkColumn(t("link", lang), display_text="↗"),
                t("value", lang): st.column_config.NumberColumn(t("value", lang), format="localized"),
            },
        )
    if left_out:
        st.info(t("left_out_note", lang, n=left_out), icon=":material/info:")

    settings = f.describe(ctx.dataset.geography)

    def workbook() -> bytes:
        """The XLSX export, built only when it is asked for (it is the slowest thing of the page),
        with the time of that export on its filters sheet."""
        stamp = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
        filters = pd.DataFrame(
            [*settings, (t("exported_at", lang), stamp)], columns=[t("filter", lang), t("setting", lang)]
        )
        return to_xlsx_bytes(
            {
                t("sheet_data", lang): table,
                t("sheet_sources", lang): sources_table(used, lang),
                t("sheet_filters", lang): filters,
            }
        )

    cols = st.columns(2)
    cols[0].download_button(
        t("download_records_csv", lang),
        csv,
        file_name="khuyen-cong-du-lieu.csv",
        mime="text/csv",
        key="download_records_csv",
        icon=":material/download:",
        on_click="ignore",
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
