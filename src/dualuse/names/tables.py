"""Reference tables for name matching, read once from `dualuse/data/names/`.

Only reading of packaged data happens here; the tables complement rigour's own databases
(see `data/names/SOURCE.md`).
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from dualuse.errors import ReferenceDataError

_PACKAGE = "dualuse"


def _lines(filename: str) -> list[tuple[int, str]]:
    """Non-empty, non-comment lines of a packaged table, with their line numbers."""
    text = resources.files(_PACKAGE).joinpath("data", "names", filename).read_text(encoding="utf-8")
    return [
        (number, line.rstrip("\n"))
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip() and not line.startswith("#")
    ]


def _pairs(filename: str) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for number, line in _lines(filename):
        parts = line.split("\t")
        if len(parts) != 2 or not parts[0].strip() or not parts[1].strip():
            raise ReferenceDataError(
                "expected two tab-separated columns", file=f"data/names/{filename}", line=number
            )
        pairs.append((parts[0].strip(), parts[1].strip()))
    return pairs


@cache
def legal_form_phrases() -> dict[tuple[str, ...], str]:
    """Legal-form phrase (as a token tuple) -> generic class, longest phrases matter first."""
    return {tuple(phrase.split()): generic for phrase, generic in _pairs("legal_forms.tsv")}


@cache
def generic_words() -> frozenset[str]:
    return frozenset(line.strip() for _, line in _lines("generic_words.txt"))


@cache
def chinese_org_terms() -> dict[str, str]:
    """Chinese business word -> the English words listed names use for it."""
    return dict(_pairs("zh_org_terms.tsv"))


@cache
def spelling_groups() -> dict[str, frozenset[str]]:
    """Latin spelling -> keys of the name parts it may spell: Hangul syllables ("ko:이" for
    "lee", "yi", "ri") and Chinese family names by pinyin ("zh:jin" for "jin", "kim")."""
    groups: dict[str, set[str]] = {}
    for filename, prefix in (("ko_syllables.tsv", "ko:"), ("han_surnames.tsv", "zh:")):
        for head, spellings in _pairs(filename):
            key = prefix + head
            if prefix == "zh:":
                groups.setdefault(head, set()).add(key)
            for spelling in spellings.split():
                groups.setdefault(spelling, set()).add(key)
    return {spelling: frozenset(keys) for spelling, keys in groups.items()}


@cache
def hangul_syllables() -> frozenset[str]:
    return frozenset(head for head, _ in _pairs("ko_syllables.tsv"))
