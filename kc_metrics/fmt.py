"""Numbers as a reader expects them: Vietnamese 1.234,5 and "6,4 tỷ đồng"; English 1,234.5 and
"6.4 billion VND". Babel supplies the separators of each locale.

The words for units and qualifiers, in both languages, live here and only here."""

from __future__ import annotations

import math
import numbers

from babel.numbers import format_decimal

LOCALES = {"vi": "vi_VN", "en": "en_US"}
QUALIFIER_WORDS = {
    "vi": {"more_than": "hơn", "at_least": "ít nhất", "about": "khoảng", "at_most": "tối đa"},
    "en": {"more_than": "more than", "at_least": "at least", "about": "about", "at_most": "at most"},
}
UNIT_WORDS = {
    "vi": {
        "count": "",
        "people": "người",
        "percent": "%",
        "million_vnd": "triệu đồng",
        "million_vnd_per_person_month": "triệu đồng/người/tháng",
        "tonnes_per_year": "tấn/năm",
    },
    "en": {
        "count": "",
        "people": "people",
        "percent": "%",
        "million_vnd": "million VND",
        "million_vnd_per_person_month": "million VND per person per month",
        "tonnes_per_year": "tonnes per year",
    },
}
# An axis or column names the unit even where a value reads without one ("12", not "12 số lượng").
UNIT_AXIS_WORDS = {
    "vi": {**UNIT_WORDS["vi"], "count": "số lượng"},
    "en": {**UNIT_WORDS["en"], "count": "number"},
}
NO_DATA = {"vi": "không có số liệu", "en": "no data"}


def unit_label(unit: str, lang: str = "vi") -> str:
    """The unit as an axis or a column names it: "triệu đồng", "số lượng" / "million VND", "number"."""
    return UNIT_AXIS_WORDS[lang].get(unit, unit)


def qualifier_word(qualifier: str, lang: str = "vi") -> str:
    """ "hơn" / "more than" for more_than; "" for an exact figure."""
    return QUALIFIER_WORDS[lang].get(qualifier or "exact", "")


def format_number(value: float | None, lang: str = "vi", decimals: int = 1) -> str:
    """1234.5 -> "1.234,5" (vi) or "1,234.5" (en); at most `decimals` decimals, none for whole numbers."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return NO_DATA[lang]
    pattern = "#,##0" + ("." + "#" * decimals if decimals > 0 else "")
    return format_decimal(value, format=pattern, locale=LOCALES[lang])


def format_money(million_vnd: float | None, lang: str = "vi") -> str:
    """Money in million VND as a reader says it: from 1,000 million on, in tỷ / billion.

    6400 -> "6,4 tỷ đồng" / "6.4 billion VND"; 850 -> "850 triệu đồng" / "850 million VND".
    """
    if million_vnd is None or (isinstance(million_vnd, float) and math.isnan(million_vnd)):
        return NO_DATA[lang]
    if abs(million_vnd) >= 1000:
        number = format_number(million_vnd / 1000, lang, decimals=1)
        return f"{number} tỷ đồng" if lang == "vi" else f"{number} billion VND"
    number = format_number(million_vnd, lang, decimals=1)
    return f"{number} triệu đồng" if lang == "vi" else f"{number} million VND"


ESTIMATE_WORD = {"vi": "ước", "en": "est."}


def format_value(
    value: float | None,
    unit: str,
    lang: str = "vi",
    qualifier: str = "exact",
    months: int | None = None,
    estimate: bool = False,
) -> str:
    """A KPI value with its unit, qualifier, months and estimate mark: "hơn 6 tỷ đồng (8 tháng)",
    "29,7 %", "ước 73,7 tỷ đồng (9 tháng)" / "est. 73.7 billion VND (9 months)"."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return NO_DATA[lang]
    if unit == "million_vnd":
        text = format_money(value, lang)
    else:
        decimals = 1 if unit in ("percent", "million_vnd_per_person_month") or value != int(value) else 0
        word = UNIT_WORDS[lang].get(unit, "")
        number = format_number(value, lang, decimals=decimals)
        text = f"{number} {word}".strip() if word != "%" else f"{number}%"
    prefix = QUALIFIER_WORDS[lang].get(qualifier or "exact")
    if prefix:
        text = f"{prefix} {text}"
    if estimate:
        text = f"{ESTIMATE_WORD[lang]} {text}"
    if (
        months is not None
        and not (isinstance(months, float) and math.isnan(months))
        and str(months) != "<NA>"
    ):
        text += f" ({int(months)} tháng)" if lang == "vi" else f" ({int(months)} months)"
    return text


def months_or_none(value: object) -> int | None:
    """Months covered as an int, or None for a whole period (a missing cell: None, <NA>, NaN)."""
    return int(float(value)) if isinstance(value, numbers.Real) and value == value else None


def format_period(
    start: int, end: int, months: int | None = None, lang: str = "vi", as_of: str | None = None
) -> str:
    """A period as one label: "2021", "2014–2020", "2020 (8 tháng)"; a stock with the date it stands
    at: "2018–2024, đến 4/2024" / "2018–2024, as of 4/2024"."""
    text = str(start) if start == end else f"{start}–{end}"
    if months is not None and str(months) not in ("<NA>", "nan", "None"):
        text += f" ({int(months)} tháng)" if lang == "vi" else f" ({int(months)} months)"
    if as_of:
        date = f"{int(as_of[5:7])}/{as_of[:4]}" if len(as_of) == 7 else as_of[:4]
        text += f", đến {date}" if lang == "vi" else f", as of {date}"
    return text
