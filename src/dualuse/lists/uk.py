"""HM Treasury / OFSI Consolidated List of Financial Sanctions Targets ("ConList").

Reads the two layouts OFSI published: `ConList.csv` (a `Last Updated,<date>` line, then the
36-column header) and `ConList.xlsx` (the same two rows on top of the sheet). One row is one
name variant of a target; rows sharing `Group ID` are one target, built here as one `Entity`
with the id `gb_hmt:<Group ID>` and the list id `gb_hmt`.

The FCDO "UK Sanctions List", which replaces ConList, has other columns: a file whose header
is not the ConList header is refused with a `ListFormatError` rather than guessed at.
This module reads only the file it is given; everything else is pure mapping.
"""

from __future__ import annotations

import csv
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from dualuse.countries import occupied_region, to_iso2
from dualuse.errors import ListFormatError
from dualuse.lists.base import ParseReport, Skip, add_property, add_unique, unique
from dualuse.lists.schemas import organisation_schema
from dualuse.lists.textfile import file_head
from dualuse.model import Address, Entity, Identifier

LIST_ID = "gb_hmt"

HEADER: tuple[str, ...] = (
    "Name 6",
    "Name 1",
    "Name 2",
    "Name 3",
    "Name 4",
    "Name 5",
    "Title",
    "Name Non-Latin Script",
    "Non-Latin Script Type",
    "Non-Latin Script Language",
    "DOB",
    "Town of Birth",
    "Country of Birth",
    "Nationality",
    "Passport Number",
    "Passport Details",
    "National Identification Number",
    "National Identification Details",
    "Position",
    "Address 1",
    "Address 2",
    "Address 3",
    "Address 4",
    "Address 5",
    "Address 6",
    "Post/Zip Code",
    "Country",
    "Other Information",
    "Group Type",
    "Alias Type",
    "Alias Quality",
    "Regime",
    "Listed On",
    "UK Sanctions List Date Designated",
    "Last Updated",
    "Group ID",
)

SCHEMAS = {"Individual": "Person", "Entity": "Organization", "Ship": "Vessel"}
ALIAS_TYPES = ("Primary name", "Primary name variation", "AKA", "FKA")
UNKNOWN_FORMAT_HINT = (
    "not the OFSI ConList header; the FCDO UK Sanctions List format that replaces ConList is not read yet"
)

# Labels OFSI puts in `Other Information` as "(Label):value"; anything else stays in remarks.
_INFO_LABELS = (
    "UK Sanctions List Ref",
    "UN Ref",
    "UK Statement of Reasons",
    "Gender",
    "Website",
    "Phone number",
    "Email address",
    "Type of entity",
    "Business Reg No",
    "Parent company",
    "Subsidiaries",
    "IMO number",
    "Current owners",
    "Flag of ship",
    "Previous flags",
    "Type of ship",
    "Tonnage of ship",
    "Length of ship",
    "Year built",
)
_INFO_LABEL = re.compile("\\((" + "|".join(re.escape(label) for label in _INFO_LABELS) + ")\\):")
# A reference at the start of a labelled value; the text after it belongs to the remark.
_REFERENCES = {
    "UK Sanctions List Ref": ("uk_sanctions_list_ref", re.compile(r"^\s*([A-Z]{2,4}\d{3,5})\b\.?\s*")),
    "UN Ref": ("un_ref", re.compile(r"^\s*([A-Z]{2}[a-z]\.\d+)\b\.?\s*")),
}
_NON_LATIN_IN_INFO = re.compile(r"Name \(non-Latin script\):\s*([^.]+)\.")
_NUMBERED = re.compile(r"\(\d+\)\s*")
_DAY_MONTH_YEAR = re.compile(r"^(\d{2})/(\d{2})/(\d{4})$")
_MONTH_YEAR = re.compile(r"^(\d{2})/(\d{4})$")
_YEAR = re.compile(r"^\d{4}$")
_REG_NUMBER = re.compile(r"\d[\d-]{4,}\d")
_NOW = re.compile(r"\bnow\s+([^)]+)", re.IGNORECASE)
_SCRIPT_SPELLINGS = {"cryillic": "Cyrillic", "cyrilic": "Cyrillic", "russian": "Cyrillic"}


