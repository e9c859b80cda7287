"""How qualifiers travel through arithmetic: the qualifier of a sum and of a ratio.

A figure written "hơn 6 tỷ đồng" is a lower bound (more_than); a sum of it and an exact figure is a
lower bound too; a ratio whose denominator is a bound is only "about" (the bound turns its direction).
The words for the qualifiers, in both languages, are in kc_metrics.fmt.
"""

from __future__ import annotations

from collections.abc import Iterable

LOWER_BOUNDS = {"more_than", "at_least"}


def combine_sum_qualifiers(qualifiers: Iterable[str]) -> str:
    """Qualifier of a sum: exact if all parts are; a lower bound if every part is exact or a lower
    bound; at_most if every part is exact or an upper bound; otherwise about."""
    found = set(qualifiers)
    if found <= {"exact"}:
        return "exact"
    if found <= {"exact"} | LOWER_BOUNDS:
        return "more_than" if "more_than" in found else "at_least"
    if found <= {"exact", "at_most"}:
        return "at_most"
    return "about"


def combine_ratio_qualifiers(numerator: str, denominators: Iterable[str]) -> str:
    """Qualifier of a ratio: the numerator's when every denominator part is exact, else about
    (a bound in the denominator turns the ratio's direction around)."""
    return numerator if set(denominators) <= {"exact"} else "about"
