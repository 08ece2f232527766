"""Russia/Belarus nexus and diversion reference data: transshipment hubs and address-only entries.

Reads the package's `data/diversion/` tables (published jurisdictions and BIS address-only Entity
List entries, each row citing its source) and answers two questions for the pipeline: which
countries on a transaction make a Russia/Belarus nexus, and does a party's address match an
address-only entry. No I/O beyond that reference data.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from rapidfuzz import fuzz

from dualuse.errors import ReferenceDataError

NEXUS_COUNTRIES = frozenset({"RU", "BY"})
"""Russia and Belarus; occupied regions of Ukraine are added through `Transaction.regions`."""

ADDRESS_MATCH_THRESHOLD = 0.88
_DATA = "data/diversion"
_NUMBER = re.compile(r"\d+")
_WORD = re.compile(r"[a-z]+")
# Words that say nothing about which building or unit an address is.
_FILLER = frozenset(
    {
        "unit",
        "room",
        "rm",
        "flat",
        "office",
        "suite",
        "floor",
        "f",
        "no",
        "hong",
        "kong",
        "hk",
        "kowloon",
        "rd",
        "road",
        "st",
        "street",
    }
)


@dataclass(frozen=True, slots=True)
class Hub:
    iso2: str
    name: str
    published_in: str
    source: str


@dataclass(frozen=True, slots=True)
class ListedAddress:
    """An address-only Entity List entry, with its normalised comparison keys."""

    address: str
    country: str
    listed_on: str
    list: str
    citation: str
    numbers: frozenset[str]
    words: str


@dataclass(frozen=True, slots=True)
class AddressMatch:
    listed: ListedAddress
    score: float


def _read_table(name: str) -> list[dict[str, str]]:
    resource = resources.files("dualuse").joinpath(f"{_DATA}/{name}")
    rows = list(csv.DictReader(io.StringIO(resource.read_text(encoding="utf-8"))))
    if not rows:
        raise ReferenceDataError("empty reference table", file=f"{_DATA}/{name}")
    return rows


@cache
def transshipment_hubs() -> dict[str, Hub]:
    """Published transshipment jurisdictions for Russia/Belarus, by ISO alpha-2 code."""
    rows = _read_table("transshipment_jurisdictions.csv")
    return {row["iso2"]: Hub(row["iso2"], row["name"], row["published_in"], row["source"]) for row in rows}


@cache
def address_only_entries() -> tuple[ListedAddress, ...]:
    """BIS address-only Entity List entries (data/diversion/address_only_entity_list.csv)."""
    entries = []
    for number, row in enumerate(_read_table("address_only_entity_list.csv"), start=2):
        if not row.get("address"):
            raise ReferenceDataError(
                "missing address", file=f"{_DATA}/address_only_entity_list.csv", line=number
            )
        numbers, words = address_keys(row["address"])
        entries.append(
            ListedAddress(
                row["address"],
                row["country_iso2"],
                row["listed_on"],
                row["list"],
                row["source"],
                numbers,
                words,
            )
        )
    return tuple(entries)


def address_keys(address: str) -> tuple[frozenset[str], str]:
    """(numbers, building words) of an address: "16/F" and "16F" give the same number 16."""
    lowered = address.lower()
    words = [w for w in _WORD.findall(lowered) if w not in _FILLER and len(w) > 1]
    return frozenset(_NUMBER.findall(lowered)), " ".join(words)


@lru_cache(maxsize=100_000)
def match_address(address: str | None) -> AddressMatch | None:
    """The best address-only entry for `address`: every number of the entry (unit, floor,
    street number) must appear, and the remaining words must be close (fuzzy, order-free)."""
    if not address or not any(ch.isdigit() for ch in address):
        return None
    numbers, words = address_keys(address)
    best: AddressMatch | None = None
    for entry in address_only_entries():
        if not entry.numbers <= numbers:
            continue
        score = fuzz.token_set_ratio(entry.words, words) / 100.0
        if score >= ADDRESS_MATCH_THRESHOLD and (best is None or score > best.score):
            best = AddressMatch(entry, score)
    return best
