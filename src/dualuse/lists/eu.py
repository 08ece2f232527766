"""EU Consolidated Financial Sanctions list (FSF): the XML export (v1.1) and its semicolon CSV.

Built from the published structure (an `export` root in the namespace
`http://eu.europa.ec/fpi/fsd/export`, one `sanctionEntity` per target with `nameAlias`,
`citizenship`, `birthdate`, `address`, `identification`, `regulation`, `subjectType`, all
facts carried as attributes) and checked on fixtures written here: it has NOT been run against
a full official file. It is therefore strict: an element, attribute-bearing child or CSV column
it does not know raises `ListFormatError` (file, line, field) instead of being skipped.

Entity ids are `eu_fsf:<logicalId>` (the FSF's own stable id); `euReferenceNumber`
(e.g. `EU.27.28`) is kept in `properties["eu_reference_number"]`.
Names with `strong="false"` are weak aliases. The CSV has no `strong` column, so every CSV
name is a strong alias. This module reads only the file it is given.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from dualuse.countries import occupied_region, to_iso2
from dualuse.errors import ListFormatError
from dualuse.lists.base import ParseReport, add_property
from dualuse.lists.ofac_remarks import identifier_kind
from dualuse.lists.schemas import organisation_schema
from dualuse.lists.textfile import file_head
from dualuse.model import Address, Entity, Identifier

LIST_ID = "eu_fsf"
NAMESPACE = "http://eu.europa.ec/fpi/fsd/export"
PARTS = ("nameAlias", "citizenship", "birthdate", "address", "identification")
_ENTITY_CHILDREN = frozenset({"remark", "regulation", "subjectType", *PARTS})
_PART_CHILDREN = frozenset({"regulationSummary", "remark", "contactInfo"})
_REGULATION_CHILDREN = frozenset({"publicationUrl", "remark"})
SCHEMAS = {"P": "Person", "E": "Organization", "V": "Vessel"}
DOCUMENT_KINDS = {
    "passport": "passport",
    "id": "national_id",
    "ssn": "national_id",
    "fiscalcode": "tax_id",
    "tax": "tax_id",
    "regnumber": "registration",
    "swiftbic": "bic",
    "imo": "imo",
}
UNKNOWN_COUNTRY = "00"

# CSV column prefix -> the XML element whose attributes it flattens.
_CSV_PREFIXES = {
    "NameAlias": "nameAlias",
    "Citizenship": "citizenship",
    "BirthDate": "birthdate",
    "Address": "address",
    "Identification": "identification",
}
# CSV column suffixes whose XML attribute is not simply the suffix with a lower-case initial.
_CSV_RENAMES = {
    "BirthDate_BirthDate": "birthdate",
    "BirthDate_Day": "dayOfMonth",
    "BirthDate_Month": "monthOfYear",
    "Identification_TypeCode": "identificationTypeCode",
    "Identification_TypeDescription": "identificationTypeDescription",
    "Entity_EU_ReferenceNumber": "euReferenceNumber",
    "Entity_SubjectType": "subjectType",
    "Entity_SubjectType_ClassificationCode": "classificationCode",
    "Entity_Regulation_Type": "regulationType",
}
_CSV_REQUIRED = ("Entity_LogicalId", "Entity_SubjectType_ClassificationCode", "NameAlias_WholeName")
_REGULATION_COLUMNS = (
    "Type",
    "OrganisationType",
    "PublicationDate",
    "EntryIntoForceDate",
    "NumberTitle",
    "Programme",
    "PublicationUrl",
)
_PART_COLUMNS = {
    "NameAlias": (
        "LastName", "FirstName", "MiddleName", "WholeName", "NameLanguage", "Gender", "Title", "Function",
    ),
    "Address": (
        "City", "Street", "PoBox", "ZipCode", "Region", "Place", "AsAtListingTime", "ContactInfo",
        "CountryIso2Code", "CountryDescription",
    ),
    "BirthDate": (
        "BirthDate", "Day", "Month", "Year", "YearRangeFrom", "YearRangeTo", "Circa", "CalendarType",
        "ZipCode", "Region", "Place", "City", "CountryIso2Code", "CountryDescription",
    ),
    "Identification": (
        "Number", "Diplomatic", "KnownExpired", "KnownFalse", "ReportedLost", "RevokedByIssuer", "IssuedBy",
        "IssuedDate", "ValidFrom", "ValidTo", "LatinNumber", "NameOnDocument", "TypeCode", "TypeDescription",
        "Region", "CountryIso2Code", "CountryDescription",
    ),
    "Citizenship": ("Region", "CountryIso2Code", "CountryDescription"),
}  # fmt: skip
KNOWN_CSV_COLUMNS = frozenset(
    {
        "fileGenerationDate",
        *(
            f"Entity_{name}"
            for name in (
                "LogicalId", "EU_ReferenceNumber", "UnitedNationId", "DesignationDate", "DesignationDetails",
                "Remark", "SubjectType", "SubjectType_ClassificationCode",
            )
        ),
        *(f"Entity_Regulation_{name}" for name in _REGULATION_COLUMNS),
        *(
            f"{prefix}_{name}"
            for prefix, names in _PART_COLUMNS.items()
            for name in (*names, "LogicalId", "RegulationLanguage", "Remark")
        ),
        *(f"{prefix}_Regulation_{name}" for prefix in _PART_COLUMNS for name in _REGULATION_COLUMNS),
    }
)  # fmt: skip
_DAY_MONTH_YEAR = re.compile(r"^(\d{2})/(\d{2})/(\d{4})$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(slots=True)
class _Record:
    """One `sanctionEntity`, whichever file form it came from, as attribute maps."""

    line: int
    subject_line: int = 0
    attributes: dict[str, str] = field(default_factory=dict)
    remarks: list[str] = field(default_factory=list)
    regulations: list[dict[str, str]] = field(default_factory=list)
    parts: dict[str, dict[str, dict[str, str]]] = field(default_factory=lambda: {part: {} for part in PARTS})


def read_fsf(path: Path) -> ParseReport:
    """Read an FSF `.xml` export or `.csv` file: one entity per `sanctionEntity`."""
    if path.suffix.lower() == ".csv":
        published, records = _csv_records(path)
    else:
        published, records = _xml_records(path)
    report = ParseReport(list_id=LIST_ID, published=published)
    report.entities = [_entity(record, path.name) for record in records]
    return report


def looks_like_fsf(head: str) -> bool:
    """True when the start of a file is an FSF XML export or FSF CSV (for format detection)."""
    text = head.lstrip("\ufeff")
    return NAMESPACE in text or text.startswith("fileGenerationDate;Entity_LogicalId")


def is_fsf_file(path: Path) -> bool:
    """An `.xml` or `.csv` file whose start is the FSF's (for format detection)."""
    if path.suffix.lower() not in (".xml", ".csv"):
        return False
    return looks_like_fsf(file_head(path))


