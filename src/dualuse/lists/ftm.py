"""FollowTheMoney entity JSON lines, the format OpenSanctions publishes (`entities.ftm.json`).

Read with the standard library, one line at a time, so the full OpenSanctions data set (GBs)
streams through. Party schemata (Person, Organization, Company, Vessel, Airplane, LegalEntity,
PublicBody) become `Entity`s; `Address` and `Sanction` entities are joined to the parties that
reference them; every other schema (Ownership, Directorship, Family, ...) is a counted skip.
Entity ids keep the dataset and the FtM id: `<first dataset>:<id>`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from dualuse.countries import to_iso2
from dualuse.errors import ListFormatError
from dualuse.lists.base import ParseReport, Skip
from dualuse.model import Address, Entity, Identifier

PARTY_SCHEMAS = {
    "Person": "Person",
    "Organization": "Organization",
    "Company": "Company",
    "Vessel": "Vessel",
    "Airplane": "Airplane",
    "LegalEntity": "LegalEntity",
    "PublicBody": "Organization",
}
IDENTIFIER_PROPERTIES = {
    "innCode": "inn",
    "ogrnCode": "ogrn",
    "kppCode": "kpp",
    "uscCode": "uscc",
    "imoNumber": "imo",
    "mmsi": "mmsi",
    "swiftBic": "bic",
    "leiCode": "lei",
    "registrationNumber": "registration",
    "taxNumber": "tax_id",
    "vatCode": "tax_id",
    "passportNumber": "passport",
    "idNumber": "national_id",
    "dunsCode": "duns",
    "okpoCode": "okpo",
    "bikCode": "bik",
}
COUNTRY_PROPERTIES = ("country", "jurisdiction", "nationality", "citizenship", "flag", "mainCountry")
HANDLED = {
    "name", "alias", "weakAlias", "previousName", "birthDate", "address", "addressEntity", "program",
    "notes", "sanctions", *IDENTIFIER_PROPERTIES, *COUNTRY_PROPERTIES,
}  # fmt: skip


def parse_ftm(path: Path, *, default_list_id: str = "ftm") -> ParseReport:
    """Parties of a FtM JSON-lines file, with addresses and sanction programs joined."""
    report = ParseReport(list_id=default_list_id)
    addresses: dict[str, Address] = {}
    programs: dict[str, list[tuple[int, str, str | None]]] = {}
    newest = ""
    for line, record in _records(path):
        schema, properties = record["schema"], record["properties"]
        newest = max(newest, str(record.get("last_change") or record.get("last_seen") or "")[:10])
        if schema in PARTY_SCHEMAS:
            entity = _entity(record, default_list_id)
            if entity is None:
                report.skipped.append(Skip(file=path.name, line=line, reason=f"{schema} without a name"))
            else:
                report.entities.append(entity)
        elif schema == "Address":
            full = _first(properties, "full") or ", ".join(_values(properties, "street", "city", "country"))
            addresses[record["id"]] = Address(full=full, country=to_iso2(_first(properties, "country")))
        elif schema == "Sanction":
            for target in _values(properties, "entity"):
                programs.setdefault(target, []).append(
                    (
                        line,
                        _first(properties, "program") or "",
                        _first(properties, "listingDate", "startDate"),
                    )
                )
        else:
            report.skipped.append(Skip(file=path.name, line=line, reason=f"schema {schema} is not a party"))
    _join(report.entities, addresses, programs)
    report.skipped.extend(
        Skip(file=path.name, line=line, reason="Sanction for an entity not in the file")
        for target_lines in programs.values()
        for line, _, _ in target_lines
    )
    if len({entity.list_id for entity in report.entities}) == 1:
        report.list_id = report.entities[0].list_id
    report.published = newest or None
    return report


def _records(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if raw.strip():
                yield number, _record(path, number, raw)


def _record(path: Path, number: int, raw: bytes) -> dict[str, Any]:
    try:
        record = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise ListFormatError(
            f"not valid UTF-8 at byte {error.start}", file=path.name, line=number, field="encoding"
        ) from error
    except json.JSONDecodeError as error:
        raise ListFormatError(
            f"not a JSON object: {error.msg}", file=path.name, line=number, field="json"
        ) from error
    if not isinstance(record, dict):
        raise ListFormatError("not a JSON object", file=path.name, line=number, field="json")
    for key, kind in (("id", str), ("schema", str), ("properties", dict)):
        if not isinstance(record.get(key), kind):
            raise ListFormatError(f"missing or not a {kind.__name__}", file=path.name, line=number, field=key)
    return record


def _values(properties: dict[str, Any], *keys: str) -> list[str]:
    found: list[str] = []
    for key in keys:
        value = properties.get(key, [])
        found.extend(str(item) for item in (value if isinstance(value, list) else [value]) if item)
    return found


def _first(properties: dict[str, Any], *keys: str) -> str | None:
    return next(iter(_values(properties, *keys)), None)


def _entity(record: dict[str, Any], default_list_id: str) -> Entity | None:
    properties: dict[str, Any] = record["properties"]
    names = _values(properties, "name")
    if not names:
        return None
    datasets = record.get("datasets") or [default_list_id]
    list_id = str(datasets[0])
    countries = [code for code in (to_iso2(v) for v in _values(properties, *COUNTRY_PROPERTIES)) if code]
    return Entity(
        id=f"{list_id}:{record['id']}",
        list_id=list_id,
        schema=PARTY_SCHEMAS[record["schema"]],
        name=names[0],
        aliases=list(dict.fromkeys([*names[1:], *_values(properties, "alias", "previousName")])),
        weak_aliases=_values(properties, "weakAlias"),
        countries=list(dict.fromkeys(countries)),
        addresses=[Address(full=value) for value in _values(properties, "address")],
        identifiers=[
            Identifier(kind=kind, value=value)
            for key, kind in IDENTIFIER_PROPERTIES.items()
            for value in _values(properties, key)
        ],
        programs=_values(properties, "program"),
        birth_dates=_values(properties, "birthDate"),
        nationalities=[
            c for c in (to_iso2(v) for v in _values(properties, "nationality", "citizenship")) if c
        ],
        remarks="\n".join(_values(properties, "notes")) or None,
        properties={
            "address_entities": _values(properties, "addressEntity"),
            "ftm_id": [record["id"]],
            "datasets": [str(d) for d in datasets],
            **{key: _values(properties, key) for key in properties if key not in HANDLED},
        },
    )


def _join(
    entities: list[Entity],
    addresses: dict[str, Address],
    programs: dict[str, list[tuple[int, str, str | None]]],
) -> None:
    """Attach referenced Address entities and Sanction programs/dates to their parties.

    Joined sanctions are taken out of `programs`; what remains refers to no party in the file.
    """
    for entity in entities:
        ftm_id = entity.properties["ftm_id"][0]
        unresolved = []
        for address_id in entity.properties.pop("address_entities"):
            address = addresses.get(address_id)
            if address is None:
                unresolved.append(address_id)
                continue
            entity.addresses.append(address)
            if address.country and address.country not in entity.countries:
                entity.countries.append(address.country)
        if unresolved:  # kept, so that a user can see the file lacked them
            entity.properties["address_entities"] = unresolved
        for _, program, listed in programs.pop(ftm_id, []):
            if program and program not in entity.programs:
                entity.programs.append(program)
            if listed and (entity.listed_on is None or listed[:10] < entity.listed_on):
                entity.listed_on = listed[:10]
