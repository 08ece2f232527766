"""How identifiers compare, for the name matcher and the list cross-linker alike.

An identifier's key keeps its letters and digits, upper case, after NFKC normalisation: full-width
digits and letters (`７７０２`, common in Chinese and Japanese sources) and other compatibility
forms become their plain ASCII forms, so a number typed in either form meets itself. Letters of
other scripts are kept, not dropped: a Cyrillic series letter in a passport number tells two
numbers apart, so `АВ 123456` and `ВС 123456` do not share the key `123456`. A BIC compares by
its first eight characters (bank, country, location), so that a branch code and its head office
meet. Here, outside `dualuse.names` and `dualuse.lists`, so that both may import it.
"""

from __future__ import annotations

import re
import unicodedata

_NOT_LETTER_OR_DIGIT = re.compile(r"[\W_]+")
_BIC_INSTITUTION = 8


def identifier_key(kind: str, value: str) -> str:
    """The comparison key of an identifier of this kind (`inn`, `bic`, `passport`, ...)."""
    plain = value if value.isascii() else unicodedata.normalize("NFKC", value)
    key = _NOT_LETTER_OR_DIGIT.sub("", plain).upper()
    return key[:_BIC_INSTITUTION] if kind == "bic" else key
