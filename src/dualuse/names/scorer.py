"""Token alignment between a query name and a listed name, and the name score it yields.

Each query token is paired with at most one listed token (or two adjacent ones, for merged or
split words) by decreasing similarity, whatever their order. The score is the aligned share of
both names' token weight (IDF: distinctive tokens weigh more than "trading" or "group"), each
pair counted at its similarity. Unaligned tokens on either side lower the score by their weight.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter
from typing import NamedTuple

import numpy as np
import numpy.typing as npt
from rapidfuzz.distance import OSA
from rapidfuzz.process import cdist

from dualuse.names.normalize import Token, skeleton

EXACT = "exact"
TRANSLITERATED = "transliterated"
SPELLING = "spelling variant"
NAME_EQUIVALENT = "name equivalent"
TYPO = "typo"
MERGED = "merged/split words"
INITIAL = "initial"
ABBREVIATION = "abbreviation"

_SIMILARITY = {
    EXACT: 1.0,
    NAME_EQUIVALENT: 0.92,
    TRANSLITERATED: 0.92,
    SPELLING: 0.9,
    INITIAL: 0.6,
    ABBREVIATION: 0.85,
}
_MIN_TYPO_SIMILARITY = 0.74
_MIN_SKELETON = 3
_SHORT_KEY_SIMILARITY = 0.82
_DOUBLED_LETTER_SIMILARITY = 0.9
_SHORT_SYMBOL_WORD = 3
_MIN_MERGED_SIMILARITY = 0.85
# How many letters a merged word may differ by from the two it stands for.
_SLACKS = range(-2, 3)
_MIN_ABBREVIATION = 3
_MIN_SPELLING_LIKENESS = 0.7
_REPEATS = re.compile(r"(.)\1+")


class TokenMatch(NamedTuple):
    """One step of an alignment: query word(s) paired with listed word(s), and how. (A named
    tuple: a query makes hundreds of them, and a frozen dataclass costs three times as much
    to create.)"""

    query: str
    listed: str
    how: str
    similarity: float
    distance: int | None = None

    def describe(self) -> str:
        if self.how == EXACT:
            return f"{self.query}={self.listed}"
        detail = f"{self.how}, distance {self.distance}" if self.distance is not None else self.how
        return f"{self.query}~{self.listed} ({detail})"


_Step = tuple[tuple[int, ...], tuple[int, ...], TokenMatch]


@dataclass(frozen=True, slots=True)
class Alignment:
    """The score of an alignment and its steps. The words each side leaves unpaired are
    spelt out on demand: most alignments are scored and dropped, only hits are explained."""

    score: float
    steps: Sequence[_Step]
    query: Sequence[Token]
    listed: Sequence[Token]

    @property
    def matches(self) -> tuple[TokenMatch, ...]:
        return tuple(match for _, _, match in self.steps)

    @property
    def unmatched_query(self) -> tuple[str, ...]:
        used = {i for ids, _, _ in self.steps for i in ids}
        return tuple(token.text for i, token in enumerate(self.query) if i not in used)

    @property
    def unmatched_listed(self) -> tuple[str, ...]:
        used = {j for _, ids, _ in self.steps for j in ids}
        return tuple(token.text for j, token in enumerate(self.listed) if j not in used)


Weigh = Callable[[str], float]


def token_similarity(query: Token, listed: Token) -> tuple[float, str, int | None]:
    """Similarity 0..1 of two tokens, how they relate, and the edit distance for typos."""
    if query.text == listed.text:
        return 1.0, EXACT, None
    text_similarity = _text_similarity(query.text, listed.text, query.converted or listed.converted)
    if text_similarity[0] < _SIMILARITY[NAME_EQUIVALENT] and not query.symbols.isdisjoint(listed.symbols):
        # Shared rigour name symbols: the same given or family name in another script or
        # spelling. A one-syllable word (Hangul, Han) shares symbols with many names.
        short = min(len(query.text), len(listed.text)) <= _SHORT_SYMBOL_WORD
        return (_SHORT_KEY_SIMILARITY if short else _SIMILARITY[NAME_EQUIVALENT]), NAME_EQUIVALENT, None
    return text_similarity


@lru_cache(maxsize=500_000)
def _text_similarity(query: str, listed: str, converted: bool) -> tuple[float, str, int | None]:
    if query == listed:
        return 1.0, EXACT, None
    if min(len(query), len(listed)) == 1:
        if query[0] == listed[0]:
            return _SIMILARITY[INITIAL], INITIAL, None
        return 0.0, TYPO, None
    distance = OSA.distance(query, listed)
    similarity = _likeness(distance, query, listed)
    variant = _variant_similarity(query, listed, converted, similarity)
    if variant is not None:
        return variant
    if converted:
        key_similarity = _skeleton_likeness(query, listed)
        if key_similarity >= _MIN_TYPO_SIMILARITY and key_similarity > similarity:
            return key_similarity, TRANSLITERATED, distance
    if _squeezed(query) == _squeezed(listed):
        return _DOUBLED_LETTER_SIMILARITY, TYPO, abs(len(query) - len(listed))
    if similarity >= _MIN_TYPO_SIMILARITY and not (query.isdigit() or listed.isdigit()):
        return similarity, TYPO, distance
    if _abbreviates(query, listed):
        return _SIMILARITY[ABBREVIATION], ABBREVIATION, None
    return 0.0, TYPO, distance


def _likeness(distance: int, first: str, second: str) -> float:
    """Similarity of two words `distance` edits apart. One slip in a short word is still
    likely a slip: length 3 -> 0.75, length 8 -> 0.89 per edit."""
    return 1.0 - distance / (max(len(first), len(second)) + 1)


def _abbreviates(first: str, second: str) -> bool:
    """Whether the shorter word, of at least `_MIN_ABBREVIATION` letters, begins the longer."""
    shorter, longer = sorted((first, second), key=len)
    return len(shorter) >= _MIN_ABBREVIATION and len(longer) > len(shorter) and longer.startswith(shorter)


def _may_merge(whole: str, joined: str) -> bool:
    """Whether `_text_similarity(whole, joined, converted=False)` can reach
    `_MIN_MERGED_SIMILARITY` other than as a spelling variant (which merging refuses): only
    as a close typo, equal once doubled letters are squeezed, or as an abbreviation. Cheap,
    and false for almost every pair of words a long name offers."""
    similarity = _likeness(OSA.distance(whole, joined), whole, joined)
    return (
        similarity >= _MIN_MERGED_SIMILARITY
        or _squeezed(whole) == _squeezed(joined)
        or _abbreviates(whole, joined)
    )


def _variant_similarity(
    query: str, listed: str, converted: bool, similarity: float
) -> tuple[float, str, int | None] | None:
    """Romanisation variants: equal consonant skeletons. Between two Latin spellings the words
    must also look alike ("sensor" is no variant of "sansara"); a transliterated word may also
    read "w" as the vowel "u" (Arabic "mhmwd" / "Mahmoud")."""
    query_key, listed_key = skeleton(query), skeleton(listed)
    same = query_key == listed_key
    if converted and not same:
        query_key, listed_key = query_key.replace("f", ""), listed_key.replace("f", "")
        same = query_key == listed_key and "w" in query + listed
    if not same or not (len(query_key) >= _MIN_SKELETON or (converted and query_key)):
        return None
    if converted:
        return _short_key_discount(_SIMILARITY[TRANSLITERATED], query_key), TRANSLITERATED, None
    if similarity >= _MIN_SPELLING_LIKENESS:
        return _SIMILARITY[SPELLING], SPELLING, None
    return None


def _skeleton_likeness(query: str, listed: str) -> float:
    """Edit similarity of two skeletons of at least four consonants ("Alexandros" and
    "Alexander" differ in their endings only)."""
    query_key, listed_key = skeleton(query), skeleton(listed)
    if min(len(query_key), len(listed_key)) < _MIN_SKELETON + 1:
        return 0.0
    return _likeness(OSA.distance(query_key, listed_key), query_key, listed_key)


def _short_key_discount(similarity: float, key: str) -> float:
    """A one- or two-consonant skeleton ("km", "n") says little: trust it less."""
    return similarity if len(key) >= _MIN_SKELETON else _SHORT_KEY_SIMILARITY


@lru_cache(maxsize=200_000)
def _squeezed(text: str) -> str:
    return _REPEATS.sub(r"\1", text)


def align(query: Sequence[Token], listed: Sequence[Token], weigh: Weigh) -> Alignment:
    """Greedy one-to-one alignment by decreasing similarity; then words left over on both
    sides may pair one with two adjacent ones (merged or split words)."""
    return next(align_each(query, [listed], weigh))


def align_each(
    query: Sequence[Token], listed_names: Sequence[Sequence[Token]], weigh: Weigh
) -> Iterator[Alignment]:
    """`align` of one query with each listed name in turn, lazily (the caller may stop early).
    Which word pairs are worth comparing is found for all the names at once, and the query's
    word weights once: per name, most of the cost would be this set-up."""
    possible = _possible_pairs(query, [token for listed in listed_names for token in listed])
    query_weights = [weigh(token.text) for token in query]
    # The same party's name on several lists is often the very same words (the same token
    # objects): aligned once. Keyed by identity, as the names outlive this generator.
    done: dict[tuple[int, ...], Alignment] = {}
    start = 0
    for listed in listed_names:
        key = tuple(map(id, listed))
        if key not in done:
            done[key] = _align(query, listed, weigh, query_weights, possible[:, start : start + len(listed)])
        start += len(listed)
        yield done[key]


def _align(
    query: Sequence[Token],
    listed: Sequence[Token],
    weigh: Weigh,
    query_weights: list[float],
    possible: npt.NDArray[np.bool_],
) -> Alignment:
    used_query: set[int] = set()
    used_listed: set[int] = set()
    matches: list[_Step] = []
    word_pairs = _word_pairs(query, listed, possible)
    _take_greedily(word_pairs, used_query, used_listed, matches)
    if any(match.how == ABBREVIATION for _, _, match in matches):
        # "jin ping" / "jinping" must not be taken as an abbreviation: compete with merges.
        used_query.clear()
        used_listed.clear()
        matches.clear()
        pairs = word_pairs + _merged_pairs(query, listed, query_side_merged=True)
        pairs += _merged_pairs(listed, query, query_side_merged=False)
        _take_greedily(pairs, used_query, used_listed, matches)
    if len(used_query) < len(query) and len(used_listed) < len(listed):
        left_query = [token if i not in used_query else None for i, token in enumerate(query)]
        left_listed = [token if j not in used_listed else None for j, token in enumerate(listed)]
        merged = _merged_pairs(left_query, left_listed, query_side_merged=True)
        merged += _merged_pairs(left_listed, left_query, query_side_merged=False)
        _take_greedily(merged, used_query, used_listed, matches)
    return _score(query, listed, matches, [weigh(token.text) for token in listed], list(query_weights))


_Pair = tuple[float, tuple[int, ...], tuple[int, ...], TokenMatch]


def _take_greedily(
    pairs: list[_Pair],
    used_query: set[int],
    used_listed: set[int],
    matches: list[_Step],
) -> None:
    # Most similar first; among equals, in the order given (sorting is stable, also reversed).
    for _, query_ids, listed_ids, match in sorted(pairs, key=itemgetter(0), reverse=True):
        if not (used_query.isdisjoint(query_ids) and used_listed.isdisjoint(listed_ids)):
            continue
        used_query.update(query_ids)
        used_listed.update(listed_ids)
        matches.append((query_ids, listed_ids, match))


def _word_pairs(
    query: Sequence[Token], listed: Sequence[Token], possible: npt.NDArray[np.bool_]
) -> list[_Pair]:
    """Similar word pairs, in query order then listed order, among the `possible` ones."""
    pairs: list[_Pair] = []
    rows, columns = np.nonzero(possible)
    for i, j in zip(rows.tolist(), columns.tolist(), strict=True):
        query_token, listed_token = query[i], listed[j]
        similarity, how, distance = token_similarity(query_token, listed_token)
        if similarity > 0:
            match = TokenMatch(query_token.text, listed_token.text, how, similarity, distance)
            pairs.append((similarity, (i,), (j,), match))
    return pairs


def _possible_pairs(query: Sequence[Token], listed: Sequence[Token]) -> npt.NDArray[np.bool_]:
    """Which (query word, listed word) pairs `token_similarity` may find similar.

    Most pairs are unrelated words, and comparing each in Python is most of an alignment's
    cost. A pair can only score above zero through one of: a typo similarity of at least
    `_MIN_TYPO_SIMILARITY` (measured here for all pairs in one rapidfuzz call), the same first
    letter (initials, abbreviations, doubled letters), the same consonant skeleton, a
    transliterated word, or shared name symbols; pairs with none of these are left out
    unexamined."""
    query_texts = [token.text for token in query]
    listed_texts = [token.text for token in listed]
    distance = cdist(query_texts, listed_texts, scorer=OSA.distance, dtype=np.int32)
    longer = np.maximum.outer(_lengths(query_texts), _lengths(listed_texts))
    possible: npt.NDArray[np.bool_] = 1.0 - distance / (longer + 1) >= _MIN_TYPO_SIMILARITY
    possible |= np.equal.outer(_first_letters(query_texts), _first_letters(listed_texts))
    skeleton_ids: dict[str, int] = {}
    possible |= np.equal.outer(_skeleton_ids(query, skeleton_ids), _skeleton_ids(listed, skeleton_ids))
    possible |= np.logical_or.outer(_converted(query), _converted(listed))
    carrying: dict[str, list[int]] = {}
    for j, token in enumerate(listed):
        for symbol in token.symbols:
            carrying.setdefault(symbol, []).append(j)
    for i, token in enumerate(query):
        for symbol in token.symbols:
            possible[i, carrying.get(symbol, [])] = True
    return possible


def _lengths(texts: Sequence[str]) -> npt.NDArray[np.int64]:
    return np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))


def _first_letters(texts: Sequence[str]) -> npt.NDArray[np.int64]:
    return np.fromiter((ord(text[0]) if text else -1 for text in texts), dtype=np.int64, count=len(texts))


def _skeleton_ids(tokens: Sequence[Token], ids: dict[str, int]) -> npt.NDArray[np.int64]:
    """One number per distinct skeleton (shared by both sides through `ids`)."""
    numbers = [ids.setdefault(token.skeleton, len(ids)) for token in tokens]
    return np.asarray(numbers, dtype=np.int64)


def _converted(tokens: Sequence[Token]) -> npt.NDArray[np.bool_]:
    return np.fromiter((token.converted for token in tokens), dtype=np.bool_, count=len(tokens))


def _merged_pairs(
    whole_side: Sequence[Token | None], split_side: Sequence[Token | None], *, query_side_merged: bool
) -> list[_Pair]:
    """A word left on one side equal (or nearly) to two adjacent words left on the other:
    "Technopark" and "Techno Park", "Wuhan" and pinyin "wu han". `None` marks words taken."""
    pairs: list[_Pair] = []
    by_length: dict[int, list[tuple[int, Token]]] = {}
    for i, word in enumerate(whole_side):
        if word is not None:
            by_length.setdefault(len(word.text), []).append((i, word))
    for j in range(len(split_side) - 1):
        first, second = split_side[j], split_side[j + 1]
        if first is None or second is None:
            continue
        size = len(first.text) + len(second.text)
        near = [word for slack in _SLACKS for word in by_length.get(size + slack, ())]
        if not near:
            continue
        joined = first.text + second.text
        for i, whole in sorted(near):
            converted = first.converted or second.converted or whole.converted
            if not (converted or _may_merge(whole.text, joined)):
                continue
            similarity, how, distance = _text_similarity(whole.text, joined, converted)
            if similarity < _MIN_MERGED_SIMILARITY or how == SPELLING:
                continue
            split_text = f"{first.text} {second.text}"
            similarity = min(similarity, 0.95)
            if query_side_merged:
                match = TokenMatch(whole.text, split_text, MERGED, similarity, distance)
                pairs.append((similarity, (i,), (j, j + 1), match))
            else:
                match = TokenMatch(split_text, whole.text, MERGED, similarity, distance)
                pairs.append((similarity, (j, j + 1), (i,), match))
    return pairs


def _score(
    query: Sequence[Token],
    listed: Sequence[Token],
    matches: list[_Step],
    listed_weights: list[float],
    query_weights: list[float],
) -> Alignment:
    """`query_weights` is lowered in place where a misspelt word stands for a listed one."""
    gained = 0.0
    for query_ids, listed_ids, match in matches:
        listed_weight = sum(listed_weights[j] for j in listed_ids)
        # An unseen (misspelt) query word is as distinctive as the listed word it stands for.
        for i in query_ids:
            query_weights[i] = min(query_weights[i], listed_weight / len(query_ids))
        gained += match.similarity * (listed_weight + sum(query_weights[i] for i in query_ids))
    total = sum(query_weights) + sum(listed_weights)
    return Alignment(gained / total if total else 0.0, matches, query, listed)
