"""Model-free extraction of organisations, persons and countries from one sentence.

Organisations are found by (1) legal forms after a name ("Co., Ltd", "LLC", "JSC") or before it
("OOO", "JSC", Cyrillic "ООО «...»"), (2) organisation words ending a capitalised chain
("... Technology", "... Research Institute of Electro-Optics"), (3) lists introduced by
"companies", "firms", "suppliers" ... ("Chinese companies A, B and C"; "They are A; B; and C"),
(4) quoted names after "firm", "company", "called". Persons come from titles ("Secretary of State
Antony Blinken"), appositions ("Liu Pengyu, spokesman of ...") and speech verbs ("said Maria
Jensen"). Countries come from a resolver (`dualuse.countries.to_iso2` in the pipeline) and the
demonyms of the lexicon. No I/O; no model.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from dualuse.media.lexicon import Lexicon, lexicon

CountryResolver = Callable[[str], str | None]

_TOKEN = re.compile(r"\w+(?:[’'&.\-]\w+)*\.?|[,;:()\"“”«»„‘’]")
_QUOTED = re.compile(
    r"\b(?:firm|company|companies|supplier|distributor|called|named|known as|brand|trading as)\s+"
    r"[\"“«„]([^\"”»“]{2,60})[\"”»“]",
    re.IGNORECASE,
)
_CYRILLIC_ORG = re.compile(r"\b({prefixes})\s*[«\"„“]([^»\"“”]{{2,80}})[»\"“”]")
_CONNECTORS = frozenset({"of", "for", "de", "&", "and"})
_LIST_LEADS = frozenset(
    {"including", "such", "as", "like", "namely", "are", "were", "is", "the", ":", "include", "included"}
)
_TITLE_COMPLEMENTS = frozenset(
    {
        "state",
        "defense",
        "defence",
        "treasury",
        "commerce",
        "foreign",
        "finance",
        "trade",
        "economy",
        "interior",
    }
)
_DOTTED_ABBREVIATIONS = frozenset(
    {"co", "ltd", "inc", "corp", "bros", "gen", "mr", "mrs", "ms", "dr", "st", "jr"}
)
_INITIAL_TITLE_WORDS = frozenset({"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr."})


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int

    @property
    def key(self) -> str:
        return self.text.casefold()


@dataclass(frozen=True, slots=True)
class Found:
    """An extracted name with its span in the sentence and how it was found."""

    kind: str
    name: str
    start: int
    end: int
    method: str
    country: str | None = None


def tokenize(sentence: str) -> list[Token]:
    """Word and punctuation tokens with their offsets (cached: each finder tokenizes a sentence)."""
    return list(_tokens(sentence))


@lru_cache(maxsize=4096)
def _tokens(sentence: str) -> tuple[Token, ...]:
    tokens = []
    lex = lexicon()
    for match in _TOKEN.finditer(sentence):
        text, start, end = match.group(0), match.start(), match.end()
        if text.endswith(".") and len(text) > 1 and not _keeps_dot(text, lex):
            text, end = text[:-1], end - 1
        tokens.append(Token(text, start, end))
    return tuple(tokens)


def _keeps_dot(text: str, lex: Lexicon) -> bool:
    """Whether a final dot belongs to the word ("Co.", "Ltd.", "U.S.") rather than ending the sentence."""
    bare = text[:-1].casefold()
    return "." in bare or bare in _DOTTED_ABBREVIATIONS


def _is_name_token(token: Token) -> bool:
    first = token.text[0]
    return (
        first.isupper() or (first.islower() and any(c.isupper() for c in token.text[1:3]))
    ) and first.isalpha()


def _chains(tokens: list[Token]) -> list[tuple[int, int]]:
    """Maximal runs [i, j) of name tokens, joined by "of", "for", "de", "&" inside."""
    chains, i = [], 0
    while i < len(tokens):
        if not _is_name_token(tokens[i]):
            i += 1
            continue
        j = i + 1
        while j < len(tokens):
            if _is_name_token(tokens[j]):
                j += 1
            elif (
                tokens[j].key in _CONNECTORS - {"and"}
                and j + 1 < len(tokens)
                and _is_name_token(tokens[j + 1])
            ):
                j += 2
            else:
                break
        chains.append((i, j))
        i = j
    return chains


def _legal_suffix_end(tokens: list[Token], end: int, lex: Lexicon) -> int:
    """Extend a chain ending at `end` over a trailing legal form like ", Ltd." or "Co., Ltd"."""
    position = end
    while position < len(tokens):
        nxt = tokens[position]
        if (
            nxt.text == ","
            and position + 1 < len(tokens)
            and tokens[position + 1].key.rstrip(".") in {"ltd", "limited", "llc", "inc", "jsc"}
        ):
            position += 2
        elif nxt.key.rstrip(".") in lex.legal_suffixes and nxt.text[0].isupper():
            position += 1
        else:
            break
    return position


def _strip_leading(tokens: list[Token], start: int, end: int, lex: Lexicon) -> int:
    """Drop words that open a chain without being part of the name: "The", "Chinese", possessives,
    and a person's title before "of" ("Vice Chairman of China's Central Military Commission")."""
    while start < end:
        key = tokens[start].key
        if key in lex.not_names or key in lex.demonyms or key in _CONNECTORS or key.endswith(("'s", "’s")):
            start += 1
            continue
        after_titles = start
        while after_titles < end and tokens[after_titles].key.rstrip(".") in lex.person_titles:
            after_titles += 1
        if after_titles == start or after_titles >= end or tokens[after_titles].key not in _CONNECTORS:
            break
        start = after_titles
    return start


