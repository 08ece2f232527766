"""Text normalisation shared by the goods lexicon and the HS retrieval index.

Invoice lines mix English, Russian and Chinese, part numbers and units. Words are lower-cased,
split on anything that is not a letter or digit, and stemmed (Snowball English or Russian by
script, via PyStemmer), so "bearings" meets "bearing" and "подшипников" meets "подшипник". Chinese has no
spaces: phrases with Han characters are matched as substrings of the text with its spaces removed.
Pure functions, no I/O.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import Stemmer

from dualuse.scripts import HAN_CHARACTERS

_TOKEN = re.compile(rf"[{HAN_CHARACTERS}]+|([^\W_{HAN_CHARACTERS}]+)")
_HAN_RUN = re.compile(rf"^[{HAN_CHARACTERS}]+$")
_ANY_HAN = re.compile(rf"[{HAN_CHARACTERS}]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_SPACE = re.compile(r"\s+")

_ENGLISH = Stemmer.Stemmer("english")
_RUSSIAN = Stemmer.Stemmer("russian")


def normalise(text: str) -> str:
    """NFKC (full-width digits and letters to ASCII), lower case, ё as е."""
    return unicodedata.normalize("NFKC", text).casefold().replace("ё", "е")


def is_han(token: str) -> bool:
    return bool(_HAN_RUN.match(token))


# Words whose Snowball stem collides with an unrelated word ("bearing" -> "bear", "ups" -> "up").
_KEEP = {
    "bearing": "bearing",
    "bearings": "bearing",
    "ups": "ups",
    "inverter": "inverter",  # not "invert" (invert sugar)
    "inverters": "inverter",
    "converter": "converter",  # not "convert" (seats convertible into beds)
    "converters": "converter",
    "adapter": "adapter",  # not "adapt"
    "adapters": "adapter",
    "terminal": "terminal",  # not "termin" (terminate)
    "terminals": "terminal",
    "optics": "optics",  # the goods, not "optic" (any optical or optically ...)
}


@lru_cache(maxsize=65536)
def stem(token: str) -> str:
    """Stem one lower-case token; digits and Han runs pass through unchanged."""
    if token in _KEEP:
        return _KEEP[token]
    if token.isdigit() or is_han(token):
        return token
    if _CYRILLIC.search(token):
        return str(_RUSSIAN.stemWord(token))
    return str(_ENGLISH.stemWord(token))


@dataclass(frozen=True, slots=True)
class Tokens:
    """A text cut into stemmed words, plus its compact form for Chinese phrases.

    `words` are (stem, original word) pairs in order, Han runs excluded; `compact` is the
    normalised text without whitespace. `keyed` is " stem1 stem2 ... " so that a phrase
    matches only on whole words.
    """

    words: tuple[tuple[str, str], ...]
    compact: str
    keyed: str

    @property
    def stems(self) -> frozenset[str]:
        return frozenset(s for s, _ in self.words)


def tokenize(text: str) -> Tokens:
    normal = normalise(text)
    words = tuple((stem(word), word) for word in _TOKEN.findall(normal) if word)
    keyed = " " + " ".join(s for s, _ in words) + " "
    return Tokens(words=words, compact=_SPACE.sub("", normal), keyed=keyed)


def cased_words(text: str) -> tuple[str, ...] | None:
    """The words of `text` as written (NFKC, case kept), aligned with `tokenize(text).words`;
    None in the rare case where lower-casing changes how the text splits into words."""
    normal = normalise(text)
    cased = tuple(w for w in _TOKEN.findall(unicodedata.normalize("NFKC", text)) if w)
    lowered = tuple(w for w in _TOKEN.findall(normal) if w)
    return cased if len(cased) == len(lowered) else None


# Free text is read clause by clause, so that context words, "for ..." and guarded words act
# on their own clause, not on a whole article. Sentence ends and clause punctuation count only
# when followed by white space: "8542.39", "i.MX", "1,000" and "10:30" stay whole.
_CLAUSE_END = re.compile(r"[.!?;:,]\s+|[\u3002\uff0c\uff1b]|\n\s*\n|\s[-\u2013\u2014]\s")
MAX_CLAUSE = 400  # characters; a longer run without punctuation is cut at white space


def clauses(text: str, limit: int = MAX_CLAUSE) -> list[str]:
    """Cut free text into clauses of at most `limit` characters (linear in the text length)."""
    pieces: list[str] = []
    for clause in _CLAUSE_END.split(text):
        start = 0
        while len(clause) - start > limit:
            cut = clause.rfind(" ", start + 1, start + limit)
            cut = cut if cut > start else start + limit
            pieces.append(clause[start:cut])
            start = cut
        pieces.append(clause[start:])
    return [piece for piece in pieces if piece.strip()]


def has_han(text: str) -> bool:
    return bool(_ANY_HAN.search(text))


def phrase_key(phrase: str) -> str:
    """The form a lexicon phrase takes for matching: " stem1 stem2 " for words, or the compact
    text for a phrase with Chinese characters (matched as a substring)."""
    tokens = tokenize(phrase)
    return tokens.compact if has_han(phrase) else tokens.keyed
