"""Candidate index: which listed names are worth scoring for a query, without scanning them all.

Keys point from a word to the names that contain it: the word itself, its consonant skeleton
(romanisation variants), its one-deletion neighbours (SymSpell style: typos up to two edits,
transpositions included), its rigour name symbols (cross-script equivalents), and adjacent word
pairs joined (merged/split words, and pairs rarer than their words). A query looks up each of
its words, rarest first; each word reads at most `posting_cap` postings, and a word found in
more names only ranks the candidates found through rarer words or through a listed pair of
adjacent query words, so the work per query stays bounded as the lists grow. The candidates are
ranked by an estimate of the final score (aligned IDF weight) and the best `limit` are returned.
"""

from __future__ import annotations

import math
import threading
from array import array
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import chain, pairwise

import numpy as np
import numpy.typing as npt

from dualuse.names.normalize import NameForm, Token, skeleton
from dualuse.names.tables import generic_words

POSTING_CAP = 500
_MIN_FUZZY_LENGTH = 4
# At most this many listed words share a skeleton key ("=", the first listed) or a skeleton
# deletion key ("#", the rarest: the order a lookup reads them in, within the posting budget).
# Rows of short skeletons grow with the vocabulary: up to 1,236 words at a million names.
_MAX_SKELETON_FANOUT = 64
_GENERIC_FACTOR = 0.35
_INITIAL_FACTOR = 0.3
# Rough similarity of a listed word by how the index found it (exact words count 1.0).
_SKELETON_SIMILARITY = 0.9
_SYMBOL_SIMILARITY = 0.85
_EDIT_SIMILARITY = 0.8
_SKELETON_EDIT_SIMILARITY = 0.7
_LOOKUP_CACHE = 100_000
_SEEDING_WORDS = 4
_NO_NAMES: npt.NDArray[np.int64] = np.zeros(0, dtype=np.int64)
_EXCESS_PENALTY = 0.01
# A listed word may stand for a close word at least this many times as common (a typo).
_RESPELLING_RATIO = 10
# Searching for a name in a word's postings costs about this many postings scanned.
_SEARCH_COST = 16
_SKELETON_MARK, _SYMBOL_MARK, _WORD_MARK = "=", "@", "!"
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


@dataclass(frozen=True, slots=True)
class _Lookup:
    """What one query word finds, ready to read: its closest listed word (the word itself when
    listed) and that word's posting count and weight; and the names its listed neighbours
    bring in within the posting budget (positions, possibly repeated, and credits).

    The neighbours are read closest first, whole, while the budget lasts: within a run of
    equally close words, rarer first, so each run is read up to the first word that no longer
    fits. The closest word is left to the query when it alone exceeds the budget
    (`closest_too_common`): how to read it depends on what the other words found."""

    closest: int
    frequency: int
    closest_weight: float
    closest_credit: float
    closest_is_word: bool
    closest_too_common: bool
    positions: npt.NDArray[np.int64]
    credits: npt.NDArray[np.float64]
    # A word not listed (most likely misspelt): its close listed words (an edit or so away)
    # that the budget left out, read at the end for the names the other words found.
    left_out: npt.NDArray[np.int64]
    left_out_credits: npt.NDArray[np.float64]
    # The close listed words, far commoner than the word itself, that the budget left out:
    # what the word may be a misspelling of, even when listed.
    respellings: npt.NDArray[np.int64]
    respelling_credits: npt.NDArray[np.float64]


@dataclass(slots=True)
class _Found:
    """What a query has found so far: the names its words credited (`fresh`: one array per
    word, of the names it credited first) and the names carrying two adjacent query words as a
    listed pair (`paired`), which words too common to read credit as if already found."""

    fresh: list[npt.NDArray[np.int64]] = field(default_factory=list)
    paired: npt.NDArray[np.int64] = field(default_factory=lambda: _NO_NAMES)
    _sorted: npt.NDArray[np.int32] = field(default_factory=lambda: np.zeros(0, dtype=np.int32))
    _sorted_words: int = -1  # how many of `fresh` `_sorted` holds

    def ascending(self) -> npt.NDArray[np.int32]:
        """Every name found, in ascending order and of the postings' type: searched for in
        them, sorted names read the postings in order, and need no conversion."""
        if self._sorted_words != len(self.fresh):
            self._sorted = np.sort(np.concatenate([*self.fresh, self.paired]).astype(np.int32))
            self._sorted_words = len(self.fresh)
        return self._sorted


