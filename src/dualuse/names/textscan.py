"""Find listed names inside free text: remittance information, MT fields 70/72/77B, address lines.

Party-name fields are matched one name against the list (`NameMatcher`, fuzzy). Free text is the
other way round: a long text may mention any of tens of thousands of listed names anywhere. A
pairwise fuzzy comparison would be quadratic; instead one Aho-Corasick automaton holds every
normalised primary name and strong alias, built once, and a scan walks the normalised text once,
so its time grows linearly with the text's length whatever the size of the list.

Names and texts go through the names package's normaliser (`dualuse.names.normalize`), so a
Cyrillic or Chinese listed name is found in a transliterated text and the legal forms of
organisations do not matter. Matches respect word boundaries (a listed "ALMAZ" does not fire
inside "ALMAZOV"): the automaton keys and the scanned text are both padded with single spaces
between normalised tokens.
Weak aliases are left out (they must not alert alone), and so are names too short to be
distinctive in prose (see `MIN_NAME_CHARS`). Only names are indexed: bank codes are compared
as identifiers (`dualuse.identifiers.identifier_key`). This module does no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick

from dualuse.model import Entity
from dualuse.names.matcher import name_kind
from dualuse.names.normalize import KIND_ORGANIZATION, analyse_name, has_han

# A single-word name shorter than this is a common word in free text far more often than a
# listed party ("ALFA", "ROSA", "TITAN"); multi-word names are distinctive from 2 words on.
MIN_NAME_CHARS = 6


@dataclass(frozen=True, slots=True)
class TextHit:
    """A listed name found in a text: the entity, the listed spelling, and where it was found."""

    entity: Entity
    matched_name: str
    alias_kind: str
    normalised: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class _Key:
    entity_index: int
    matched_name: str
    alias_kind: str


class TextScanner:
    """Scans free text for the names of `entities`; build once, scan many texts."""

    def __init__(self, entities: Iterable[Entity], *, min_name_chars: int = MIN_NAME_CHARS) -> None:
        self._entities: list[Entity] = list(entities)
        self._automaton = ahocorasick.Automaton()
        keys: dict[str, list[_Key]] = {}
        for index, entity in enumerate(self._entities):
            for name, kind in _scannable_names(entity):
                for normalised in listed_readings(name, name_kind(entity.schema)):
                    if _distinctive(normalised, min_name_chars):
                        keys.setdefault(normalised, []).append(_Key(index, name, kind))
        for normalised, found in keys.items():
            self._automaton.add_word(f" {normalised} ", (normalised, tuple(found)))
        self.size = len(keys)
        if keys:
            self._automaton.make_automaton()

    def scan(self, text: str) -> list[TextHit]:
        """Listed names in `text`: one hit per entity (its longest name found), in order of appearance."""
        if not self.size or not text:
            return []
        best: dict[int, TextHit] = {}
        for reading in text_readings(text):
            for end, (normalised, found) in self._automaton.iter(f" {reading} "):
                start = end - len(normalised)
                for key in found:
                    current = best.get(key.entity_index)
                    if current is None or len(normalised) > len(current.normalised):
                        entity = self._entities[key.entity_index]
                        hit = TextHit(
                            entity, key.matched_name, key.alias_kind, normalised, start - 1, end - 1
                        )
                        best[key.entity_index] = hit
        return sorted(best.values(), key=lambda hit: (hit.start, hit.entity.id))


def listed_readings(name: str, kind: str) -> list[str]:
    """A listed name as the names package compares it: ASCII tokens, legal forms set aside
    (organisations only: as for the matcher, never for persons), Chinese both in pinyin and with
    business words translated. The analysis is the matcher's (`kind` of the entity's schema):
    built after a `NameMatcher` over the same entities, the scanner reuses its analyses instead
    of repeating them (most of its build time)."""
    return list(dict.fromkeys(" ".join(form.texts) for form in analyse_name(name, kind)))


def text_readings(text: str) -> list[str]:
    """Free text through the same normaliser, word by word (each word's tokens are cached, so a
    long text costs one dictionary look-up per word). Text with Chinese characters goes through
    whole, since it has two readings (pinyin, business words translated)."""
    if has_han(text):
        return [" ".join(form.texts) for form in analyse_name(text, KIND_ORGANIZATION)]
    return [" ".join(filter(None, map(_word_tokens, text.split())))]


@lru_cache(maxsize=200_000)
def _word_tokens(word: str) -> str:
    """One word's ASCII tokens; a single word is never set aside as a legal form."""
    forms = analyse_name(word, KIND_ORGANIZATION)
    return " ".join(forms[0].texts) if forms else ""


def _scannable_names(entity: Entity) -> list[tuple[str, str]]:
    names = [(entity.name, "primary")] if entity.name else []
    names += [(alias, "strong") for alias in entity.aliases if alias and alias != entity.name]
    return names


def _distinctive(normalised: str, min_chars: int) -> bool:
    if not normalised:
        return False
    return " " in normalised or len(normalised) >= min_chars
