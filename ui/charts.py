"""Plotly figures built from compute() results (no Streamlit here, so they are easy to test).

Each chart answers one question. Comparing areas: one period, one geography level, horizontal bars
sorted by value. One area over time: yearly figures on a year axis and each multi-year total as a bar
spanning its years, never stacked on or set beside one year. Hover text carries the figure as the
source wrote it, its qualifier and sources.
"""

from __future__ import annotations

import html
from collections.abc import Hashable, Mapping
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from kc_metrics import KPIS, format_period, format_value, qualifier_word, unit_label
from kc_metrics.fmt import months_or_none
from ui.i18n import t

SEPARATORS = {"vi": ",.", "en": ".,"}  # plotly: decimal mark, then thousands mark
# The toolbar keeps zoom and the PNG download; each chart has its own CSV download button.
PLOTLY_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}
PALETTE = ["#1F4E79", "#C55A11", "#548235", "#7F6000", "#7030A0", "#2E75B6", "#A5A5A5"]


def period_label(row: Mapping[Hashable, Any], lang: str) -> str:
    months = months_or_none(row["months"])
    text = format_period(
        int(row["period_start"]), int(row["period_end"]), months, lang, row.get("as_of") or None
    )
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
                    int(row["period_start"]), int(row["period_end"]), None, lang, row.get("as_of") or None
                ),
                t("months", lang): months_or_none(row["months"]),
                t("status", lang): t(f"status_{row['status']}", lang),
                t("indicator", lang): kpi.label(lang),
                t("value", lang): float(row["value"]),
                t("unit", lang): unit_label(kpi.unit, lang),
                t("qualifier", lang): qualifier_word(row["qualifier"], lang),
                t("program_col", lang): t(f"prog_{row['program']}", lang)
                if f"prog_{row['program']}" in _PROGRAM_KEYS
                else row["program"],
                t("estimate", lang): t("yes", lang) if row.get("estimate") else "",
                t("as_written", lang): row["value_as_written"],
                t("formula", lang): row.get("formula", ""),
                t("scope", lang): row.get("scope", ""),
                t("derived", lang): bool(row["derived"]),
                t("covers", lang): row.get("covers", ""),
                t("sources", lang): row["source_ids"].replace(";", ", "),
            }
        )
    return pd.DataFrame(rows)


_PROGRAM_KEYS = {"prog_all", "prog_kcqg", "prog_kcdp", "prog_kcqg+kcdp"}


def _hover(row: Mapping[Hashable, Any], lang: str) -> str:
    kpi = KPIS[row["kpi"]]
    months = months_or_none(row["months"])
    value = format_value(
        float(row["value"]), kpi.unit, lang, row["qualifier"], months, bool(row.get("estimate"))
    )
    lines = [
        f"<b>{html.escape(str(row['geo_name']))}</b> · {period_label(row, lang)}",
        f"{html.escape(kpi.label(lang))}: {html.escape(value)}",
    ]
    if row.get("estimate"):
        lines.append(t("estimate_note", lang))
    if row["value_as_written"]:
        lines.append(f"{t('as_written', lang)}: {html.escape(str(row['value_as_written']))}")
    if row.get("formula"):
        lines.append(f"{t('computed_by_curator', lang)}: {html.escape(str(row['formula']))}")
    if row.get("scope"):
        lines.append(f"{t('scope', lang)}: {html.escape(str(row['scope']))}")
    if row["derived"]:
        lines.append(t("derived_yes", lang))
    if row.get("covers"):
        lines.append(f"{t('covers', lang)}: {html.escape(str(row['covers']))}")
    lines.append(f"{t('sources', lang)}: {html.escape(row['source_ids'].replace(';', ', '))}")
    return "<br>".join(lines)


def money_scale(values: pd.Series, unit: str, lang: str) -> tuple[float, str]:
    """(divisor, axis unit) for drawing values: money of a thousand million VND or more in tỷ đồng /
    billion VND, smaller money in triệu / million; other units as they are."""
    if unit == "million_vnd" and len(values) and float(values.abs().max()) >= 1000:
        return 1000.0, t("billion_vnd", lang)
    return 1.0, unit_label(unit, lang)


