"""trade.gov Consolidated Screening List (CSL): the CSV download and the JSON (API) form.

The CSL merges eleven US export-screening lists. Each of them keeps its own list id here
(`us_bis_entity_list`, `us_bis_unverified`, `us_bis_meu`, `us_state_debarred`, ...), because
an Entity List licence requirement and an SDN block are different obligations. Lists that the
project also reads from their own authority's file get a `us_csl_` id (`us_csl_sdn`,
`us_csl_dpl`) so that loading both never mixes two copies under one list id.

Entity ids are `<list id>:<entity_number>` for Treasury rows (OFAC's own uid) and
`<list id>:<_id>` for the others (trade.gov's row hash, which changes when the row changes).
This module reads only the file it is given.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dualuse.countries import occupied_region, to_iso2
from dualuse.errors import ListFormatError
from dualuse.lists.base import ParseReport, add_property
from dualuse.lists.dates import iso_date
from dualuse.lists.ofac_remarks import IDENTIFIER_LABELS, slug
from dualuse.lists.ofac_remarks import identifier_kind as ofac_identifier_kind
from dualuse.lists.schemas import organisation_schema
from dualuse.lists.textfile import file_head
from dualuse.model import Address, Entity, Identifier

LIST_ID = "us_csl"
COLUMNS: tuple[str, ...] = (
    "_id",
    "source",
    "entity_number",
    "type",
    "programs",
    "name",
    "title",
    "addresses",
    "federal_register_notice",
    "start_date",
    "end_date",
    "standard_order",
    "license_requirement",
    "license_policy",
    "call_sign",
    "vessel_type",
    "gross_tonnage",
    "gross_registered_tonnage",
    "vessel_flag",
    "vessel_owner",
    "remarks",
    "source_list_url",
    "alt_names",
    "citizenships",
    "dates_of_birth",
    "nationalities",
    "places_of_birth",
    "source_information_url",
    "ids",
)
MULTI_VALUED = frozenset(
    {
        "programs",
        "addresses",
        "alt_names",
        "citizenships",
        "dates_of_birth",
        "nationalities",
        "places_of_birth",
        "ids",
    }
)
# The abbreviation trade.gov writes in brackets in `source` -> our list id.
SOURCE_LISTS: dict[str, str] = {
    "EL": "us_bis_entity_list",
    "UVL": "us_bis_unverified",
    "MEU": "us_bis_meu",
    "DPL": "us_csl_dpl",
    "ISN": "us_state_isn",
    "DTC": "us_state_debarred",
    "SDN": "us_csl_sdn",
    "SSI": "us_ofac_ssi",
    "FSE": "us_ofac_fse",
    "PLC": "us_ofac_plc",
    "CAP": "us_ofac_capta",
    "NS-MBS": "us_ofac_ns_mbs",
    "CMIC": "us_ofac_cmic",
}
SCHEMAS = {"Individual": "Person", "Vessel": "Vessel", "Aircraft": "Airplane"}
ORGANISATION_TYPES = frozenset({"Entity", ""})
MAPPED_COLUMNS = frozenset(
    {"_id", "source", "entity_number", "type", "name", "start_date", "remarks", *MULTI_VALUED}
)
SINGLE_PROPERTIES = tuple(column for column in COLUMNS if column not in MAPPED_COLUMNS)
"""Columns kept as they are in `Entity.properties` (title, licence terms, vessel facts, URLs)."""

_SOURCE_ABBREVIATION = re.compile(r"\(([A-Z][A-Z-]*?)(?: List)?\)")
_COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")
# Labels in `ids` that describe the listing (dates, directives, contacts), not the party's documents.
_NOT_AN_IDENTIFIER = re.compile(
    r"gender|website|e-?mail|phone|target type|issuer name|ticker|date|directive|sanctions|prohibited"
    r"|organization type|nationality|caatsa|ifca|additional",
    re.IGNORECASE,
)


@dataclass(slots=True)
class _Record:
    """One CSL row in a shape common to CSV and JSON: text fields and lists of texts."""

    where: str
    line: int | None
    json_index: int | None = None
    """Position in the JSON `results` array (JSON has no useful line numbers)."""
    text: dict[str, str] = field(default_factory=dict)
    lists: dict[str, list[str]] = field(default_factory=dict)
    ids: list[tuple[str, str, str]] = field(default_factory=list)


def read_csl(path: Path) -> ParseReport:
    """Read a CSL `.csv` or `.json` download: one entity per row, each under its source list."""
    records = _json_records(path) if path.suffix.lower() == ".json" else _csv_records(path)
    report = ParseReport(list_id=LIST_ID)
    for record in records:
        report.entities.append(_entity(record, str(path)))
    return report


def looks_like_csl(head: str) -> bool:
    """True when the start of a file is a CSL CSV header or CSL JSON (for format detection)."""
    text = head.lstrip("\ufeff").lstrip()
    if text.startswith(("_id,source,entity_number", '"_id","source","entity_number"')):
        return True
    return text.startswith("{") and '"results"' in text and '"source"' in text


def is_csl_file(path: Path) -> bool:
    """A `.csv` or `.json` file whose start is the CSL's (for format detection)."""
    if path.suffix.lower() not in (".csv", ".json"):
        return False
    return looks_like_csl(file_head(path))


