"""kc_metrics: the khuyến công dataset and its metrics, with no user interface (no Streamlit import).

Public surface (the pages and tests use only these):
- load_records, load_sources, load_geography, load_metrics, load_dataset: the validated dataset.
- DataError: raised with every problem of an invalid dataset (file, row, column, message).
"""

from kc_metrics.load import (
    DataError,
    Dataset,
    load_dataset,
    load_geography,
    load_metrics,
    load_records,
    load_sources,
)

__all__ = [
    "DataError",
    "Dataset",
    "load_dataset",
    "load_geography",
    "load_metrics",
    "load_records",
    "load_sources",
]
