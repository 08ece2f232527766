"""The word lists of the adverse-media reader (`data/media/lexicon.yaml`), loaded once.

Kept as data so that an analyst can add a legal form or a boilerplate phrase without code.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from dualuse.errors import ReferenceDataError

_LEXICON_FILE = "lexicon.yaml"


@dataclass(frozen=True, slots=True)
class Lexicon:
    boilerplate_prefixes: tuple[str, ...]
    always_drop_prefixes: tuple[str, ...]
    stopwords: dict[str, frozenset[str]]
    legal_suffixes: tuple[str, ...]
    legal_prefixes: tuple[str, ...]
    cyrillic_legal_prefixes: tuple[str, ...]
    org_heads: frozenset[str]
    company_heads: frozenset[str]
    org_list_triggers: frozenset[str]
    person_titles: frozenset[str]
    person_roles: frozenset[str]
    speech_verbs: frozenset[str]
    not_names: frozenset[str]
    ubiquitous_names: frozenset[str]
    demonyms: dict[str, str]
    supply_cues: frozenset[str]
    russia_cues: frozenset[str]
    attribution_cues: tuple[str, ...]


def _words(raw: dict[str, Any], key: str) -> list[str]:
    value = raw.get(key)
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ReferenceDataError("expected a list of strings", file=_LEXICON_FILE, field=key)
    return [item.casefold() for item in value]


def _mapping(raw: dict[str, Any], key: str) -> dict[str, Any]:
    value = raw.get(key)
    if not isinstance(value, dict):
        raise ReferenceDataError("expected a mapping", file=_LEXICON_FILE, field=key)
    return value


def parse_lexicon(raw: Any) -> Lexicon:
    """Validate the YAML structure; every missing or malformed key names its field."""
    if not isinstance(raw, dict):
        raise ReferenceDataError("expected a mapping at the top", file=_LEXICON_FILE)
    stopwords = {
        str(lang): frozenset(str(word).casefold() for word in words)
        for lang, words in _mapping(raw, "stopwords").items()
    }
    demonyms = {str(word).casefold(): str(code).upper() for word, code in _mapping(raw, "demonyms").items()}
    # Longest legal forms first, so that "co., ltd" wins over "co".
    suffixes = tuple(sorted(_words(raw, "legal_suffixes"), key=len, reverse=True))
    return Lexicon(
        boilerplate_prefixes=tuple(_words(raw, "boilerplate_prefixes")),
        always_drop_prefixes=tuple(_words(raw, "always_drop_prefixes")),
        stopwords=stopwords,
        legal_suffixes=suffixes,
        legal_prefixes=tuple(sorted(_words(raw, "legal_prefixes"), key=len, reverse=True)),
        cyrillic_legal_prefixes=tuple(str(p) for p in raw.get("cyrillic_legal_prefixes", [])),
        org_heads=frozenset(_words(raw, "org_heads")),
        company_heads=frozenset(_words(raw, "company_heads")),
        org_list_triggers=frozenset(_words(raw, "org_list_triggers")),
        person_titles=frozenset(_words(raw, "person_titles")),
        person_roles=frozenset(_words(raw, "person_roles")),
        speech_verbs=frozenset(_words(raw, "speech_verbs")),
        not_names=frozenset(_words(raw, "not_names")),
        ubiquitous_names=frozenset(_words(raw, "ubiquitous_names")),
        demonyms=demonyms,
        supply_cues=frozenset(_words(raw, "supply_cues")),
        russia_cues=frozenset(_words(raw, "russia_cues")),
        attribution_cues=tuple(_words(raw, "attribution_cues")),
    )


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The packaged lexicon (read once per process)."""
    text = resources.files("dualuse").joinpath("data", "media", _LEXICON_FILE).read_text(encoding="utf-8")
    return parse_lexicon(yaml.safe_load(text))
