"""Hồ sơ tỉnh (province profile): everything the dataset knows about one province, grouped by category
on a timeline of years, each figure with its period, qualifier, plan or result and sources. The page a
leader opens before a visit; it prints cleanly from the browser (Streamlit hides its own controls).

It shows every record of the province whatever the sidebar's years, programme and plan filters say;
in current-province mode it gathers the former provinces that merged into it, and says which.
"""

from dataclasses import replace

import pandas as pd
import streamlit as st

from kc_metrics import format_number
from kc_metrics.selection import Selection
from ui import data, views
from ui.charts import PLOTLY_CONFIG
from ui.filters import area_labels, area_options
from ui.i18n import category_label, t
from ui.page import Context, guarded, md_escape, source_details

# The categories of data/metrics.csv, in the order a leader reads them.
CATEGORY_ORDER = ["budget", "projects", "training", "support", "products", "ocop", "market", "outreach",
                  "advisory", "context"]  # fmt: skip


def pick_area(ctx: Context) -> str:
    """The province shown: chosen here; at first the one picked in the sidebar, if one is."""
    lang, geo = ctx.lang, ctx.dataset.geography
    options = [c for c in area_options(geo, ctx.filters.geography, "all") if c.startswith("P")]
    labels = area_labels(geo, lang)
    if st.session_state.get("profile_area") not in options:
        picked = ctx.filters.provinces[0] if len(ctx.filters.provinces) == 1 else None
        st.session_state["profile_area"] = picked if picked in options else options[0]
    return str(
        st.selectbox(
            t("profile_pick", lang), options, format_func=lambda c: labels.get(c, c), key="profile_area"
        )
    )


def header(ctx: Context, area: str, records: pd.DataFrame) -> None:
    lang, geo = ctx.lang, ctx.dataset.geography.set_index("geo_code")
    labels = area_labels(ctx.dataset.geography, lang)
    unit = geo.loc[area]
    st.subheader(md_escape(labels.get(area, area)))
    region = labels.get(str(unit["region_code"]), "")
    if unit["map"] == "63" and unit["successor_code"]:
        st.caption(
            md_escape(t("profile_former", lang, region=region, successor=labels[unit["successor_code"]]))
        )
    else:
        parts = geo.index[geo["successor_code"].eq(area)].map(lambda c: labels.get(c, c)).tolist()
        text = t("profile_current", lang, region=region, parts=", ".join(parts)) if parts else region
        st.caption(md_escape(text))
    cols = st.columns(4)
    cols[0].metric(t("cov_figures", lang), format_number(len(records), lang))
    cols[1].metric(t("cov_sources", lang), format_number(records["source_id"].nunique(), lang))
    years = f"{records['period_start'].min()}–{records['period_end'].max()}" if len(records) else "–"
    cols[2].metric(t("cov_years", lang), years)
    cols[3].metric(t("profile_plans", lang), format_number(int(records["status"].eq("plan").sum()), lang))
    st.caption(t("profile_all_records", lang))
    if st.query_params.get("print") != "1":
        query = "&".join(
            f"{k}={v}" for k, v in {**st.query_params.to_dict(), "p": area, "print": "1"}.items()
        )
        st.link_button(t("print_view", lang), f"ho-so-tinh?{query}", icon=":material/print:")


def body(ctx: Context) -> None:
    lang = ctx.lang
    area = pick_area(ctx)
    # Every record of the area whatever the years, programme and plan filters: keyed by the data, the
    # map mode and the language only.
    key = data.result_key(replace(ctx.filters, selection=Selection(geography=ctx.filters.geography)))
    records, parts = views.profile(key, area, tuple(CATEGORY_ORDER))
    header(ctx, area, records)
    if records.empty:
        st.info(t("no_data_area", lang), icon=":material/info:")
        return
    printing = st.query_params.get("print") == "1"
    for name, timeline, table in parts:
        st.markdown(f"#### {md_escape(category_label(name, lang))}")
        st.plotly_chart(timeline, config=PLOTLY_CONFIG, key=f"profile_{name}")
        if printing:
            st.table(table, hide_index=True)  # wraps on paper, every column shown
        else:
            st.dataframe(table, hide_index=True, height=min(600, 38 + 35 * len(table)))
    source_details(records.rename(columns={"source_id": "source_ids"}), ctx)


guarded(body, "page_profile")
