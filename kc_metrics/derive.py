"""Derived KPIs: programme totals from their parts, and ratios from their operands.

A derived value has derived=True and carries the source and record ids of every part. A reported value
of the same key always wins over a derived one.
"""

from __future__ import annotations

import pandas as pd

from kc_metrics.kpis import Catalogue
from kc_metrics.qualifiers import combine_ratio_qualifiers
from kc_metrics.values import (
    KEY,
    aligned,
    any_estimate,
    join_id_columns,
    join_programs,
    join_scopes,
    per_row,
    sum_parts,
)


def add_totals(values: pd.DataFrame, catalogue: Catalogue) -> pd.DataFrame:
    """Totals (budget_total, projects) summed from their programme parts where no total was reported
    for the same key. Qualifiers combine as a sum's (kc_metrics.qualifiers)."""
    key_no_kpi = [c for c in KEY if c != "kpi"]
    frames = []
    for total in catalogue.of_kind("total"):
        parts = values[values["kpi"].isin(total.parts)]
        if parts.empty:
            continue
        have_total = values.loc[values["kpi"] == total.id, key_no_kpi].drop_duplicates()
        complete = parts.groupby(key_no_kpi, sort=False)["kpi"].transform("nunique").eq(len(total.parts))
        parts = parts[complete]
        if not have_total.empty and not parts.empty:
            marker = parts[key_no_kpi].merge(have_total.assign(_has=True), how="left", on=key_no_kpi)["_has"]
            parts = parts[marker.isna().to_numpy()]
        if parts.empty:
            continue
        # KCQG first, as the sources write it; one row per part and key (values are unique per key).
        frames.append(sum_parts(aligned(parts, key_no_kpi, "kpi", total.parts), total.id, "kcqg+kcdp"))
    if not frames:
        return values
    return pd.concat([values, *frames], ignore_index=True)


def add_ratios(values: pd.DataFrame, catalogue: Catalogue) -> pd.DataFrame:
    """Ratio KPIs from numerator and denominator of the same key and the same coverage.

    A reported value of the ratio (a source that states the KCQG share) is kept as reported.
    """
    if values.empty:
        return values
    key_no_kpi = [c for c in KEY if c != "kpi"]
    match_on = [*key_no_kpi, "covers"] if "covers" in values else key_no_kpi
    frames = []
    for ratio in catalogue.of_kind("ratio"):
        if ratio.numerator is None:
            continue
        needed = list(dict.fromkeys([ratio.numerator, *ratio.denominator]))
        pool = values[values["kpi"].isin(needed)]
        if pool.empty:
            continue
        complete = pool.groupby(match_on, sort=False, dropna=False)["kpi"].transform("nunique")
        pool = pool[complete.eq(len(needed)).to_numpy()]
        reported = values.loc[values["kpi"] == ratio.id, match_on].drop_duplicates()
        if not reported.empty and not pool.empty:
            marker = pool[match_on].merge(reported.assign(_has=True), how="left", on=match_on)["_has"]
            pool = pool[marker.isna().to_numpy()]
        if pool.empty:
            continue
        parts = dict(zip(needed, aligned(pool, match_on, "kpi", needed), strict=True))
        denominator = pd.Series(0.0, index=parts[needed[0]].index)
        for d in ratio.denominator:
            denominator = denominator + parts[d]["value"].astype("float64")
        numerator = parts[ratio.numerator]
        ok = denominator.ne(0).to_numpy()  # no ratio of nothing: absent, not zero or infinity
        if not ok.any():
            continue
        numerator, denominator = numerator[ok], denominator[ok]
        operands = [parts[k][ok] for k in needed]
        row = numerator[match_on].copy()
        row["kpi"] = ratio.id
        row["value"] = numerator["value"].astype("float64") / denominator * ratio.scale
        row["qualifier"] = per_row(
            lambda n, *d: combine_ratio_qualifiers(n, d),
            [numerator["qualifier"], *(parts[d][ok]["qualifier"] for d in ratio.denominator)],
        )
        row["derived"] = True
        row["program"] = per_row(lambda *p: join_programs(pd.Series(p)), [o["program"] for o in operands])
        row["value_as_written"] = ""
        row["estimate"] = any_estimate([o["estimate"] for o in operands]).to_numpy()
        row["formula"] = ""
        row["scope"] = join_scopes([o["scope"] for o in operands])
        row["source_ids"] = join_id_columns([o["source_ids"] for o in operands])
        row["record_ids"] = join_id_columns([o["record_ids"] for o in operands])
        if "coverage_complete" in values:
            complete_all = operands[0]["coverage_complete"].astype(bool).to_numpy()
            for o in operands[1:]:
                complete_all = complete_all & o["coverage_complete"].astype(bool).to_numpy()
            row["coverage_complete"] = complete_all
        frames.append(row)
    if not frames:
        return values
    return pd.concat([values, *frames], ignore_index=True)
