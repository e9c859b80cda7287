"""The roll-up of the 63 former provinces into the 34 current ones (Resolution 202/2025/QH15)."""

from __future__ import annotations

import pandas as pd

from kc_metrics.kpis import Catalogue
from kc_metrics.values import KEY, aligned, join_programs, per_row, sum_parts


def roll_up_to_current(
    values: pd.DataFrame, geography: pd.DataFrame, catalogue: Catalogue
) -> tuple[pd.DataFrame, list[tuple[str, str]]]:
    """Former provinces' values moved to the current province they became part of.

    Per current province, period, months, status and KPI:
    - every former part has a value and the KPI is additive: the sum (derived), coverage complete;
    - the current province has only one former part: that part's value, coverage complete;
    - exactly one of several parts has a value: that value as it is, labelled with what it covers,
      coverage not complete (never presented as the merged province's total);
    - otherwise (several parts but not all, or a non-additive KPI): left out, and named.
    Values reported for current provinces, regions or the nation stay as they are and win over a
    rolled-up value of the same key. Returns (values, (current province, KPI) of each key left out).
    """
    geo = geography.set_index("geo_code")
    former_codes = geo.index[geo["map"].eq("63")]
    is_former = values["geo_code"].isin(former_codes)
    kept = values[~is_former].assign(covers="", coverage_complete=True)
    former = values[is_former].copy()
    if former.empty:
        return kept, []
    former["covers"] = former["geo_code"].map(geo["name"])
    former["geo_code"] = former["geo_code"].map(geo["successor_code"])
    n_parts = geo.loc[former_codes].groupby("successor_code").size()

    groups = former.groupby(KEY, sort=False)
    group_id = groups.ngroup()  # numbered in the order the keys first appear, as the rows come out
    size = groups["kpi"].transform("size")
    total_parts = former["geo_code"].map(n_parts)
    additive = former["kpi"].map({k: v.additive for k, v in catalogue.items()}).astype(bool)
    whole = size.eq(total_parts) & (total_parts.eq(1) | additive)
    as_is = (whole & total_parts.eq(1)) | (~whole & size.eq(1))
    to_sum = whole & ~total_parts.eq(1)
    dropped = ~group_id.isin(group_id[as_is | to_sum])
    left_out = [
        (str(area), str(kpi))
        for area, kpi in former.loc[dropped & ~group_id.duplicated(), ["geo_code", "kpi"]].itertuples(
            index=False, name=None
        )
    ]

    former["_group"] = group_id
    rolled: list[pd.DataFrame] = [former[as_is].assign(coverage_complete=whole[as_is].to_numpy())]
    summing = former[to_sum]
    for n in sorted(size[to_sum].unique()):  # groups of n parts, summed in their order of appearance
        rows = summing[size[to_sum].eq(n).to_numpy()]
        rows = rows.assign(_part=rows.groupby(KEY, sort=False).cumcount())
        parts = aligned(rows, KEY, "_part", list(range(int(n))))
        programs = per_row(lambda *p: join_programs(pd.Series(p)), [p["program"] for p in parts])
        summed = sum_parts(parts, parts[0]["kpi"].to_numpy(), programs)
        summed["covers"] = per_row(lambda *c: ", ".join(sorted(c)), [p["covers"] for p in parts])
        summed["coverage_complete"] = True
        summed["_group"] = parts[0]["_group"].to_numpy()
        rolled.append(summed)
    out = pd.concat(rolled, ignore_index=True).sort_values("_group", kind="stable")
    out = out.drop(columns=["_group"])
    if out.empty:
        return kept, left_out
    merged = pd.concat([kept, out], ignore_index=True).drop_duplicates(KEY, keep="first")
    return merged.reset_index(drop=True), left_out