def _span_text(sentence: str, tokens: list[Token], start: int, end: int) -> str:
    return sentence[tokens[start].start : tokens[end - 1].end]


def _found(
    kind: str,
    sentence: str,
    tokens: list[Token],
    span: tuple[int, int],
    method: str,
    country: str | None = None,
) -> Found:
    """A find over tokens [start, end), a trailing possessive ("Putin's") left out."""
    first, last = tokens[span[0]].start, tokens[span[1] - 1].end
    text = sentence[first:last]
    for possessive in ("'s", "’s"):
        if text.endswith(possessive):
            text, last = text[: -len(possessive)], last - len(possessive)
    return Found(kind, text, first, last, method, country)


def _legal_form_in(tokens: list[Token], start: int, end: int, lex: Lexicon) -> bool:
    return any(token.key.rstrip(".") in lex.legal_suffixes for token in tokens[start + 1 : end]) or (
        tokens[start].key in lex.legal_prefixes and end - start >= 2
    )


def _org_word_in(tokens: list[Token], start: int, end: int, lex: Lexicon) -> bool:
    keys = [token.key.rstrip(".") for token in tokens[start:end]]
    if end - start < 2:
        return False
    if keys[-1] in lex.org_heads:
        return True
    return any(key in lex.org_heads and tokens[start + i + 1].key == "of" for i, key in enumerate(keys[:-1]))


def organisations(sentence: str, tokens: list[Token], resolve: CountryResolver) -> list[Found]:
    """Organisation names in one sentence (several methods; overlapping finds are merged later)."""
    lex = lexicon()
    found: list[Found] = []
    for chain_start, chain_end in _chains(tokens):
        end = _legal_suffix_end(tokens, chain_end, lex)
        start = _strip_leading(tokens, chain_start, end, lex)
        if start >= end or _person_title_at(tokens, start, end, lex) is not None:
            continue
        if _legal_form_in(tokens, start, end, lex):
            found.append(_found("organisation", sentence, tokens, (start, end), "legal form"))
        elif (
            _org_word_in(tokens, start, end, lex)
            and resolve(_span_text(sentence, tokens, start, end)) is None
        ):
            found.append(_found("organisation", sentence, tokens, (start, end), "organisation word"))
    found.extend(_listed(sentence, tokens, resolve, lex))
    found.extend(_quoted(sentence))
    found.extend(_cyrillic(sentence, lex))
    return found