def _csv_records(path: Path) -> Iterator[_Record]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = tuple(next(reader, []))
        if header != COLUMNS:
            raise ListFormatError(
                _header_problem(header), file=str(path), line=1, field=_first_difference(header)
            )
        start = reader.line_num + 1
        for cells in reader:
            line, start = start, reader.line_num + 1
            if len(cells) != len(COLUMNS):
                raise ListFormatError(
                    f"expected {len(COLUMNS)} columns, found {len(cells)}",
                    file=str(path),
                    line=line,
                    field="ids",
                )
            row = dict(zip(COLUMNS, cells, strict=True))
            yield _record_from_text(row, where=str(path), line=line)


def _header_problem(header: tuple[str, ...]) -> str:
    if not header:
        return "empty file: expected the CSL header"
    return f"not the trade.gov CSL header ({len(header)} columns, expected {len(COLUMNS)})"


def _first_difference(header: tuple[str, ...]) -> str:
    for position, expected in enumerate(COLUMNS):
        if position >= len(header) or header[position] != expected:
            return expected
    return header[len(COLUMNS)]


def _record_from_text(row: Mapping[str, str], *, where: str, line: int | None) -> _Record:
    record = _Record(where=where, line=line)
    for name, value in row.items():
        if name == "ids":
            record.ids = [_split_id(part) for part in _split(value)]
        elif name in MULTI_VALUED:
            record.lists[name] = _split(value)
        else:
            record.text[name] = value.strip()
    return record


def _split(value: str) -> list[str]:
    """`a; b; and c` -> [a, b, c]: BIS writes a final "and" into its lists of names and addresses."""
    parts = (part.strip().removeprefix("and ").strip() for part in value.split("; "))
    return [part for part in parts if part]


def _split_id(text: str) -> tuple[str, str, str]:
    """`Passport, U00242309, TR` -> (label, number, country); the country is optional."""
    label, _, rest = text.partition(", ")
    parts = rest.split(", ")
    if len(parts) >= 2 and _COUNTRY_CODE.match(parts[1]):
        return label, parts[0], parts[1]
    return label, rest, ""


def _json_records(path: Path) -> Iterator[_Record]:
    try:
        document = json.loads(path.read_text(encoding="utf-8-sig"))
    except json.JSONDecodeError as error:
        raise ListFormatError(
            f"not JSON: {error.msg}", file=str(path), line=error.lineno, field=None
        ) from error
    results = document.get("results") if isinstance(document, dict) else None
    if not isinstance(results, list):
        raise ListFormatError(
            "expected an object with a 'results' array", file=str(path), line=1, field="results"
        )
    for index, item in enumerate(results):
        where = f"results[{index}]"
        if not isinstance(item, dict):
            raise ListFormatError("expected an object", file=str(path), line=None, field=where)
        unknown = sorted(set(item) - set(COLUMNS) - {"id"})
        if unknown:
            raise ListFormatError(f"unknown CSL field {unknown[0]!r}", file=str(path), line=None, field=where)
        yield _record_from_json(item, where=str(path), index=index)


def _record_from_json(item: Mapping[str, Any], *, where: str, index: int) -> _Record:
    """The API gives lists as arrays, addresses and ids as objects; flatten them to CSV terms."""
    flat: dict[str, str] = {}
    for name in COLUMNS:
        value = item.get(name, item.get("id") if name == "_id" else None)
        if name in ("addresses", "ids"):
            continue
        if isinstance(value, list):
            flat[name] = "; ".join(str(part) for part in value)
        else:
            flat[name] = "" if value is None else str(value)
    record = _record_from_text(flat, where=where, line=None)
    record.lists["addresses"] = [
        _json_address(a, where, index) for a in _json_list(item, "addresses", where, index)
    ]
    record.ids = [_json_id(i, where, index) for i in _json_list(item, "ids", where, index)]
    record.json_index = index
    return record


def _json_list(item: Mapping[str, Any], name: str, where: str, index: int) -> list[Mapping[str, Any]]:
    values = item.get(name) or []
    if not isinstance(values, list) or not all(isinstance(value, dict) for value in values):
        raise ListFormatError(
            "expected an array of objects", file=where, line=None, field=f"results[{index}].{name}"
        )
    return values


def _json_address(value: Mapping[str, Any], where: str, index: int) -> str:
    parts = [value.get(key) for key in ("address", "city", "state", "postal_code", "country")]
    text = ", ".join(str(part) for part in parts if part)
    if not text:
        raise ListFormatError("empty address", file=where, line=None, field=f"results[{index}].addresses")
    return text


