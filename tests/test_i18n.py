"""The label catalogue: every label in both languages, with the same placeholders."""

import re

from ui.i18n import LABELS, t

INTENTIONALLY_EMPTY: set[str] = set()


def test_every_label_has_both_languages_and_the_same_placeholders():
    for key, texts in LABELS.items():
        assert set(texts) == {"vi", "en"}, key
        if key not in INTENTIONALLY_EMPTY:
            assert texts["vi"].strip() and texts["en"].strip(), key
        assert set(re.findall(r"{(\w+)}", texts["vi"])) == set(re.findall(r"{(\w+)}", texts["en"])), key


def test_lookup_fills_placeholders_and_falls_back_to_vietnamese():
    assert t("rows_shown", "en", n=3) == "3 figures"
    assert t("rows_shown", "xx", n=3) == "3 số liệu"