# --- XML -------------------------------------------------------------------------------


def _xml_records(path: Path) -> tuple[str | None, list[_Record]]:
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    try:
        root = etree.parse(str(path), parser).getroot()
    except etree.XMLSyntaxError as error:
        raise ListFormatError(
            f"not well-formed XML: {error.msg}", file=path.name, line=error.lineno, field="xml"
        ) from error
    if _local(root) != "export":
        raise ListFormatError(
            f"root element is <{_local(root)}>, expected <export>",
            file=path.name,
            line=root.sourceline,
            field=_local(root),
        )
    records = [_xml_record(path, child) for child in _children(path, root, {"sanctionEntity"}, "export")]
    return (root.get("generationDate") or "")[:10] or None, records


def _xml_record(path: Path, element: etree._Element) -> _Record:
    record = _Record(line=element.sourceline or 0, attributes=dict(element.attrib))
    where = f"sanctionEntity[{element.get('logicalId')}]"
    for child in _children(path, element, _ENTITY_CHILDREN, where):
        tag = _local(child)
        if tag == "remark":
            record.remarks.append(" ".join((child.text or "").split()))
        elif tag == "subjectType":
            record.attributes["subjectType"] = child.get("code", "")
            record.attributes["classificationCode"] = child.get("classificationCode", "")
            record.subject_line = child.sourceline or record.line
        elif tag == "regulation":
            regulation = dict(child.attrib)
            for sub in _children(path, child, _REGULATION_CHILDREN, f"{where}/regulation"):
                regulation[_local(sub)] = (sub.text or "").strip()
            record.regulations.append(regulation)
        else:
            attributes = dict(child.attrib)
            for sub in _children(path, child, _PART_CHILDREN, f"{where}/{tag}"):
                if _local(sub) == "remark":
                    attributes["remark"] = (sub.text or "").strip()
            attributes["_line"] = str(child.sourceline)
            record.parts[tag][attributes.get("logicalId") or str(len(record.parts[tag]))] = attributes
    return record


