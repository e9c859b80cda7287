"""The written-figure parser reads the forms the sources use, and refuses what it cannot read."""

import pytest

from kc_metrics.figures import FigureError, parse_figure


@pytest.mark.parametrize(
    ("written", "style", "million_vnd", "qualifier"),
    [
        ("29.229,2 triệu đồng", "vi", 29_229.2, "exact"),
        ("2,6 tỷ đồng", "vi", 2_600, "exact"),
        ("hơn 6 tỷ", "vi", 6_000, "more_than"),
        ("trên 4,4 tỷ đồng", "vi", 4_400, "more_than"),
        ("1.900 triệu đồng", "vi", 1_900, "exact"),
        ("gần 3 tỷ đồng", "vi", 3_000, "about"),
        ("2,52 tỉ đồng", "vi", 2_520, "exact"),
        ("1.332,474 triệu đồng", "vi", 1_332.474, "exact"),
        ("3,5 milliards de dôngs", "vi", 3_500, "exact"),
        ("over 23.29 billion VND", "en", 23_290, "more_than"),
        ("1,436 billion VND", "en", 1_436_000, "exact"),
        ("VND9.5 trillion", "en", 9_500_000, "exact"),
    ],
)
def test_money_in_million_vnd(written, style, million_vnd, qualifier):
    figure = parse_figure(written, style)
    assert figure.million_vnd == pytest.approx(million_vnd)
    assert figure.qualifier == qualifier


@pytest.mark.parametrize(
    ("written", "style", "number", "qualifier", "percent"),
    [
        ("khoảng 6.500", "vi", 6_500, "about", False),
        ("02", "vi", 2, "exact", False),
        ("100%", "vi", 100, "exact", True),
        ("25,2%/năm", "vi", 25.2, "exact", True),
        ("nearly 22,000", "en", 22_000, "about", False),
        ("ít nhất 310", "vi", 310, "at_least", False),
        ("36.6%", "en", 36.6, "exact", True),
    ],
)
def test_counts_and_rates(written, style, number, qualifier, percent):
    figure = parse_figure(written, style)
    assert figure.number == pytest.approx(number)
    assert figure.money_multiplier is None
    assert figure.qualifier == qualifier
    assert figure.is_percent is percent


def test_the_style_decides_what_a_dot_means():
    assert parse_figure("5.682 billion VND", "en").million_vnd == pytest.approx(5_682)
    assert parse_figure("5.682 tỷ đồng", "vi").million_vnd == pytest.approx(5_682_000)


def test_qualifier_words_match_whole_words_only():
    # "over" inside "cover" and "trên" inside nothing else must not turn a figure into a lower bound
    assert parse_figure("12 covered units", "en").qualifier == "exact"


@pytest.mark.parametrize(
    ("written", "style", "message"),
    [
        ("", "vi", "empty"),
        ("hàng trăm lao động", "vi", "no number"),
        ("103 / 25 / 3", "en", "3 numbers"),
        ("1.23.4", "vi", "does not read as a number"),
        ("12,34,5", "en", "does not read as a number"),
        ("1,2,3", "vi", "two decimal marks"),
        ("5", "fr", "number style 'fr' is not known"),
    ],
)
def test_unreadable_figures_say_why(written, style, message):
    with pytest.raises(FigureError, match=message):
        parse_figure(written, style)


def test_small_numbers_written_as_words():
    assert parse_figure("seven", "en").number == 7
    assert parse_figure("two", "en").number == 2
    assert parse_figure("hai", "vi").number == 2
    with pytest.raises(FigureError, match="no number"):
        parse_figure("năm", "vi")  # "năm" is also "year": never read as five
