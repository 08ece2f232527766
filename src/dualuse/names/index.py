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
import threading
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
_SKELETON_MARK, _SYMBOL_MARK = "=", "@"
_MIN_SKELETON_KEY = 3  # shorter Latin skeletons ("nk" for aung, anka, eneko) say nothing


def deletions(text: str) -> set[str]:
    """The word and every form of it with one character deleted."""
    return {text} | {text[:i] + text[i + 1 :] for i in range(len(text))}


@dataclass(frozen=True, slots=True)
class IndexSnapshot:
    """A built `CandidateIndex` as plain data: key i's postings are
    `postings[offsets[i]:offsets[i + 1]]`; neighbour key j (a one-deletion form, a skeleton or
    a name symbol, marked by kind) leads to the listed keys numbered
    `neighbours[neighbour_offsets[j]:neighbour_offsets[j + 1]]`."""

    count: int
    posting_cap: int
    keys: list[str]
    offsets: npt.NDArray[np.int64]
    postings: npt.NDArray[np.int32]
    neighbour_keys: list[str]
    neighbour_offsets: npt.NDArray[np.int64]
    neighbours: npt.NDArray[np.int32]
    name_weight: npt.NDArray[np.float64]


@dataclass(slots=True)
class _Lookup:
    """The listed keys one query word found, in
    reading order (closest first, rarer first among equals, then by key) as parallel columns:
    posting count, where each key's postings start and end in `postings` (every key's postings
    end to end), and credit (similarity x 2 x weight, the weight capped at that of the closest
    key); `groups` holds the key numbers where a run of equal similarity starts, and the end."""

    lengths: npt.NDArray[np.int64] = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    ends: npt.NDArray[np.int64] = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    credits: npt.NDArray[np.float64] = field(default_factory=lambda: np.zeros(0))
    postings: npt.NDArray[np.int32] = field(default_factory=lambda: _NO_POSTINGS)
    groups: tuple[int, ...] = ()
    exact: bool = False  # the first key is the word itself
    frequency: int = 0  # posting count of the closest key
    closest_weight: float | None = None  # weight of the closest key; None when nothing found

    @property
    def found(self) -> bool:
        return self.closest_weight is not None


class _Scratch(threading.local):
    """Per-thread work arrays, one cell per indexed name, reset after each query: a query
    touches a few thousand cells, and allocating (or clearing) the whole arrays per query would
    cost time in proportion to the lists' size."""

    def __init__(self, size: int) -> None:
        self.gained = np.zeros(size)  # credit per name from the words read so far
        self.best = np.zeros(size)  # best credit per name from the word being read
        self.slot = np.zeros(size, dtype=np.int64)  # where a name last occurs in that word's reads