def _children(
    path: Path, element: etree._Element, allowed: frozenset[str] | set[str], where: str
) -> Iterator[etree._Element]:
    """Child elements in the FSF namespace; anything unknown is an error, not a skip."""
    for child in element:
        if not isinstance(child.tag, str):
            continue  # comments, processing instructions
        if etree.QName(child).namespace != NAMESPACE or _local(child) not in allowed:
            raise ListFormatError(
                f"unknown element <{child.tag}> in <{_local(element)}>",
                file=path.name,
                line=child.sourceline,
                field=f"{where}/{_local(child)}",
            )
        yield child


def _local(element: etree._Element) -> str:
    return str(etree.QName(element).localname)


# --- CSV -------------------------------------------------------------------------------


def _csv_records(path: Path) -> tuple[str | None, list[_Record]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter=";")
        header = next(reader, [])
        _check_csv_header(path, header)
        records: dict[str, _Record] = {}
        published: str | None = None
        start = reader.line_num + 1
        for cells in reader:
            line, start = start, reader.line_num + 1
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) != len(header):
                raise ListFormatError(
                    f"expected {len(header)} columns, found {len(cells)}",
                    file=path.name,
                    line=line,
                    field=header[-1],
                )
            row = dict(zip(header, (cell.strip() for cell in cells), strict=True))
            if row.get("fileGenerationDate"):
                published = _csv_date(row["fileGenerationDate"], path.name, line, "fileGenerationDate")
            _add_csv_row(records, row, line)
    return published, list(records.values())


def _check_csv_header(path: Path, header: list[str]) -> None:
    for column in header:
        if column not in KNOWN_CSV_COLUMNS:
            raise ListFormatError(f"unknown FSF CSV column {column!r}", file=path.name, line=1, field=column)
    for column in _CSV_REQUIRED:
        if column not in header:
            raise ListFormatError("required FSF CSV column is missing", file=path.name, line=1, field=column)


def _add_csv_row(records: dict[str, _Record], row: Mapping[str, str], line: int) -> None:
    """The CSV repeats the entity on every row and gives one name, address, ... per row."""
    logical_id = row["Entity_LogicalId"]
    record = records.get(logical_id)
    if record is None:
        record = records[logical_id] = _Record(line=line)
        for column, value in row.items():
            if column.startswith("Entity_") and not column.startswith("Entity_Regulation_"):
                record.attributes[_csv_attribute(column)] = value
        if record.attributes.pop("remark", ""):
            record.remarks.append(row["Entity_Remark"])
    regulation = {_csv_attribute(c): v for c, v in row.items() if c.startswith("Entity_Regulation_") and v}
    if regulation and regulation not in record.regulations:
        record.regulations.append(regulation)
    for prefix, part in _CSV_PREFIXES.items():
        attributes = {_csv_attribute(c): v for c, v in row.items() if c.startswith(prefix + "_") and v}
        if attributes and not set(attributes) <= {"regulationLanguage"}:
            attributes["_line"] = str(line)
            key = attributes.get("logicalId") or f"row{line}"
            record.parts[part].setdefault(key, attributes)