@dataclass(slots=True)
class _Target:
    """The rows of one Group ID, folded together as they are read."""

    entity: Entity
    primary: str | None = None
    names: list[tuple[str, bool]] = field(default_factory=list)
    other_information_read: bool = False


def read_conlist(path: Path) -> ParseReport:
    """Read `ConList.csv` or `ConList.xlsx` (by extension) into one entity per Group ID."""
    rows = _xlsx_rows(path) if path.suffix.lower() in (".xlsx", ".xlsm") else _csv_rows(path)
    return parse_conlist_rows(rows, file=str(path))


def looks_like_conlist(head: str) -> bool:
    """True when the start of a text file is OFSI's ConList CSV (for format detection)."""
    lines = head.lstrip("\ufeff").splitlines()
    return len(lines) >= 2 and lines[0].startswith("Last Updated") and lines[1].startswith("Name 6,")


def is_conlist_file(path: Path) -> bool:
    """ConList CSV by its first two lines, ConList XLSX by the first strings of the workbook."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return looks_like_conlist(file_head(path))
    if suffix != ".xlsx" or not zipfile.is_zipfile(path):
        return False
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        member = next((n for n in ("xl/sharedStrings.xml", "xl/worksheets/sheet1.xml") if n in names), None)
        if member is None:
            return False
        with archive.open(member) as handle:
            head = handle.read(65536)
    return b"Last Updated" in head and b"Name 6" in head and b"Group ID" in head


def parse_conlist_rows(rows: Iterable[tuple[int, list[str]]], *, file: str) -> ParseReport:
    """Fold `(line number, cells)` rows (the `Last Updated` row first) into a `ParseReport`."""
    iterator = iter(rows)
    published = _read_preamble(iterator, file)
    _read_header(iterator, file)
    report = ParseReport(list_id=LIST_ID, published=published)
    targets: dict[str, _Target] = {}
    for line, cells in iterator:
        if not any(cells):
            continue
        cells = _trim_trailing_empty(cells)
        if len(cells) != len(HEADER):
            raise ListFormatError(
                f"expected {len(HEADER)} columns, found {len(cells)}", file=file, line=line, field="Group ID"
            )
        row = dict(zip(HEADER, (cell.strip() for cell in cells), strict=True))
        if not row["Group ID"]:
            report.skipped.append(Skip(file=file, line=line, reason="row without Group ID"))
            continue
        _add_row(targets, row, file, line)
    report.entities = [_finish(target) for target in targets.values()]
    return report


def _read_preamble(rows: Iterator[tuple[int, list[str]]], file: str) -> str:
    line, cells = next(rows, (1, []))
    if not cells or cells[0].strip() != "Last Updated":
        raise ListFormatError(
            f"expected a 'Last Updated' line first: {UNKNOWN_FORMAT_HINT}",
            file=file,
            line=line,
            field="Last Updated",
        )
    return _date(cells[1] if len(cells) > 1 else "", file, line, "Last Updated")


def _read_header(rows: Iterator[tuple[int, list[str]]], file: str) -> None:
    line, cells = next(rows, (2, []))
    header = tuple(cell.strip() for cell in cells)
    while header and not header[-1]:
        header = header[:-1]
    if header == HEADER:
        return
    for position, expected in enumerate(HEADER):
        found = header[position] if position < len(header) else "(missing)"
        if found != expected:
            raise ListFormatError(
                f"column {position + 1} is {found!r}, expected {expected!r}: {UNKNOWN_FORMAT_HINT}",
                file=file,
                line=line,
                field=expected,
            )
    raise ListFormatError(
        f"{len(header) - len(HEADER)} extra column(s) after 'Group ID': {UNKNOWN_FORMAT_HINT}",
        file=file,
        line=line,
        field=header[len(HEADER)],
    )


def _add_row(targets: dict[str, _Target], row: dict[str, str], file: str, line: int) -> None:
    group_id = row["Group ID"]
    target = targets.get(group_id)
    if target is None:
        schema = SCHEMAS.get(row["Group Type"])
        if schema is None:
            raise ListFormatError(
                f"unknown Group Type {row['Group Type']!r}", file=file, line=line, field="Group Type"
            )
        entity = Entity(id=f"{LIST_ID}:{group_id}", list_id=LIST_ID, schema=schema, name="")
        target = targets[group_id] = _Target(entity=entity)
    entity = target.entity
    _add_name(target, row, file, line)
    _add_person_facts(entity, row, file, line)
    _add_address(entity, row)
    _add_listing(entity, row, file, line)
    if not target.other_information_read:  # OFSI repeats the same text on every row of a target
        target.other_information_read = True
        _add_other_information(entity, row["Other Information"])


def _add_name(target: _Target, row: dict[str, str], file: str, line: int) -> None:
    alias_type = row["Alias Type"]
    if alias_type not in ALIAS_TYPES:
        raise ListFormatError(f"unknown Alias Type {alias_type!r}", file=file, line=line, field="Alias Type")
    name = _full_name(row, target.entity.schema)
    strong = row["Alias Quality"] != "Low quality"
    if name:
        if alias_type == "Primary name" and target.primary is None:
            target.primary = name
        target.names.append((name, strong))
    elif not row["Name Non-Latin Script"]:
        raise ListFormatError("row has no name", file=file, line=line, field="Name 6")
    if alias_type == "FKA" and name:
        add_property(target.entity.properties, "former_names", name)
    if row["Name Non-Latin Script"]:
        _add_non_latin(target.entity, row)


def _full_name(row: dict[str, str], schema: str) -> str:
    """Name 1-5 are given and middle names, Name 6 the surname (or the whole entity name)."""
    given = [row[f"Name {number}"] for number in range(1, 6) if row[f"Name {number}"]]
    parts = [*given, row["Name 6"]] if schema == "Person" else [row["Name 6"], *given]
    return " ".join(part for part in parts if part)


def _add_non_latin(entity: Entity, row: dict[str, str]) -> None:
    name = row["Name Non-Latin Script"]
    script = _script(row["Non-Latin Script Type"], name)
    language = row["Non-Latin Script Language"]
    if name not in entity.aliases:
        entity.aliases.append(name)
        label = f"{name} [{script}, {language}]" if language else f"{name} [{script}]"
        add_property(entity.properties, "non_latin_name", label)
        add_property(entity.properties, "script", script)


def _script(declared: str, name: str) -> str:
    """The declared script, with OFSI's misspellings fixed, or the one its letters use."""
    if declared:
        return _SCRIPT_SPELLINGS.get(declared.casefold(), declared)
    for char in name:
        if char.isalpha() and ord(char) > 0x24F:
            return unicodedata.name(char, "UNKNOWN").split()[0].title()
    return "Latin"


