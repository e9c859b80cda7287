"""A SYNTHETIC dataset in the real schema, at national scale, for the benchmark only.

Nothing here is a real figure. Every source title starts with "SYNTHETIC benchmark source", every note
says "synthetic", every file is named synthetic-*.csv, and the folder holds a SYNTHETIC.txt saying so.

What a dataset of `rows` records holds (see BENCHMARKS.md, "The synthetic dataset"):
- Aggregate layer (the same 7,098 rows at every size): for each of the 63 former provinces and each
  year 2005–2025, the KCQG and KCĐP budget (actual), the budget plan (all programmes) and the number of
  đề án; each province's budget and vocational trainees over the four five-year plan periods
  (2006–2010 … 2021–2025, one record per period); every metric of metrics.csv for the nation each year;
  the three regions' budget each year; the national KCQG budget plan each year. 2025 province figures
  cover 6 months. About 1 in 20 aggregate figures is written with a qualifier ("khoảng", "hơn").
- Project-level detail rows fill the rest: one synthetic source per đề án (a project report), so the
  record key (source, geography, period, programme, metric, status) stays unique however many projects
  a province runs in a year. A project has a province, a year, a programme (KCQG or KCĐP), its budget
  (plan and actual) and the outputs of its kind (training, machinery, demonstration model, fairs…),
  4 to 9 records. One project source in ten writes numbers the English way (1,234.5 million VND).

Load inputs: data/metrics.csv, data/kpi_rules.csv and data/geography.csv (copied next to the synthetic files).
Process: a seeded random generator (the same rows for the same size, every time).
Save: <folder>/sources/synthetic-sources.csv, <folder>/records/synthetic-*.csv, metrics.csv,
geography.csv, SYNTHETIC.txt.

Run `python bench/synthetic.py 10000 bench/out/synthetic-10k` to write one folder by hand.
"""

from __future__ import annotations

import csv
import random
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
GENERATOR_VERSION = "4"  # named in SYNTHETIC.txt; bench/run.py rewrites a folder when this file changes
YEARS = range(2005, 2026)
PLAN_PERIODS = ((2006, 2010), (2011, 2015), (2016, 2020), (2021, 2025))
PARTIAL_YEAR, PARTIAL_MONTHS = 2025, 6
SEED = 20251122

SOURCE_HEADER = [
    "source_id", "kind", "title", "outlet", "author", "published", "url", "language", "number_style",
    "covers",
]  # fmt: skip
RECORD_HEADER = [
    "record_id", "source_id", "geo_code", "period_start", "period_end", "months", "status", "program",
    "metric", "value", "unit", "qualifier", "value_as_written", "note", "supersedes",
]  # fmt: skip

# The outputs each kind of đề án reports besides its budget (metric ids of data/metrics.csv).
PROJECT_KINDS = {
    "đào tạo nghề": ["trainees_vocational", "classes", "trainees_employed", "placement_rate",
                     "certification_rate", "income_after_training", "budget_training"],
    "khởi sự doanh nghiệp": ["trainees_business", "classes_business", "new_enterprises"],
    "máy móc thiết bị": ["facilities_machinery", "budget_machinery", "counterpart_capital",
                         "budget_with_counterpart", "projects_machinery"],
    "mô hình trình diễn": ["demo_models", "demo_model_capacity", "counterpart_capital",
                           "budget_with_counterpart"],
    "sản xuất sạch hơn": ["cleaner_production", "cleaner_production_conferences", "facilities_supported"],
    "hội chợ triển lãm": ["fairs", "fair_participants", "trademarks", "packaging_support", "showrooms"],
    "bình chọn sản phẩm": ["budget_product_recognition", "products_entered", "products_district",
                           "products_provincial", "products_regional", "products_national"],
    "thông tin tuyên truyền": ["media_items", "bulletins", "conferences", "conference_delegates"],
    "tư vấn, quy hoạch": ["advisory_clients", "cluster_planning_projects", "industrial_clusters_mapped",
                          "communes_surveyed"],
    "tham quan khảo sát": ["trainees_study_tour", "facilities_supported"],
}  # fmt: skip