def _quoted(sentence: str) -> list[Found]:
    return [
        Found("organisation", m.group(1).strip(), m.start(1), m.end(1), "quoted name")
        for m in _QUOTED.finditer(sentence)
    ]


def _cyrillic(sentence: str, lex: Lexicon) -> list[Found]:
    return [
        Found("organisation", m.group(0), m.start(), m.end(), "legal form")
        for m in _cyrillic_pattern(lex.cyrillic_legal_prefixes).finditer(sentence)
    ]


@lru_cache(maxsize=1)
def _cyrillic_pattern(prefixes: tuple[str, ...]) -> re.Pattern[str]:
    """ООО «Name», АО "Name": a Cyrillic legal form before a quoted name."""
    return re.compile(_CYRILLIC_ORG.pattern.format(prefixes="|".join(map(re.escape, prefixes))))


def _listed(sentence: str, tokens: list[Token], resolve: CountryResolver, lex: Lexicon) -> list[Found]:
    """Names in a list introduced by "companies", "firms", ...: "Chinese companies A, B and C"."""
    found: list[Found] = []
    for index, token in enumerate(tokens):
        if token.key in lex.org_list_triggers:
            country = _trigger_country(tokens, index, resolve, lex)
            found.extend(_list_items(sentence, tokens, index + 1, resolve, lex, country))
    return found


def semicolon_list(sentence: str, resolve: CountryResolver) -> list[Found]:
    """Names in "They are A; B; C; and D", for a sentence that follows one about companies."""
    tokens = tokenize(sentence)
    if sum(1 for token in tokens if token.text == ";") < 2:
        return []
    return _list_items(sentence, tokens, 0, resolve, lexicon(), None, separators_only=";")


def mentions_companies(sentence: str) -> bool:
    triggers = lexicon().org_list_triggers
    return any(token.key in triggers for token in tokenize(sentence))


def _trigger_country(tokens: list[Token], index: int, resolve: CountryResolver, lex: Lexicon) -> str | None:
    """The country in "Chinese companies", "China-based firms", "five Turkish suppliers"."""
    for token in reversed(tokens[max(0, index - 3) : index]):
        word = token.key.removesuffix("-based")
        code = lex.demonyms.get(word) or (
            resolve(token.text.removesuffix("-based")) if _is_name_token(token) else None
        )
        if code:
            return code
    return None


def _list_items(
    sentence: str,
    tokens: list[Token],
    position: int,
    resolve: CountryResolver,
    lex: Lexicon,
    country: str | None,
    separators_only: str | None = None,
) -> list[Found]:
    items: list[Found] = []
    while position < len(tokens) and (
        tokens[position].key in _LIST_LEADS
        or (
            separators_only
            and (tokens[position].key in lex.not_names or not _is_name_token(tokens[position]))
        )
    ):
        position += 1
    while position < len(tokens):
        if not _is_name_token(tokens[position]):
            break
        end = _chain_end(tokens, position)
        end = _legal_suffix_end(tokens, end, lex)
        text = _span_text(sentence, tokens, position, end)
        if resolve(text) is not None or tokens[position].key in lex.not_names:
            break
        items.append(
            _found("organisation", sentence, tokens, (position, end), "named in a list of companies", country)
        )
        after = _skip_separator(tokens, end)
        if after is None:
            break
        position = after
    return items if len(items) >= (2 if separators_only else 1) else []


def _chain_end(tokens: list[Token], start: int) -> int:
    for chain_start, chain_end in _chains(tokens[start:]):
        if chain_start == 0:
            return start + chain_end
    return start + 1


def _skip_separator(tokens: list[Token], position: int) -> int | None:
    """Past ", ", "; ", " and ", ", and the " between list items; None when the list ends."""
    if position >= len(tokens) or (tokens[position].text not in {",", ";"} and tokens[position].key != "and"):
        return None
    while position < len(tokens) and (
        tokens[position].text in {",", ";"} or tokens[position].key in {"and", "the"}
    ):
        position += 1
    return position


