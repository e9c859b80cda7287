"""Read a figure as a source writes it ("hơn 6 tỷ đồng", "29.229,2 triệu đồng", "over 23.29 billion VND").

The parser is what lets validation prove that every stored value is the figure of its source: the
curator keeps the written figure beside the value and the loader checks that one reads as the other.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Qualifier words, longest first so that "more than" wins over "more" and "ít nhất" over nothing.
QUALIFIER_WORDS: list[tuple[str, str]] = sorted(
    [
        ("hơn", "more_than"),
        ("trên", "more_than"),
        ("more than", "more_than"),
        ("over", "more_than"),
        ("above", "more_than"),
        ("plus de", "more_than"),
        ("ít nhất", "at_least"),
        ("tối thiểu", "at_least"),
        ("at least", "at_least"),
        ("khoảng", "about"),
        ("gần", "about"),
        ("nearly", "about"),
        ("almost", "about"),
        ("about", "about"),
        ("around", "about"),
        ("approximately", "about"),
        ("environ", "about"),
        ("tối đa", "at_most"),
        ("không quá", "at_most"),
        ("at most", "at_most"),
        ("up to", "at_most"),
    ],
    key=lambda pair: -len(pair[0]),
)
QUALIFIERS = ("exact", "more_than", "at_least", "about", "at_most")

# Money words and their value in million VND, longest first ("nghìn tỷ" before "tỷ").
MONEY_WORDS: list[tuple[str, float]] = sorted(
    [
        ("nghìn tỷ", 1_000_000.0),
        ("ngàn tỷ", 1_000_000.0),
        ("trillion", 1_000_000.0),
        ("tỷ", 1_000.0),
        ("tỉ", 1_000.0),
        ("billion", 1_000.0),
        ("milliard", 1_000.0),
        ("milliards", 1_000.0),
        ("bn", 1_000.0),
        ("triệu", 1.0),
        ("million", 1.0),
    ],
    key=lambda pair: -len(pair[0]),
)

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
# Small numbers that pages write as words ("seven demonstration models"); read only when no digit is
# written. Vietnamese "năm" (five, but also "year") is left out on purpose.
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "một": 1, "hai": 2, "ba": 3, "bốn": 4, "sáu": 6, "bảy": 7,
    "tám": 8, "chín": 9, "mười": 10,
}  # fmt: skip


class FigureError(ValueError):
    """A written figure that cannot be read; the message says why, in a curator's words."""


@dataclass(frozen=True)
class Figure:
    """A written figure, read: the bare number, its money multiplier (to million VND) and qualifier."""

    number: float
    money_multiplier: float | None  # None when no money word is written
    is_percent: bool
    qualifier: str

    @property
    def million_vnd(self) -> float | None:
        """The figure in million VND, or None when it names no money unit."""
        if self.money_multiplier is None:
            return None
        return self.number * self.money_multiplier


def _has_word(text: str, word: str) -> bool:
    # Words are matched whole, so "over" does not fire inside "cover" nor "tỷ" inside another word.
    return re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text) is not None


def read_number(token: str, style: str) -> float:
    """Turn one number token into a float by the source's style.

    style "vi": "." groups thousands and "," marks decimals (29.229,2 -> 29229.2).
    style "en": "," groups thousands and "." marks decimals (1,436.5 -> 1436.5).
    A thousands group must have exactly three digits; anything else is a misread waiting to happen.
    """
    if style not in ("vi", "en"):
        raise FigureError(f"number style '{style}' is not known (use vi or en)")
    group, decimal = (".", ",") if style == "vi" else (",", ".")
    whole, _, fraction = token.partition(decimal)
    if decimal in fraction:
        raise FigureError(f"'{token}' has two decimal marks for the {style} style")
    parts = whole.split(group)
    if len(parts) > 1 and (not parts[0] or len(parts[0]) > 3 or any(len(p) != 3 for p in parts[1:])):
        raise FigureError(
            f"'{token}' does not read as a number in the {style} style (1.234,5 vi / 1,234.5 en)"
        )
    digits = "".join(parts) + ("." + fraction if fraction else "")
    return float(digits)


def parse_figure(written: str, style: str) -> Figure:
    """Read a written figure: exactly one number, optional qualifier, optional money word or %.

    Examples (style "vi"): "29.229,2 triệu đồng" -> 29229.2 x 1; "2,6 tỷ đồng" -> 2.6 x 1000;
    "hơn 6 tỷ" -> 6 x 1000, more_than; "khoảng 6.500" -> 6500, about; "02" -> 2; "100%" -> 100, percent.
    """
    text = unicodedata.normalize("NFC", str(written)).strip().lower()
    if not text:
        raise FigureError("the written figure is empty")
    numbers = _NUMBER.findall(text)
    words = [w for w in re.findall(r"\w+", text) if w in NUMBER_WORDS]
    if not numbers and len(words) == 1:
        return Figure(
            number=float(NUMBER_WORDS[words[0]]),
            money_multiplier=None,
            is_percent=False,
            qualifier=next((q for word, q in QUALIFIER_WORDS if _has_word(text, word)), "exact"),
        )
    if len(numbers) != 1:
        found = "no number" if not numbers else f"{len(numbers)} numbers ({', '.join(numbers)})"
        raise FigureError(f"'{written}' must hold exactly one number, found {found}")
    number = read_number(numbers[0], style)
    qualifier = next((q for word, q in QUALIFIER_WORDS if _has_word(text, word)), "exact")
    multiplier = next((m for word, m in MONEY_WORDS if _has_word(text, word)), None)
    is_percent = "%" in text or _has_word(text, "phần trăm") or _has_word(text, "percent")
    return Figure(number=number, money_multiplier=multiplier, is_percent=is_percent, qualifier=qualifier)
