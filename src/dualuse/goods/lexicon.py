"""The goods lexicon: trade words, phrases and part-number families pointing to HS subheadings.

The vocabulary is data (`data/goods/lexicon.yaml`); this module compiles it once into two
Aho-Corasick automata (stemmed words; Chinese phrases as substrings) and one regular
expression per part-number family, then finds hits in a text in time linear in its length.
Longer phrases win over the shorter phrases inside them ("led light bulb" over "led").

Free text (`scan_hits`) is read clause by clause, and there words that are also ordinary
English ("led" the verb, "bearing in mind", "IC") count only as each entry's `ambiguous`
section allows: written in a given case ("LED") or next to a goods word in the same clause.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any, TypeVar

import ahocorasick
import yaml

from dualuse.errors import ReferenceDataError
from dualuse.goods.text import Tokens, cased_words, clauses, has_han, normalise, phrase_key, tokenize

KINDS = ("part", "strong", "weak", "hint")
_WEIGHT_KEYS = (*KINDS, "purpose")
_DEFAULT_PURPOSE = 0.6
# "Spindle for VMC-850", "антенна для роутера", "用于数控机床": what follows names the machine the
# goods serve, not the goods, so that evidence counts for less.
_PURPOSE = re.compile(r"(?<!\w)(?:for|для|к|под|用于|适用于)(?!\w)")
_Payload = TypeVar("_Payload")
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser when libyaml is there


@dataclass(frozen=True, slots=True)
class PartFamily:
    pattern: re.Pattern[str]
    context: tuple[str, ...]
    prefix: str  # literal start of every match, lower case ("stm32"); "" when unknown


@dataclass(frozen=True, slots=True)
class Ambiguity:
    """Words of an entry that are also ordinary words in prose ("led", "ate", "bearing").

    In free text they count only when written exactly as one of `case` ("LED", "LEDs") or
    when one of `near` occurs in the same clause; in a goods line they always count."""

    words: frozenset[str]  # written forms, lower case ("led", "leds")
    case: frozenset[str]  # spellings that count anywhere ("LED")
    near: tuple[str, ...]  # phrase keys of goods-context words


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
    ambiguous: Ambiguity | None = None


@dataclass(frozen=True, slots=True)
class Hit:
    """One piece of evidence: which entry, what kind, the words as written, where."""

    entry: LexiconEntry
    kind: str
    text: str
    start: int
    end: int
    key: str  # the phrase as matched (stems) or the part number, so repeats count once
    purpose: bool = False  # after "for" / "для" / "用于": names what the goods are for
    word: int = -1  # index of the first word in `Tokens.words` (word phrases only)

    @property
    def weight(self) -> float:
        factor = self.entry.weights["purpose"] if self.purpose else 1.0
        return self.entry.weights[self.kind] * factor


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
        # Part families with a literal prefix are tried only where the prefix occurs (found in
        # one pass by an automaton); the few without one run on windows around digit runs.
        self._unprefixed = [
            (entry, family) for entry in entries for family in entry.parts if not family.prefix
        ]
        self._prefixes: Any = ahocorasick.Automaton()
        prefixed: dict[str, list[tuple[LexiconEntry, PartFamily]]] = {}
        for entry in entries:
            for family in entry.parts:
                if family.prefix:
                    prefixed.setdefault(family.prefix, []).append((entry, family))
        for prefix, families in prefixed.items():
            self._prefixes.add_word(prefix, (prefix, families))
        if prefixed:
            self._prefixes.make_automaton()
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

    def scan_hits(self, text: str) -> list[Hit]:
        """Hits in free text, clause by clause (bounded clauses keep this linear): context
        words act within their clause, and ambiguous words must pass their entry's case or
        context test."""
        found: list[Hit] = []
        for clause in clauses(text):
            tokens = tokenize(clause)
            hits = self.hits(clause, tokens, goods_line=False)
            if any(hit.entry.ambiguous is not None for hit in hits):
                cased = cased_words(clause)
                memo: dict[tuple[str, ...], bool] = {}  # one context check per word list
                hits = [hit for hit in hits if _reads_as_goods(hit, tokens, cased, memo)]
            found.extend(hits)
        return found

    def hits(self, text: str, tokens: Tokens, *, goods_line: bool = True) -> list[Hit]:
        """Every hit that survives longest-match and the entries' with/without words. In a
        goods line, words after "for" name what the goods serve; in free text "for" mostly
        introduces the goods themselves ("payment for", "accounted for"), so it is ignored."""
        normal = normalise(text)
        mark = _mark_purpose if goods_line else _as_found
        found = [
            *mark(self._phrase_hits(self._words, tokens.keyed, tokens), tokens.keyed),
            *mark(self._phrase_hits(self._han, tokens.compact, tokens), tokens.compact),
            *mark(self._part_hits(normal, tokens), normal),
        ]
        verdicts: dict[int, bool] = {}  # one context check per entry, not per hit
        for hit in found:
            if hit.entry.index not in verdicts:
                verdicts[hit.entry.index] = _context_ok(hit.entry, tokens)
        return [hit for hit in found if verdicts[hit.entry.index]]

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
        if not spans:
            return []
        hits: list[Hit] = []
        spaces, counted_to = 0, 0  # spaces before `counted_to`, counted once left to right
        for start, end, key, payload in sorted(_longest(spans, len(haystack)), key=lambda s: s[0]):
            spaces += haystack.count(" ", counted_to, start)
            counted_to = start
            # In " stem1 stem2 ... ", word k starts after the (k + 1)th space.
            first = -1 if has_han(key) else spaces - 1
            written = key if first < 0 else _written(key, first, tokens)
            for phrase in payload:
                hits.append(
                    Hit(self.entries[phrase.entry], phrase.kind, written, start, end, key, word=first)
                )
        return hits

    def _part_hits(self, text: str, tokens: Tokens) -> list[Hit]:
        """Part numbers, in one pass over the text plus short windows around digit runs."""
        spans: list[tuple[int, int, str, list[tuple[LexiconEntry, PartFamily]]]] = []
        if len(self._prefixes):
            for end, (prefix, families) in self._prefixes.iter(text):
                start = end - len(prefix) + 1
                if start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_"):
                    continue  # not at the start of a word
                for entry, family in families:
                    match = family.pattern.match(text, start)
                    if match:
                        spans.append((match.start(), match.end(), match.group(0), [(entry, family)]))
        for start, end in _digit_windows(text) if self._unprefixed else ():
            for entry, family in self._unprefixed:
                for match in family.pattern.finditer(text, start, end):
                    spans.append((match.start(), match.end(), match.group(0), [(entry, family)]))
        hits: list[Hit] = []
        seen: set[tuple[int, int, int]] = set()
        memo: dict[tuple[str, ...], bool] = {}
        for start, end, written, payload in _longest(spans, len(text)):
            for entry, family in payload:
                if (start, end, entry.index) in seen:
                    continue  # overlapping windows find the same match twice
                seen.add((start, end, entry.index))
                if not family.context or _any_present(family.context, tokens, memo):
                    hits.append(Hit(entry, "part", written.upper(), start, end, written.upper()))
        return hits


_DIGIT_RUN = re.compile(r"\d+")
_WINDOW = 16  # characters kept either side of a digit run: "NU 2208", "RTX 4090", "640 x 512"
_MAX_WINDOW = 64  # merged windows stay short so that the prefix test keeps rejecting families
_META = frozenset("\\[](){}?*+|.^$")


def _as_found(hits: list[Hit], haystack: str) -> list[Hit]:
    return hits


def _mark_purpose(hits: list[Hit], haystack: str) -> list[Hit]:
    cut = _PURPOSE.search(haystack)
    if cut is None:
        return hits
    return [replace(hit, purpose=True) if hit.start >= cut.end() else hit for hit in hits]


def _digit_windows(text: str) -> list[tuple[int, int]]:
    """Merged spans around the digit runs of `text`, widened to whole words."""
    windows: list[tuple[int, int]] = []
    for match in _DIGIT_RUN.finditer(text):
        start = max(0, match.start() - _WINDOW)
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        end = min(len(text), match.end() + _WINDOW)
        while end < len(text) and not text[end].isspace():
            end += 1
        if windows and start <= windows[-1][1] and end - windows[-1][0] <= _MAX_WINDOW:
            windows[-1] = (windows[-1][0], max(end, windows[-1][1]))
        else:
            windows.append((start, end))
    return windows


def _literal_prefix(pattern: str) -> str:
    """The literal characters every match starts with ("STM32[A-Z]..." -> "stm32")."""
    depth = 0
    escaped = False
    for char in pattern:
        if escaped:
            escaped = False
            continue
        escaped = char == "\\"
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "|" and depth == 0:
            return ""  # a top-level alternative may start with anything
    prefix: list[str] = []
    for char in pattern:
        if char in _META:
            if char in "?*{" and prefix:
                prefix.pop()  # the character before an optional part is itself optional
            break
        prefix.append(char)
    return normalise("".join(prefix))


def _longest(spans: list[tuple[int, int, str, _Payload]], size: int) -> list[tuple[int, int, str, _Payload]]:
    """Drop every span that overlaps a strictly longer one (equal spans all stay).

    Longest first; each kept span marks the characters it covers with its length, so a
    shorter span is dropped when any of its characters carries a larger mark."""
    covered = [0] * (size + 1)
    kept: list[tuple[int, int, str, _Payload]] = []
    for span in sorted(spans, key=lambda s: s[0] - s[1]):
        length = span[1] - span[0]
        if max(covered[span[0] : span[1]], default=0) > length:
            continue
        kept.append(span)
        for position in range(span[0], span[1]):
            covered[position] = max(covered[position], length)
    return kept


def _written(key: str, first: int, tokens: Tokens) -> str:
    """The words as the text wrote them (not their stems), for the evidence list."""
    return " ".join(word for _, word in tokens.words[first : first + len(key.split())])


def _reads_as_goods(
    hit: Hit, tokens: Tokens, cased: tuple[str, ...] | None, memo: dict[tuple[str, ...], bool]
) -> bool:
    """An ambiguous word in free text counts when written in a goods spelling ("LED", not
    "led") or next to one of its entry's goods-context words in the same clause."""
    ambiguous = hit.entry.ambiguous
    if ambiguous is None or hit.word < 0 or hit.text not in ambiguous.words:
        return True
    if cased is not None and ambiguous.case:
        written = " ".join(cased[hit.word : hit.word + len(hit.key.split())])
        if written in ambiguous.case:
            return True
    return bool(ambiguous.near) and _any_present(ambiguous.near, tokens, memo)


