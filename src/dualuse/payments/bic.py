"""Business Identifier Codes (ISO 9362): shape check, canonical form, country.

A BIC is 4 letters (institution), 2 letters (ISO country), 2 letters or digits (location) and an
optional 3-character branch. The primary office's branch "XXX" is dropped so that "RBOSGB2LXXX"
and "RBOSGB2L" compare equal. SWIFT logical terminal addresses (12 characters: BIC8, a terminal
letter, the branch) reduce to the same BIC. This module does no I/O.
"""

from __future__ import annotations

import re

_BIC = re.compile(r"^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$")
_LOGICAL_TERMINAL = re.compile(r"^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}[A-Z0-9][A-Z0-9]{3}$")


def canonical_bic(value: str) -> str | None:
    """BIC8 for a primary office, BIC11 for a branch; None when `value` is not a BIC."""
    code = value.strip().upper()
    if not _BIC.match(code):
        return None
    if len(code) == 11 and code.endswith("XXX"):
        return code[:8]
    return code


def bic_from_logical_terminal(address: str) -> str | None:
    """The BIC of a 12-character logical terminal address ("ABNANL2AXXXX" -> "ABNANL2A")."""
    code = address.strip().upper()
    if not _LOGICAL_TERMINAL.match(code):
        return None
    return canonical_bic(code[:8] + code[9:])


def bic_country(bic: str) -> str:
    """The ISO 3166-1 alpha-2 country of a BIC (its characters 5 and 6)."""
    return bic[4:6].upper()