def _add_person_facts(entity: Entity, row: dict[str, str], file: str, line: int) -> None:
    if row["DOB"]:
        add_unique(entity.birth_dates, _date(row["DOB"], file, line, "DOB"))
    for label, key in (("Title", "title"), ("Position", "position"), ("Town of Birth", "birth_place")):
        if row[label]:
            add_property(entity.properties, key, row[label])
    if row["Country of Birth"]:
        _add_countries(entity, "birth_country", row["Country of Birth"])
    if row["Nationality"]:
        for code in _add_countries(entity, "nationality", row["Nationality"]):
            add_unique(entity.nationalities, code)
    _add_documents(entity, "passport", row["Passport Number"], row["Passport Details"])
    _add_documents(
        entity, "national_id", row["National Identification Number"], row["National Identification Details"]
    )


def _add_countries(entity: Entity, key: str, text: str) -> list[str]:
    """Resolve each numbered item; an unresolvable one is kept as text under `<key>_text`."""
    codes: list[str] = []
    for item in _numbered_items(text):
        code = _country(item)
        if code is None:
            add_property(entity.properties, f"{key}_text", item)
        else:
            codes.append(code)
            add_property(entity.properties, key, code)
    return codes


def _add_documents(entity: Entity, kind: str, numbers: str, details: str) -> None:
    if not numbers:
        if details:
            add_property(entity.properties, f"{kind}_details", details)
        return
    detail_items = _numbered_items(details)
    for position, number in enumerate(_numbered_items(numbers)):
        detail = detail_items[position] if position < len(detail_items) else (details or "")
        identifier = Identifier(
            kind=kind, value=number, country=to_iso2(_strip_note(detail)) if detail else None
        )
        if identifier not in entity.identifiers:
            entity.identifiers.append(identifier)
            if detail:
                add_property(entity.properties, f"{kind}_details", f"{number}: {detail}")


