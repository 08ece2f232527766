"""What a sentence says an organisation does: supplies Russia, is cited as a source, or neither.

Model-free and deliberately narrow, because a watchlist row must not come from a think tank
being quoted: an organisation is a "supplier" only when the sentence (or its headline and the
sentence before) is about Russia and the organisation is the one acting ("X shipped ...", "X and
Y are providing ...") or receiving or making the goods ("... shipped chips to X", "optics made by
X"), or is named in a list of companies in a sentence about supplying. "According to X",
"analysed by X", "X said" and "a researcher at X" make it a "source". No I/O.
"""

from __future__ import annotations

import re

from dualuse.media.lexicon import lexicon
from dualuse.media.text import words

_SOURCE_BEFORE = re.compile(
    r"(?:according to|analy[sz]ed by|data from|reported by|cited by|compiled by|reviewed by|published by|"
    r"(?:researcher|analyst|spokes\w+|official|director|head|chief|expert|economist|professor|fellow)s?"
    r"\s+(?:at|with|of|for))\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_SOURCE_AFTER = re.compile(
    r"\s*(?:,[^,]{0,60},\s*)?(?:has |have |had )?(?:said|says|say|told|reported|reports|denied|declined)\b"
)
_SKIPPED_AFTER = frozenset(
    [
        "and",
        "or",
        "also",
        "is",
        "are",
        "was",
        "were",
        "has",
        "have",
        "had",
        "been",
        "being",
        "reportedly",
        "allegedly",
        "which",
        "then",
        "later",
        "itself",
    ]
)
_ACT_WINDOW = 15
_RECEIVING = re.compile(r"\b(?:to|by|from|via|through)\b", re.IGNORECASE)


def mention_role(sentence: str, start: int, end: int, *, listed: bool = False, context: str = "") -> str:
    """ "supplier", "source" or "mentioned" for the organisation at sentence[start:end].

    `listed`: found in a list of companies; `context`: the headline and the sentence before.
    """
    if _SOURCE_BEFORE.search(sentence[max(0, start - 40) : start]) or _SOURCE_AFTER.match(sentence[end:]):
        return "source"
    lex = lexicon()
    if not (set(words(sentence)) | set(words(context))) & lex.russia_cues:
        return "mentioned"
    about_supply = bool(set(words(f"{context} {sentence}" if listed else sentence)) & lex.supply_cues)
    if (listed and about_supply) or _acts(sentence[end:]) or _receives(sentence[:start]):
        return "supplier"
    return "mentioned"


def _acts(after: str) -> bool:
    """The first verb-like word after the name, skipping other names and auxiliaries, is a supply word."""
    for token in re.findall(r"[\w'-]+|[.;:]", after)[:_ACT_WINDOW]:
        if token in {".", ";", ":"}:
            return False
        if token[0].isupper() or token.casefold() in _SKIPPED_AFTER:
            continue
        return token.casefold() in lexicon().supply_cues
    return False


def _receives(before: str) -> bool:
    """A supply word earlier in the clause, then "to", "by", "from" ... before the name."""
    clause = re.split(r"[;:]", before)[-1]
    cues = lexicon().supply_cues
    last_cue = None
    for match in re.finditer(r"[\w'-]+", clause):
        if match.group(0).casefold() in cues:
            last_cue = match
    return last_cue is not None and bool(_RECEIVING.search(clause[last_cue.end() :]))
