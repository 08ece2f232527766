"""The goods lexicon: trade words, phrases and part-number families pointing to HS subheadings.

The vocabulary is data (`data/goods/lexicon.yaml`); this module compiles it once into two
Aho-Corasick automata (stemmed words; Chinese phrases as substrings) and one regular
expression per part-number family, then finds hits in a text in time linear in its length.
Longer phrases win over the shorter phrases inside them ("led light bulb" over "led").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, TypeVar

import ahocorasick
import yaml

from dualuse.errors import ReferenceDataError
from dualuse.goods.text import Tokens, has_han, normalise, phrase_key

KINDS = ("part", "strong", "weak", "hint")
_Payload = TypeVar("_Payload")
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser when libyaml is there


@dataclass(frozen=True, slots=True)
class PartFamily:
    pattern: re.Pattern[str]
    context: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class LexiconEntry:
    index: int
    hs6: str | None
    name: str
    weights: dict[str, float]
    parts: tuple[PartFamily, ...]
    context: tuple[str, ...]
    exclude: tuple[str, ...]
    also: frozenset[str]


@dataclass(frozen=True, slots=True)
class Hit:
    """One piece of evidence: which entry, what kind, the words as written, where."""

    entry: LexiconEntry
    kind: str
    text: str
    start: int
    end: int

    @property
    def weight(self) -> float:
        return self.entry.weights[self.kind]


@dataclass(frozen=True, slots=True)
class _Phrase:
    entry: int
    kind: str
    length: int


class Lexicon:
    """Compiled lexicon. Build with `Lexicon.from_yaml(text, file=...)`."""

    def __init__(
        self, entries: list[LexiconEntry], phrases: dict[str, list[_Phrase]], vague: set[str], version: str
    ) -> None:
        self.entries = entries
        self.version = version
        self._vague_words = {k for k in vague if not has_han(k)}
        self._vague_han = sorted((k for k in vague if has_han(k)), key=len, reverse=True)
        self._words: Any = ahocorasick.Automaton()
        self._han: Any = ahocorasick.Automaton()
        for key, payload in phrases.items():
            (self._han if has_han(key) else self._words).add_word(key, (key, payload))
        for automaton in (self._words, self._han):
            if len(automaton):
                automaton.make_automaton()

    @classmethod
    def from_yaml(cls, text: str, *, file: str) -> Lexicon:
        try:
            data = yaml.load(text, Loader=_YAML_LOADER)
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            raise ReferenceDataError(
                f"not valid YAML: {error}", file=file, line=mark.line + 1 if mark else None
            ) from error
        if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
            raise ReferenceDataError("expected a mapping with an 'entries' list", file=file, field="entries")
        base = _weights(data.get("weights", {}), file, "weights")
        entries: list[LexiconEntry] = []
        phrases: dict[str, list[_Phrase]] = {}
        for index, raw in enumerate(data["entries"]):
            entry = _entry(index, raw, base, file)
            entries.append(entry)
            for kind in ("strong", "weak", "hint"):
                for phrase in _strings(raw, kind, file, index):
                    key = phrase_key(phrase)
                    if key.strip():
                        phrases.setdefault(key, []).append(_Phrase(index, kind, len(key)))
        vague = {phrase_key(w).strip() for w in _strings(data.get("vague", {}), "words", file, -1)}
        return cls(entries, phrases, vague, str(data.get("version", "")))

    def hits(self, text: str, tokens: Tokens) -> list[Hit]:
        """Every hit that survives longest-match and the entries' with/without words."""
        found = self._phrase_hits(self._words, tokens.keyed, tokens) + self._phrase_hits(
            self._han, tokens.compact, tokens
        )
        found += self._part_hits(normalise(text), tokens)
        return [hit for hit in found if _context_ok(hit.entry, tokens)]

    def is_vague(self, tokens: Tokens) -> bool:
        """Only generic words ("spare parts", "электронные компоненты", "设备配件") and numbers."""
        stems = [s for s, _ in tokens.words if not s.isdigit()]
        han = tokens.compact
        for word in self._vague_han:
            han = han.replace(word, "")
        han_left = any(has_han(ch) for ch in han)
        has_vague = any(s in self._vague_words for s in stems) or han != tokens.compact
        return has_vague and not han_left and all(s in self._vague_words for s in stems)

    def _phrase_hits(self, automaton: Any, haystack: str, tokens: Tokens) -> list[Hit]:
        if not len(automaton):
            return []
        spans: list[tuple[int, int, str, list[_Phrase]]] = []
        for end, (key, payload) in automaton.iter(haystack):
            # Word keys carry a space on each side; the span is the words alone, so that two
            # adjacent phrases sharing that space do not count as overlapping.
            pad = 1 if key.startswith(" ") else 0
            spans.append((end - len(key) + 1 + pad, end + 1 - pad, key, payload))
        kept = _longest(spans)
        hits: list[Hit] = []
        for start, end, key, payload in kept:
            for phrase in payload:
                hits.append(
                    Hit(self.entries[phrase.entry], phrase.kind, _written(key, start, tokens), start, end)
                )
        return hits

    def _part_hits(self, text: str, tokens: Tokens) -> list[Hit]:
        spans: list[tuple[int, int, str, list[tuple[LexiconEntry, PartFamily]]]] = []
        for entry in self.entries:
            for family in entry.parts:
                for match in family.pattern.finditer(text):
                    spans.append((match.start(), match.end(), match.group(0), [(entry, family)]))
        hits: list[Hit] = []
        for start, end, written, payload in _longest(spans):
            for entry, family in payload:
                if not family.context or _any_present(family.context, tokens):
                    hits.append(Hit(entry, "part", written.upper(), start, end))
        return hits