def _any_present(
    keys: tuple[str, ...], tokens: Tokens, memo: dict[tuple[str, ...], bool] | None = None
) -> bool:
    if memo is not None and keys in memo:
        return memo[keys]
    keyed = tokens.keyed
    present = any((key in tokens.compact) if has_han(key) else (key in keyed) for key in keys)
    if memo is not None:
        memo[keys] = present
    return present


def _context_ok(entry: LexiconEntry, tokens: Tokens) -> bool:
    if entry.context and not _any_present(entry.context, tokens):
        return False
    return not (entry.exclude and _any_present(entry.exclude, tokens))


def _weights(raw: Any, file: str, where: str) -> dict[str, float]:
    if not isinstance(raw, dict):
        raise ReferenceDataError("expected a mapping", file=file, field=where)
    weights: dict[str, float] = {"purpose": _DEFAULT_PURPOSE}
    for kind, value in raw.items():
        if kind not in _WEIGHT_KEYS or not isinstance(value, int | float) or not 0 < value <= 1:
            raise ReferenceDataError(
                f"{kind}: {value!r} (keys {_WEIGHT_KEYS}, weights in (0, 1])", file=file, field=where
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
            families.append(PartFamily(_compile(item, file, where), (), _literal_prefix(item)))
        elif isinstance(item, dict) and isinstance(item.get("re"), str):
            context = tuple(phrase_key(w) for w in _strings(item, "with", file, index))
            families.append(
                PartFamily(_compile(item["re"], file, where), context, _literal_prefix(item["re"]))
            )
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
        ambiguous=_ambiguity(raw, file, index),
    )


