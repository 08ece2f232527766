"""BIS Denied Persons List, tab-delimited `dpl.txt` (header row, every field quoted).

One denial order often spans several rows (one per address). Rows with the same name and
effective date are one entity with several addresses; its id is a hash of those two values,
stable across list versions: `us_bis_dpl:<12 hex>`. The DPL does not say whether a party is a
person or a company: names with a legal form are `Company`, the rest `LegalEntity`.
"""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

from dualuse.countries import to_iso2
from dualuse.errors import ListFormatError
from dualuse.lists.base import ParseReport, Skip, add_property
from dualuse.lists.dates import iso_date
from dualuse.lists.schemas import organisation_schema
from dualuse.lists.textfile import delimited_rows
from dualuse.model import Address, Entity

LIST_ID = "us_bis_dpl"
PROGRAM = "BIS-DPL"
COLUMNS = (
    "Name", "Street_Address", "City", "State", "Country", "Postal_Code", "Effective_Date",
    "Expiration_Date", "Standard_Order", "Last_Update", "Action", "FR_Citation",
)  # fmt: skip
US_STATES = frozenset(
    [
        "AL",
        "AK",
        "AZ",
        "AR",
        "CA",
        "CO",
        "CT",
        "DE",
        "DC",
        "FL",
        "GA",
        "HI",
        "ID",
        "IL",
        "IN",
        "IA",
        "KS",
        "KY",
        "LA",
        "ME",
        "MD",
        "MA",
        "MI",
        "MN",
        "MS",
        "MO",
        "MT",
        "NE",
        "NV",
        "NH",
        "NJ",
        "NM",
        "NY",
        "NC",
        "ND",
        "OH",
        "OK",
        "OR",
        "PA",
        "PR",
        "RI",
        "SC",
        "SD",
        "TN",
        "TX",
        "UT",
        "VT",
        "VA",
        "WA",
        "WV",
        "WI",
        "WY",
    ]
)
"""An empty Country with a US state code is a US address (most DPL rows are written so)."""
_PROPERTY_COLUMNS = {
    "Expiration_Date": "expiration_date",
    "Standard_Order": "standard_order",
    "Action": "action",
    "FR_Citation": "fr_citation",
    "Last_Update": "last_update",
}


def parse_bis_dpl(path: Path) -> ParseReport:
    """Every denial order of the DPL, grouped by name and effective date."""
    rows = delimited_rows(path, columns=len(COLUMNS), delimiter="\t")
    header = next(rows, None)
    if header is None or tuple(value.strip() for value in header[1]) != COLUMNS:
        raise ListFormatError(f"header must be {', '.join(COLUMNS)}", file=path.name, line=1, field="header")
    report = ParseReport(list_id=LIST_ID)
    entities: dict[str, Entity] = {}
    updates: list[str] = []
    for line, row in rows:
        record = {column: " ".join(value.split()) for column, value in zip(COLUMNS, row, strict=True)}
        if not record["Name"]:
            report.skipped.append(Skip(file=path.name, line=line, reason="row without a name"))
            continue
        key = f"{record['Name'].upper()}|{record['Effective_Date']}"
        entity = entities.get(key) or entities.setdefault(key, _entity(key, record))
        _add_row(entity, record)
        updates.append(record["Last_Update"])
    report.entities = list(entities.values())
    report.published = _newest_plausible(updates)
    return report


def _entity(key: str, record: dict[str, str]) -> Entity:
    return Entity(
        id=f"{LIST_ID}:{hashlib.sha256(key.encode()).hexdigest()[:12]}",
        list_id=LIST_ID,
        schema=_schema(record["Name"]),
        name=record["Name"],
        programs=[PROGRAM],
        listed_on=iso_date(record["Effective_Date"]),
    )


def _schema(name: str) -> str:
    return "Company" if organisation_schema(name) == "Company" else "LegalEntity"


def _add_row(entity: Entity, record: dict[str, str]) -> None:
    country = to_iso2(record["Country"]) or (
        "US" if record["State"] in US_STATES and not record["Country"] else None
    )
    parts = [record[c] for c in ("Street_Address", "City", "State", "Postal_Code", "Country") if record[c]]
    if parts:
        entity.addresses.append(Address(full=", ".join(parts), country=country))
    if country and country not in entity.countries:
        entity.countries.append(country)
    for column, key in _PROPERTY_COLUMNS.items():
        value = iso_date(record[column]) if column == "Expiration_Date" else record[column]
        if value:
            add_property(entity.properties, key, value)
    entity.properties = {key: values for key, values in entity.properties.items() if values}


def _newest_plausible(updates: list[str]) -> str | None:
    """The newest Last_Update, ignoring typos in the future (the file has 2922-09-01)."""
    today = date.today().isoformat()
    valid = [value for value in updates if iso_date(value) == value and value <= today]
    return max(valid, default=None)