def _longest(spans: list[tuple[int, int, str, _Payload]]) -> list[tuple[int, int, str, _Payload]]:
    """Drop every span that overlaps a strictly longer one (equal spans all stay)."""
    ordered = sorted(spans, key=lambda s: s[0] - s[1])
    kept: list[tuple[int, int, str, _Payload]] = []
    for span in ordered:
        length = span[1] - span[0]
        if not any(span[0] < k[1] and k[0] < span[1] and k[1] - k[0] > length for k in kept):
            kept.append(span)
    return kept


def _written(key: str, start: int, tokens: Tokens) -> str:
    """The words as the text wrote them (not their stems), for the evidence list."""
    if has_han(key):
        return key
    first = tokens.keyed[:start].count(" ") - 1
    return " ".join(word for _, word in tokens.words[first : first + len(key.split())])


def _any_present(keys: tuple[str, ...], tokens: Tokens) -> bool:
    keyed = tokens.keyed
    return any((key in tokens.compact) if has_han(key) else (key in keyed) for key in keys)


def _context_ok(entry: LexiconEntry, tokens: Tokens) -> bool:
    if entry.context and not _any_present(entry.context, tokens):
        return False
    return not (entry.exclude and _any_present(entry.exclude, tokens))


def _weights(raw: Any, file: str, where: str) -> dict[str, float]:
    if not isinstance(raw, dict):
        raise ReferenceDataError("expected a mapping", file=file, field=where)
    weights: dict[str, float] = {}
    for kind, value in raw.items():
        if kind not in KINDS or not isinstance(value, int | float) or not 0 < value <= 1:
            raise ReferenceDataError(
                f"{kind}: {value!r} (kinds {KINDS}, weights in (0, 1])", file=file, field=where
            )
        weights[kind] = float(value)
    return weights


def _strings(raw: Any, key: str, file: str, index: int) -> list[str]:
    value = raw.get(key, []) if isinstance(raw, dict) else []
    if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
        raise ReferenceDataError("expected a list of words", file=file, field=f"entries[{index}].{key}")
    return [str(v) for v in value]


def _compile(pattern: str, file: str, where: str) -> re.Pattern[str]:
    try:
        return re.compile(rf"(?<![\w]){pattern}(?![\w])", re.IGNORECASE)
    except re.error as error:
        raise ReferenceDataError(
            f"bad regular expression {pattern!r}: {error}", file=file, field=where
        ) from error


def _parts(raw: dict[str, Any], file: str, index: int) -> tuple[PartFamily, ...]:
    families: list[PartFamily] = []
    for number, item in enumerate(raw.get("parts", []) or []):
        where = f"entries[{index}].parts[{number}]"
        if isinstance(item, str):
            families.append(PartFamily(_compile(item, file, where), ()))
        elif isinstance(item, dict) and isinstance(item.get("re"), str):
            context = tuple(phrase_key(w) for w in _strings(item, "with", file, index))
            families.append(PartFamily(_compile(item["re"], file, where), context))
        else:
            raise ReferenceDataError(
                "a part family is a regex or {re: ..., with: [...]}", file=file, field=where
            )
    return tuple(families)


def _entry(index: int, raw: Any, base: dict[str, float], file: str) -> LexiconEntry:
    if not isinstance(raw, dict) or "hs6" not in raw:
        raise ReferenceDataError(
            "an entry needs 'hs6' (a code or null)", file=file, field=f"entries[{index}]"
        )
    hs6 = raw["hs6"]
    if hs6 is not None and not (isinstance(hs6, str) and hs6.isdigit() and len(hs6) == 6):
        raise ReferenceDataError(
            f"hs6 {hs6!r} is not six digits in quotes", file=file, field=f"entries[{index}].hs6"
        )
    weights = dict(base)
    override = raw.get("weight")
    if override is not None:
        weights.update(_weights({"strong": override}, file, f"entries[{index}].weight"))
    return LexiconEntry(
        index=index,
        hs6=hs6,
        name=str(raw.get("name", hs6)),
        weights=weights,
        parts=_parts(raw, file, index),
        context=tuple(phrase_key(w) for w in _strings(raw, "with", file, index)),
        exclude=tuple(phrase_key(w) for w in _strings(raw, "without", file, index)),
        also=frozenset(str(code) for code in raw.get("also", []) or []),
    )