def _ambiguity(raw: dict[str, Any], file: str, index: int) -> Ambiguity | None:
    """The entry's `ambiguous: {words: [...], case: [...], near: [...]}` section, checked:
    its words must be among the entry's phrases and each spelling must be one of its words."""
    section = raw.get("ambiguous")
    if section is None:
        return None
    where = f"entries[{index}].ambiguous"
    if not isinstance(section, dict) or not section.get("words"):
        raise ReferenceDataError("expected {words: [...], case: [...], near: [...]}", file=file, field=where)
    words = frozenset(normalise(w).strip() for w in _strings(section, "words", file, index))
    phrases = {phrase_key(p) for kind in ("strong", "weak", "hint") for p in _strings(raw, kind, file, index)}
    unknown = sorted(w for w in words if phrase_key(w) not in phrases)
    if unknown:
        raise ReferenceDataError(
            f"{unknown} are not phrases of this entry", file=file, field=f"{where}.words"
        )
    case = frozenset(_strings(section, "case", file, index))
    stray = sorted(c for c in case if normalise(c) not in words)
    if stray:
        raise ReferenceDataError(f"{stray} spell none of the words", file=file, field=f"{where}.case")
    near = tuple(phrase_key(w) for w in _strings(section, "near", file, index))
    return Ambiguity(words, case, near)
