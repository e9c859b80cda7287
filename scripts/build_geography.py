"""Build data/geography.csv from the `vietnamadminunits` package.

Load inputs: the package's 63 former provinces, its 34 current provinces and its 63 -> 34 mapping.
Process: give each unit a code that says which map it belongs to (P63-xx former, P34-xx current),
attach the industrial-promotion region and add the region and national units.
Save: data/geography.csv, sorted, so that a rebuild shows as a clean diff.

Run: python scripts/build_geography.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pandas as pd
import vietnamadminunits
from vietnamadminunits.database import query

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from anywhere
from kc_metrics.schema import GEOGRAPHY_COLUMNS

OUT = Path(__file__).resolve().parents[1] / "data" / "geography.csv"

# The Ministry groups provinces into three regions for regional CNNT product recognition and
# its regional khuyến công reports: the North (28 provinces, down to Hà Tĩnh), Central and
# Central Highlands (15) and the South (20, from Bình Thuận). Keyed by the former province code.
REGION_OF_FORMER = {
    "REG-N": "01 02 04 06 08 10 11 12 14 15 17 19 20 22 24 25 26 27 30 31 33 34 35 36 37 38 40 42",
    "REG-C": "44 45 46 48 49 51 52 54 56 58 62 64 66 67 68",
    "REG-S": "60 70 72 74 75 77 79 80 82 83 84 86 87 89 91 92 93 94 95 96",
}
REGIONS = [
    ("REG-N", "Khu vực phía Bắc", "Northern region"),
    ("REG-C", "Khu vực miền Trung - Tây Nguyên", "Central and Central Highlands region"),
    ("REG-S", "Khu vực phía Nam", "Southern region"),
]
FORMER_VALID = ("2008-08-01", "2025-06-30")  # the 63-province map: from Hà Tây's merge to Res. 202/2025
CURRENT_VALID = ("2025-07-01", "")


def package_mapping() -> dict[str, list[str]]:
    """Current province key -> former province keys, as the package's converter holds it."""
    path = Path(vietnamadminunits.__file__).parent / "data" / "converter_2025.json"
    return json.loads(path.read_text(encoding="utf-8"))["DICT_PROVINCE"]


def build() -> pd.DataFrame:
    sql = (
        "SELECT DISTINCT provinceCode, province, provinceShort, provinceKey, provinceLat, provinceLon FROM {}"
    )
    former = pd.DataFrame(query(sql.format("admin_units_legacy")))
    current = pd.DataFrame(query(sql.format("admin_units")))
    region_of = {code: reg for reg, codes in REGION_OF_FORMER.items() for code in codes.split()}
    former_code_of_key = dict(zip(former.provinceKey, former.provinceCode, strict=True))
    successor = {}
    for new_key, old_keys in package_mapping().items():
        new_code = current.loc[current.provinceKey == new_key, "provinceCode"].item()
        for old_key in old_keys:
            successor[former_code_of_key[old_key]] = new_code

    rows = []
    for r in former.itertuples():
        rows.append(
            dict(
                geo_code=f"P63-{r.provinceCode}",
                geo_level="province",
                map="63",
                name=r.provinceShort,
                full_name=r.province,
                region_code=region_of[r.provinceCode],
                successor_code=f"P34-{successor[r.provinceCode]}",
                valid_from=FORMER_VALID[0],
                valid_to=FORMER_VALID[1],
                lat=r.provinceLat,
                lon=r.provinceLon,
                package_key=r.provinceKey,
            )
        )
    for r in current.itertuples():
        parts = [code for code, new in successor.items() if new == r.provinceCode]
        regions = pd.Series([region_of[p] for p in parts])
        # A current province takes the region of most of its parts (only Lâm Đồng spans two).
        rows.append(
            dict(
                geo_code=f"P34-{r.provinceCode}",
                geo_level="province",
                map="34",
                name=r.provinceShort,
                full_name=r.province,
                region_code=regions.mode().iloc[0],
                successor_code="",
                valid_from=CURRENT_VALID[0],
                valid_to=CURRENT_VALID[1],
                lat=r.provinceLat,
                lon=r.provinceLon,
                package_key=r.provinceKey,
            )
        )
    for code, name_vi, name_en in REGIONS:
        rows.append(
            dict(
                geo_code=code,
                geo_level="region",
                map="",
                name=name_vi,
                name_en=name_en,
                full_name=name_vi,
                region_code=code,
                successor_code="",
                valid_from="",
                valid_to="",
                package_key="",
            )
        )
    rows.append(
        dict(
            geo_code="VN",
            geo_level="national",
            map="",
            name="Toàn quốc",
            name_en="Nationwide",
            full_name="Việt Nam",
            region_code="",
            successor_code="",
            valid_from="",
            valid_to="",
            package_key="",
        )
    )
    table = pd.DataFrame(rows)
    # Province names are proper names: English shows them with their diacritics.
    table["name_en"] = table["name_en"].fillna(table["name"])
    columns = list(GEOGRAPHY_COLUMNS)
    return table[columns].sort_values("geo_code", ignore_index=True)


if __name__ == "__main__":
    table = build()
    table.to_csv(OUT, index=False, encoding="utf-8", lineterminator="\n")
    print(f"wrote {len(table)} units to {OUT}")
