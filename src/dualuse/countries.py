"""Country normalisation: any code, name or alias to ISO 3166-1 alpha-2.

`to_iso2` accepts alpha-2, alpha-3 and numeric codes, English and official names in the UN
languages, and the ~27k multilingual aliases of OpenSanctions' `countrynames` (see
`data/countries/SOURCE.md`). A lookup is one dict access after `normalise_key`.

Occupied regions of Ukraine (Crimea, Sevastopol, the so-called DNR and LNR, Zaporizhzhia,
Kherson) resolve to `UA`, the internationally recognised sovereign; `occupied_region` returns
their ISO 3166-2 code (e.g. `UA-43` for Crimea) so that rules can treat them as a Russia nexus.
This module reads only its own reference table (lazily, once) and does no other I/O.
"""

from __future__ import annotations

import gzip
import re
import unicodedata
from functools import cache, lru_cache
from importlib import resources

from dualuse.errors import ReferenceDataError

TABLE_RESOURCE = "data/countries/aliases.tsv.gz"
NOT_A_COUNTRY = "-"
"""Table value for strings that must not resolve ("unknown", "Africa", historic states)."""

OCCUPIED_REGIONS: dict[str, str] = {
    "UA-43": "Crimea",
    "UA-40": "Sevastopol",
    "UA-14": "Donetsk (so-called DNR)",
    "UA-09": "Luhansk (so-called LNR)",
    "UA-23": "Zaporizhzhia",
    "UA-65": "Kherson",
}

_REGION_PREFIX = re.compile(r"^\s*(region|territory|country)\s*:\s*", re.IGNORECASE)
_NON_WORD = re.compile(r"[\W_]+")


def normalise_key(value: str) -> str:
    """Case-fold, drop diacritics and punctuation, collapse spaces: the table's key form."""
    decomposed = unicodedata.normalize("NFKD", value)
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _NON_WORD.sub(" ", stripped.casefold()).strip()


@cache
def _table() -> tuple[dict[str, str], dict[str, str]]:
    """(normalised alias -> code, ISO2 -> English short name), read once from package data."""
    resource = resources.files("dualuse").joinpath(TABLE_RESOURCE)
    aliases: dict[str, str] = {}
    names: dict[str, str] = {}
    with resource.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as text:
        for number, line in enumerate(text, start=1):
            fields = line.rstrip("\n").split("\t")
            if len(fields) != 2:
                raise ReferenceDataError(
                    "expected 2 tab-separated fields", file=TABLE_RESOURCE, line=number, field="alias"
                )
            key, code = fields
            if key.startswith("="):
                names[key[1:]] = code
            else:
                aliases[key] = code
    return aliases, names


@lru_cache(maxsize=65536)
def _lookup(value: str) -> str | None:
    aliases, _ = _table()
    cleaned = _REGION_PREFIX.sub("", value)
    code = aliases.get(normalise_key(cleaned))
    if code is None and cleaned.strip().isdigit():
        code = aliases.get(str(int(cleaned)))
    if code is None or code == NOT_A_COUNTRY:
        return None
    return code


def to_iso2(value: str | None) -> str | None:
    """ISO 3166-1 alpha-2 for a code, name or alias; None when unknown or not a country.

    >>> to_iso2("Russian Federation"), to_iso2("RUS"), to_iso2("643"), to_iso2("Crimea")
    ('RU', 'RU', 'RU', 'UA')
    """
    if not value or not value.strip():
        return None
    code = _lookup(value)
    return code[:2] if code else None


def occupied_region(value: str | None) -> str | None:
    """ISO 3166-2 code of an occupied region of Ukraine named by `value`, else None."""
    if not value or not value.strip():
        return None
    code = _lookup(value)
    return code if code in OCCUPIED_REGIONS else None


def is_occupied_region(value: str | None) -> bool:
    """True for Crimea, Sevastopol, DNR/Donetsk, LNR/Luhansk, Zaporizhzhia, Kherson."""
    return occupied_region(value) is not None


def country_name(iso2: str) -> str:
    """English short name of an ISO alpha-2 code (or an occupied region code); the code if unknown."""
    if iso2 in OCCUPIED_REGIONS:
        return f"{OCCUPIED_REGIONS[iso2]} (occupied, Ukraine)"
    return _table()[1].get(iso2.upper(), iso2)
