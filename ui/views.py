"""What the pages draw, built once per selection and kept for every rerun and session.

The functions here are memoised process-wide (functools.lru_cache) on small hashable keys: the compute()
key of ui.data (data folder, its stamp, the selection, the KPIs, the language) and plain values. They
live in a module, not in the page scripts, because a page script is executed anew on every run: a cache
defined there would be a new, empty one each time. What they return is shared: read it, never modify it.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Hashable
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from kc_metrics import (
    KPIS,
    format_number,
    format_period,
    format_value,
    select_records,
    to_csv_bytes,
    unit_label,
)
from kc_metrics.fmt import months_or_none
from kc_metrics.pick import best_figure, disagreements, figures_per_province, periods_with_counts
from kc_metrics.selection import area_of
from ui import data
from ui.charts import coverage_heatmap, money_scale, profile_timeline
from ui.filters import area_labels
from ui.i18n import category_label, t
from ui.page import md_escape
from ui.tables import coverage_matrix, for_display, profile_table, records_table, sources_table
from ui.vn_map import province_map


@functools.lru_cache(maxsize=256)
def headline_cards(
    result_key: data.ResultKey, years: tuple[int, int], preferred: tuple[str, ...], max_cards: int
) -> tuple[list[tuple[str, pd.Series]], list[dict[Hashable, Any]]]:
    """The headline's cards (KPI id, the figure that fits the years best) and the disagreements among
    them, built once per selection (shared, read-only)."""
    result = data.result_of(result_key)
    sources = data.dataset_of(result_key).sources
    with_data = set(result["kpi"])
    chosen = [k for k in preferred if k in with_data] + [
        k for k in KPIS if k in with_data and k not in preferred
    ]
    reports = sources.loc[sources["kind"].eq("report"), "source_id"]
    cards = []
    for kpi_id in chosen[:max_cards]:
        row = best_figure(result, kpi_id, years, reports)
        if row is not None:
            cards.append((kpi_id, row))
    conflicts = disagreements(result, {k: v.additive for k, v in KPIS.items()})
    shown = {kpi_id for kpi_id, _ in cards}
    return cards, conflicts[conflicts["kpi"].isin(shown)].to_dict("records")


@functools.lru_cache(maxsize=256)
def kpis_with_provinces(result_key: data.ResultKey) -> tuple[str, ...]:
    """The KPIs a result has for at least one province, in the catalogue's order (the overview's
    comparison offers these)."""
    result = data.result_of(result_key)
    found = set(result.loc[result["geo_level"].eq("province"), "kpi"])
    return tuple(k for k in KPIS if k in found)


@functools.lru_cache(maxsize=256)
def coverage_counts(result_key: data.ResultKey) -> tuple[int, int, int, str, str]:
    """Areas, figures, sources, years spanned and latest year of the selection's records (once per
    selection; selecting the records of a large dataset is the slow part)."""
    dataset, selection = data.dataset_of(result_key), result_key[2]
    records, _ = select_records(dataset.records, selection, geo_table=dataset.geography)
    if records.empty:
        return 0, 0, 0, "–", "–"
    first, last = records["period_start"].min(), records["period_end"].max()
    return (
        records["geo_code"].nunique(),
        len(records),
        records["source_id"].nunique(),
        f"{first}–{last}",
        str(last),
    )


@functools.lru_cache(maxsize=256)
def counts_map(result_key: data.ResultKey) -> go.Figure | None:
    """The map of how many figures each province of the selection has (None: no province has any),
    built once per selection (shared, read-only)."""
    dataset, selection, lang = data.dataset_of(result_key), result_key[2], result_key[4]
    records, _ = select_records(dataset.records, selection, geo_table=dataset.geography)
    counts = figures_per_province(records, selection.geography, dataset.geography)
    if counts.empty:
        return None
    return province_map(
        counts, dataset.geography, map_id(selection.geography, counts["geo_code"]), lang,
        value_label=t("figure_count", lang), unit_label=t("cov_figures", lang),
        format_value=lambda v: format_number(v, lang, 0),
    )  # fmt: skip


@functools.lru_cache(maxsize=512)
def kpi_map(
    result_key: data.ResultKey, kpi_id: str, picked: int, provinces: frozenset[str]
) -> tuple[str, go.Figure] | None:
    """(title, map) of one KPI's provinces in the period `picked` of the comparison's picker, built once
    per selection and period (shared, read-only); None when no province has the KPI."""
    available, lang = data.result_of(result_key), result_key[4]
    geography, mode = data.dataset_of(result_key).geography, result_key[2].geography
    rows = available[(available["kpi"] == kpi_id) & available["geo_level"].eq("province")]
    if rows.empty:
        return None
    periods = periods_with_counts(rows, first_with=provinces if len(provinces) == 1 else frozenset())
    chosen = periods.iloc[min(picked, len(periods) - 1)]
    shown = rows[
        rows["period_start"].eq(chosen["period_start"])
        & rows["period_end"].eq(chosen["period_end"])
        & rows["as_of"].eq(chosen["as_of"])
        & rows["status"].eq(chosen["status"])
    ].drop_duplicates("geo_code")
    kpi = KPIS[kpi_id]
    divisor, axis_unit = money_scale(shown["value"], kpi.unit, lang)
    months, as_of = months_or_none(chosen["months"]), str(chosen["as_of"]) or None
    period = format_period(int(chosen["period_start"]), int(chosen["period_end"]), months, lang, as_of)
    extra = {}
    for r in shown.to_dict("records"):
        written = r["value_as_written"] or t("derived_yes", lang)
        sources = str(r["source_ids"]).replace(";", ", ")
        lines = [f"{t('as_written', lang)}: {written}", f"{t('sources', lang)}: {sources}"]
        extra[str(r["geo_code"])] = "<br>".join(html.escape(line) for line in lines)
    figure = province_map(
        shown.assign(value=shown["value"] / divisor), geography, map_id(mode, shown["geo_code"]), lang,
        value_label=kpi.label(lang), unit_label=axis_unit,
        format_value=lambda v: format_value(v * divisor, kpi.unit, lang), hover_extra=extra,
    )  # fmt: skip
    return f"**{md_escape(t('map_title', lang, kpi=kpi.label(lang), period=period))}**", figure


def map_id(geography: str, codes: pd.Series) -> str:
    """The 34-province map in current mode or when every figure is of a current province, else the 63."""
    if geography == "current" or (len(codes) and codes.str.startswith("P34").all()):
        return "34"
    return "63"


@functools.lru_cache(maxsize=64)
def records_view(
    key: data.ResultKey, show_superseded: bool
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, int, bytes]:
    """(the table, the same as displayed, the sources it uses, how many records were left out, the CSV), built
    once per selection and language (shared by every rerun and session; read-only)."""
    dataset, selection, lang = data.dataset_of(key), key[2], key[4]
    records, left_out = select_records(dataset.records, selection, geo_table=dataset.geography)
    records = data.in_language(records, lang, dataset.geography)
    # A figure a later record supersedes is kept in the data; it is listed here only when asked for.
    everything = dataset.records
    replaced_by = dict(zip(everything["supersedes"], everything["record_id"], strict=True))
    replaced_by.pop("", None)
    if not show_superseded:
        records = records[~records["record_id"].isin(list(replaced_by))]
    table = records_table(records, dataset.sources, lang, replaced_by)
    used = dataset.sources[dataset.sources["source_id"].isin(records["source_id"])]
    return table, for_display(table), used, len(left_out), to_csv_bytes(table)


@functools.lru_cache(maxsize=128)
def profile(
    folder_key: data.ResultKey, area: str, category_order: tuple[str, ...]
) -> tuple[pd.DataFrame, list[tuple[str, go.Figure, pd.DataFrame]]]:
    """The province's records, and per category (in reading order) its id, timeline and table: built
    once per data, area, map mode and language (shared by every rerun and session; read-only)."""
    dataset, mode, lang = data.dataset_of(folder_key), folder_key[2].geography, folder_key[4]
    records = dataset.records[area_of(dataset.records, mode, dataset.geography) == area]
    category = records["metric"].map(dataset.metrics.set_index("metric")["category"])
    order = [c for c in category_order if c in set(category)] + sorted(set(category) - set(category_order))
    parts = []
    for name in order:
        part = records[category == name]
        table = for_display(profile_table(part, dataset.geography, mode, lang))
        parts.append((name, profile_timeline(part, lang), table))
    return records, parts


@functools.lru_cache(maxsize=64)
def sources_view(key: data.ResultKey) -> tuple[pd.DataFrame, pd.DataFrame, go.Figure | None]:
    """The sources page: the sources table, the KPI definitions and the coverage heatmap of the
    selection (None: no record), as displayed; once per selection and language (shared, read-only)."""
    dataset, selection, lang = data.dataset_of(key), key[2], key[4]
    sources = for_display(sources_table(dataset.sources, lang))
    kpis = dataset.kpis
    definitions = for_display(
        pd.DataFrame(
            {
                t("kpi_id", lang): list(kpis),
                t("indicator", lang): [k.label(lang) for k in kpis.values()],
                t("unit", lang): [unit_label(k.unit, lang) for k in kpis.values()],
                t("category", lang): [category_label(k.category, lang) for k in kpis.values()],
                t("definition", lang): [k.describe(lang) for k in kpis.values()],
                t("additive", lang): [k.additive for k in kpis.values()],
            }
        )
    )
    records, _ = select_records(dataset.records, selection, geo_table=dataset.geography)
    # former and current provinces can share a name: the label tells them apart
    labels = area_labels(dataset.geography, lang)
    names = {code: labels.get(code, code) for code in records["geo_code"].unique()}
    matrix = coverage_matrix(records, names)
    return sources, definitions, None if matrix.empty else coverage_heatmap(matrix, lang)
