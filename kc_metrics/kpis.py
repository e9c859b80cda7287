"""The KPI catalogue: every figure the dashboard can show, with labels, unit, definition and rule.

The catalogue is data, loaded with the dataset (`Dataset.kpis`): one KPI per metric of
data/metrics.csv, plus the rules of data/kpi_rules.csv. Three kinds of KPI:
- "reported": a metric of the dataset as the source states it; a "split" rule restricts a metric to one
  programme (budget_kcqg is the budget metric of KCQG records).
- "total": the programme total as reported; where a source gives only the parts (KCQG and KCĐP),
  their sum (derived).
- "ratio": numerator / sum of denominators (× scale: 100 for a percentage), computed from figures of the
  same geography, period and status; a reported value of the ratio's metric, where one exists, wins.

`KPIS` (in kc_metrics.load) is the catalogue of the default data folder, read when first used.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd

KPIKind = Literal["reported", "total", "ratio"]


@dataclass(frozen=True)
class KPI:
    """One KPI: what it is, in what unit, how it is obtained, and whether provinces may be summed."""

    id: str
    label_vi: str
    label_en: str
    unit: str
    category: str
    definition: str  # in English; definition_vi in Vietnamese
    additive: bool
    kind: KPIKind
    metric: str | None = None  # the dataset metric behind a reported or total KPI
    program: str | None = None  # the programme a reported KPI is restricted to (None: any)
    parts: tuple[str, ...] = ()  # a total's parts (KPI ids)
    numerator: str | None = None
    denominator: tuple[str, ...] = ()  # summed when several (kcqg_share: KCQG + KCĐP)
    scale: float = 1.0
    definition_vi: str = ""

    def label(self, lang: str) -> str:
        return self.label_en if lang == "en" else self.label_vi

    def describe(self, lang: str) -> str:
        """The definition (formula, denominator, unit) in the page's language."""
        return self.definition if lang == "en" or not self.definition_vi else self.definition_vi

    @property
    def operands(self) -> tuple[str, ...]:
        """The KPIs this one is made of: a total's parts, a ratio's numerator and denominators."""
        return (*self.parts, *((self.numerator,) if self.numerator else ()), *self.denominator)


class Catalogue(Mapping[str, KPI]):
    """KPI id -> KPI, in the order the pages list them, with the lookups compute() needs."""

    def __init__(self, kpis: Mapping[str, KPI] | None = None) -> None:
        self._kpis: dict[str, KPI] = dict(kpis or {})

    def _table(self) -> dict[str, KPI]:
        return self._kpis

    def __getitem__(self, kpi_id: str) -> KPI:
        return self._table()[kpi_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._table())

    def __len__(self) -> int:
        return len(self._table())

    def of_kind(self, kind: KPIKind) -> list[KPI]:
        return [k for k in self._table().values() if k.kind == kind]

    @functools.cached_property
    def split_metrics(self) -> frozenset[str]:
        """Metrics whose KPI depends on the record's programme (budget, projects)."""
        return frozenset(k.metric for k in self._table().values() if k.program and k.metric)

    @functools.cached_property
    def _split_kpis(self) -> dict[tuple[str, str], str]:
        return {
            (k.metric, k.program): k.id
            for k in self._table().values()
            if k.metric in self.split_metrics and k.program and k.kind != "ratio"
        }

    def kpi_of(self, metric: str, program: str) -> str | None:
        """The KPI a record of (metric, programme) is a value of: budget of KCQG -> budget_kcqg, budget
        of all programmes -> budget_total; any other metric -> the KPI of the same id (None: no KPI)."""
        if metric in self.split_metrics:
            return self._split_kpis.get((metric, program))
        # A ratio's metric (kcqg_share) is the ratio's own KPI: a reported share is shown as reported.
        return metric if metric in self._table() else None

    def metrics_behind(self, kpi_ids: Iterable[str]) -> set[str]:
        """The metrics whose records can change the given KPIs: each KPI's own metric, a total's parts
        and a ratio's operands, followed to the end (the KPI ids themselves included)."""
        found: set[str] = set()
        todo = list(kpi_ids)
        while todo:
            kpi_id = todo.pop()
            if kpi_id in found:
                continue
            found.add(kpi_id)
            kpi = self[kpi_id]
            if kpi.metric:
                found.add(kpi.metric)
            todo += kpi.operands
        return found


def _ids(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in str(cell).split(";") if part.strip())


def build_catalogue(metrics: pd.DataFrame, rules: pd.DataFrame) -> Catalogue:
    """The catalogue from the metric table and the KPI rules (both as the loader types them).

    Order: the metrics in their file's order, a split metric replaced by its programme KPIs and its
    total; the ratios last, in the rules' order.
    """
    rule_rows: list[dict[str, Any]] = [{str(k): v for k, v in r.items()} for r in rules.to_dict("records")]
    by_metric: dict[str, list[dict[str, Any]]] = {}
    for rule in rule_rows:
        if rule["kind"] in ("split", "total"):
            by_metric.setdefault(rule["metric"], []).append(rule)
    ratio_metrics = {r["metric"] for r in rule_rows if r["kind"] == "ratio" and r["metric"]}
    kpis: dict[str, KPI] = {}
    for row in ({str(k): v for k, v in r.items()} for r in metrics.to_dict("records")):
        metric = row["metric"]
        common = {
            "unit": row["unit"],
            "category": row["category"],
            "additive": bool(row["additive"]),
            "metric": metric,
        }
        if metric in by_metric:
            for rule in by_metric[metric]:
                kpis[rule["kpi"]] = KPI(
                    rule["kpi"],
                    rule["label_vi"],
                    rule["label_en"],
                    definition=rule["definition"],
                    definition_vi=rule["definition_vi"],
                    kind="reported" if rule["kind"] == "split" else "total",
                    program=rule["program"] or None,
                    parts=_ids(rule["parts"]),
                    **common,
                )
        elif metric not in ratio_metrics:
            kpis[metric] = KPI(
                metric,
                row["label_vi"],
                row["label_en"],
                definition=row["definition"],
                definition_vi=row["definition_vi"],
                kind="reported",
                **common,
            )
    for rule in rule_rows:
        if rule["kind"] != "ratio":
            continue
        kpis[rule["kpi"]] = KPI(
            rule["kpi"],
            rule["label_vi"],
            rule["label_en"],
            unit=rule["unit"],
            category=rule["category"],
            definition=rule["definition"],
            definition_vi=rule["definition_vi"],
            additive=False,
            kind="ratio",
            metric=rule["metric"] or None,
            numerator=rule["numerator"],
            denominator=_ids(rule["denominator"]),
            scale=float(rule["scale"] or 1.0),
        )
    return Catalogue(kpis)