@dataclass(frozen=True)
class Style:
    """How a synthetic source writes numbers and units (data/README.md, number_style)."""

    name: str  # "vi" or "en"
    language: str
    million: str
    billion: str
    per_month: str
    tonnes: str
    about: str
    more_than: str


VI = Style("vi", "vi", "triệu đồng", "tỷ đồng", "triệu đồng/người/tháng", "tấn/năm", "khoảng", "hơn")
EN = Style("en", "en", "million VND", "billion VND", "million VND per person per month", "tonnes per year",
           "about", "over")  # fmt: skip


def number_text(value: float, decimals: int, style: Style) -> str:
    """A number as the style writes it: vi 1.234,5 (dot groups thousands), en 1,234.5."""
    text = f"{value:,.{decimals}f}"
    return text.translate(str.maketrans({",": ".", ".": ","})) if style.name == "vi" else text


def written_figure(value: float, unit: str, style: Style, qualifier: str = "exact") -> str:
    """The figure as a synthetic source writes it; kc_metrics.figures.parse_figure reads it back as
    `value` in the metric's unit (money in million VND) with the same qualifier."""
    if unit == "million_vnd":
        big = value >= 10_000 and value % 100 == 0  # whole hundreds of millions read well in tỷ
        text = (
            f"{number_text(value / 1000, 1, style)} {style.billion}"
            if big
            else f"{number_text(value, 1, style)} {style.million}"
        )
    elif unit == "million_vnd_per_person_month":
        text = f"{number_text(value, 1, style)} {style.per_month}"
    elif unit == "percent":
        text = f"{number_text(value, 1, style)}%"
    elif unit == "tonnes_per_year":
        text = f"{number_text(value, 0, style)} {style.tonnes}"
    else:  # count, people: a plain integer
        text = number_text(value, 0, style)
    prefix = {"about": style.about, "more_than": style.more_than}.get(qualifier)
    return f"{prefix} {text}" if prefix else text


def draw_value(rng: random.Random, unit: str, scale: float = 1.0) -> float:
    """A plausible synthetic value in the unit: money in million VND (one decimal), whole counts."""
    if unit == "million_vnd":
        return round(rng.uniform(80, 3000) * scale, 1)
    if unit == "million_vnd_per_person_month":
        return round(rng.uniform(3, 12), 1)
    if unit == "percent":
        return round(rng.uniform(20, 100), 1)
    if unit == "tonnes_per_year":
        return float(rng.randint(10, 5000))
    return float(max(1, round(rng.uniform(1, 400) * scale)))


def value_text(value: float) -> str:
    """The value column: no trailing .0 on whole numbers."""
    return str(int(value)) if value == int(value) else repr(value)


def read_catalogue(data_dir: Path = DATA) -> tuple[dict[str, str], list[str]]:
    """(metric -> unit, the 63 former provinces' codes) from the real metric catalogue and geography."""
    with (data_dir / "metrics.csv").open(encoding="utf-8", newline="") as f:
        units = {row["metric"]: row["unit"] for row in csv.DictReader(f)}
    with (data_dir / "geography.csv").open(encoding="utf-8", newline="") as f:
        provinces = [row["geo_code"] for row in csv.DictReader(f) if row["map"] == "63"]
    return units, sorted(provinces)


