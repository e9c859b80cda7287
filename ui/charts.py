"""Plotly figures built from compute() results (no Streamlit here, so they are easy to test).

Every chart puts one bar per area and period: a multi-year total stays one bar labelled "2014–2020",
never stacked on 2020. Hover text carries the figure as the source wrote it and its qualifier.
"""

from __future__ import annotations

import html
from collections.abc import Hashable, Mapping
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from kc_metrics import KPIS, format_period, format_value, qualifier_word, unit_label
from ui.i18n import t

SEPARATORS = {"vi": ",.", "en": ".,"}  # plotly: decimal mark, then thousands mark
PALETTE = ["#1F4E79", "#C55A11", "#548235", "#7F6000", "#7030A0", "#2E75B6", "#A5A5A5"]


def period_label(row: Mapping[Hashable, Any], lang: str) -> str:
    months = row["months"] if pd.notna(row["months"]) else None
    text = format_period(int(row["period_start"]), int(row["period_end"]), months, lang)
    if row["status"] == "plan":
        text += f" · {t('status_plan', lang)}"
    return text


def area_period_label(row: Mapping[Hashable, Any], lang: str) -> str:
    """x-axis label: the area (with * when it covers only part of a current province) and the period."""
    star = "" if bool(row.get("coverage_complete", True)) else "*"
    return f"{html.escape(str(row['geo_name']))}{star}<br>{period_label(row, lang)}"