def _bar_text(row: Mapping[Hashable, Any], lang: str) -> str:
    kpi = KPIS[row["kpi"]]
    months = months_or_none(row["months"])  # a partial year says so on the bar
    return format_value(
        float(row["value"]), kpi.unit, lang, row["qualifier"], months, bool(row.get("estimate"))
    )


def _identity(row: Mapping[Hashable, Any]) -> list[Any]:
    """What a bar stands for, kept in the figure (customdata) for tests and readers of the page's
    data: area code, geography level, period start and end, and the value in the KPI's own unit."""
    return [
        row["geo_code"],
        row["geo_level"],
        int(row["period_start"]),
        int(row["period_end"]),
        float(row["value"]),
    ]


def _labelled(part: list[dict[Hashable, Any]], lang: str) -> dict[str, Any]:
    """What every value bar carries: its figure written on it, its hover text (the figure as the source
    wrote it, sources...) and its identity (customdata) for readers of the page's data."""
    return {
        "hovertext": [_hover(r, lang) for r in part],
        "hoverinfo": "text",
        "text": [_bar_text(r, lang) for r in part],
        "textposition": "outside",
        "cliponaxis": False,
        "customdata": [_identity(r) for r in part],
    }


def _axis(unit: str, label: str) -> dict[str, Any]:
    # "~" drops trailing zeros: ticks read 0,5 · 1 · 1,5 (never 1 · 1 · 2 from rounding)
    return {"title": label, "tickformat": ",.2~f", "rangemode": "tozero"}


def comparison_chart(
    rows: pd.DataFrame, kpi_ids: list[str], lang: str, highlight: frozenset[str] = frozenset()
) -> go.Figure:
    """Areas of one period side by side: horizontal bars, largest at the top, one colour per KPI; the
    highlighted areas (the provinces picked in the sidebar) in bold, the others paler.

    `rows`: compute() rows of one period and one geography level (the caller makes sure).
    """
    data = rows[rows["kpi"].isin(kpi_ids)]
    unit = KPIS[kpi_ids[0]].unit
    divisor, axis_unit = money_scale(data["value"], unit, lang)
    order = data.groupby("geo_code")["value"].max().sort_values(kind="stable")  # ascending: top is largest
    labels = {}
    for record in data.drop_duplicates("geo_code").to_dict("records"):
        name = html.escape(str(record["geo_name"])) + ("" if bool(record["coverage_complete"]) else "*")
        labels[record["geo_code"]] = f"<b>{name}</b>" if record["geo_code"] in highlight else name
    fig = go.Figure()
    for index, kpi_id in enumerate(kpi_ids):
        part = [r for r in data.to_dict("records") if r["kpi"] == kpi_id]
        if not part:
            continue
        fig.add_bar(
            name=html.escape(KPIS[kpi_id].label(lang)),
            orientation="h",
            y=[labels[r["geo_code"]] for r in part],
            x=[float(r["value"]) / divisor for r in part],
            marker={
                "color": PALETTE[index % len(PALETTE)],
                "opacity": [1.0 if not highlight or r["geo_code"] in highlight else 0.45 for r in part],
                "pattern": {"shape": ["/" if r["status"] == "plan" else "" for r in part]},
            },
            **_labelled(part, lang),
        )
    n_bars = len(order) * max(1, len(set(data["kpi"])))
    fig.update_layout(
        barmode="group",
        separators=SEPARATORS[lang],
        yaxis={
            "categoryorder": "array",
            "categoryarray": [labels[c] for c in order.index],
            "automargin": True,
        },
        xaxis=_axis(unit, axis_unit),
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.01, "x": 0},
        margin={"t": 30, "l": 10, "r": 90, "b": 10},
        height=max(220, 90 + 20 * n_bars),
        hoverlabel={"align": "left"},
        bargap=0.25,
    )
    return fig


