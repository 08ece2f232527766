"""How identifiers compare: letters and digits only, upper case; a BIC by its first eight
characters (bank, country, location), so that a branch code and its head office meet."""

from __future__ import annotations

import re

_NOT_ALNUM = re.compile(r"[^0-9A-Z]")
_BIC_INSTITUTION = 8


def identifier_key(kind: str, value: str) -> str:
    """The comparison key of an identifier of this kind (`inn`, `bic`, ...)."""
    key = _NOT_ALNUM.sub("", value.upper())
    return key[:_BIC_INSTITUTION] if kind == "bic" else key
