"""The records the adverse-media pipeline produces. Plain data; no I/O.

Offsets (`start`, `end`) are character offsets into `Article.text`, the cleaned text that the
JSON output carries, so that an analyst can find every extracted item where it was read.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class DroppedLine:
    """A line of the input that cleaning removed, and why (boilerplate, repeated, trailing ...)."""

    line: int
    text: str
    reason: str


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str
    section: int


@dataclass(frozen=True, slots=True)
class Section:
    """A run of paragraphs that reads as one article; a page that concatenates several
    articles has one section per article (split at headline lines)."""

    index: int
    start: int
    end: int
    title: str | None
    sentences: tuple[int, ...]


@dataclass(slots=True)
class Article:
    id: str
    source: str
    text: str
    sentences: list[Sentence]
    sections: list[Section]
    url: str | None = None
    title: str | None = None
    published: str | None = None
    dropped: list[DroppedLine] = field(default_factory=list)

    def section_text(self, index: int) -> str:
        section = self.sections[index]
        return self.text[section.start : section.end]


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where something was read: article, section, sentence and character span."""

    article: str
    section: int
    sentence: int
    start: int
    end: int
    text: str


@dataclass(slots=True)
class Mention:
    """One occurrence of an organisation, person, country or goods item in a sentence."""

    kind: str
    name: str
    method: str
    provenance: Provenance
    sentence_text: str
    country: str | None = None
    role: str | None = None
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Measure:
    """A percentage, money amount or year, with what it measures.

    `low`/`high` bound the value the wording allows ("nearly 70%" is below 70, "more than 70%" above).
    """

    kind: str
    text: str
    value: float
    unit: str
    qualifier: str | None
    low: float
    high: float
    subject: str | None
    period: str | None
    origin: str | None


@dataclass(slots=True)
class Figure(Measure):
    """A measure where it was read."""

    provenance: Provenance
    sentence_text: str


@dataclass(slots=True)
class FigureConflict:
    """Two versions of one story that give incompatible figures for the same thing."""

    story_id: str
    subject: str
    figures: list[Figure]
    explanation: str


@dataclass(slots=True)
class Member:
    """An article's part in a story: `copy`, `rewrite`, `contains` (a page carrying the story among
    other text) or `canonical` (the version chosen to stand for the story)."""

    article: str
    label: str
    sections: list[int]
    similarity: float
    url: str | None = None


@dataclass(slots=True)
class Story:
    id: str
    canonical_article: str
    canonical_section: int
    title: str | None
    members: list[Member]
    figure_conflicts: list[FigureConflict] = field(default_factory=list)


@dataclass(slots=True)
class ListMatch:
    """A list entry an organisation's name matches; `also_listed`: the same party on other lists."""

    entity_id: str
    list_id: str
    name: str
    matched_name: str
    score: float
    explanation: str
    also_listed: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Evidence:
    """The sentence of one story that names an organisation; one per story, never per copy."""

    story_id: str
    article: str
    url: str | None
    sentence: str
    sentence_index: int
    start: int
    end: int
    supply: bool


@dataclass(slots=True)
class Organisation:
    key: str
    name: str
    names: list[str]
    schema: str
    countries: list[str]
    methods: list[str]
    mentions: list[Mention]
    evidence: list[Evidence]
    list_matches: list[ListMatch] = field(default_factory=list)

    @property
    def story_count(self) -> int:
        return len({item.story_id for item in self.evidence})

    @property
    def supplies_russia(self) -> bool:
        return any(item.supply for item in self.evidence)


def story_index(stories: list[Story]) -> dict[tuple[str, int], str]:
    """(article id, section) -> the first story with that section among its members; a section
    in no story (furniture such as a page banner) is absent."""
    index: dict[tuple[str, int], str] = {}
    for story in stories:
        for member in story.members:
            for section in member.sections:
                index.setdefault((member.article, section), story.id)
    return index


@dataclass(slots=True)
class MediaReport:
    articles: list[Article]
    stories: list[Story]
    organisations: list[Organisation]
    persons: list[Mention]
    countries: list[Mention]
    goods: list[Mention]
    figures: list[Figure]
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Everything, as plain JSON-ready data."""
        data = asdict(self)
        for org, raw in zip(self.organisations, data["organisations"], strict=True):
            raw["story_count"] = org.story_count
            raw["supplies_russia"] = org.supplies_russia
        return data
