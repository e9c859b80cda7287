"""The dataset's columns and controlled vocabularies, in one place for the loader and the docs."""

from __future__ import annotations

import os
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parents[1] / "data"


def default_data_dir() -> Path:
    """The data folder to serve: $KC_DATA_DIR when set (tests, the benchmark, another deployment),
    else the dataset shipped in data/."""
    return Path(os.environ.get("KC_DATA_DIR") or DATA_DIR)


STATUSES = ("actual", "plan")
PROGRAMS = ("kcqg", "kcdp", "all")
GEO_LEVELS = ("province", "region", "national")
KPI_RULE_KINDS = ("split", "total", "ratio")
UNITS = ("million_vnd", "count", "people", "percent", "million_vnd_per_person_month", "tonnes_per_year")
MONEY_UNITS = ("million_vnd", "million_vnd_per_person_month")
QUALIFIERS = ("exact", "more_than", "at_least", "about", "at_most")
YEAR_MIN, YEAR_MAX = 2000, 2030

SOURCE_COLUMNS = (
    "source_id",
    "kind",
    "title",
    "outlet",
    "author",
    "published",
    "url",
    "language",
    "number_style",
    "covers",
)
RECORD_COLUMNS = (
    "record_id",
    "source_id",
    "geo_code",
    "period_start",
    "period_end",
    "months",
    "status",
    "program",
    "metric",
    "value",
    "unit",
    "qualifier",
    "value_as_written",
    "note",
)
# Record columns a file may leave out (they are then empty for each of its rows):
# estimate: "yes" when the source gives the figure as an estimate (ước thực hiện, dự kiến...);
# as_of: "YYYY-MM" or "YYYY", the date a stock (a cumulative count) stands at;
# computed_from, formula: the records a figure the curator computed comes from, and how;
# supersedes: the record id this one replaces (same figure key); scope: what the figure covers.
OPTIONAL_RECORD_COLUMNS = ("estimate", "as_of", "computed_from", "formula", "supersedes", "scope")
# No two records may be the same figure, whatever their sources, unless one supersedes the other:
# the dashboard would otherwise show one of them and silently hide the other.
FIGURE_KEY = ("geo_code", "period_start", "period_end", "months", "as_of", "status", "program", "metric")
METRIC_COLUMNS = (
    "metric",
    "label_vi",
    "label_en",
    "unit",
    "category",
    "additive",
    "definition",
    "definition_vi",
)
KPI_RULE_COLUMNS = (
    "kpi",
    "kind",
    "metric",
    "program",
    "parts",
    "numerator",
    "denominator",
    "scale",
    "unit",
    "category",
    "label_vi",
    "label_en",
    "definition",
    "definition_vi",
)
GEOGRAPHY_COLUMNS = (
    "geo_code",
    "geo_level",
    "map",
    "name",
    "name_en",
    "full_name",
    "region_code",
    "successor_code",
    "valid_from",
    "valid_to",
    "lat",
    "lon",
    "package_key",
)
# The outlet of a source whose copy does not say who published it (shown in the page's language).
OUTLET_NOT_NAMED = "Not named in the copy held"

# Two records with the same key would be the same figure twice (or a contradiction).
RECORD_KEY = ("source_id", "geo_code", "period_start", "period_end", "as_of", "program", "metric", "status")
