"""Figures with what they measure, and figures that disagree between versions of a story."""

from __future__ import annotations

from pathlib import Path

import pytest

from dualuse.media.figures import bounds, figures
from dualuse.media.pipeline import ingest
from dualuse.media.reader import read_articles

FIXTURES = Path(__file__).parent.parent / "fixtures" / "media" / "articles"


def test_percentage_with_subject_year_and_origin() -> None:
    (figure,) = figures("In 2023, 90% of Russia's microelectronics imports came from China, officials said.")
    assert (figure.kind, figure.value, figure.unit, figure.qualifier) == ("percentage", 90.0, "%", None)
    assert (figure.subject, figure.period, figure.origin) == (
        "Russia's microelectronics imports",
        "2023",
        "China",
    )


def test_money_with_scale_qualifier_and_quarter() -> None:
    sentence = (
        "Of Russia's approximately US$900 million in machine tool imports in the fourth quarter of 2023, "
        "nearly 70% came from China."
    )
    money, percent = figures(sentence)
    assert (money.value, money.unit, money.qualifier) == (900_000_000.0, "USD", "approximately")
    assert (money.subject, money.period) == ("machine tool imports", "fourth quarter of 2023")
    assert (percent.text, percent.qualifier, percent.origin) == ("nearly 70%", "nearly", "China")
    assert percent.subject is not None and "machine tool imports" in percent.subject


def test_each_amount_takes_the_year_written_after_it() -> None:
    sentence = "Semiconductor imports jumped from $200 million in 2021 to over $500 million in 2022."
    low, high = figures(sentence)
    assert [(low.value, low.period), (high.value, high.period)] == [(2e8, "2021"), (5e8, "2022")]
    assert low.subject == high.subject == "Semiconductor imports"


def test_per_cent_spelled_out_and_amount_worth_goods() -> None:
    (percent,) = figures("About 90 per cent of the chips came from Hong Kong.")
    assert (percent.value, percent.qualifier, percent.subject) == (90.0, "about", "chips")
    (money,) = figures("The firm sold 46 CNC lathes worth $4.2 million to the plant.")
    assert (money.value, money.subject) == (4_200_000.0, "46 CNC lathes")


def test_stand_alone_year_is_a_figure() -> None:
    (year,) = figures("The bridge should open in 2027.")
    assert (year.kind, year.value, year.period) == ("year", 2027.0, "2027")


@pytest.mark.parametrize(
    ("first", "second", "overlap"),
    [
        ("nearly", "more than", False),
        ("nearly", None, True),
        ("about", "more than", True),
        ("less than", "at least", False),
    ],
)
def test_wording_bounds_decide_whether_two_figures_can_both_be_true(
    first: str | None, second: str | None, overlap: bool
) -> None:
    a, b = bounds(70.0, first), bounds(70.0, second)
    assert (a[1] >= b[0] and b[1] >= a[0]) is overlap


def test_story_versions_that_disagree_on_a_figure_are_flagged() -> None:
    report = ingest(read_articles([FIXTURES / "wire_original.txt", FIXTURES / "wire_rewrite.txt"]))
    (story,) = report.stories
    (conflict,) = story.figure_conflicts
    assert sorted(f.text for f in conflict.figures) == ["Nearly 70%", "more than 70%"]
    assert "wire_rewrite.txt" in conflict.explanation and "wire_original.txt" in conflict.explanation


def test_figures_about_different_things_or_years_are_not_a_conflict() -> None:
    report = ingest(read_articles([FIXTURES / "wire_original.txt", FIXTURES / "wire_copy.html"]))
    assert [s.figure_conflicts for s in report.stories] == [[]]