class CandidateIndex:
    """Inverted index over the tokens of many name forms (positions are the caller's ids)."""

    def __init__(self, forms: Sequence[NameForm], posting_cap: int = POSTING_CAP) -> None:
        self.posting_cap = posting_cap
        self._postings: dict[str, list[int]] = {}
        self._joined: dict[str, list[int]] = {}
        self._tokens: dict[str, Token] = {}
        self._weights: dict[str, float] = {}
        self._lookups: dict[tuple[str, bool, frozenset[str]], _Lookup] = {}
        self._count = len(forms)
        for position, form in enumerate(forms):
            self._add(position, form)
        # Postings end to end, joined-pair keys marked with a leading NUL; the lists are dropped.
        keys = [*self._postings, *("\x00" + key for key in self._joined)]
        lists = [*self._postings.values(), *self._joined.values()]
        offsets = np.zeros(len(keys) + 1, dtype=np.int64)
        np.cumsum(np.fromiter(map(len, lists), dtype=np.int64, count=len(lists)), out=offsets[1:])
        flat = np.fromiter(chain.from_iterable(lists), dtype=np.int32, count=int(offsets[-1]))
        self._postings.clear()
        self._joined.clear()
        self._set_postings(keys, offsets, flat)
        self._set_neighbours(*self._build_neighbours())
        self._tokens.clear()
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
        self._scratch = _Scratch(self._count)

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
            neighbour_keys=list(self._neighbour_rows),
            neighbour_offsets=self._neighbour_offsets,
            neighbours=self._neighbours,
            name_weight=self._name_weight,
        )

    @classmethod
    def from_snapshot(cls, snapshot: IndexSnapshot) -> CandidateIndex:
        """The index a `snapshot` was taken of."""
        index = cls([], snapshot.posting_cap)
        index._count = snapshot.count
        index._set_postings(snapshot.keys, snapshot.offsets, snapshot.postings)
        index._set_neighbours(snapshot.neighbour_keys, snapshot.neighbour_offsets, snapshot.neighbours)
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

    def _build_neighbours(
        self,
    ) -> tuple[list[str], npt.NDArray[np.int64], npt.NDArray[np.int32]]:
        """Every listed word under each of its neighbour keys: its one-deletion forms (and its
        skeleton's, marked "#"), its skeleton (marked "=", at most `_MAX_SKELETON_FANOUT` words
        each) and its name symbols (marked "@"). Listed words are [0-9a-z], so marks cannot
        collide with them."""
        groups: dict[str, list[int]] = {}
        for text, token in self._tokens.items():
            number = self._key_numbers[text]
            keys = [*self._fuzzy_keys(token), *(_SYMBOL_MARK + symbol for symbol in token.symbols)]
            for key in keys:
                groups.setdefault(key, []).append(number)
            same_skeleton = groups.setdefault(_SKELETON_MARK + token.skeleton, [])
            if len(same_skeleton) < _MAX_SKELETON_FANOUT:
                same_skeleton.append(number)
        offsets = np.zeros(len(groups) + 1, dtype=np.int64)
        np.cumsum(np.fromiter(map(len, groups.values()), dtype=np.int64, count=len(groups)), out=offsets[1:])
        flat = np.fromiter(chain.from_iterable(groups.values()), dtype=np.int32, count=int(offsets[-1]))
        return list(groups), offsets, flat

    def _set_neighbours(
        self, keys: list[str], offsets: npt.NDArray[np.int64], neighbours: npt.NDArray[np.int32]
    ) -> None:
        self._neighbour_rows = {key: row for row, key in enumerate(keys)}
        self._neighbour_offsets = offsets
        self._neighbours = neighbours

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
        estimates; names not found estimate zero).

        Only the `_SEEDING_WORDS` rarest query words bring names in; the others only credit
        names already found, and only through their own spelling, so their neighbours are
        never looked up (unless the word is not listed: then its nearest neighbour tells how
        rare and how heavy it is)."""
        closest = [self._closest(token) for token in form.tokens]
        query_weight = sum(self._max_weight if c is None else c[1] for c in closest)
        seeding = sorted(
            (found[0], number) for number, found in enumerate(closest) if found is not None
        )  # rarest first, then in query order
        scratch = self._scratch
        fresh: list[npt.NDArray[np.int64]] = []
        try:
            for rank, (_, number) in enumerate(seeding):
                token = form.tokens[number]
                if rank < _SEEDING_WORDS:
                    read = self._contributions(self._lookup(token), bool(fresh), self.posting_cap)
                else:
                    read = self._exact_contributions(token)
                self._credit(read, fresh)
            for lookup in self._lookup_joined(form.tokens):
                if lookup.found:
                    self._credit(self._contributions(lookup, bool(fresh), self.posting_cap), fresh)
            if not fresh:
                return np.zeros(0, dtype=np.int64), np.zeros(0)
            positions = np.sort(np.concatenate(fresh))
            credit = scratch.gained[positions]
        finally:
            for touched in fresh:
                scratch.gained[touched] = 0.0
        name_weight = self._name_weight[positions]
        # A name cannot gain more than twice its own weight (or the query's): several query
        # words crediting one listed word must not lift a short name above an exact one.
        # Among names at the ceiling, those that needed no capping rank first.
        capped = np.minimum(credit, np.minimum(2 * name_weight, 2 * query_weight))
        excess = credit - capped
        estimate: npt.NDArray[np.float64] = (capped - _EXCESS_PENALTY * excess) / (query_weight + name_weight)
        return positions, estimate

    def _closest(self, token: Token) -> tuple[int, float] | None:
        """Posting count and weight of the listed word closest to a query word (the word itself
        when listed), None when nothing listed is near it."""
        number = self._key_numbers.get(token.text)
        if number is not None:
            return int(self._key_lengths[number]), float(self._key_weights[number])
        lookup = self._lookup(token)
        return None if lookup.closest_weight is None else (lookup.frequency, lookup.closest_weight)

    def _credit(
        self,
        read: tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]] | None,
        fresh: list[npt.NDArray[np.int64]],
    ) -> None:
        """Add one query word's credits to the names (each name once, at its best credit from
        that word); the names credited for the first time go to `fresh`."""
        if read is None:
            return
        positions, credits = read
        scratch = self._scratch
        np.maximum.at(scratch.best, positions, credits)
        occurrence = np.arange(len(positions))
        scratch.slot[positions] = occurrence
        unique = positions[scratch.slot[positions] == occurrence]
        best = scratch.best[unique]
        scratch.best[unique] = 0.0
        fresh.append(unique[scratch.gained[unique] == 0.0])
        scratch.gained[unique] += best

    def _lookup(self, token: Token) -> _Lookup:
        """Listed words near a query word, each with a rough similarity by the kind of key that
        found it; the scorer measures the real one on the few candidates. Cached: query words
        recur ("trading", "mohammad")."""
        cache_key = (token.text, token.converted, token.symbols)
        cached = self._lookups.get(cache_key)
        if cached is not None:
            return cached
        rows: list[int] = []
        similarities: list[float] = []
        keys = [
            (key, _SKELETON_EDIT_SIMILARITY if key.startswith("#") else _EDIT_SIMILARITY)
            for key in self._fuzzy_keys(token)
        ]
        keys += [(_SYMBOL_MARK + symbol, _SYMBOL_SIMILARITY) for symbol in token.symbols]
        if len(token.skeleton) >= _MIN_SKELETON_KEY or token.converted:
            keys.append((_SKELETON_MARK + token.skeleton, _SKELETON_SIMILARITY))
        for key, similarity in keys:
            row = self._neighbour_rows.get(key)
            if row is not None:
                rows.append(row)
                similarities.append(similarity)
        exact = self._key_numbers.get(token.text)
        found = rows or exact is not None
        lookup = self._finish(*self._neighbour_columns(rows, similarities, exact)) if found else _Lookup()
        if len(self._lookups) >= _LOOKUP_CACHE:
            self._lookups.clear()
        self._lookups[cache_key] = lookup
        return lookup

    def _lookup_joined(self, tokens: Sequence[Token]) -> list[_Lookup]:
        """A query word that a listed name splits in two, and two query words listed as one."""
        lookups: list[_Lookup] = []
        for token in tokens:
            number = self._key_numbers.get("\x00" + token.text)
            if number is not None:
                lookups.append(self._finish(np.asarray([number]), np.ones(1)))
        for left, right in pairwise(tokens):
            joined = left.text + right.text
            converted = left.converted or right.converted
            # Latin pairs are looked up by spelling only: the skeleton of "yu 7862" is that of
            # "7862", which would credit the number twice.
            merged = Token(joined, skeleton(joined) if converted else "", converted)
            lookups.append(self._lookup(merged))
        return lookups

    def _neighbour_columns(
        self, rows: list[int], similarities: list[float], exact: int | None
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
        """The listed keys under these neighbour rows, each with its row's similarity, and the
        `exact` key (the query word itself, when listed) at similarity 1."""
        row_numbers = np.asarray(rows, dtype=np.int64)
        starts = self._neighbour_offsets[row_numbers]
        lengths = self._neighbour_offsets[row_numbers + 1] - starts
        numbers = _gather(self._neighbours, starts, lengths).astype(np.int64)
        found = np.repeat(np.asarray(similarities, dtype=np.float64), lengths)
        if exact is None:
            return numbers, found
        return np.append(numbers, exact), np.append(found, 1.0)

    def _finish(self, numbers: npt.NDArray[np.int64], similarities: npt.NDArray[np.float64]) -> _Lookup:
        """The lookup of these listed keys (repeated keys count at their best similarity):
        ordered, with their columns gathered."""
        if not len(numbers):
            return _Lookup()
        order = np.lexsort((-similarities, numbers))
        numbers, similarities = numbers[order], similarities[order]
        first = np.ones(len(numbers), dtype=bool)
        first[1:] = numbers[1:] != numbers[:-1]
        numbers, similarities = numbers[first], similarities[first]
        lengths = self._key_lengths[numbers]
        order = np.lexsort((numbers, lengths, -similarities))  # closest, then rarest, then first listed
        numbers, similarities, lengths = numbers[order], similarities[order], lengths[order]
        lookup = _Lookup()
        weights = self._key_weights[numbers]
        lookup.lengths = lengths
        lookup.ends = np.cumsum(lengths)
        lookup.exact = bool(similarities[0] == 1.0)
        lookup.frequency = int(lengths[0])
        lookup.closest_weight = float(weights[0])
        # A far, rare neighbour must not outweigh the query word it stands for.
        lookup.credits = 2 * similarities * np.minimum(weights, lookup.closest_weight)
        changes = np.flatnonzero(similarities[1:] != similarities[:-1]) + 1
        lookup.groups = (0, *changes.tolist(), len(numbers))
        lookup.postings = _gather(self._flat, self._offsets[numbers], lengths, lookup.ends)
        return lookup

    def _contributions(
        self, lookup: _Lookup, seeded: bool, budget: int
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]] | None:
        """Names one query word credits (positions, possibly repeated, and credits), None when
        it adds nothing. The listed words it found are read closest first, whole, while
        `budget` postings last: within a run of equally close words, rarer first, so each run
        is read up to the first word that no longer fits. A word too common to fit first is
        read in part: when it is the query word itself, only for the names already found;
        when nothing is found yet, for the shortest names carrying it (the first word read
        brings in names even when common)."""
        positions: list[npt.NDArray[np.int32]] = []
        credits: list[npt.NDArray[np.float64]] = []
        first = 0
        if lookup.lengths[0] > budget:
            postings = lookup.postings[: lookup.ends[0]]
            if lookup.exact and seeded:
                positions.append(postings[self._scratch.gained[postings] > 0])
            elif not seeded and budget:
                positions.append(postings[np.argpartition(self._name_weight[postings], budget - 1)[:budget]])
                budget = 0
            credits.extend(np.full(len(p), lookup.credits[0]) for p in positions)
            first = 1
        for start, end in pairwise(lookup.groups):
            start = max(start, first)
            if not budget or start >= end:
                continue
            before = int(lookup.ends[start] - lookup.lengths[start])
            fitting = int(np.searchsorted(lookup.ends[start:end], before + budget, side="right"))
            if fitting:
                stop = int(lookup.ends[start + fitting - 1])
                positions.append(lookup.postings[before:stop])
                credits.append(
                    np.repeat(
                        lookup.credits[start : start + fitting], lookup.lengths[start : start + fitting]
                    )
                )
                budget -= stop - before
        if not positions:
            return None
        return np.concatenate(positions).astype(np.int64), np.concatenate(credits)

    def _exact_contributions(
        self, token: Token
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]] | None:
        """A query word past the seeding ones credits, through its own spelling only, the
        names already found that carry it."""
        number = self._key_numbers.get(token.text)
        if number is None:
            return None
        postings = self._flat[self._offsets[number] : self._offsets[number + 1]]
        postings = postings[self._scratch.gained[postings] > 0]
        weight = float(self._key_weights[number])
        return postings.astype(np.int64), np.full(len(postings), 2 * weight)


def _gather(
    flat: npt.NDArray[np.int32],
    starts: npt.NDArray[np.int64],
    lengths: npt.NDArray[np.int64],
    ends: npt.NDArray[np.int64] | None = None,
) -> npt.NDArray[np.int32]:
    """`flat[starts[i] : starts[i] + lengths[i]]` for every i, end to end (`ends`: the
    cumulative lengths, when already known)."""
    if ends is None:
        ends = np.cumsum(lengths)
    within = np.arange(int(ends[-1]) if len(ends) else 0) - np.repeat(ends - lengths, lengths)
    gathered: npt.NDArray[np.int32] = flat[np.repeat(starts, lengths) + within]
    return gathered


def _best_per_position(
    positions: npt.NDArray[np.int64], values: npt.NDArray[np.float64]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """Each position once (ascending) with its highest value."""
    order = np.lexsort((values, positions))
    positions, values = positions[order], values[order]
    last = np.ones(len(positions), dtype=bool)
    last[:-1] = positions[1:] != positions[:-1]
    return positions[last], values[last]
