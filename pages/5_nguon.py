"""Nguồn & phương pháp: the sources with links, the KPI definitions, the coverage matrix, the rules."""

import streamlit as st

from ui import data, views
from ui.i18n import t
from ui.page import Context, guarded


def body(ctx: Context) -> None:
    lang = ctx.lang
    sources, definitions, heatmap = views.sources_view(data.result_key(ctx.filters))
    st.subheader(t("sources_title", lang))
    st.dataframe(
        sources,
        hide_index=True,
        column_config={t("link", lang): st.column_config.LinkColumn(t("link", lang))},
    )

    st.subheader(t("kpi_title", lang))
    st.dataframe(definitions, hide_index=True)

    st.subheader(t("coverage_title", lang))
    if heatmap is None:
        st.info(t("no_data_any", lang), icon=":material/info:")
    else:
        st.plotly_chart(heatmap, key="coverage", config={"displaylogo": False})
        st.caption(t("coverage_caption", lang))

    st.subheader(t("rules_title", lang))
    st.markdown(t("rules", lang))


guarded(body, "page_sources")