def _csv_attribute(column: str) -> str:
    if column in _CSV_RENAMES:
        return _CSV_RENAMES[column]
    suffix = column.split("_", 1)[1]
    if suffix.startswith("Regulation_"):
        suffix = suffix[len("Regulation_") :]
    return suffix[:1].lower() + suffix[1:]


def _csv_date(value: str, file: str, line: int, field_name: str) -> str:
    match = _DAY_MONTH_YEAR.match(value)
    if match:
        day, month, year = match.groups()
        return f"{year}-{month}-{day}"
    if _ISO_DATE.match(value):
        return value
    raise ListFormatError(f"not a date: {value!r}", file=file, line=line, field=field_name)


# --- entity ----------------------------------------------------------------------------


def _entity(record: _Record, file: str) -> Entity:
    attributes = record.attributes
    logical_id = attributes.get("logicalId", "")
    if not logical_id:
        raise ListFormatError(
            "sanctionEntity without logicalId", file=file, line=record.line, field="logicalId"
        )
    schema = SCHEMAS.get(attributes.get("classificationCode", ""))
    if schema is None:
        raise ListFormatError(
            f"unknown subjectType {attributes.get('classificationCode')!r}",
            file=file,
            line=record.subject_line or record.line,
            field="subjectType/@classificationCode",
        )
    entity = Entity(id=f"{LIST_ID}:{logical_id}", list_id=LIST_ID, schema=schema, name="")
    _add_names(entity, record, file)
    _add_listing(entity, record, file)
    _add_citizenships(entity, record.parts["citizenship"])
    _add_birthdates(entity, record.parts["birthdate"], file)
    _add_addresses(entity, record.parts["address"])
    _add_identifications(entity, record.parts["identification"])
    if schema == "Organization":
        entity.schema = organisation_schema(entity.name, entity.identifiers)
    return entity


def _add_names(entity: Entity, record: _Record, file: str) -> None:
    for alias in record.parts["nameAlias"].values():
        name = alias.get("wholeName") or " ".join(
            alias[key] for key in ("firstName", "middleName", "lastName") if alias.get(key)
        )
        if not name:
            continue
        weak = alias.get("strong", "true").lower() == "false"
        if not entity.name and not weak:
            entity.name = name
        elif weak:
            entity.weak_aliases.append(name)
        elif name not in entity.aliases and name != entity.name:
            entity.aliases.append(name)
        if alias.get("nameLanguage"):
            add_property(entity.properties, "name_language", f"{name} [{alias['nameLanguage']}]")
        for key, prop in (("function", "position"), ("gender", "gender"), ("title", "title")):
            if alias.get(key):
                add_property(entity.properties, prop, alias[key])
    if not entity.name:
        fallback = entity.weak_aliases[:1]
        if not fallback:
            raise ListFormatError(
                "sanctionEntity has no name", file=file, line=record.line, field="nameAlias/@wholeName"
            )
        entity.name = entity.weak_aliases.pop(0)


def _add_listing(entity: Entity, record: _Record, file: str) -> None:
    attributes = record.attributes
    for attribute, prop in (
        ("euReferenceNumber", "eu_reference_number"),
        ("unitedNationId", "un_ref"),
        ("designationDetails", "designation_details"),
    ):
        if attributes.get(attribute):
            add_property(entity.properties, prop, attributes[attribute])
    if attributes.get("designationDate"):
        entity.listed_on = _csv_date(attributes["designationDate"], file, record.line, "designationDate")
    for regulation in record.regulations:
        if regulation.get("programme") and regulation["programme"] not in entity.programs:
            entity.programs.append(regulation["programme"])
        title = " ".join(regulation.get(key, "") for key in ("numberTitle", "publicationDate")).strip()
        if title:
            add_property(entity.properties, "regulation", title)
        if regulation.get("publicationUrl"):
            add_property(entity.properties, "regulation_url", regulation["publicationUrl"])
    entity.remarks = "\n".join(remark for remark in record.remarks if remark) or None


