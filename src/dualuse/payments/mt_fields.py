"""Contents of MT fields: amounts and dates (32A, 33B) and parties (50a, 52a-58a, 59a).

Party options:
- A: optional `/account` (or `/D/`, `/C/` party identifier) line, then a BIC.
- B: optional party identifier line, then a location.
- C: `/account` only.
- D, K and no letter (59): optional `/account` line, then up to 4 lines of name and address
  (the first is the name).
- F (50F, 59F): a party identifier line (`/account` or `CODE/country/identifier`), then numbered
  lines: 1/ name, 2/ address, 3/ country/town, 4/ date of birth, 5/ place of birth,
  6/ customer id, 7/ national id, 8/ further name (50F: all; 59F: 1-3).
`line` numbers of F options are these structured numbers ("59F line 2" is the `2/` line); of the
other options, the position of the line in the field as written. This module does no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from dualuse.payments.bic import canonical_bic

_AMOUNT = re.compile(r"^([A-Z]{3})(\d{1,15},\d{0,15})$")
_DATE_AMOUNT = re.compile(r"^(\d{6})([A-Z]{3})(\d{1,15},\d{0,15})$")
_NUMBERED = re.compile(r"^([1-8])/(.*)$")
_CODED_ID = re.compile(r"^(ARNU|CCPT|CUST|DRLC|EMPL|NIDN|SOSE|TXID)/([A-Z]{2})/(.+)$")
_ID_KINDS = {
    "ARNU": "alien_registration",
    "CCPT": "passport",
    "CUST": "customer_id",
    "DRLC": "driving_licence",
    "EMPL": "employer_id",
    "NIDN": "national_id",
    "SOSE": "social_security",
    "TXID": "tax_id",
}


@dataclass(slots=True)
class MtParty:
    """A party field taken apart; `lines` are (line number, text) of its name and address."""

    name: str | None = None
    address_lines: list[tuple[int, str]] = field(default_factory=list)
    town: str | None = None
    country: str | None = None
    bic: str | None = None
    account: str | None = None
    identifiers: dict[str, str] = field(default_factory=dict)


class FieldError(ValueError):
    """A field value does not have its format; the reader adds message, field and line."""


def parse_date_amount(value: str) -> tuple[str, str, float]:
    """32A "210409EUR15669,38" -> ("2021-04-09", "EUR", 15669.38)."""
    found = _DATE_AMOUNT.match(value.strip())
    if found is None:
        raise FieldError(f"{value!r} is not YYMMDD + currency + amount (e.g. 210409EUR15669,38)")
    return _date(found.group(1)), found.group(2), _amount(found.group(3))


def parse_amount(value: str) -> tuple[str, float]:
    """33B "EUR15669,38" -> ("EUR", 15669.38)."""
    found = _AMOUNT.match(value.strip())
    if found is None:
        raise FieldError(f"{value!r} is not currency + amount (e.g. EUR15669,38)")
    return found.group(1), _amount(found.group(2))


def parse_party(tag: str, value: str) -> MtParty:
    option = tag[2:]
    lines = value.split("\n")
    if option == "F":
        return _option_f(lines)
    party = MtParty()
    rest = _take_identifier_line(lines, party)
    if option == "A":
        _bic_line(rest, party)
    elif option == "B":
        party.address_lines = [(n, text) for n, text in rest if text.strip()]
    elif option == "C":
        if rest:
            raise FieldError("option C carries only an /account line")
    else:
        _name_and_address(rest, party)
    return party


def _take_identifier_line(lines: list[str], party: MtParty) -> list[tuple[int, str]]:
    """Strip a leading `/account` or `/D/account` line; return the other lines, numbered."""
    numbered = list(enumerate(lines, start=1))
    if numbered and numbered[0][1].startswith("/"):
        identifier = numbered[0][1]
        party.account = _account(re.sub(r"^/[A-Z]/", "", identifier))
        return numbered[1:]
    return numbered


def _bic_line(rest: list[tuple[int, str]], party: MtParty) -> None:
    if len(rest) != 1:
        raise FieldError("option A holds one BIC line (after an optional /account line)")
    bic = canonical_bic(rest[0][1])
    if bic is None:
        raise FieldError(f"{rest[0][1]!r} is not a BIC")
    party.bic = bic


def _name_and_address(rest: list[tuple[int, str]], party: MtParty) -> None:
    filled = [(n, text.strip()) for n, text in rest if text.strip()]
    if not filled:
        raise FieldError("no name line")
    party.name = filled[0][1]
    party.address_lines = filled[1:]


def _option_f(lines: list[str]) -> MtParty:
    party = MtParty()
    numbered = lines
    if lines and not _NUMBERED.match(lines[0]):
        _identifier(lines[0].strip(), party)
        numbered = lines[1:]
    names: list[str] = []
    for text in numbered:
        found = _NUMBERED.match(text)
        if found is None:
            raise FieldError(f"line {text!r} does not start with a line number 1/ to 8/")
        _numbered_line(int(found.group(1)), found.group(2).strip(), party, names)
    if not names:
        raise FieldError("no 1/ name line")
    party.name = " ".join(names)
    return party


def _identifier(line: str, party: MtParty) -> None:
    coded = _CODED_ID.match(line)
    if coded is not None:
        code, country, value = coded.groups()
        # A Russian taxpayer number is the INN the lists carry (architecture.md identifier kinds).
        kind = "inn" if code == "TXID" and country == "RU" else _ID_KINDS[code]
        party.identifiers[kind] = value
        party.country = party.country or country
    elif line.startswith("/"):
        party.account = _account(line)
    else:
        raise FieldError(f"party identifier {line!r} is neither /account nor CODE/country/identifier")


def _numbered_line(number: int, text: str, party: MtParty, names: list[str]) -> None:
    if number in (1, 8):
        names.append(text)
    elif number == 2:
        party.address_lines.append((2, text))
    elif number == 3:
        country, _, town = text.partition("/")
        if len(country) != 2 or not country.isalpha():
            raise FieldError(f"3/ line {text!r} does not start with a 2-letter country code")
        party.country = country.upper()
        party.town = " ".join(filter(None, [party.town, town.strip()])) or None
    elif number == 4:
        party.identifiers["birth_date"] = text
    elif number == 5:
        party.identifiers["birth_place"] = text
    elif number == 6:
        party.identifiers["customer_id"] = text
    elif number == 7:
        party.identifiers["national_id"] = text.partition("/")[2] or text


def _account(text: str) -> str | None:
    """ "/12547896" -> "12547896"; the CBPR+ placeholder NOTPROVIDED is no account."""
    account = text.lstrip("/").strip()
    return None if account in ("", "NOTPROVIDED") else account


def _date(yymmdd: str) -> str:
    try:
        # SWIFT's own convention: YY is 20YY (the standards have no 19YY dates left).
        return date(2000 + int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:6])).isoformat()
    except ValueError as error:
        raise FieldError(f"{yymmdd!r} is not a date (YYMMDD)") from error


def _amount(text: str) -> float:
    return float(text.replace(",", "."))