class Writer:
    """Numbers the records and keeps the source rows, so each record and source id is unique.

    No two records may be the same figure (geography, period, months, status, programme, metric)
    unless one supersedes the other (the validator's rule). Many đề án of one province and year state
    the same figure (its budget, its trainees…), so each record after the first of its figure
    supersedes that first one: the first is no longer shown, and the dashboard chooses among the later
    ones by the source's priority (the choice the benchmark is meant to exercise).
    """

    def __init__(self) -> None:
        self.sources: list[list[str]] = []
        self.count = 0
        self.first: dict[tuple[str, ...], str] = {}  # figure -> the id of its first record

    def source(self, source_id: str, title: str, published: str, style: Style, covers: str) -> str:
        """Add one synthetic source; returns its id."""
        self.sources.append(
            [source_id, "report", f"SYNTHETIC benchmark source – {title}", "SYNTHETIC (bench/synthetic.py)",
             "synthetic", published, "", style.language, style.name, f"synthetic: {covers}"]
        )  # fmt: skip
        return source_id

    def record(
        self,
        source_id: str,
        geo: str,
        period: tuple[int, int],
        status: str,
        program: str,
        metric: str,
        value: float,
        unit: str,
        style: Style,
        qualifier: str = "exact",
        months: int | None = None,
    ) -> list[str]:
        """One record row whose value_as_written reads back as `value` in the source's style."""
        self.count += 1
        record_id = f"SYN-{self.count:07d}"
        figure = (geo, str(period[0]), str(period[1]), "" if months is None else str(months), status,
                  program, metric)  # fmt: skip
        supersedes = self.first.setdefault(figure, record_id)
        return [
            record_id, source_id, geo, str(period[0]), str(period[1]),
            "" if months is None else str(months), status, program, metric, value_text(value), unit,
            qualifier, written_figure(value, unit, style, qualifier), "synthetic",
            "" if supersedes == record_id else supersedes,
        ]  # fmt: skip


def aggregate_rows(writer: Writer, rng: random.Random, units: dict[str, str], provinces: list[str]):
    """The aggregate layer: province, region and national reports (the same rows at every size)."""
    rows = []

    def qualifier() -> str:
        draw = rng.random()
        return "about" if draw < 0.03 else "more_than" if draw < 0.05 else "exact"

    def money(scale: float) -> float:
        return float(round(rng.uniform(1, 60) * scale) * 100)  # whole hundreds: written in tỷ

    for index, geo in enumerate(provinces, start=1):
        src = writer.source(f"SYN-A{index:02d}", f"báo cáo khuyến công năm, {geo}", "2026-01-15", VI,
                            f"annual khuyến công results of {geo}, 2005–2025")  # fmt: skip
        for year in YEARS:
            months = PARTIAL_MONTHS if year == PARTIAL_YEAR else None
            span = (year, year)
            rows += [
                writer.record(src, geo, span, "actual", "kcqg", "budget", money(1), "million_vnd", VI,
                              qualifier(), months),
                writer.record(src, geo, span, "actual", "kcdp", "budget", money(1.5), "million_vnd", VI,
                              qualifier(), months),
                writer.record(src, geo, span, "plan", "all", "budget", money(2.5), "million_vnd", VI,
                              months=months),
                writer.record(src, geo, span, "actual", "all", "projects", draw_value(rng, "count", 0.2),
                              "count", VI, months=months),
            ]  # fmt: skip
        for span in PLAN_PERIODS:
            rows += [
                writer.record(src, geo, span, "actual", "all", "budget", money(12), "million_vnd", VI),
                writer.record(src, geo, span, "actual", "all", "trainees_vocational",
                              draw_value(rng, "people", 20), "people", VI),
            ]  # fmt: skip
    nation = writer.source("SYN-N", "báo cáo khuyến công toàn quốc", "2026-02-01", VI,
                           "every metric of the catalogue, nationwide, 2005–2025")  # fmt: skip
    for year in YEARS:
        for metric, unit in units.items():
            rows.append(
                writer.record(nation, "VN", (year, year), "actual", "all", metric,
                              draw_value(rng, unit, 60), unit, VI, qualifier())
            )  # fmt: skip
        rows.append(
            writer.record(nation, "VN", (year, year), "plan", "kcqg", "budget", money(90), "million_vnd", VI)
        )
        for region in ("REG-N", "REG-C", "REG-S"):
            rows.append(
                writer.record(nation, region, (year, year), "actual", "all", "budget", money(30),
                              "million_vnd", VI)
            )  # fmt: skip
    return rows