def _add_citizenships(entity: Entity, citizenships: dict[str, dict[str, str]]) -> None:
    for citizenship in citizenships.values():
        code = _country(citizenship)
        if code and code not in entity.nationalities:
            entity.nationalities.append(code)


def _add_birthdates(entity: Entity, birthdates: dict[str, dict[str, str]], file: str) -> None:
    for birth in birthdates.values():
        date = _birth_date(birth, file)
        if date and date not in entity.birth_dates:
            entity.birth_dates.append(date)
        place = ", ".join(birth[key] for key in ("place", "city", "region") if birth.get(key))
        if place:
            add_property(entity.properties, "birth_place", place)
        if _country(birth):
            add_property(entity.properties, "birth_country", _country(birth) or "")


def _birth_date(birth: Mapping[str, str], file: str) -> str | None:
    """The full date, or the parts given (`year` only, `year` + `monthOfYear`), or a year range."""
    line = int(birth.get("_line", "0"))
    if birth.get("birthdate"):
        if not _ISO_DATE.match(birth["birthdate"]):
            raise ListFormatError(
                f"not a date: {birth['birthdate']!r}", file=file, line=line, field="birthdate/@birthdate"
            )
        return birth["birthdate"]
    year = birth.get("year") or birth.get("yearRangeFrom")
    if not year:
        return None
    parts = [year, birth.get("monthOfYear", "")]
    if not all(part.isdigit() for part in parts if part) or not year.isdigit() or len(year) != 4:
        raise ListFormatError(f"not a year/month: {parts!r}", file=file, line=line, field="birthdate/@year")
    return year if not parts[1] else f"{year}-{int(parts[1]):02d}"


def _add_addresses(entity: Entity, addresses: dict[str, dict[str, str]]) -> None:
    for address in addresses.values():
        keys = ("street", "poBox", "city", "zipCode", "region", "place", "countryDescription")
        full = ", ".join(address[key] for key in keys if address.get(key) and address[key] != "UNKNOWN")
        code = _country(address)
        if not full and not code:
            continue
        entity.addresses.append(Address(full=full or code or "", country=code))
        if code and code not in entity.countries:
            entity.countries.append(code)
        for key in ("region", "city", "place"):  # Crimea, Sevastopol, "DNR", ...: a Russia nexus
            region = occupied_region(address.get(key))
            if region:
                add_property(entity.properties, "regions", region)
        if address.get("contactInfo"):
            add_property(entity.properties, "contact_info", address["contactInfo"])


def _add_identifications(entity: Entity, identifications: dict[str, dict[str, str]]) -> None:
    for document in identifications.values():
        number = document.get("number") or document.get("latinNumber")
        if not number:
            continue
        code = document.get("identificationTypeCode", "other").lower()
        country = _country(document)
        kind = identifier_kind(DOCUMENT_KINDS.get(code, re.sub(r"\W+", "_", code)), number, country)
        entity.identifiers.append(Identifier(kind=kind, value=number, country=country))
        description = document.get("identificationTypeDescription") or document.get("remark")
        if description:
            add_property(entity.properties, f"{kind}_details", f"{number}: {description}")


def _country(attributes: Mapping[str, str]) -> str | None:
    code = attributes.get("countryIso2Code", "")
    if code and code != UNKNOWN_COUNTRY:
        return code.upper()
    description = attributes.get("countryDescription", "")
    return to_iso2(description) if description and description != "UNKNOWN" else None
