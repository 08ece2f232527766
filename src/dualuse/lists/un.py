"""UN Security Council Consolidated List (consolidated.xml, schema sc-sanctions.xsd).

Strict on structure, lenient on content: an element this reader does not know (anywhere in an
INDIVIDUAL or ENTITY record) raises `ListFormatError` with file, line and element path, because
a schema change could hide names; empty optional elements are normal and ignored.
Alias quality "Good"/"a.k.a."/"f.k.a." is strong, "Low" is weak.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from dualuse.countries import occupied_region, to_iso2
from dualuse.errors import ListFormatError
from dualuse.lists.base import ParseReport, unique
from dualuse.lists.schemas import organisation_schema
from dualuse.model import Address, Entity, Identifier

LIST_ID = "un_sc"
ROOT = "CONSOLIDATED_LIST"
NAME_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
ADDRESS_PARTS = ("STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY")
WEAK_QUALITY = "low"
DOCUMENT_KINDS = {
    "passport": "passport",
    "número de pasaporte": "passport",
    "numéro de passeport": "passport",
    "national identification number": "national_id",
    "national identification": "national_id",
}

_RECORD = {
    "DATAID", "VERSIONNUM", *NAME_PARTS, "UN_LIST_TYPE", "REFERENCE_NUMBER", "LISTED_ON",
    "SUBMITTED_ON", "SUBMITTED_BY", "NAME_ORIGINAL_SCRIPT", "COMMENTS1", "GENDER", "TITLE",
    "DESIGNATION", "NATIONALITY", "NATIONALITY2", "LIST_TYPE", "LAST_DAY_UPDATED", "SORT_KEY",
    "SORT_KEY_LAST_MOD", "DELISTED_ON", "INDIVIDUAL_ALIAS", "INDIVIDUAL_ADDRESS",
    "INDIVIDUAL_DATE_OF_BIRTH", "INDIVIDUAL_PLACE_OF_BIRTH", "INDIVIDUAL_DOCUMENT",
    "ENTITY_ALIAS", "ENTITY_ADDRESS",
}  # fmt: skip
_CHILDREN: dict[str, set[str]] = {
    "CONSOLIDATED_LIST": {"INDIVIDUALS", "ENTITIES"},
    "INDIVIDUALS": {"INDIVIDUAL"},
    "ENTITIES": {"ENTITY"},
    "INDIVIDUAL": _RECORD,
    "ENTITY": _RECORD,
    "TITLE": {"VALUE"},
    "DESIGNATION": {"VALUE"},
    "NATIONALITY": {"VALUE"},
    "NATIONALITY2": {"VALUE"},
    "LIST_TYPE": {"VALUE"},
    "LAST_DAY_UPDATED": {"VALUE"},
    "INDIVIDUAL_ALIAS": {
        "QUALITY",
        "ALIAS_NAME",
        "DATE_OF_BIRTH",
        "CITY_OF_BIRTH",
        "COUNTRY_OF_BIRTH",
        "NOTE",
    },
    "ENTITY_ALIAS": {"QUALITY", "ALIAS_NAME", "NOTE"},
    "INDIVIDUAL_ADDRESS": {*ADDRESS_PARTS, "REGION", "NOTE"},
    "ENTITY_ADDRESS": {*ADDRESS_PARTS, "REGION", "NOTE"},
    "INDIVIDUAL_DATE_OF_BIRTH": {"TYPE_OF_DATE", "DATE", "YEAR", "FROM_YEAR", "TO_YEAR", "NOTE"},
    "INDIVIDUAL_PLACE_OF_BIRTH": {"STREET", "CITY", "STATE_PROVINCE", "COUNTRY", "NOTE"},
    "INDIVIDUAL_DOCUMENT": {
        "TYPE_OF_DOCUMENT",
        "TYPE_OF_DOCUMENT2",
        "NUMBER",
        "ISSUING_COUNTRY",
        "DATE_OF_ISSUE",
        "CITY_OF_ISSUE",
        "COUNTRY_OF_ISSUE",
        "NOTE",
    },
}


def parse_un(path: Path) -> ParseReport:
    """Every INDIVIDUAL and ENTITY of the UN consolidated list."""
    root = _read(path)
    _check_structure(path, root, ROOT)
    report = ParseReport(list_id=LIST_ID, published=(root.get("dateGenerated") or "")[:10] or None)
    for record in root.iter("INDIVIDUAL", "ENTITY"):
        report.entities.append(_entity(path, record))
    return report


def _read(path: Path) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ListFormatError(f"cannot read: {error}", file=str(path), field="file") from error
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise ListFormatError(
            f"not well-formed XML: {error.msg}", file=path.name, line=error.lineno, field="xml"
        ) from error
    if root.tag != ROOT:
        raise ListFormatError(
            f"root element is <{root.tag}>, expected <{ROOT}>",
            file=path.name,
            line=root.sourceline,
            field=root.tag,
        )
    return root


def _check_structure(path: Path, element: etree._Element, where: str) -> None:
    """Every child element must be one the schema defines for its parent."""
    allowed = _CHILDREN.get(str(element.tag), set())
    for child in element:
        if not isinstance(child.tag, str):
            continue  # comments and processing instructions
        if child.tag not in allowed:
            raise ListFormatError(
                f"unknown element <{child.tag}> in <{element.tag}>",
                file=path.name,
                line=child.sourceline,
                field=f"{where}/{child.tag}",
            )
        _check_structure(path, child, f"{where}/{child.tag}")


def _text(element: etree._Element | None) -> str | None:
    if element is None or element.text is None:
        return None
    return " ".join(element.text.split()) or None


def _texts(record: etree._Element, path: str) -> list[str]:
    return [text for text in (_text(e) for e in record.findall(path)) if text]


def _entity(path: Path, record: etree._Element) -> Entity:
    reference = _text(record.find("REFERENCE_NUMBER")) or _text(record.find("DATAID"))
    name = " ".join(text for text in (_text(record.find(part)) for part in NAME_PARTS) if text)
    if not reference or not name:
        field = "REFERENCE_NUMBER" if not reference else "FIRST_NAME"
        raise ListFormatError(
            "record without a reference or a name", file=path.name, line=record.sourceline, field=field
        )
    strong, weak = _aliases(record)
    identifiers = _documents(record)
    addresses = _addresses(record)
    nationalities = _countries(_texts(record, "NATIONALITY/VALUE") + _texts(record, "NATIONALITY2/VALUE"))
    is_person = record.tag == "INDIVIDUAL"
    return Entity(
        id=f"{LIST_ID}:{reference}",
        list_id=LIST_ID,
        schema="Person" if is_person else organisation_schema(name, identifiers),
        name=name,
        aliases=[a for a in strong if a != name],
        weak_aliases=weak,
        countries=unique([*nationalities, *(a.country for a in addresses if a.country)]),
        addresses=addresses,
        identifiers=identifiers,
        programs=_texts(record, "UN_LIST_TYPE"),
        listed_on=_text(record.find("LISTED_ON")),
        birth_dates=_birth_dates(record),
        nationalities=nationalities,
        remarks=_text(record.find("COMMENTS1")),
        properties=_properties(record),
    )


def _aliases(record: etree._Element) -> tuple[list[str], list[str]]:
    strong = _texts(record, "NAME_ORIGINAL_SCRIPT")
    weak: list[str] = []
    for alias in record.findall("INDIVIDUAL_ALIAS") + record.findall("ENTITY_ALIAS"):
        name = _text(alias.find("ALIAS_NAME"))
        if name:
            quality = (_text(alias.find("QUALITY")) or "").lower()
            target = weak if quality == WEAK_QUALITY else strong
            if name not in target:
                target.append(name)
    return strong, weak


def _birth_dates(record: etree._Element) -> list[str]:
    dates: list[str] = []
    for birth in record.findall("INDIVIDUAL_DATE_OF_BIRTH"):
        for tag in ("DATE", "YEAR", "FROM_YEAR", "TO_YEAR"):
            value = _text(birth.find(tag))
            if value:
                dates.append(value[:10])
    return unique(dates)


def _documents(record: etree._Element) -> list[Identifier]:
    identifiers = []
    for document in record.findall("INDIVIDUAL_DOCUMENT"):
        number = _text(document.find("NUMBER"))
        if not number:
            continue
        label = (
            _text(document.find("TYPE_OF_DOCUMENT"))
            or _text(document.find("TYPE_OF_DOCUMENT2"))
            or "document"
        )
        country = to_iso2(_text(document.find("ISSUING_COUNTRY")) or _text(document.find("COUNTRY_OF_ISSUE")))
        kind = DOCUMENT_KINDS.get(label.lower(), "_".join(label.lower().split()))
        identifiers.append(Identifier(kind=kind, value=number, country=country))
    return identifiers


def _addresses(record: etree._Element) -> list[Address]:
    addresses = []
    for address in record.findall("INDIVIDUAL_ADDRESS") + record.findall("ENTITY_ADDRESS"):
        parts = [text for text in (_text(address.find(tag)) for tag in ADDRESS_PARTS) if text]
        if parts:
            addresses.append(Address(full=", ".join(parts), country=to_iso2(_text(address.find("COUNTRY")))))
    return addresses


def _properties(record: etree._Element) -> dict[str, list[str]]:
    found = {
        "title": _texts(record, "TITLE/VALUE"),
        "position": _texts(record, "DESIGNATION/VALUE"),
        "gender": _texts(record, "GENDER"),
        "birth_place": [
            ", ".join(t for t in (_text(p.find(tag)) for tag in ("CITY", "STATE_PROVINCE", "COUNTRY")) if t)
            for p in record.findall("INDIVIDUAL_PLACE_OF_BIRTH")
        ],
        "regions": [r for r in (occupied_region(t) for t in _texts(record, "*/STATE_PROVINCE")) if r],
        "data_id": _texts(record, "DATAID"),
    }
    return {key: unique([v for v in values if v]) for key, values in found.items() if any(values)}


def _countries(names: list[str]) -> list[str]:
    return unique([code for code in (to_iso2(name) for name in names) if code])
