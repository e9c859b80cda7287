"""Readable tables of records and sources for the data and sources pages (and their downloads)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from kc_metrics import format_period, qualifier_word, schema, unit_label
from kc_metrics.export import neutralise
from kc_metrics.fmt import months_or_none
from ui.charts import indicator_label
from ui.filters import area_labels
from ui.i18n import t


def records_table(
    records: pd.DataFrame, sources: pd.DataFrame, lang: str, replaced_by: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """One row per figure, with its source's title, outlet and link; numbers stay numbers.
    replaced_by: record id -> the id of the record that supersedes it."""
    replaced = replaced_by or {}
    src = sources.set_index("source_id")
    period = [
        str(s) if s == e else f"{s}–{e}"
        for s, e in zip(records["period_start"], records["period_end"], strict=True)
    ]
    return pd.DataFrame(
        {
            t("record_id", lang): records["record_id"].to_numpy(),
            t("geography", lang): records["geo_name"].to_numpy(),
            t("period", lang): period,
            # text, so a whole period shows as an empty cell (not "None"); a partial year as "8"
            t("months", lang): [str(int(m)) if pd.notna(m) else "" for m in records["months"]],
            t("status", lang): [t(f"status_{s}", lang) for s in records["status"]],
            t("program_col", lang): [t(f"prog_{p}", lang) for p in records["program"]],
            t("indicator", lang): [
                indicator_label(m, p, lang)
                for m, p in zip(records["metric"], records["program"], strict=True)
            ],
            t("metric", lang): records["metric"].to_numpy(),
            t("value", lang): records["value"].to_numpy(),
            t("unit", lang): [unit_label(u, lang) for u in records["unit"]],
            t("qualifier", lang): [qualifier_word(q, lang) for q in records["qualifier"]],
            t("estimate", lang): [t("yes", lang) if e else "" for e in records["estimate"]],
            t("as_of", lang): records["as_of"].to_numpy(),
            t("as_written", lang): records["value_as_written"].to_numpy(),
            t("formula", lang): records["formula"].to_numpy(),
            t("scope", lang): records["scope"].to_numpy(),
            t("note", lang): records["note"].to_numpy(),
            t("superseded_by", lang): [replaced.get(r, "") for r in records["record_id"]],
            t("source_id", lang): records["source_id"].to_numpy(),
            t("title", lang): records["source_id"].map(src["title"]).to_numpy(),
            t("outlet", lang): [outlet_text(o, lang) for o in records["source_id"].map(src["outlet"])],
            t("link", lang): records["source_id"].map(src["url"]).to_numpy(),
        }
    )


def outlet_text(outlet: str, lang: str) -> str:
    """A source's outlet; the placeholder for an unnamed one in the page's language."""
    return t("outlet_not_named", lang) if outlet == schema.OUTLET_NOT_NAMED else outlet


def sources_table(sources: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("source_id", lang): sources["source_id"].to_numpy(),
            t("title", lang): sources["title"].to_numpy(),
            t("outlet", lang): [outlet_text(o, lang) for o in sources["outlet"]],
            t("author", lang): sources["author"].to_numpy(),
            t("published", lang): sources["published"].to_numpy(),
            t("link", lang): sources["url"].to_numpy(),
            t("covers_col", lang): sources["covers"].to_numpy(),
        }
    )


def for_display(frame: pd.DataFrame) -> pd.DataFrame:
    """What st.dataframe shows: text cells neutralised as in the downloads, because the table's own
    toolbar can save it as CSV too."""
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_string_dtype(out[column]) or out[column].dtype == object:
            out[column] = out[column].map(lambda v: neutralise(v) if isinstance(v, str) else v)
    return out


def coverage_matrix(records: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """Areas x years: how many figures have a period that includes each year."""
    if records.empty:
        return pd.DataFrame()
    first, last = int(records["period_start"].min()), int(records["period_end"].max())
    codes, areas = pd.factorize(records["geo_code"], sort=True)
    known = codes >= 0  # a record without an area has no row (as groupby leaves it out)
    codes = codes[known]
    start = records["period_start"].to_numpy(dtype="int64")[known] - first
    end = records["period_end"].to_numpy(dtype="int64")[known] - first
    # Each figure adds 1 from its first year and takes it away after its last: a running sum over the
    # years then counts, per area and year, the figures whose period includes that year.
    steps = np.zeros((len(areas), last - first + 2), dtype="int64")
    np.add.at(steps, (codes, start), 1)
    np.add.at(steps, (codes, end + 1), -1)
    counts = steps.cumsum(axis=1)[:, :-1]
    rows = {names.get(code, code): [int(n) for n in row] for code, row in zip(areas, counts, strict=True)}
    matrix = pd.DataFrame.from_dict(rows, orient="index", columns=list(range(first, last + 1)))
    return matrix.sort_index()


def profile_table(records: pd.DataFrame, geography: pd.DataFrame, mode: str, lang: str) -> pd.DataFrame:
    """The figures of a province profile, oldest first: period, indicator, the figure as written, its
    qualifier, result or plan, programme, sources; in current-province mode, the former province."""
    ordered = records.sort_values(["period_start", "period_end", "metric", "program"])
    names = area_labels(geography, lang)
    table = pd.DataFrame(
        {
            t("period", lang): [
                format_period(int(s), int(e), months_or_none(m), lang)
                for s, e, m in zip(
                    ordered["period_start"], ordered["period_end"], ordered["months"], strict=True
                )
            ],
            t("indicator", lang): [
                indicator_label(m, p, lang)
                for m, p in zip(ordered["metric"], ordered["program"], strict=True)
            ],
            t("as_written", lang): [
                w or f"{t('formula', lang)}: {f}"
                for w, f in zip(ordered["value_as_written"], ordered["formula"], strict=True)
            ],
            t("qualifier", lang): [qualifier_word(q, lang) for q in ordered["qualifier"]],
            t("estimate", lang): [t("yes", lang) if e else "" for e in ordered["estimate"]],
            t("as_of", lang): ordered["as_of"].to_numpy(),
            t("scope", lang): ordered["scope"].to_numpy(),
            t("status", lang): [t(f"status_{s}", lang) for s in ordered["status"]],
            t("program_col", lang): [t(f"prog_{p}", lang) for p in ordered["program"]],
            t("sources", lang): ordered["source_id"].to_numpy(),
            t("record_id", lang): ordered["record_id"].to_numpy(),
        }
    )
    if mode == "current":
        table.insert(2, t("from_former", lang), [names.get(c, c) for c in ordered["geo_code"]])
    return table
