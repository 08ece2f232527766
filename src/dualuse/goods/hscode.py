"""HS codes as people write them: "8542.39", "854239", "8542 39 00 00", "8542390000".

An HS code is a prefix: 2 digits name a chapter, 4 a heading, 6 a subheading; 7 to 10 digits
are a national extension (EU CN, US HTS, EAEU TN VED) whose first 6 digits are the HS
subheading. Odd lengths (3, 5) are prefixes too ("8542.3" is the one-dash subheading that
"n.e.c. in item no. 8542.3" refers to). Pure functions, no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dualuse.errors import InputError

_SEPARATORS = re.compile(r"[\s.\-/]+")
_LABEL = re.compile(r"^(?:hs|hts|htsus|cn|tn\s*ved|тн\s*вэд|code)\s*[:#]?\s*", re.IGNORECASE)

# In free text a code counts only after a label ("HS 8542.39", "ТН ВЭД 8542390000") or in the
# dotted form of a subheading ("8542.39", "8542.39.0000"); bare digit runs are invoice numbers.
_LABELLED = re.compile(
    r"(?:\b(?:hs|hts|htsus|hs\s*code|tariff\s*code|customs\s*code|cn\s*code|tn\s*ved|commodity\s*code)"
    r"|тн\s*вэд|код\s*тн\s*вэд|海关编码|hs编码)\s*(?:no\.?|code|#|:)?\s*"
    r"(\d{4}(?:[ .]?\d{2}){1,3})(?!\d)",
    re.IGNORECASE,
)
_DOTTED = re.compile(r"(?<![\d.])(\d{4}\.\d{2}(?:\.\d{2,4})?)(?![\d.]*\d)")


@dataclass(frozen=True, slots=True)
class HsCode:
    """A declared code. `digits` keeps every digit given; the levels are derived from it."""

    raw: str
    digits: str

    @property
    def chapter(self) -> str:
        return self.digits[:2]

    @property
    def hs4(self) -> str | None:
        return self.digits[:4] if len(self.digits) >= 4 else None

    @property
    def hs6(self) -> str | None:
        return self.digits[:6] if len(self.digits) >= 6 else None

    @property
    def national(self) -> str | None:
        """The digits beyond HS6 ("0000" in 8542.39.0000), or None."""
        return self.digits[6:] if len(self.digits) > 6 else None

    @property
    def level(self) -> str:
        if len(self.digits) >= 6:
            return "subheading"
        return "heading" if len(self.digits) >= 4 else "chapter"

    def __str__(self) -> str:
        return format_hs(self.digits)


def format_hs(digits: str) -> str:
    """ "854239" -> "8542.39", "8542390000" -> "8542.39.0000", "8542" -> "8542"."""
    if len(digits) <= 4:
        return digits
    if len(digits) <= 6:
        return f"{digits[:4]}.{digits[4:]}"
    return f"{digits[:4]}.{digits[4:6]}.{digits[6:]}"


def parse_hs_code(value: str, *, field: str = "hs_code") -> HsCode:
    """Parse a declared code or raise `InputError` naming the value.

    Accepts 2 to 10 digits, with dots, spaces, hyphens or slashes between groups, and an
    optional label ("HS", "HTS", "ТН ВЭД"). Chapter 00, 77 (reserved) and 98-99 (national
    chapters) are rejected because no HS subheading lives there.
    """
    text = _LABEL.sub("", value.strip())
    digits = _SEPARATORS.sub("", text)
    if not digits:
        raise InputError(f"empty HS code {value!r}", field=field)
    if not digits.isdigit():
        raise InputError(
            f"HS code {value!r} contains characters other than digits and separators", field=field
        )
    if not 2 <= len(digits) <= 10:
        raise InputError(f"HS code {value!r} has {len(digits)} digits; expected 2 to 10", field=field)
    chapter = int(digits[:2])
    if chapter == 0 or chapter == 77 or chapter > 97:
        raise InputError(f"HS code {value!r}: chapter {digits[:2]} does not exist in HS 2022", field=field)
    return HsCode(raw=value, digits=digits)


@dataclass(frozen=True, slots=True)
class CodeMention:
    """An HS code found inside free text, with where it was."""

    code: HsCode
    start: int
    end: int


def find_hs_codes(text: str) -> list[CodeMention]:
    """HS codes written in free text (remittance information, MT field 70), in text order.

    Linear in the length of the text; mentions that fail `parse_hs_code` are skipped because
    free text is not a declaration.
    """
    found: dict[int, CodeMention] = {}
    for pattern in (_LABELLED, _DOTTED):
        for match in pattern.finditer(text):
            try:
                code = parse_hs_code(match.group(1))
            except InputError:
                continue
            found.setdefault(match.start(1), CodeMention(code, match.start(1), match.end(1)))
    return [found[start] for start in sorted(found)]
