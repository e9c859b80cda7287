"""Nguồn & phương pháp: the sources with links, the KPI definitions, the coverage matrix, the rules."""

import pandas as pd
import streamlit as st

from kc_metrics import KPIS, unit_label
from ui import data
from ui.charts import coverage_heatmap
from ui.filters import area_labels
from ui.i18n import category_label, t
from ui.page import Context, guarded
from ui.tables import coverage_matrix, for_display, sources_table


def body(ctx: Context) -> None:
    lang = ctx.lang
    st.subheader(t("sources_title", lang))
    st.dataframe(
        for_display(sources_table(ctx.dataset.sources, lang)),
        hide_index=True,
        column_config={t("link", lang): st.column_config.LinkColumn(t("link", lang))},
    )

    st.subheader(t("kpi_title", lang))
    definitions = pd.DataFrame(
        {
            t("kpi_id", lang): list(KPIS),
            t("indicator", lang): [k.label(lang) for k in KPIS.values()],
            t("unit", lang): [unit_label(k.unit, lang) for k in KPIS.values()],
            t("category", lang): [category_label(k.category, lang) for k in KPIS.values()],
            t("definition", lang): [k.describe(lang) for k in KPIS.values()],
            t("additive", lang): [k.additive for k in KPIS.values()],
        }
    )
    st.dataframe(for_display(definitions), hide_index=True)

    st.subheader(t("coverage_title", lang))
    records, _ = data.selected_records(ctx.filters)
    geo = ctx.dataset.geography
    # former and current provinces can share a name: the label tells them apart
    labels = area_labels(geo, lang)
    names = {code: labels.get(code, code) for code in records["geo_code"].unique()}
    matrix = coverage_matrix(records, names)
    if matrix.empty:
        st.info(t("no_data_any", lang), icon=":material/info:")
    else:
        st.plotly_chart(coverage_heatmap(matrix, lang), key="coverage", config={"displaylogo": False})
        st.caption(t("coverage_caption", lang))

    st.subheader(t("rules_title", lang))
    st.markdown(t("rules", lang))


guarded(body, "page_sources")