def _add_address(entity: Entity, row: dict[str, str]) -> None:
    lines = [row[f"Address {n}"] for n in range(1, 7)] + [row["Post/Zip Code"], row["Country"]]
    full = ", ".join(part for part in lines if part)
    if not full:
        return
    country = _country(row["Country"]) if row["Country"] else None
    address = Address(full=full, country=country)
    if address not in entity.addresses:
        entity.addresses.append(address)
    if country:
        add_unique(entity.countries, country)
    for region in filter(None, map(occupied_region, lines)):  # Crimea, "DNR", ...: a Russia nexus
        add_property(entity.properties, "regions", region)


def _add_listing(entity: Entity, row: dict[str, str], file: str, line: int) -> None:
    if row["Regime"]:
        add_unique(entity.programs, row["Regime"])
    if row["Listed On"]:
        listed = _date(row["Listed On"], file, line, "Listed On")
        entity.listed_on = min(filter(None, (entity.listed_on, listed)))
    for label, key in (
        ("UK Sanctions List Date Designated", "designated_on"),
        ("Last Updated", "last_updated"),
    ):
        if row[label]:
            add_property(entity.properties, key, _date(row[label], file, line, label))


def _add_other_information(entity: Entity, text: str) -> None:
    """Split `(Label):value` segments into properties; the unlabelled rest is the remark."""
    if not text:
        return
    pieces = _INFO_LABEL.split(text)
    rest = [pieces[0].strip()]
    for label, value in zip(pieces[1::2], pieces[2::2], strict=True):
        rest.append(_add_labelled(entity, label, value.strip()))
    for name in _NON_LATIN_IN_INFO.findall(text):
        if name.strip() not in entity.aliases:
            entity.aliases.append(name.strip())
            add_property(entity.properties, "non_latin_name", f"{name.strip()} [{_script('', name)}]")
    remark = " ".join(part for part in rest if part)
    entity.remarks = remark or None


def _add_labelled(entity: Entity, label: str, value: str) -> str:
    """Store one labelled value; return the text that belongs in the remark instead."""
    if label in _REFERENCES:
        key, pattern = _REFERENCES[label]
        match = pattern.match(value)
        if match is None:
            return f"({label}):{value}"
        add_property(entity.properties, key, match.group(1))
        return value[match.end() :].strip()
    if label == "UK Statement of Reasons":
        add_property(entity.properties, "statement_of_reasons", value)
    elif label == "Business Reg No":
        add_property(entity.properties, "business_reg_no", value)
        entity.identifiers.extend(i for i in company_numbers(value) if i not in entity.identifiers)
    elif label == "IMO number":
        entity.identifiers.append(Identifier(kind="imo", value=value.rstrip(".")))
    else:
        add_property(entity.properties, label.lower().replace(" ", "_"), value)
    return ""