class _Scratch(threading.local):
    """Per-thread work arrays, one cell per indexed name, reset after each query: a query
    touches a few thousand cells, and allocating (or clearing) the whole arrays per query would
    cost time in proportion to the lists' size."""

    def __init__(self, size: int) -> None:
        self.gained = np.zeros(size)  # credit per name from the words read so far
        self.best = np.zeros(size)  # best credit per name from the word being read
        self.slot = np.zeros(size, dtype=np.int64)  # where a name last occurs in that word's reads
        # Names found (credited or paired): a common word's postings are checked against this,
        # an eighth of the size of `gained`, so that more of it stays in the CPU cache.
        self.found = np.zeros(size, dtype=bool)
        self.credited = np.zeros(size, dtype=bool)  # names one word credited, while made up for


class CandidateIndex:
    """Inverted index over the tokens of many name forms (positions are the caller's ids)."""

    def __init__(self, forms: Sequence[NameForm], posting_cap: int = POSTING_CAP) -> None:
        self.posting_cap = posting_cap
        self._postings: dict[str, list[int]] = {}
        self._joined: dict[str, list[int]] = {}
        self._tokens: dict[str, Token] = {}
        self._weights: dict[str, float] = {}
        self._lookups: dict[tuple[str, bool, frozenset[str]], _Lookup | None] = {}
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
        self._keys = keys
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
            keys=self._keys,
            offsets=self._offsets,
            postings=self._flat,
            neighbour_keys=list(self._neighbour_rows),
            neighbour_offsets=np.frombuffer(self._row_bounds, dtype=np.int64),
            neighbours=np.frombuffer(self._row_keys, dtype=np.int32),
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
        skeleton's, marked "#"), its skeleton (marked "="), its name symbols (marked "@") and
        itself (marked "!"); skeleton keys hold at most `_MAX_SKELETON_FANOUT` words each.
        Listed words are [0-9a-z], so marks cannot collide with them."""
        groups: dict[str, list[int]] = {}
        for text, token in self._tokens.items():
            number = self._key_numbers[text]
            groups[_WORD_MARK + text] = [number]
            keys = [*self._fuzzy_keys(token), *(_SYMBOL_MARK + symbol for symbol in token.symbols)]
            for key in keys:
                groups.setdefault(key, []).append(number)
            same_skeleton = groups.setdefault(_SKELETON_MARK + token.skeleton, [])
            if len(same_skeleton) < _MAX_SKELETON_FANOUT:
                same_skeleton.append(number)
        for key, numbers in groups.items():
            if key.startswith("#") and len(numbers) > _MAX_SKELETON_FANOUT:
                groups[key] = self._rarest(numbers, _MAX_SKELETON_FANOUT)
        offsets = np.zeros(len(groups) + 1, dtype=np.int64)
        np.cumsum(np.fromiter(map(len, groups.values()), dtype=np.int64, count=len(groups)), out=offsets[1:])
        flat = np.fromiter(chain.from_iterable(groups.values()), dtype=np.int32, count=int(offsets[-1]))
        return list(groups), offsets, flat

    def _rarest(self, numbers: list[int], count: int) -> list[int]:
        """The `count` listed words (key numbers) with the fewest postings, first listed first
        among equals: the order a lookup reads them in."""
        keys = np.asarray(numbers, dtype=np.int64)
        order = np.lexsort((keys, self._key_lengths[keys]))[:count]
        rarest: list[int] = keys[order].tolist()
        return rarest

    def _set_neighbours(
        self, keys: list[str], offsets: npt.NDArray[np.int64], neighbours: npt.NDArray[np.int32]
    ) -> None:
        self._neighbour_rows = {key: row for row, key in enumerate(keys)}
        # C arrays, read a few rows per query word: slices of them feed a dict without a numpy
        # call per row.
        self._row_bounds = array("q", offsets.astype(np.int64).tobytes())
        self._row_keys = array("i", neighbours.astype(np.int32).tobytes())

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
        positions, estimates = found[0]
        if len(found) > 1:  # several readings (Chinese): each name at its best estimate
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

        Only the `_SEEDING_WORDS` rarest query words, adjacent words written as one and the
        listed pairs of adjacent words (`_paired`) bring names in; the other words only credit
        names already found, and only through their own spelling, so their neighbours are
        never looked up (unless the word is not listed: then its nearest neighbour tells how
        rare and how heavy it is)."""
        closest = [self._closest(token) for token in form.tokens]
        query_weight = sum(self._max_weight if c is None else c[1] for c in closest)
        seeding = sorted(
            (found[0], number) for number, found in enumerate(closest) if found is not None
        )  # rarest first, then in query order
        scratch = self._scratch
        lookups = {number: self._lookup(form.tokens[number]) for _, number in seeding[:_SEEDING_WORDS]}
        found = _Found(paired=self._paired(form.tokens, lookups))
        read: list[tuple[_Lookup, npt.NDArray[np.int64]]] = []
        try:
            scratch.found[found.paired] = True
            for _, number in seeding:
                token = form.tokens[number]
                if number in lookups:
                    lookup = lookups[number]
                    credited = self._credit(self._contributions(lookup, found), found)
                    if lookup is not None:
                        read.append((lookup, credited))
                else:
                    self._credit(self._exact_contributions(token, found), found)
            for joined in self._lookup_joined(form.tokens):
                self._credit(self._contributions(joined, found), found)
            for lookup, credited in read:
                if len(lookup.left_out):
                    self._credit(self._left_out_reads(lookup, credited, found), found)
                elif len(lookup.respellings) and len(found.paired):
                    self._credit(self._respelt_reads(lookup, credited, found), found)
            if not found.fresh:
                return np.zeros(0, dtype=np.int64), np.zeros(0)
            positions = np.sort(np.concatenate(found.fresh))
            credit = scratch.gained[positions]
        finally:
            scratch.found[found.paired] = False
            for touched in found.fresh:
                scratch.gained[touched] = 0.0
                scratch.found[touched] = False
        name_weight = self._name_weight[positions]
        # A name cannot gain more than twice its own weight (or the query's): several query
        # words crediting one listed word must not lift a short name above an exact one.
        # Among names at the ceiling, those that needed no capping rank first.
        capped = np.minimum(credit, np.minimum(2 * name_weight, 2 * query_weight))
        excess = credit - capped
        estimate: npt.NDArray[np.float64] = (capped - _EXCESS_PENALTY * excess) / (query_weight + name_weight)
        return positions, estimate

    def _paired(self, tokens: Sequence[Token], lookups: dict[int, _Lookup | None]) -> npt.NDArray[np.int64]:
        """Names carrying two adjacent query words as a listed pair, rarest pairs first within
        the posting budget. A word may also be written as a commoner close word it could
        misspell: names made of common words ("KIM Tong-chol") are found through their rarer
        pairs even when a typo ("Tnog") is itself a listed word."""
        spellings = [[token.text] for token in tokens]
        for number, lookup in lookups.items():
            if lookup is not None:
                spellings[number] += [self._keys[key] for key in lookup.respellings]
        pairs = {
            key
            for left, right in pairwise(spellings)
            for first in left
            for second in right
            if (key := self._key_numbers.get("\x00" + first + second)) is not None
        }
        if not pairs:
            return _NO_NAMES
        keys = np.fromiter(pairs, dtype=np.int64, count=len(pairs))
        keys = keys[np.lexsort((keys, self._key_lengths[keys]))]
        taken = np.cumsum(self._key_lengths[keys]) <= self.posting_cap
        return np.unique(self._names_carrying(keys[taken]))

    def _closest(self, token: Token) -> tuple[int, float] | None:
        """Posting count and weight of the listed word closest to a query word (the word itself
        when listed), None when nothing listed is near it."""
        number = self._key_numbers.get(token.text)
        if number is not None:
            return int(self._key_lengths[number]), float(self._key_weights[number])
        lookup = self._lookup(token)
        return None if lookup is None else (lookup.frequency, lookup.closest_weight)

    def _credit(
        self,
        read: tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]] | None,
        found: _Found,
    ) -> npt.NDArray[np.int64]:
        """Add one query word's credits to the names (each name once, at its best credit from
        that word) and return those names; the names credited for the first time go to
        `found.fresh`."""
        if read is None:
            return _NO_NAMES
        positions, credits = read
        scratch = self._scratch
        np.maximum.at(scratch.best, positions, credits)
        occurrence = np.arange(len(positions))
        scratch.slot[positions] = occurrence
        unique: npt.NDArray[np.int64] = positions[scratch.slot[positions] == occurrence]
        best = scratch.best[unique]
        scratch.best[unique] = 0.0
        found.fresh.append(unique[scratch.gained[unique] == 0.0])
        scratch.found[found.fresh[-1]] = True
        scratch.gained[unique] += best
        return unique

    def _left_out_reads(
        self, lookup: _Lookup, credited: npt.NDArray[np.int64], found: _Found
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
        """The names found by the query's words that carry a close listed word the budget left
        out of this misspelt word's reading, and were not credited by the word already."""
        carrying = [self._found_carrying(int(key), found) for key in lookup.left_out]
        return self._not_yet_credited(carrying, lookup.left_out_credits, credited)

    def _respelt_reads(
        self, lookup: _Lookup, credited: npt.NDArray[np.int64], found: _Found
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
        """The names found through a pair that carry a commoner close word this listed word
        may misspell ("KIM, Tong-chol" for "KIM, Tnog-chol"), and were not credited by the
        word already."""
        carrying = [_among(self._postings_view(int(key)), found.paired) for key in lookup.respellings]
        return self._not_yet_credited(carrying, lookup.respelling_credits, credited)

    def _not_yet_credited(
        self,
        carrying: list[npt.NDArray[np.int64]],
        credits_per_key: npt.NDArray[np.float64],
        credited: npt.NDArray[np.int64],
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
        """The names carrying each close word (with that word's credit), but those the query
        word credited already."""
        postings = np.concatenate(carrying) if carrying else _NO_NAMES
        credits = np.repeat(credits_per_key, [len(names) for names in carrying])
        scratch = self._scratch
        scratch.credited[credited] = True
        keep = ~scratch.credited[postings]
        scratch.credited[credited] = False
        return postings[keep], credits[keep]

    def _lookup(self, token: Token) -> _Lookup | None:
        """Listed words near a query word, each with a rough similarity by the kind of key that
        found it; the scorer measures the real one on the few candidates. Cached: query words
        recur ("trading", "mohammad")."""
        cache_key = (token.text, token.converted, token.symbols)
        if cache_key in self._lookups:
            return self._lookups[cache_key]
        keys = [
            (key, _SKELETON_EDIT_SIMILARITY if key.startswith("#") else _EDIT_SIMILARITY)
            for key in self._fuzzy_keys(token)
        ]
        keys += [(_SYMBOL_MARK + symbol, _SYMBOL_SIMILARITY) for symbol in token.symbols]
        if len(token.skeleton) >= _MIN_SKELETON_KEY or token.converted:
            keys.append((_SKELETON_MARK + token.skeleton, _SKELETON_SIMILARITY))
        keys.append((_WORD_MARK + token.text, 1.0))
        rows = self._neighbour_rows
        found_rows = sorted(
            (similarity, row) for key, similarity in keys if (row := rows.get(key)) is not None
        )
        # Least similar rows first: a listed word found several ways keeps its best similarity.
        found: dict[int, float] = {}
        bounds, row_keys = self._row_bounds, self._row_keys
        for similarity, row in found_rows:
            found.update(dict.fromkeys(row_keys[bounds[row] : bounds[row + 1]], similarity))
        lookup = self._finish(found) if found else None
        if len(self._lookups) >= _LOOKUP_CACHE:
            self._lookups.clear()
        self._lookups[cache_key] = lookup
        return lookup

    def _lookup_joined(self, tokens: Sequence[Token]) -> list[_Lookup | None]:
        """A query word that a listed name splits in two, and two query words listed as one."""
        lookups: list[_Lookup | None] = []
        for token in tokens:
            number = self._key_numbers.get("\x00" + token.text)
            if number is not None:
                lookups.append(self._finish({number: 1.0}))
        for left, right in pairwise(tokens):
            joined = left.text + right.text
            converted = left.converted or right.converted
            # Latin pairs are looked up by spelling only: the skeleton of "yu 7862" is that of
            # "7862", which would credit the number twice.
            merged = Token(joined, skeleton(joined) if converted else "", converted)
            lookups.append(self._lookup(merged))
        return lookups

    def _finish(self, found: dict[int, float]) -> _Lookup:
        """The lookup of these listed keys (key number -> similarity): ordered closest, then
        rarest, then first listed, and read."""
        numbers = np.fromiter(found, dtype=np.int64, count=len(found))
        similarities = np.fromiter(found.values(), dtype=np.float64, count=len(found))
        order = np.lexsort((numbers, self._key_lengths[numbers], -similarities))
        numbers, similarities = numbers[order], similarities[order]
        lengths = self._key_lengths[numbers]
        weights = self._key_weights[numbers]
        # A far, rare neighbour must not outweigh the query word it stands for.
        credits = 2 * similarities * np.minimum(weights, weights[0])
        too_common = bool(lengths[0] > self.posting_cap)
        taken = self._within_budget(similarities, lengths, 1 if too_common else 0)
        left_out = (similarities >= _EDIT_SIMILARITY) & ~taken
        left_out[0] &= not too_common  # a too common closest word is read apart
        # A listed word may misspell a far commoner close word too ("tnog" for "tong": lists
        # have typos); such words only pair it with its neighbours (see `_paired`).
        respellings = left_out & (lengths >= _RESPELLING_RATIO * lengths[0])
        if similarities[0] == 1.0:
            left_out[:] = False  # the word itself is listed: no misspelling to make up for
        positions, read_credits = self._read_whole(numbers[taken], credits[taken])
        return _Lookup(
            closest=int(numbers[0]),
            frequency=int(lengths[0]),
            closest_weight=float(weights[0]),
            closest_credit=float(credits[0]),
            closest_is_word=bool(similarities[0] == 1.0),
            closest_too_common=too_common,
            positions=positions,
            credits=read_credits,
            left_out=numbers[left_out],
            left_out_credits=credits[left_out],
            respellings=numbers[respellings],
            respelling_credits=credits[respellings],
        )

    def _within_budget(
        self, similarities: npt.NDArray[np.float64], lengths: npt.NDArray[np.int64], first: int
    ) -> npt.NDArray[np.bool_]:
        """Which keys (from `first` on) are read whole within `posting_cap` postings: each run
        of equal similarity (rarest first within it) up to its first key that no longer fits."""
        ends = np.cumsum(lengths).tolist()
        run_ends = [*(np.flatnonzero(similarities[1:] != similarities[:-1]) + 1).tolist(), len(ends)]
        taken = np.zeros(len(ends), dtype=bool)
        budget = self.posting_cap
        start = first
        for end in run_ends:
            if start < end and budget:
                before = ends[start - 1] if start else 0
                stop = bisect_right(ends, before + budget, start, end)
                taken[start:stop] = True
                budget -= ends[stop - 1] - before if stop > start else 0
            start = max(start, end)
        return taken

    def _contributions(
        self, lookup: _Lookup | None, found: _Found
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]] | None:
        """Names one query word credits (positions, possibly repeated, and credits), None when
        it adds nothing. A closest word too common for the budget is read in part: when it is
        the query word itself, for the names already found; when nothing is found yet, for the
        shortest names carrying it (the first word read brings in names even when common) and
        those found through a pair."""
        if lookup is None:
            return None
        if not lookup.closest_too_common:
            return lookup.positions, lookup.credits
        if not found.fresh:
            postings = self._postings_of(lookup.closest)
            shortest = np.argpartition(self._name_weight[postings], self.posting_cap - 1)[: self.posting_cap]
            names = np.concatenate((postings[shortest], self._found_carrying(lookup.closest, found)))
            return names, np.full(len(names), lookup.closest_credit)
        if not lookup.closest_is_word:
            return (lookup.positions, lookup.credits) if len(lookup.positions) else None
        carrying = self._found_carrying(lookup.closest, found)
        return (
            np.concatenate((carrying, lookup.positions)),
            np.concatenate((np.full(len(carrying), lookup.closest_credit), lookup.credits)),
        )

    def _read_whole(
        self, keys: npt.NDArray[np.int64], credits: npt.NDArray[np.float64]
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
        """Every name carrying these listed words, each with its word's credit."""
        return self._names_carrying(keys), np.repeat(credits, self._key_lengths[keys])

    def _names_carrying(self, keys: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """The postings of these keys end to end (a name once per key carrying it)."""
        return _gather(self._flat, self._offsets[keys], self._key_lengths[keys]).astype(np.int64)

    def _postings_of(self, key: int) -> npt.NDArray[np.int64]:
        return self._postings_view(key).astype(np.int64)

    def _postings_view(self, key: int) -> npt.NDArray[np.int32]:
        return self._flat[self._offsets[key] : self._offsets[key + 1]]

    def _exact_contributions(
        self, token: Token, found: _Found
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]] | None:
        """A query word past the seeding ones credits, through its own spelling only, the
        names already found that carry it."""
        number = self._key_numbers.get(token.text)
        if number is None:
            return None
        carrying = self._found_carrying(number, found)
        return carrying, np.full(len(carrying), 2 * float(self._key_weights[number]))

    def _found_carrying(self, key: int, found: _Found) -> npt.NDArray[np.int64]:
        """The names found so far (credited or paired) that carry listed key `key`, possibly
        repeated. A common word's postings grow with the lists while the names found stay
        within the posting budget, so when there are far fewer names found, each is searched
        for in the (ascending) postings instead of the postings being scanned."""
        postings = self._postings_view(key)
        names = found.ascending()
        if len(names) * _SEARCH_COST <= len(postings):
            return _among(postings, names)
        carried: npt.NDArray[np.int64] = postings[self._scratch.found[postings]].astype(np.int64)
        return carried


def _gather(
    flat: npt.NDArray[np.int32], starts: npt.NDArray[np.int64], lengths: npt.NDArray[np.int64]
) -> npt.NDArray[np.int32]:
    """`flat[starts[i] : starts[i] + lengths[i]]` for every i, end to end."""
    ends = np.cumsum(lengths)
    within = np.arange(int(ends[-1]) if len(ends) else 0) - np.repeat(ends - lengths, lengths)
    gathered: npt.NDArray[np.int32] = flat[np.repeat(starts, lengths) + within]
    return gathered


def _among(
    postings: npt.NDArray[np.int32], names: npt.NDArray[np.int32] | npt.NDArray[np.int64]
) -> npt.NDArray[np.int64]:
    """The `names` that occur in the ascending `postings`."""
    if not len(postings):
        return _NO_NAMES
    at = np.minimum(np.searchsorted(postings, names), len(postings) - 1)
    carried: npt.NDArray[np.int64] = names[postings[at] == names].astype(np.int64)
    return carried


def _best_per_position(
    positions: npt.NDArray[np.int64], values: npt.NDArray[np.float64]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """Each position once (ascending) with its highest value."""
    order = np.lexsort((values, positions))
    positions, values = positions[order], values[order]
    last = np.ones(len(positions), dtype=bool)
    last[:-1] = positions[1:] != positions[:-1]
    return positions[last], values[last]