def _json_id(value: Mapping[str, Any], where: str, index: int) -> tuple[str, str, str]:
    if not value.get("type") or not value.get("number"):
        raise ListFormatError(
            "an id needs 'type' and 'number'", file=where, line=None, field=f"results[{index}].ids"
        )
    return str(value["type"]), str(value["number"]), str(value.get("country") or "")


def _entity(record: _Record, file: str) -> Entity:
    list_id = _list_id(record, file)
    if record.text["type"] not in SCHEMAS and record.text["type"] not in ORGANISATION_TYPES:
        raise ListFormatError(
            f"unknown type {record.text['type']!r}", file=file, line=record.line, field=_f(record, "type")
        )
    reference = record.text["entity_number"] or record.text["_id"]
    if not reference or not record.text["name"]:
        missing = "name" if reference else "_id"
        raise ListFormatError(
            "required value is empty", file=file, line=record.line, field=_f(record, missing)
        )
    entity = Entity(
        id=f"{list_id}:{reference}",
        list_id=list_id,
        schema="",
        name=record.text["name"],
        aliases=[name for name in record.lists["alt_names"] if name != record.text["name"]],
        programs=record.lists["programs"],
        listed_on=_date(record, "start_date", record.text["start_date"], file)
        if record.text["start_date"]
        else None,
        birth_dates=[
            _date(record, "dates_of_birth", value, file) for value in record.lists["dates_of_birth"]
        ],
        remarks=record.text["remarks"] or None,
    )
    _add_addresses(entity, record.lists["addresses"])
    _add_nationalities(entity, record)
    _add_ids(entity, record.ids)
    entity.schema = _schema(record.text["type"], entity)
    for name in SINGLE_PROPERTIES:
        if record.text[name]:
            entity.properties[name] = [record.text[name]]
    if record.lists["places_of_birth"]:
        entity.properties["birth_place"] = record.lists["places_of_birth"]
    entity.properties["csl_source"] = [record.text["source"]]
    return entity


def _schema(csl_type: str, entity: Entity) -> str:
    """BIS and State rows have no type: a legal form or registry id makes them a Company."""
    if csl_type in SCHEMAS:
        return SCHEMAS[csl_type]
    schema = organisation_schema(entity.name, entity.identifiers)
    return schema if csl_type == "Entity" or schema == "Company" else "LegalEntity"


def _list_id(record: _Record, file: str) -> str:
    match = _SOURCE_ABBREVIATION.search(record.text["source"])
    list_id = SOURCE_LISTS.get(match.group(1)) if match else None
    if list_id is None:
        raise ListFormatError(
            f"unknown source list {record.text['source']!r}",
            file=file,
            line=record.line,
            field=_f(record, "source"),
        )
    return list_id


def _f(record: _Record, name: str) -> str:
    """The field as the user finds it: the column for CSV, `results[i].name` for JSON."""
    return name if record.json_index is None else f"results[{record.json_index}].{name}"


def _date(record: _Record, name: str, value: str, file: str) -> str:
    """ISO dates pass; OFAC's `07 Jul 1966`, `Sep 1938`, `circa 1961` become (partial) ISO."""
    date = iso_date(value)
    if date is None:
        raise ListFormatError(f"not a date: {value!r}", file=file, line=record.line, field=_f(record, name))
    return date


def _add_addresses(entity: Entity, addresses: list[str]) -> None:
    """Each address ends with an ISO-2 code (`..., Moscow, 119071, RU`), or is only a code."""
    for text in addresses:
        last = text.rsplit(", ", 1)[-1].strip()
        country = last if _COUNTRY_CODE.match(last) else to_iso2(last)
        entity.addresses.append(Address(full=text, country=country))
        if country and country not in entity.countries:
            entity.countries.append(country)
        for region in filter(None, map(occupied_region, text.split(", "))):  # Crimea, "DNR", ...
            add_property(entity.properties, "regions", region)


def _add_nationalities(entity: Entity, record: _Record) -> None:
    for value in (*record.lists["citizenships"], *record.lists["nationalities"]):
        code = to_iso2(value)
        if code is None:
            entity.properties.setdefault("nationality_text", []).append(value)
        elif code not in entity.nationalities:
            entity.nationalities.append(code)


def _add_ids(entity: Entity, ids: list[tuple[str, str, str]]) -> None:
    for label, number, country in ids:
        if _NOT_AN_IDENTIFIER.search(label):
            key = slug(label)
            entity.properties.setdefault(key, []).append(number)
            continue
        kind = identifier_kind(label, number, country)
        value = number.removeprefix("IMO ").strip() if kind == "imo" else number.strip()
        entity.identifiers.append(Identifier(kind=kind, value=value, country=country or None))


def identifier_kind(label: str, number: str, country: str) -> str:
    """A CSL id label to the project's identifier kinds: OFAC's labels, as the OFAC parser maps them."""
    if number.startswith("IMO "):
        return "imo"
    return ofac_identifier_kind(IDENTIFIER_LABELS.get(label, slug(label)), number, country or None)