def company_numbers(text: str) -> list[Identifier]:
    """Registry numbers in `Business Reg No`, typed by the label written before each one.

    OFSI writes these freely ("Russia INN - 7706196340", "(1) OGRN: 10... (2) TIN: 77...");
    an unlabelled number is a plain `registration`.
    """
    found: list[Identifier] = []
    start = 0
    for match in _REG_NUMBER.finditer(text):
        label = text[start : match.start()].upper()
        start = match.end()
        found.append(
            Identifier(kind=_registry_kind(label, match.group()), value=match.group().replace("-", ""))
        )
    return found


def _registry_kind(label: str, number: str) -> str:
    if "KPP" in label:
        return "kpp"
    if "OGRN" in label or "PSRN" in label:
        return "ogrn"
    russian = "RUSSIA" in label or "BELARUS" not in label
    if "INN" in label or (("TIN" in label or "TAX" in label) and russian and len(number) in (10, 12)):
        return "inn"
    if "TIN" in label or "TAX" in label or "УНН" in label:
        return "tax_id"
    return "registration"


def _finish(target: _Target) -> Entity:
    entity = target.entity
    names = [name for name, _ in target.names]
    primary = target.primary or (names[0] if names else entity.aliases[0])
    entity.name = primary
    if entity.schema == "Organization":
        entity.schema = organisation_schema(primary, entity.identifiers)
    strong = [name for name, is_strong in target.names if is_strong and name != primary]
    weak = [
        name for name, is_strong in target.names if not is_strong and name != primary and name not in strong
    ]
    entity.aliases = [name for name in unique([*strong, *entity.aliases]) if name != primary]
    entity.weak_aliases = unique(weak)
    return entity


def _date(value: str, file: str, line: int, field_name: str) -> str:
    """`dd/mm/yyyy` to ISO; `00` day or month (and `mm/yyyy`, `yyyy`) give a partial date."""
    text = value.strip()
    match = _DAY_MONTH_YEAR.match(text)
    if match:
        day, month, year = match.groups()
        parts = [year] + ([month] if month != "00" else []) + ([day] if month != "00" and day != "00" else [])
    elif _MONTH_YEAR.match(text):
        month, year = text.split("/")
        parts = [year, month] if month != "00" else [year]
    elif _YEAR.match(text):
        parts = [text]
    else:
        raise ListFormatError(f"not a dd/mm/yyyy date: {value!r}", file=file, line=line, field=field_name)
    if (len(parts) > 1 and not 1 <= int(parts[1]) <= 12) or (len(parts) > 2 and not 1 <= int(parts[2]) <= 31):
        raise ListFormatError(f"impossible date: {value!r}", file=file, line=line, field=field_name)
    return "-".join(parts)


def _trim_trailing_empty(cells: list[str]) -> list[str]:
    """Workbooks may carry empty cells to the right of the table; they are not columns."""
    end = len(cells)
    while end > len(HEADER) and not cells[end - 1].strip():
        end -= 1
    return cells[:end]


def _numbered_items(text: str) -> list[str]:
    """`(1) Russia. (2) Ukraine` -> ["Russia", "Ukraine"]; plain text -> [text]."""
    items = [item.strip(" .,;") for item in _NUMBERED.split(text)]
    return [item for item in items if item]


def _country(text: str) -> str | None:
    """A country as OFSI writes it, including `Former USSR (now Belarus)`."""
    code = to_iso2(_strip_note(text))
    if code is None and (now := _NOW.search(text)):
        code = to_iso2(_strip_note(now.group(1)))
    return code


def _strip_note(text: str) -> str:
    """`Iraq (previous address)` -> `Iraq`: OFSI adds notes in brackets after a country."""
    return re.sub(r"\s*\(.*?\)\s*", " ", text).strip(" .")


def _csv_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    """Rows with the line each starts on (a quoted cell may span lines)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        start = 1
        for cells in reader:
            yield start, cells
            start = reader.line_num + 1


def _xlsx_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook  # imported here: only workbook users pay for it

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises zipfile, KeyError and its own errors alike
        raise ListFormatError(f"not a readable XLSX workbook: {error}", file=str(path), line=None) from error
    try:
        sheet = workbook.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, ["" if value is None else str(value) for value in values]
    finally:
        workbook.close()
