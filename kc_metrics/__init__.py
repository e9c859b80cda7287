"""kc_metrics: the khuyến công dataset and its metrics, with no user interface (no Streamlit import).

Public surface (the pages and tests use only these):
- load_records, load_sources, load_geography, load_metrics, load_dataset: the validated dataset;
  load_dataset_or_last_good: the last valid build when the CSV is broken, with its problems.
- DataError: raised with every problem of an invalid dataset (file, row, column, message).
- KPIS: KPI id -> KPI (labels, unit, category, definition, additive, rule).
- compute: records -> one tidy row per geography, period and KPI, by the honest rules.
- to_csv_bytes, to_xlsx_bytes: every download, neutralised for spreadsheets.
- format_number, format_money, format_value, format_period: Vietnamese and English number formats.
"""

from kc_metrics.compute import compute, split_by_years
from kc_metrics.export import to_csv_bytes, to_xlsx_bytes
from kc_metrics.fmt import format_money, format_number, format_period, format_value
from kc_metrics.kpis import KPI, KPIS
from kc_metrics.load import (
    DataError,
    Dataset,
    load_dataset,
    load_dataset_or_last_good,
    load_geography,
    load_metrics,
    load_records,
    load_sources,
)

__all__ = [
    "KPI",
    "KPIS",
    "DataError",
    "Dataset",
    "compute",
    "format_money",
    "format_number",
    "format_period",
    "format_value",
    "load_dataset",
    "load_dataset_or_last_good",
    "load_geography",
    "load_metrics",
    "load_records",
    "load_sources",
    "split_by_years",
    "to_csv_bytes",
    "to_xlsx_bytes",
]
