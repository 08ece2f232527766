"""Remove what is not article text from scraped plain text, keeping every article sentence.

Dropped, each with its reason: share/follow/"see also"/navigation lines, counters ("2K"),
repeated lines (a headline or photo caption printed twice), and the trailing block of unrelated
posts some sites append (short titles, teasers ending in "...", "By user 2024-12-05 08:46",
or text in another language than the article). Works on lines; HTML is reduced to text first.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from dualuse.media.lexicon import lexicon
from dualuse.media.text import collapse_spaces, guess_language, normalise_line, words

_COUNTER = re.compile(r"^[\d.,\s]+[KkMm]?$")
_NAV_SEPARATORS = re.compile(r"\s[|›»•>/]\s")
_POST_META = re.compile(r"^(?:por|by|posted by|von|par|автор)\s+\S+.*\b\d{4}-\d{2}-\d{2}\b", re.IGNORECASE)
_TEASER_END = re.compile(r"(?:\.\.\.|…)\s*$")
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s*$")
_URL = re.compile(r"https?://\S+")
_SHORT_LINE_WORDS = 12


@dataclass(frozen=True, slots=True)
class CleanLine:
    """A kept line: its number in the input (1-based) and its text."""

    line: int
    text: str


@dataclass(slots=True)
class Cleaned:
    kept: list[CleanLine]
    dropped: list[tuple[int, str, str]]


def clean_lines(lines: list[str]) -> Cleaned:
    """Split `lines` into kept article lines and dropped ones (line number, text, reason)."""
    kept: list[CleanLine] = []
    dropped: list[tuple[int, str, str]] = []
    seen: set[str] = set()
    for number, raw in enumerate(lines, start=1):
        text = collapse_spaces(raw)
        if not text:
            continue
        reason = _furniture_reason(text)
        key = normalise_line(text)
        if reason is None and key in seen and len(key) > 1:
            reason = "repeated"
        if reason is not None:
            dropped.append((number, text, reason))
            continue
        seen.add(key)
        kept.append(CleanLine(number, text))
    tail = _trailing_block(kept)
    for line in kept[len(kept) - tail :] if tail else []:
        dropped.append((line.line, line.text, "trailing unrelated posts"))
    kept = kept[: len(kept) - tail]
    dropped.sort()
    return Cleaned(kept, dropped)


def _furniture_reason(text: str) -> str | None:
    """Why a line, on its own, is site furniture rather than article text (None: it is text)."""
    if _COUNTER.match(text):
        return "counter"
    folded = text.casefold().lstrip("#•*-–— ")
    lex = lexicon()
    if any(_starts_with_phrase(folded, prefix) for prefix in lex.always_drop_prefixes):
        return "link or share line"
    short = len(words(text)) <= _SHORT_LINE_WORDS
    if short and any(_starts_with_phrase(folded, prefix) for prefix in lex.boilerplate_prefixes):
        return "share, follow or navigation line"
    if len(_NAV_SEPARATORS.findall(f" {text} ")) >= 2 and not _SENTENCE_END.search(text):
        return "navigation"
    return None


def _starts_with_phrase(folded: str, phrase: str) -> bool:
    if not folded.startswith(phrase):
        return False
    rest = folded[len(phrase) :]
    return not rest or not rest[0].isalnum()


def _trailing_block(kept: list[CleanLine]) -> int:
    """How many lines at the end are a block of posts unrelated to the article.

    Walk back from the end while lines look like post titles, teasers, post metadata or text in
    another language; stop at the first line that is an ordinary sentence of the article's
    language. A tail that is only one short line (a sign-off) is left alone.
    """
    language = _dominant_language(kept)
    count = 0
    for line in reversed(kept):
        if not _looks_like_post(line.text, language):
            break
        count += 1
    return count if count >= 2 else 0


def _looks_like_post(text: str, article_language: str | None) -> bool:
    if _POST_META.match(text) or _TEASER_END.search(text) or _URL.search(text):
        return True
    line_language = guess_language(text)
    if line_language is not None and article_language is not None and line_language != article_language:
        return True
    return not _SENTENCE_END.search(text)


def _dominant_language(kept: list[CleanLine]) -> str | None:
    votes: Counter[str] = Counter()
    for line in kept:
        language = guess_language(line.text)
        if language is not None:
            votes[language] += len(line.text)
    return votes.most_common(1)[0][0] if votes else None