def chart_table(result: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Exactly the data a chart draws, with readable column names: what its download button gives."""
    rows = []
    for row in result.to_dict("records"):  # plain dicts: iterrows builds a Series per row
        kpi = KPIS[row["kpi"]]
        rows.append(
            {
                t("geography", lang): row["geo_name"],
                t("period", lang): format_period(
                    int(row["period_start"]), int(row["period_end"]), None, lang
                ),
                t("months", lang): None if pd.isna(row["months"]) else int(row["months"]),
                t("status", lang): t(f"status_{row['status']}", lang),
                t("indicator", lang): kpi.label(lang),
                t("value", lang): float(row["value"]),
                t("unit", lang): unit_label(kpi.unit, lang),
                t("qualifier", lang): qualifier_word(row["qualifier"], lang),
                t("program_col", lang): t(f"prog_{row['program']}", lang)
                if f"prog_{row['program']}" in _PROGRAM_KEYS
                else row["program"],
                t("as_written", lang): row["value_as_written"],
                t("derived", lang): bool(row["derived"]),
                t("covers", lang): row.get("covers", ""),
                t("sources", lang): row["source_ids"].replace(";", ", "),
            }
        )
    return pd.DataFrame(rows)


_PROGRAM_KEYS = {"prog_all", "prog_kcqg", "prog_kcdp", "prog_kcqg+kcdp"}


def _hover(row: Mapping[Hashable, Any], lang: str) -> str:
    kpi = KPIS[row["kpi"]]
    months = None if pd.isna(row["months"]) else int(row["months"])
    value = format_value(float(row["value"]), kpi.unit, lang, row["qualifier"], months)
    lines = [
        f"<b>{html.escape(str(row['geo_name']))}</b> · {period_label(row, lang)}",
        f"{html.escape(kpi.label(lang))}: {html.escape(value)}",
    ]
    if row["value_as_written"]:
        lines.append(f"{t('as_written', lang)}: {html.escape(str(row['value_as_written']))}")
    if row["derived"]:
        lines.append(t("derived_yes", lang))
    if row.get("covers"):
        lines.append(f"{t('covers', lang)}: {html.escape(str(row['covers']))}")
    lines.append(f"{t('sources', lang)}: {html.escape(row['source_ids'].replace(';', ', '))}")
    return "<br>".join(lines)


def bar_chart(result: pd.DataFrame, kpi_ids: list[str], lang: str, *, stacked: bool = False) -> go.Figure:
    """One bar per area and period for each KPI (grouped, or stacked for parts of one whole).

    All kpi_ids must share a unit: the y axis shows it.
    """
    data = result[result["kpi"].isin(kpi_ids)].copy()
    rows = data.to_dict("records")  # plain dicts: iterrows builds a Series per row
    data["x"] = [area_period_label(r, lang) for r in rows]
    order = (
        data.sort_values(["geo_name", "period_start", "period_end", "status"])["x"].drop_duplicates().tolist()
    )
    fig = go.Figure()
    for index, kpi_id in enumerate(kpi_ids):
        part = [(row, x) for row, x in zip(rows, data["x"], strict=True) if row["kpi"] == kpi_id]
        if not part:
            continue
        kpi = KPIS[kpi_id]
        fig.add_bar(
            name=html.escape(kpi.label(lang)),
            x=[x for _, x in part],
            y=[float(r["value"]) for r, _ in part],
            marker_color=PALETTE[index % len(PALETTE)],
            marker_pattern_shape=["/" if r["status"] == "plan" else "" for r, _ in part],
            hovertext=[_hover(r, lang) for r, _ in part],
            hoverinfo="text",
            text=[format_value(float(r["value"]), kpi.unit, lang, r["qualifier"], None) for r, _ in part],
            textposition="outside" if not stacked else "inside",
            cliponaxis=False,
        )
    unit = KPIS[kpi_ids[0]].unit
    fig.update_layout(
        barmode="stack" if stacked else "group",
        separators=SEPARATORS[lang],
        xaxis={"categoryorder": "array", "categoryarray": order, "title": None, "automargin": True},
        yaxis={
            "title": unit_label(unit, lang),
            "tickformat": ",.1f" if unit == "percent" else ",.0f",
            "rangemode": "tozero",
        },
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        margin={"t": 40, "l": 10, "r": 10, "b": 10},
        height=420,
        hoverlabel={"align": "left"},
        uniformtext={"minsize": 9, "mode": "hide"},
    )
    return fig


def province_map(
    values: pd.DataFrame, geography: pd.DataFrame, map_id: str, kpi_id: str, lang: str
) -> go.Figure:
    """Province centres on plain axes (no basemap, so nothing is fetched): grey where there is no
    value, a sized bubble where there is one. `values` has one row per province (geo_code, value...)."""
    provinces = geography[geography["map"] == map_id]
    kpi = KPIS[kpi_id]
    with_value = provinces.merge(values, on="geo_code", how="inner", suffixes=("", "_v"))
    without = provinces[~provinces["geo_code"].isin(with_value["geo_code"])]
    fig = go.Figure()
    fig.add_scatter(
        x=without["lon"],
        y=without["lat"],
        mode="markers",
        marker={"size": 7, "color": "#D0D5DD"},
        name=t("no_data_marker", lang),
        hovertext=[f"{html.escape(n)}: {t('no_data_marker', lang)}" for n in without["name"]],
        hoverinfo="text",
    )
    if not with_value.empty:
        biggest = float(with_value["value"].max()) or 1.0
        sizes = [12 + 30 * (float(v) / biggest) ** 0.5 for v in with_value["value"]]
        fig.add_scatter(
            x=with_value["lon"],
            y=with_value["lat"],
            mode="markers+text",
            text=[html.escape(n) for n in with_value["name"]],
            textposition="middle right",
            textfont={"size": 11},
            marker={
                "size": sizes,
                "color": PALETTE[0],
                "opacity": 0.75,
                "line": {"width": 1, "color": "white"},
            },
            name=html.escape(kpi.label(lang)),
            hovertext=[_hover(r, lang) for r in with_value.to_dict("records")],
            hoverinfo="text",
        )
    fig.update_layout(
        separators=SEPARATORS[lang],
        xaxis={"visible": False, "range": [101.5, 111.5]},
        yaxis={"visible": False, "scaleanchor": "x", "scaleratio": 1.0, "range": [8.2, 23.6]},
        plot_bgcolor="#F7F9FC",
        height=640,
        margin={"t": 10, "l": 10, "r": 10, "b": 10},
        legend={"orientation": "h", "y": 1.0, "x": 0},
        showlegend=True,
    )
    return fig


def coverage_heatmap(matrix: pd.DataFrame, lang: str) -> go.Figure:
    """Areas down, years across, the number of figures whose period includes each year."""
    fig = go.Figure(
        go.Heatmap(
            z=matrix.to_numpy(),
            x=[str(c) for c in matrix.columns],
            y=[html.escape(str(name)) for name in matrix.index],
            colorscale=[[0, "#F2F5F9"], [0.001, "#C6DBEF"], [1, "#1F4E79"]],
            hovertemplate="%{y} · %{x}: %{z}<extra></extra>",
            xgap=1,
            ygap=1,
            colorbar={"title": t("cov_figures", lang)},
        )
    )
    fig.update_layout(
        separators=SEPARATORS[lang],
        height=max(320, 18 * len(matrix.index) + 80),
        margin={"t": 10, "l": 10, "r": 10, "b": 10},
        yaxis={"autorange": "reversed", "automargin": True},
        xaxis={"side": "top", "dtick": 1},
    )
    return fig
