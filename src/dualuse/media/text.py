"""Small text helpers shared by cleaning, story clustering and extraction: quote folding,
word tokens, shingles, sentence splitting with offsets, language guess. No I/O."""

from __future__ import annotations

import re
from collections.abc import Iterator

from dualuse.media.lexicon import lexicon

_FOLD = str.maketrans(
    {"’": "'", "‘": "'", "“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "–": "-", "—": "-"}
)
_WORD = re.compile(r"\w+(?:['-]\w+)*", re.UNICODE)
_SPACES = re.compile(r"\s+")

# A sentence ends at . ! ? or … (plus closing quotes/brackets) followed by space and an opening
# capital, digit or quote.
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9А-ЯЁ])")
# Tokens after which a full stop does not end the sentence.
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "gen",
        "col",
        "lt",
        "sgt",
        "capt",
        "adm",
        "sen",
        "rep",
        "gov",
        "st",
        "no",
        "vs",
        "co",
        "jr",
        "sr",
        "prof",
        "fig",
        "approx",
        "est",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "e.g",
        "i.e",
        "a.m",
        "p.m",
    ]
)
_INITIALS = re.compile(r"(?:\b[A-Z]\.)+$")


def fold(text: str) -> str:
    """Typographic quotes and dashes to ASCII, so that copies compare equal."""
    return text.translate(_FOLD)


def words(text: str) -> list[str]:
    """Lower-case word tokens, quotes folded ("Russia’s" -> "russia's")."""
    return _WORD.findall(fold(text).casefold())


def normalise_line(text: str) -> str:
    """A line's comparison key: folded, lower-cased, punctuation and spacing ignored."""
    return " ".join(words(text))


def shingles(tokens: list[str], size: int = 3) -> set[str]:
    """Word n-grams; a text shorter than `size` is one shingle."""
    if len(tokens) < size:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


def _ends_with_abbreviation(text: str) -> bool:
    stripped = text.rstrip(".!?…\"'”’)] ")
    last = stripped.rsplit(maxsplit=1)[-1] if stripped else ""
    if _INITIALS.search(last + "."):
        return len(last.replace(".", "")) <= 3
    return last.casefold().rstrip(".") in _ABBREVIATIONS


def split_sentences(text: str, offset: int = 0) -> Iterator[tuple[int, int]]:
    """(start, end) spans of the sentences of one paragraph, shifted by `offset`."""
    start = 0
    for match in _BOUNDARY.finditer(text):
        candidate_end = match.end()
        piece = text[start:candidate_end]
        if _ends_with_abbreviation(piece.rstrip()):
            continue
        yield from _trimmed(text, start, candidate_end, offset)
        start = candidate_end
    yield from _trimmed(text, start, len(text), offset)


def _trimmed(text: str, start: int, end: int, offset: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        yield offset + start, offset + end


def guess_language(text: str) -> str | None:
    """The language whose function words occur most in `text` (None when under two hits)."""
    tokens = words(text)
    best, best_hits = None, 1
    for language, stopwords in lexicon().stopwords.items():
        hits = sum(1 for token in tokens if token in stopwords)
        if hits > best_hits:
            best, best_hits = language, hits
    return best


def collapse_spaces(text: str) -> str:
    return _SPACES.sub(" ", text).strip()