def _person_title_at(tokens: list[Token], start: int, end: int, lex: Lexicon) -> int | None:
    """Index where a person's name starts after a title inside the chain, if the chain is one."""
    keys = [token.key for token in tokens[start:end]]
    if any(key.rstrip(".") in lex.org_heads for key in keys[-1:]):
        return None
    for offset in range(len(keys) - 1, -1, -1):
        key = keys[offset]
        is_title = (
            key in lex.person_titles or key.rstrip(".") in lex.person_titles or key in _TITLE_COMPLEMENTS
        )
        remaining = len(keys) - offset - 1
        if is_title:
            minimum = 1 if key in _INITIAL_TITLE_WORDS else 2
            return start + offset + 1 if minimum <= remaining <= 3 else None
    return None


def persons(sentence: str, tokens: list[Token], resolve: CountryResolver) -> list[Found]:
    lex = lexicon()
    found: list[Found] = []
    for chain_start, chain_end in _chains(tokens):
        name_start = _person_title_at(tokens, chain_start, chain_end, lex)
        method: str | None = "title"
        if (
            name_start is None
            and 2 <= chain_end - chain_start <= 3
            and _looks_like_person(tokens, chain_start, chain_end, lex, resolve)
        ):
            name_start, method = chain_start, _person_cue(tokens, chain_start, chain_end, lex)
        if method is None:
            continue
        if name_start is None or any(
            t.key in lex.not_names or t.key in lex.org_heads for t in tokens[name_start:chain_end]
        ):
            continue
        found.append(_found("person", sentence, tokens, (name_start, chain_end), method))
    return found


def _looks_like_person(
    tokens: list[Token], start: int, end: int, lex: Lexicon, resolve: CountryResolver
) -> bool:
    chain = tokens[start:end]
    return (
        all(
            token.text.isalpha()
            and token.key not in lex.org_heads
            and token.key not in lex.not_names
            and token.key not in lex.demonyms
            for token in chain
        )
        and resolve(" ".join(token.text for token in chain)) is None
    )


def _person_cue(tokens: list[Token], start: int, end: int, lex: Lexicon) -> str | None:
    """Why a bare two- or three-word name is a person: a role after it or a speech verb near it."""
    after = [token.key for token in tokens[end : end + 5]]
    if after[:1] == [","] and any(word in lex.person_roles for word in after[1:]):
        return "role"
    if after[:1] and after[0] in lex.speech_verbs:
        return "speech verb"
    before = tokens[start - 1].key if start > 0 else ""
    if before in lex.speech_verbs or (start > 1 and before in lex.person_titles):
        return "speech verb" if before in lex.speech_verbs else "title"
    return None


def countries(sentence: str, tokens: list[Token], resolve: CountryResolver) -> list[Found]:
    """Country names, codes and demonyms ("Chinese", "China-based")."""
    lex = lexicon()
    found: list[Found] = []
    index = 0
    while index < len(tokens):
        match = _country_at(tokens, index, resolve, lex)
        if match is None:
            index += 1
            continue
        end, code = match
        found.append(_found("country", sentence, tokens, (index, end), "country name", code))
        index = end
    return found


def _plausible_country_word(text: str, lex: Lexicon) -> bool:
    """A lone word worth resolving: not a function word, and a short one only as a code ("US", "PRC")."""
    bare = text.replace(".", "")
    if text.casefold() in lex.not_names and not bare.isupper():
        return False
    return len(bare) >= 4 or bare.isupper()


def _country_at(
    tokens: list[Token], index: int, resolve: CountryResolver, lex: Lexicon
) -> tuple[int, str] | None:
    if not _is_name_token(tokens[index]):
        return None
    for width in (3, 2, 1):
        window = tokens[index : index + width]
        if len(window) < width or not all(_is_name_token(t) for t in window):
            continue
        text = " ".join(t.text for t in window).removesuffix("-based").removesuffix("'s").removesuffix("’s")
        code = lex.demonyms.get(text.casefold())
        if code is None and (width > 1 or _plausible_country_word(text, lex)):
            code = resolve(text)
        if code:
            return index + width, code
    return None
