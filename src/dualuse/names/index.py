"""Candidate index: which listed names are worth scoring for a query, without scanning them all.

Keys point from a word to the names that contain it: the word itself, its consonant skeleton
(romanisation variants), its one-deletion neighbours (SymSpell style: typos up to two edits,
transpositions included), its rigour name symbols (cross-script equivalents), and adjacent word
pairs joined (merged/split words). A query looks up each of its words, rarest first; each word
reads at most `posting_cap` postings, and a word found in more names only ranks the candidates
found through rarer words, so the work per query stays flat as the lists grow. The candidates are ranked
by an estimate of the final score (aligned IDF weight) and the best `limit` are returned.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import chain, pairwise

import numpy as np
import numpy.typing as npt

from dualuse.names.normalize import NameForm, Token, skeleton
from dualuse.names.tables import generic_words

POSTING_CAP = 500
_MIN_FUZZY_LENGTH = 4
_MAX_SKELETON_FANOUT = 64
_GENERIC_FACTOR = 0.35
_INITIAL_FACTOR = 0.3
# Rough similarity of a listed word by how the index found it (exact words count 1.0).
_SKELETON_SIMILARITY = 0.9
_SYMBOL_SIMILARITY = 0.85
_EDIT_SIMILARITY = 0.8
_SKELETON_EDIT_SIMILARITY = 0.7
_LOOKUP_CACHE = 100_000
_SEEDING_WORDS = 5
_EXCESS_PENALTY = 0.01
_NO_POSTINGS: npt.NDArray[np.int32] = np.zeros(0, dtype=np.int32)
_MIN_SKELETON_KEY = 3  # shorter Latin skeletons ("nk" for aung, anka, eneko) say nothing


def deletions(text: str) -> set[str]:
    """The word and every form of it with one character deleted."""
    return {text} | {text[:i] + text[i + 1 :] for i in range(len(text))}


@dataclass(frozen=True, slots=True)
class IndexSnapshot:
    """A built `CandidateIndex` as plain data: key i's postings are
    `postings[offsets[i]:offsets[i + 1]]`; the word maps as built."""

    count: int
    posting_cap: int
    keys: list[str]
    offsets: npt.NDArray[np.int64]
    postings: npt.NDArray[np.int32]
    by_skeleton: dict[str, list[str]]
    by_deletion: dict[str, list[str]]
    by_symbol: dict[str, list[str]]
    name_weight: npt.NDArray[np.float64]


@dataclass(slots=True)
class _Lookup:
    """What one query word found: listed key -> similarity; then, once complete, the keys in
    reading order (closest first, rarer first among equals, then by key) as parallel columns:
    similarity, posting count, credit (similarity x 2 x weight, the weight capped at that of
    the closest key) and every key's postings end to end."""

    found: dict[str, float] = field(default_factory=dict)
    similarities: tuple[float, ...] = ()
    lengths: tuple[int, ...] = ()
    credits: npt.NDArray[np.float64] = field(default_factory=lambda: np.zeros(0))
    postings: npt.NDArray[np.int32] = field(default_factory=lambda: _NO_POSTINGS)
    closest_weight: float | None = None  # weight of the closest key; None when nothing found


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
        self._weights: dict[str, float] = {}
        self._lookups: dict[tuple[str, bool, frozenset[str]], _Lookup] = {}
        self._count = len(forms)
        for position, form in enumerate(forms):
            self._add(position, form)
        self._build_keys()
        # Postings end to end, joined-pair keys marked with a leading NUL; the lists are dropped.
        keys = [*self._postings, *("\x00" + key for key in self._joined)]
        lists = [*self._postings.values(), *self._joined.values()]
        offsets = np.zeros(len(keys) + 1, dtype=np.int64)
        np.cumsum(np.fromiter(map(len, lists), dtype=np.int64, count=len(lists)), out=offsets[1:])
        flat = np.fromiter(chain.from_iterable(lists), dtype=np.int32, count=int(offsets[-1]))
        self._postings.clear()
        self._joined.clear()
        self._tokens.clear()
        self._set_postings(keys, offsets, flat)
        weights = [sum(self.weight(t.text) for t in form.tokens) for form in forms]
        self._name_weight = np.asarray(weights, dtype=np.float64)

    def _set_postings(
        self, keys: list[str], offsets: npt.NDArray[np.int64], flat: npt.NDArray[np.int32]
    ) -> None:
        """Key i's postings are `flat[offsets[i]:offsets[i + 1]]`. Each key's posting count and
        weight are kept as columns, so that a query word's neighbours are ordered and read in
        a few array operations however many it has."""
        self._max_weight = math.log(1 + self._count)
        self._key_numbers = {key: number for number, key in enumerate(keys)}
        self._offsets = offsets
        self._flat = flat
        self._key_lengths = np.diff(offsets)
        # A joined key ("\x00" + two words written as one) weighs as that one word.
        self._key_weights = np.asarray(
            [self._compute_weight(key.lstrip("\x00")) for key in keys], dtype=np.float64
        )

    @property
    def size(self) -> int:
        """How many name forms are indexed."""
        return self._count

    def snapshot(self) -> IndexSnapshot:
        """The built index as plain data, to be stored and turned back by `from_snapshot`."""
        return IndexSnapshot(
            count=self._count,
            posting_cap=self.posting_cap,
            keys=list(self._key_numbers),
            offsets=self._offsets,
            postings=self._flat,
            by_skeleton=self._by_skeleton,
            by_deletion=self._by_deletion,
            by_symbol={symbol: sorted(texts) for symbol, texts in self._by_symbol.items()},
            name_weight=self._name_weight,
        )

    @classmethod
    def from_snapshot(cls, snapshot: IndexSnapshot) -> CandidateIndex:
        """The index a `snapshot` was taken of."""
        index = cls([], snapshot.posting_cap)
        index._count = snapshot.count
        index._set_postings(snapshot.keys, snapshot.offsets, snapshot.postings)
        index._by_skeleton = snapshot.by_skeleton
        index._by_deletion = snapshot.by_deletion
        index._by_symbol = {symbol: set(texts) for symbol, texts in snapshot.by_symbol.items()}
        index._name_weight = snapshot.name_weight
        return index

    def _add(self, position: int, form: NameForm) -> None:
        for token in form.tokens:
            postings = self._postings.setdefault(token.text, [])
            if not postings or postings[-1] != position:
                postings.append(position)
            known = self._tokens.get(token.text)
            if known is None or (token.symbols and not token.symbols <= known.symbols):
                symbols = token.symbols | (known.symbols if known else frozenset())
                self._tokens[token.text] = Token(token.text, token.skeleton, token.converted, "", symbols)
        for left, right in pairwise(form.tokens):
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

    def weight(self, text: str) -> float:
        """IDF of a word in the indexed names, lowered for generic business words and initials."""
        known = self._weights.get(text)
        if known is None:
            known = self._weights[text] = self._compute_weight(text)
        return known

    def _compute_weight(self, text: str) -> float:
        number = self._key_numbers.get(text)
        frequency = 0 if number is None else int(self._key_lengths[number])
        weight = math.log(1 + self._count / (frequency + 0.5))
        if text in generic_words():
            weight = min(weight, _GENERIC_FACTOR * math.log(1 + self._count))
        if len(text) == 1:
            weight *= _INITIAL_FACTOR
        return weight

    def candidates(
        self, queries: Iterable[NameForm], limit: int, floor: float = 0.0
    ) -> list[tuple[int, float]]:
        """(position, estimated score) of the `limit` most promising names for any of the query
        forms, best first (lower position first among equals), leaving out those whose estimate
        is below `floor` (or nil). The estimate credits every query word with its best listed
        word, so it rarely undershoots the final score."""
        found = [self._estimate(form) for form in queries]
        if not found:
            return []
        positions, estimates = _best_per_position(
            np.concatenate([p for p, _ in found]), np.concatenate([e for _, e in found])
        )
        kept = (estimates > 0) & (estimates >= floor)
        positions, estimates = positions[kept], estimates[kept]
        ranked = np.argsort(-estimates, kind="stable")[:limit]
        return [(int(positions[i]), float(estimates[i])) for i in ranked]

    def _estimate(self, form: NameForm) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
        """Estimated score of every name found (sparse: positions ascending, and their
        estimates; names not found estimate zero)."""
        word_lookups = [self._lookup(token) for token in form.tokens]
        query_weight = sum(self._query_weight(lookup) for lookup in word_lookups)
        gained = np.zeros(self._count)  # dense for the "already found" test; only touched cells read
        touched: list[npt.NDArray[np.int64]] = []
        found = [lookup for lookup in word_lookups if lookup.found]
        seeding = sorted(found, key=self._rarest_frequency)
        budgets = [self.posting_cap if rank < _SEEDING_WORDS else 0 for rank in range(len(seeding))]
        joined = [lookup for lookup in self._lookup_joined(form.tokens) if lookup.found]
        for lookup, budget in [*zip(seeding, budgets, strict=True), *((j, self.posting_cap) for j in joined)]:
            best = self._contributions(lookup, gained, bool(touched), budget)
            if best is not None:
                gained[best[0]] += best[1]  # positions are unique within one word's credits
                touched.append(best[0])
        if not touched:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        positions = np.unique(np.concatenate(touched))
        name_weight = self._name_weight[positions]
        # A name cannot gain more than twice its own weight (or the query's): several query
        # words crediting one listed word must not lift a short name above an exact one.
        # Among names at the ceiling, those that needed no capping rank first.
        credit = gained[positions]
        capped = np.minimum(credit, np.minimum(2 * name_weight, 2 * query_weight))
        excess = credit - capped
        estimate: npt.NDArray[np.float64] = (capped - _EXCESS_PENALTY * excess) / (query_weight + name_weight)
        return positions, estimate

    def _lookup(self, token: Token) -> _Lookup:
        """Listed words near a query word, each with a rough similarity by the kind of key that
        found it; the scorer measures the real one on the few candidates. Cached: query words
        recur ("trading", "mohammad")."""
        cache_key = (token.text, token.converted, token.symbols)
        cached = self._lookups.get(cache_key)
        if cached is not None:
            return cached
        # Closest kind of key last, so that a word found several ways keeps its best similarity.
        found: dict[str, float] = {}
        fuzzy = self._fuzzy_keys(token)
        for key in fuzzy:
            if key.startswith("#"):
                found.update(dict.fromkeys(self._by_deletion.get(key, ()), _SKELETON_EDIT_SIMILARITY))
        for key in fuzzy:
            if not key.startswith("#"):
                found.update(dict.fromkeys(self._by_deletion.get(key, ()), _EDIT_SIMILARITY))
        for symbol in token.symbols:
            found.update(dict.fromkeys(self._by_symbol.get(symbol, ()), _SYMBOL_SIMILARITY))
        if len(token.skeleton) >= _MIN_SKELETON_KEY or token.converted:
            found.update(
                dict.fromkeys(
                    self._by_skeleton.get(token.skeleton, ())[:_MAX_SKELETON_FANOUT], _SKELETON_SIMILARITY
                )
            )
        if token.text in self._key_numbers:
            found[token.text] = 1.0
        lookup = _Lookup(found)
        if len(self._lookups) >= _LOOKUP_CACHE:
            self._lookups.clear()
        self._lookups[cache_key] = self._finish(lookup)
        return lookup

    def _lookup_joined(self, tokens: Sequence[Token]) -> list[_Lookup]:
        """A query word that a listed name splits in two, and two query words listed as one."""
        lookups: list[_Lookup] = []
        for token in tokens:
            if "\x00" + token.text in self._key_numbers:
                lookups.append(self._finish(_Lookup({"\x00" + token.text: 1.0})))
        for left, right in pairwise(tokens):
            joined = left.text + right.text
            converted = left.converted or right.converted
            # Latin pairs are looked up by spelling only: the skeleton of "yu 7862" is that of
            # "7862", which would credit the number twice.
            merged = Token(joined, skeleton(joined) if converted else "", converted)
            lookups.append(self._lookup(merged))
        return lookups

    def _finish(self, lookup: _Lookup) -> _Lookup:
        """Order the keys found and gather their columns (every key found is a listed key)."""
        if not lookup.found:
            return lookup
        count = len(lookup.found)
        numbers = np.fromiter(map(self._key_numbers.__getitem__, lookup.found), dtype=np.int64, count=count)
        similarities = np.fromiter(lookup.found.values(), dtype=np.float64, count=count)
        lengths = self._key_lengths[numbers]
        order = np.lexsort((numbers, lengths, -similarities))  # closest, then rarest, then first listed
        numbers, similarities, lengths = numbers[order], similarities[order], lengths[order]
        weights = self._key_weights[numbers]
        # Tuples of numbers, which the cyclic collector stops tracking: cached lookups stay
        # out of its young-generation passes.
        lookup.similarities = tuple(similarities.tolist())
        lookup.lengths = tuple(lengths.tolist())
        lookup.closest_weight = float(weights[0])
        # A far, rare neighbour must not outweigh the query word it stands for.
        lookup.credits = 2 * similarities * np.minimum(weights, lookup.closest_weight)
        ends = np.cumsum(lengths)
        within = np.arange(int(ends[-1])) - np.repeat(ends - lengths, lengths)
        lookup.postings = self._flat[np.repeat(self._offsets[numbers], lengths) + within]
        return lookup

    @staticmethod
    def _rarest_frequency(lookup: _Lookup) -> int:
        """How common the query word is: the frequency of its closest listed word (a rare
        misspelt neighbour of a common word must not make the word look rare)."""
        return lookup.lengths[0] if lookup.lengths else 0

    def _query_weight(self, lookup: _Lookup) -> float:
        """Weight of a query word: its own IDF when listed, else that of its closest listed
        word, else (found nowhere) the highest IDF."""
        return self._max_weight if lookup.closest_weight is None else lookup.closest_weight

    def _contributions(
        self, lookup: _Lookup, gained: npt.NDArray[np.float64], seeded: bool, budget: int
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]] | None:
        """Best credit each name gets from one query word (sparse: unique positions and their
        credits), None when it adds nothing. The listed words it found are read best first
        until `budget` postings have been read; after that a word only ranks names already
        found (when it is the query word itself) or is left out. The first word read brings in
        names even when common: the shortest names carrying it. Only the `_SEEDING_WORDS`
        rarest words get a budget, so long names cost no more than short ones."""
        whole = np.zeros(len(lookup.lengths), dtype=bool)  # entries read whole
        parts: list[tuple[npt.NDArray[np.int32], float]] = []  # entries read in part
        offset = 0
        for number, length in enumerate(lookup.lengths):
            start, offset = offset, offset + length
            similarity = lookup.similarities[number]
            if length <= budget:
                whole[number] = True
                budget -= length
            elif similarity == 1.0 and seeded:
                postings = lookup.postings[start:offset]
                parts.append((postings[gained[postings] > 0], lookup.credits[number]))
            elif not seeded and not parts and not whole.any() and budget:
                postings = lookup.postings[start:offset]
                shortest = np.argpartition(self._name_weight[postings], budget - 1)[:budget]
                parts.append((postings[shortest], lookup.credits[number]))
                budget = 0
            elif not budget and similarity < 1.0:
                break  # closest first: nothing further is read (every listed key has postings)
        if not parts and not whole.any():
            return None
        read = np.repeat(whole, lookup.lengths)
        positions = np.concatenate([lookup.postings[read], *(p for p, _ in parts)])
        credits = np.concatenate(
            [
                np.repeat(lookup.credits[whole], np.asarray(lookup.lengths)[whole]),
                *(np.full(len(p), c) for p, c in parts),
            ]
        )
        return _best_per_position(positions.astype(np.int64), credits)


def _best_per_position(
    positions: npt.NDArray[np.int64], values: npt.NDArray[np.float64]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """Each position once (ascending) with its highest value."""
    order = np.lexsort((values, positions))
    positions, values = positions[order], values[order]
    last = np.ones(len(positions), dtype=bool)
    last[:-1] = positions[1:] != positions[:-1]
    return positions[last], values[last]
