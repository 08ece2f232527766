"""Turn one input text into an `Article`: cleaned paragraphs, sections and sentences with offsets.

A page that concatenates several reports is split into sections at headline lines: a line of
6 to 25 words with no closing punctuation, followed by body text. Shorter unpunctuated lines are
sub-headings and stay inside their section. No I/O.
"""

from __future__ import annotations

import re

from dualuse.media.cleaning import CleanLine, clean_lines
from dualuse.media.text import normalise_line, split_sentences, words
from dualuse.media.types import Article, DroppedLine, Section, Sentence

_CLOSING = re.compile(r"[.!?:;,…\"'”’)]\s*$")
_HEADLINE_WORDS = (6, 25)
_PARAGRAPH_GAP = "\n\n"


def build_article(
    article_id: str,
    source: str,
    raw_text: str,
    *,
    url: str | None = None,
    title: str | None = None,
    published: str | None = None,
) -> Article:
    """Clean `raw_text` and index it. `title`, when given and not already the first line, opens it."""
    lines = raw_text.splitlines()
    if title and (not lines or normalise_line(lines[0]) != normalise_line(title)):
        lines = [title, *lines]
    cleaned = clean_lines(lines)
    text, spans = _join(cleaned.kept)
    sections, sentences = _index(text, spans, cleaned.kept)
    return Article(
        id=article_id,
        source=source,
        text=text,
        sentences=sentences,
        sections=sections,
        url=url,
        title=title or (sections[0].title if sections else None),
        published=published,
        dropped=[DroppedLine(number, line, reason) for number, line, reason in cleaned.dropped],
    )


def _join(kept: list[CleanLine]) -> tuple[str, list[tuple[int, int]]]:
    spans: list[tuple[int, int]] = []
    position = 0
    for line in kept:
        spans.append((position, position + len(line.text)))
        position += len(line.text) + len(_PARAGRAPH_GAP)
    return _PARAGRAPH_GAP.join(line.text for line in kept), spans


def is_headline(line: str, next_line: str | None) -> bool:
    """A title opening a new report: 6-25 words, unpunctuated end, body text after it."""
    count = len(words(line))
    if not (_HEADLINE_WORDS[0] <= count <= _HEADLINE_WORDS[1]) or _CLOSING.search(line):
        return False
    if not line[:1].isupper():
        return False
    return next_line is not None and len(words(next_line)) > count


def _index(
    text: str, spans: list[tuple[int, int]], kept: list[CleanLine]
) -> tuple[list[Section], list[Sentence]]:
    starts = _section_starts(kept)
    sections: list[Section] = []
    sentences: list[Sentence] = []
    for number, first in enumerate(starts):
        last = starts[number + 1] if number + 1 < len(starts) else len(kept)
        headline = kept[first].text if is_headline(kept[first].text, _next(kept, first)) else None
        indexes: list[int] = []
        for line_index in range(first, last):
            start, end = spans[line_index]
            for sentence_start, sentence_end in split_sentences(text[start:end], start):
                indexes.append(len(sentences))
                sentences.append(
                    Sentence(
                        len(sentences),
                        sentence_start,
                        sentence_end,
                        text[sentence_start:sentence_end],
                        number,
                    )
                )
        sections.append(Section(number, spans[first][0], spans[last - 1][1], headline, tuple(indexes)))
    return sections, sentences


def _next(kept: list[CleanLine], index: int) -> str | None:
    return kept[index + 1].text if index + 1 < len(kept) else None


def _section_starts(kept: list[CleanLine]) -> list[int]:
    """Indexes of the lines that open a section; a headline opens one unless no body precedes it."""
    if not kept:
        return []
    starts = [0]
    for index in range(1, len(kept)):
        body_since_start = index - starts[-1] > 1 or not is_headline(kept[starts[-1]].text, kept[index].text)
        if body_since_start and is_headline(kept[index].text, _next(kept, index)):
            starts.append(index)
    return starts
