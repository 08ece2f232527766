"""Figures that disagree between versions of one story ("nearly 70%" against "more than 70%").

Two figures are about the same thing when they have the same kind and unit, their subjects
share most content words, and their years (when both give one) agree. They disagree when the
ranges their wording allows do not overlap. No I/O.
"""

from __future__ import annotations

import re

from dualuse.media.lexicon import lexicon
from dualuse.media.text import words
from dualuse.media.types import Figure, FigureConflict, Story

_FILLER = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "its",
        "their",
        "his",
        "her",
        "in",
        "on",
        "for",
        "from",
        "to",
        "by",
        "with",
        "and",
        "or",
        "approximately",
        "about",
        "nearly",
        "some",
        "around",
        "roughly",
        "more",
        "than",
        "over",
        "under",
        "less",
        "total",
        "us",
        "usd",
        "million",
        "billion",
    ]
)
_YEAR = re.compile(r"(?:19|20)\d\d")
SAME_SUBJECT = 0.5


def subject_words(figure: Figure) -> frozenset[str]:
    """Content words of what a figure measures, without fillers and the ubiquitous Russia/China."""
    ubiquitous = lexicon().ubiquitous_names
    tokens = (
        t.removesuffix("'s") for t in words(figure.subject or "") if t not in _FILLER and not t.isdigit()
    )
    return frozenset(t.removesuffix("s") for t in tokens if t not in ubiquitous)


def comparable(a: Figure, b: Figure) -> bool:
    if a.kind != b.kind or a.unit != b.unit or a.kind == "year":
        return False
    years_a, years_b = set(_YEAR.findall(a.period or "")), set(_YEAR.findall(b.period or ""))
    if years_a and years_b and not years_a & years_b:
        return False
    sa, sb = subject_words(a), subject_words(b)
    return bool(sa and sb) and len(sa & sb) / len(sa | sb) >= SAME_SUBJECT


def disagree(a: Figure, b: Figure) -> bool:
    return a.high < b.low or b.high < a.low


def figure_conflicts(story: Story, figures: list[Figure]) -> list[FigureConflict]:
    """Groups of comparable figures of one story in which at least two versions disagree."""
    groups: list[list[Figure]] = []
    for figure in figures:
        group = next((g for g in groups if any(comparable(figure, other) for other in g)), None)
        if group is None:
            groups.append([figure])
        else:
            group.append(figure)
    conflicts = []
    for group in groups:
        pairs = [
            (a, b)
            for i, a in enumerate(group)
            for b in group[i + 1 :]
            if a.provenance.article != b.provenance.article and comparable(a, b) and disagree(a, b)
        ]
        if pairs:
            subject = group[0].subject or ""
            conflicts.append(FigureConflict(story.id, subject, group, _explain(subject, pairs)))
    return conflicts


def _explain(subject: str, pairs: list[tuple[Figure, Figure]]) -> str:
    a, b = pairs[0]
    return (
        f"versions of the story disagree on {subject!r}: {a.text!r} ({a.provenance.article}) "
        f"against {b.text!r} ({b.provenance.article})"
    )
