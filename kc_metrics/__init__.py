"""kc_metrics: the khuyến công dataset and its metrics, with no user interface (no Streamlit import).

Public surface (the pages and tests use only these):
- load_records, load_sources, load_geography, load_metrics, load_kpis, load_dataset: the validated
  dataset; load_dataset_or_last_good: the last valid build when the CSV is broken, with its problems.
- DataError: raised with every problem of an invalid dataset (file, row, column, message).
- KPIS: KPI id -> KPI (labels, unit, category, definition, additive, rule), the default data's catalogue.
- Selection, select_records, split_by_years: what a reader selected, and the records it takes.
- compute: records -> one tidy row per geography, period and KPI, by the honest rules;
  left_out_count, not_rolled_up_count: its notes, for the KPIs and areas of one chart.
- to_csv_bytes, to_xlsx_bytes: every download, neutralised for spreadsheets.
- format_number, format_money, format_value, format_period, unit_label, qualifier_word: Vietnamese and
  English number formats and words.
"""

from kc_metrics.compute import compute, left_out_count, not_rolled_up_count
from kc_metrics.export import to_csv_bytes, to_xlsx_bytes
from kc_metrics.fmt import (
    format_money,
    format_number,
    format_period,
    format_value,
    qualifier_word,
    unit_label,
)
from kc_metrics.kpis import KPI, Catalogue
from kc_metrics.load import (
    KPIS,
    DataError,
    Dataset,
    load_dataset,
    load_dataset_or_last_good,
    load_geography,
    load_kpis,
    load_metrics,
    load_records,
    load_sources,
)
from kc_metrics.selection import Selection, select_records, split_by_years

__all__ = [
    "KPI",
    "KPIS",
    "Catalogue",
    "DataError",
    "Dataset",
    "Selection",
    "compute",
    "format_money",
    "format_number",
    "format_period",
    "format_value",
    "left_out_count",
    "load_dataset",
    "load_dataset_or_last_good",
    "load_geography",
    "load_kpis",
    "load_metrics",
    "load_records",
    "load_sources",
    "not_rolled_up_count",
    "qualifier_word",
    "select_records",
    "split_by_years",
    "to_csv_bytes",
    "to_xlsx_bytes",
    "unit_label",
]