def timeline_chart(rows: pd.DataFrame, kpi_ids: list[str], lang: str) -> go.Figure:
    """One area over time, on a year axis: yearly figures as bars at their year, each multi-year
    total as a bar spanning its years (in a panel of its own below, labelled with its period), so a
    seven-year total is never one tall bar beside yearly ones.

    `rows`: compute() rows of one area.
    """
    data = rows[rows["kpi"].isin(kpi_ids)]
    unit = KPIS[kpi_ids[0]].unit
    yearly = data[data["period_start"] == data["period_end"]]
    spans = data[data["period_start"] < data["period_end"]].sort_values(["period_start", "period_end"])
    panels = [p for p in (yearly, spans) if not p.empty]
    fig = make_subplots(
        rows=len(panels),
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.14,
        row_heights=[0.6, 0.4] if len(panels) == 2 else [1.0],
        subplot_titles=[t("yearly_figures" if p is yearly else "multi_year_figures", lang) for p in panels],
    )
    colour = {k: PALETTE[i % len(PALETTE)] for i, k in enumerate(kpi_ids)}
    shown: set[str] = set()
    if not yearly.empty:
        divisor, axis_unit = money_scale(yearly["value"], unit, lang)
        present = [k for k in kpi_ids if k in set(yearly["kpi"])]
        width = 0.8 / len(present)  # the KPIs of a year side by side within that year's slot
        for position, kpi_id in enumerate(present):
            part = [r for r in yearly.to_dict("records") if r["kpi"] == kpi_id]
            fig.add_bar(
                width=width,
                offset=-0.4 + position * width,
                name=html.escape(KPIS[kpi_id].label(lang)),
                legendgroup=kpi_id,
                showlegend=kpi_id not in shown,
                x=[int(r["period_start"]) for r in part],
                y=[float(r["value"]) / divisor for r in part],
                marker={
                    "color": colour[kpi_id],
                    "pattern": {"shape": ["/" if r["status"] == "plan" else "" for r in part]},
                },
                **_labelled(part, lang),
                row=1,
                col=1,
            )
            shown.add(kpi_id)
        fig.update_yaxes(_axis(unit, axis_unit), row=1, col=1)
    if not spans.empty:
        row_number = len(panels)
        for record in spans.to_dict("records"):
            kpi_id = record["kpi"]
            start, end = int(record["period_start"]), int(record["period_end"])
            label = f"{html.escape(KPIS[kpi_id].label(lang))} · {period_label(record, lang)}"
            fig.add_bar(
                name=html.escape(KPIS[kpi_id].label(lang)),
                legendgroup=kpi_id,
                showlegend=kpi_id not in shown,
                orientation="h",
                y=[label],
                base=[start - 0.45],
                x=[end - start + 0.9],
                marker={
                    "color": colour[kpi_id],
                    "pattern": {"shape": "/" if record["status"] == "plan" else ""},
                },
                hovertext=[_hover(record, lang)],
                hoverinfo="text",
                text=[f"{_bar_text(record, lang)} ({format_period(start, end, None, lang)})"],
                textposition="inside",
                insidetextanchor="middle",
                customdata=[_identity(record)],
                row=row_number,
                col=1,
            )
            shown.add(kpi_id)
        fig.update_yaxes(automargin=True, autorange="reversed", row=row_number, col=1)
    first = int(data["period_start"].min())
    last = int(data["period_end"].max())
    if last - first < 4:  # a year or two alone would make bars as wide as the chart
        first, last = (first + last) // 2 - 2, (first + last) // 2 + 2
    # every panel shows its years (a shared axis would label only the lowest panel)
    fig.update_xaxes(dtick=1, tickformat="d", range=[first - 0.6, last + 0.6], showticklabels=True)
    n_spans = len(spans)
    fig.update_layout(
        barmode="overlay",  # positions are explicit: each bar's year, each span's years
        separators=SEPARATORS[lang],
        legend={"orientation": "h", "yanchor": "top", "y": 0.995, "x": 0, "yref": "container"},
        # room above the panels for the legend, a line per two indicators
        margin={"t": 56 + 24 * ((len(shown) + 1) // 2), "l": 10, "r": 10, "b": 10},
        height=(300 if not yearly.empty else 0) + (80 + 34 * n_spans if n_spans else 0) + 60,
        hoverlabel={"align": "left"},
        uniformtext={"minsize": 9, "mode": "hide"},
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


def profile_timeline(records: pd.DataFrame, lang: str) -> go.Figure:
    """Every figure of one area and one category on a year axis: a row per indicator (and programme),
    each figure a bar spanning its period with its value written on it; plans hatched. Figures of one
    indicator whose periods overlap go on rows of their own under it, so that none hides another.

    `records`: rows of load_records() (value, unit, qualifier, months, status, program, metric...).
    """
    rows = records.sort_values(["metric", "program", "period_start", "period_end"]).to_dict("records")
    fig = go.Figure()
    positions: dict[tuple[str, int], int] = {}  # (indicator, lane) -> row on the y axis, top first
    lane_ends: dict[str, list[int]] = {}  # per indicator, the last year taken on each of its lanes
    for record in rows:
        name = html.escape(indicator_label(str(record["metric"]), str(record["program"]), lang))
        start, end = int(record["period_start"]), int(record["period_end"])
        ends = lane_ends.setdefault(name, [])
        lane = next((i for i, last in enumerate(ends) if last < start), len(ends))
        if lane == len(ends):
            ends.append(end)
        ends[lane] = end
        row = positions.setdefault((name, lane), len(positions))
        months = months_or_none(record["months"])
        value = format_value(
            float(record["value"]),
            str(record["unit"]),
            lang,
            str(record["qualifier"]),
            months,
            bool(record.get("estimate")),
        )
        fig.add_bar(
            orientation="h",
            y=[row],
            base=[start - 0.42],
            x=[end - start + 0.84],
            width=0.8,
            marker={
                "color": PALETTE[0] if record["status"] == "actual" else "#FFFFFF",
                "line": {"color": PALETTE[0], "width": 1},
                "pattern": {"shape": "/" if record["status"] == "plan" else "", "fgcolor": PALETTE[0]},
            },
            text=[html.escape(value)],
            textposition="inside",
            insidetextanchor="middle",
            textfont={"color": "#FFFFFF" if record["status"] == "actual" else PALETTE[0]},
            hovertext=[_record_hover(record, lang)],
            hoverinfo="text",
            showlegend=False,
        )
    first = int(records["period_start"].min())
    last = int(records["period_end"].max())
    if last - first < 4:
        first, last = (first + last) // 2 - 2, (first + last) // 2 + 2
    named = [(row, name) for (name, lane), row in positions.items() if lane == 0]
    fig.update_layout(
        barmode="overlay",
        separators=SEPARATORS[lang],
        xaxis={"dtick": 1, "tickformat": "d", "range": [first - 0.6, last + 0.6], "side": "top"},
        yaxis={
            "tickvals": [row for row, _ in named],
            "ticktext": [name for _, name in named],
            "range": [len(positions) - 0.5, -0.5],  # the first indicator at the top
            "automargin": True,
            "showgrid": False,
        },
        margin={"t": 30, "l": 10, "r": 10, "b": 10},
        height=70 + 30 * len(positions),
        hoverlabel={"align": "left"},
        uniformtext={"minsize": 8, "mode": "hide"},
    )
    return fig


def indicator_label(metric: str, program: str, lang: str) -> str:
    """The KPI a record is a value of (budget of KCQG: "Kinh phí KCQG"), else the metric's id."""
    kpi_id = KPIS.kpi_of(metric, program) or metric
    return KPIS[kpi_id].label(lang) if kpi_id in KPIS else metric


def _record_hover(record: Mapping[Hashable, Any], lang: str) -> str:
    months = months_or_none(record["months"])
    start, end = int(record["period_start"]), int(record["period_end"])
    period = format_period(start, end, months, lang, record.get("as_of") or None)
    name = indicator_label(str(record["metric"]), str(record["program"]), lang)
    written = (
        f"{t('as_written', lang)}: {html.escape(str(record['value_as_written']))}"
        if record["value_as_written"]
        else f"{t('computed_by_curator', lang)}: {html.escape(str(record.get('formula', '')))}"
    )
    lines = [f"<b>{html.escape(name)}</b>", f"{period} · {t('status_' + str(record['status']), lang)}"]
    if record.get("estimate"):
        lines.append(t("estimate_note", lang))
    lines.append(written)
    if record.get("scope"):
        lines.append(f"{t('scope', lang)}: {html.escape(str(record['scope']))}")
    lines.append(f"{t('sources', lang)}: " + html.escape(f"{record['source_id']} · {record['record_id']}"))
    return "<br>".join(lines)
