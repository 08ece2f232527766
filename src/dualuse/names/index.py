"""Candidate index: which listed names are worth scoring for a query, without scanning them all.

Keys point from a word to the names that contain it: the word itself, its consonant skeleton
(romanisation variants), its one-deletion neighbours (SymSpell style: typos up to two edits,
transpositions included), its rigour name symbols (cross-script equivalents), and adjacent word
pairs joined (merged/split words). A query looks up each of its words, rarest first; a word
found in more than `posting_cap` names ranks the candidates found through rarer words but brings
in no new ones, so the work per query stays flat as the lists grow. The candidates are ranked
by an estimate of the final score (aligned IDF weight) and the best `limit` are returned.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from dualuse.names.normalize import NameForm, Token, skeleton
from dualuse.names.scorer import token_similarity
from dualuse.names.tables import generic_words

POSTING_CAP = 2_000
_MIN_FUZZY_LENGTH = 4
_MAX_SKELETON_FANOUT = 64
_GENERIC_FACTOR = 0.35
_INITIAL_FACTOR = 0.3


def deletions(text: str) -> set[str]:
    """The word and every form of it with one character deleted."""
    return {text} | {text[:i] + text[i + 1 :] for i in range(len(text))}


@dataclass(slots=True)
class _Lookup:
    """What one query word found: listed word -> similarity."""

    found: dict[str, float] = field(default_factory=dict)

    def add(self, word: str, similarity: float) -> None:
        if similarity > self.found.get(word, 0.0):
            self.found[word] = similarity


class CandidateIndex:
    """Inverted index over the tokens of many name forms (positions are the caller's ids)."""

    def __init__(self, forms: Sequence[NameForm], posting_cap: int = POSTING_CAP) -> None:
        self.posting_cap = posting_cap
        self._postings: dict[str, list[int]] = {}
        self._joined: dict[str, list[int]] = {}
        self._by_skeleton: dict[str, list[str]] = {}
        self._by_deletion: dict[str, list[str]] = {}
        self._by_symbol: dict[str, set[str]] = {}
        self._tokens: dict[str, Token] = {}
        self._name_weight: list[float] = []
        self._weights: dict[str, float] = {}
        self._count = len(forms)
        for position, form in enumerate(forms):
            self._add(position, form)
        self._build_keys()
        self._max_weight = math.log(1 + self._count)
        self._name_weight = [sum(self.weight(t.text) for t in form.tokens) for form in forms]
        self._posting_sets: dict[str, frozenset[int]] = {}

    def _add(self, position: int, form: NameForm) -> None:
        for token in form.tokens:
            postings = self._postings.setdefault(token.text, [])
            if not postings or postings[-1] != position:
                postings.append(position)
            known = self._tokens.get(token.text)
            if known is None or (token.symbols and not token.symbols <= known.symbols):
                symbols = token.symbols | (known.symbols if known else frozenset())
                self._tokens[token.text] = Token(token.text, token.skeleton, token.converted, "", symbols)
        for left, right in zip(form.tokens, form.tokens[1:], strict=False):
            self._joined.setdefault(left.text + right.text, []).append(position)

    def _build_keys(self) -> None:
        for text, token in self._tokens.items():
            self._by_skeleton.setdefault(token.skeleton, []).append(text)
            for key in self._fuzzy_keys(token):
                self._by_deletion.setdefault(key, []).append(text)
            for symbol in token.symbols:
                self._by_symbol.setdefault(symbol, set()).add(text)

    @staticmethod
    def _fuzzy_keys(token: Token) -> set[str]:
        """One-deletion neighbours of the word and (marked "#") of its skeleton: two words
        sharing one are at most two edits apart in spelling or in consonants."""
        keys: set[str] = set()
        if len(token.text) >= _MIN_FUZZY_LENGTH:
            keys = deletions(token.text)
        if len(token.skeleton) >= _MIN_FUZZY_LENGTH:
            keys.update("#" + key for key in deletions(token.skeleton))
        return keys

    @property
    def size(self) -> int:
        return self._count

    def document_frequency(self, text: str) -> int:
        return len(self._postings.get(text, ()))

    def weight(self, text: str) -> float:
        """IDF of a word in the indexed names, lowered for generic business words and initials."""
        known = self._weights.get(text)
        if known is None:
            known = self._weights[text] = self._compute_weight(text)
        return known

    def _compute_weight(self, text: str) -> float:
        frequency = len(self._postings.get(text, ()))
        weight = math.log(1 + self._count / (frequency + 0.5))
        if text in generic_words():
            weight = min(weight, _GENERIC_FACTOR * math.log(1 + self._count))
        if len(text) == 1:
            weight *= _INITIAL_FACTOR
        return weight

    def candidates(self, queries: Iterable[NameForm], limit: int, floor: float = 0.0) -> list[tuple[int, float]]:
        """(position, estimated score) of the `limit` most promising names for any of the query
        forms, best first, leaving out those whose estimate is below `floor`. The estimate
        credits every query word with its best listed word, so it rarely undershoots the
        final score."""
        estimate: dict[int, float] = {}
        for form in queries:
            for position, value in self._estimate(form).items():
                if value > estimate.get(position, 0.0):
                    estimate[position] = value
        ranked = sorted(estimate.items(), key=lambda item: -item[1])
        return [(position, value) for position, value in ranked[:limit] if value >= floor]

    def _estimate(self, form: NameForm) -> dict[int, float]:
        word_lookups = [self._lookup(token) for token in form.tokens]
        query_weight = sum(self._query_weight(lookup) for lookup in word_lookups)
        gained: dict[int, float] = {}
        lookups = word_lookups + self._lookup_joined(form.tokens)
        for lookup in sorted(lookups, key=self._rarest_frequency):
            for position, value in self._contributions(lookup, gained).items():
                gained[position] = gained.get(position, 0.0) + value
        return {
            position: 2 * value / (query_weight + self._name_weight[position])
            for position, value in gained.items()
        }

    def _lookup(self, token: Token) -> _Lookup:
        lookup = _Lookup()
        if token.text in self._postings:
            lookup.add(token.text, 1.0)
        keys: set[str] = set(self._by_skeleton.get(token.skeleton, ())[:_MAX_SKELETON_FANOUT])
        for key in self._fuzzy_keys(token):
            keys.update(self._by_deletion.get(key, ()))
        for symbol in token.symbols:
            keys.update(self._by_symbol.get(symbol, ()))
        for text in keys:
            similarity, _, _ = token_similarity(token, self._tokens[text])
            if similarity > 0:
                lookup.add(text, similarity)
        return lookup

    def _lookup_joined(self, tokens: Sequence[Token]) -> list[_Lookup]:
        """A query word that a listed name splits in two, and two query words listed as one."""
        lookups: list[_Lookup] = []
        for token in tokens:
            if token.text in self._joined:
                lookups.append(_Lookup({"\x00" + token.text: 1.0}))
        for left, right in zip(tokens, tokens[1:], strict=False):
            joined = left.text + right.text
            merged = Token(joined, skeleton(joined), left.converted or right.converted)
            lookups.append(self._lookup(merged))
        return lookups

    def _postings_of(self, key: str) -> list[int]:
        if key.startswith("\x00"):
            return self._joined.get(key[1:], [])
        return self._postings.get(key, [])

    def _rarest_frequency(self, lookup: _Lookup) -> int:
        return min((len(self._postings_of(key)) for key in lookup.found), default=0)

    def _query_weight(self, lookup: _Lookup) -> float:
        if not lookup.found:
            return self._max_weight
        return max(self.weight(key.lstrip("\x00")) for key in lookup.found)

    def _contributions(self, lookup: _Lookup, gained: dict[int, float]) -> dict[int, float]:
        """Best weight each name gets from this query word. A word found in more than
        `posting_cap` names only ranks the names already found (or, when it is the rarest word
        of the query, brings in its first `posting_cap` names)."""
        best: dict[int, float] = {}
        for key, similarity in lookup.found.items():
            postings = self._postings_of(key)
            value = similarity * 2 * self.weight(key.lstrip("\x00"))
            if len(postings) <= self.posting_cap:
                selected: Iterable[int] = postings
            elif gained:
                members = self._posting_set(key)
                selected = [position for position in gained if position in members]
            else:
                selected = postings[: self.posting_cap]
            for position in selected:
                if value > best.get(position, 0.0):
                    best[position] = value
        return best

    def _posting_set(self, key: str) -> frozenset[int]:
        members = self._posting_sets.get(key)
        if members is None:
            members = self._posting_sets[key] = frozenset(self._postings_of(key))
        return members