def project_rows(
    writer: Writer, rng: random.Random, units: dict[str, str], provinces: list[str]
) -> Iterator[tuple[int, list[list[str]]]]:
    """Endless đề án, each its own synthetic source: (year, the project's record rows)."""
    kinds = list(PROJECT_KINDS)
    number = 0
    while True:
        number += 1
        geo, year = rng.choice(provinces), rng.choice(YEARS)
        program = "kcqg" if rng.random() < 0.4 else "kcdp"
        kind = kinds[number % len(kinds)]
        style = EN if number % 10 == 0 else VI
        src = writer.source(
            f"SYN-P{number:07d}",
            f"đề án {program.upper()} {year} số {number}: {kind}, {geo}",
            f"{year}-{1 + number % 12:02d}-{1 + number % 28:02d}",
            style,
            f"one đề án ({kind}) in {geo}, {year}",
        )
        span = (year, year)
        budget = draw_value(rng, "million_vnd")
        rows = [
            writer.record(src, geo, span, "plan", program, "budget", budget, "million_vnd", style),
            writer.record(src, geo, span, "actual", program, "budget", round(budget * rng.uniform(0.8, 1), 1),
                          "million_vnd", style),
        ]  # fmt: skip
        for metric in PROJECT_KINDS[kind]:
            unit = units[metric]
            rows.append(
                writer.record(src, geo, span, "actual", program, metric, draw_value(rng, unit), unit, style)
            )
        yield year, rows


def write_csv(path: Path, header: list[str], rows) -> None:
    """UTF-8 CSV with the schema's header."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(header)
        out.writerows(rows)


def project_file(year: int) -> str:
    """Project records are split by five-year plan period, as a curator might keep them."""
    for first, last in ((2005, 2010), *PLAN_PERIODS[1:]):
        if first <= year <= last:
            return f"synthetic-projects-{first}-{last}.csv"
    raise ValueError(year)


def generate(rows: int, folder: Path, data_dir: Path = DATA, seed: int = SEED) -> dict[str, int]:
    """Write a synthetic dataset of exactly `rows` records (at least the aggregate layer) to `folder`.

    Returns counts: records, sources, aggregate records, project records, projects.
    """
    rng = random.Random(seed)
    units, provinces = read_catalogue(data_dir)
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "records").mkdir(parents=True)
    for name in ("metrics.csv", "kpi_rules.csv", "geography.csv"):
        shutil.copyfile(data_dir / name, folder / name)
    writer = Writer()
    aggregates = aggregate_rows(writer, rng, units, provinces)
    write_csv(folder / "records" / "synthetic-aggregates.csv", RECORD_HEADER, aggregates)
    by_file: dict[str, list[list[str]]] = {}
    remaining, projects = max(0, rows - len(aggregates)), 0
    for year, project in project_rows(writer, rng, units, provinces):
        if remaining <= 0:
            writer.sources.pop()  # the project drawn last has no room left: no source without records
            break
        by_file.setdefault(project_file(year), []).extend(project[:remaining])
        remaining -= min(remaining, len(project))
        projects += 1
    for name, part in sorted(by_file.items()):
        write_csv(folder / "records" / name, RECORD_HEADER, part)
    write_csv(folder / "sources" / "synthetic-sources.csv", SOURCE_HEADER, writer.sources)
    (folder / "SYNTHETIC.txt").write_text(
        "SYNTHETIC benchmark data written by bench/synthetic.py: no figure here is real.\n"
        f"generator {GENERATOR_VERSION}, seed {seed}, {rows} records requested\n",
        encoding="utf-8",
    )
    detail = sum(len(p) for p in by_file.values())
    return {
        "records": len(aggregates) + detail,
        "sources": len(writer.sources),
        "aggregate_records": len(aggregates),
        "project_records": detail,
        "projects": projects,
    }


if __name__ == "__main__":
    size, target = int(sys.argv[1]), Path(sys.argv[2])
    print(generate(size, target))
