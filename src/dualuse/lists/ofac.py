"""OFAC legacy CSV: the SDN list (sdn.csv, add.csv, alt.csv, sdn_comments.csv) and the
consolidated non-SDN list (cons_prim.csv, cons_add.csv, cons_alt.csv, cons_comments.csv).

Both lists share one layout, so one reader parameterised by `OfacLayout` reads them. The
files have no header, write `-0- ` for an empty field and end with a `\\x1a` line. Remarks
overflow into the comments file; they are joined before the remarks are parsed.
Address, alias and comment rows whose ent_num is not in the primary file (the shared copies
come from different dates) are counted as `Skip`s, never joined to a guess or dropped quietly.

Schema: individual -> Person, vessel -> Vessel, aircraft -> Airplane; SDN_Type "entity"
(written `-0-`) -> Company or Organization by `schemas.organisation_schema`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from dualuse.countries import occupied_region, to_iso2
from dualuse.errors import ListFormatError
from dualuse.lists.base import ParseReport, Skip, add_property
from dualuse.lists.ofac_layout import CONSOLIDATED, SDN, OfacLayout
from dualuse.lists.ofac_remarks import RemarkFacts, parse_remarks
from dualuse.lists.schemas import organisation_schema
from dualuse.lists.textfile import delimited_rows
from dualuse.model import Address, Entity, Relation

EMPTY = "-0-"
TYPE_SCHEMAS = {"individual": "Person", "vessel": "Vessel", "aircraft": "Airplane"}
VESSEL_COLUMNS = ("call_sign", "vessel_type", "tonnage", "gross_registered_tonnage", "flag", "owner")


@dataclass(slots=True)
class _Draft:
    """A primary row while its comments, addresses and aliases are gathered."""

    line: int
    row: list[str]
    remarks: list[str] = field(default_factory=list)


def parse_ofac_sdn(folder: Path) -> ParseReport:
    """The SDN list from a folder holding sdn.csv and (optionally) add/alt/sdn_comments.csv."""
    return parse_ofac(folder, SDN)


def parse_ofac_consolidated(folder: Path) -> ParseReport:
    """The consolidated non-SDN list from a folder holding cons_prim.csv and friends."""
    return parse_ofac(folder, CONSOLIDATED)


def parse_ofac(folder: Path, layout: OfacLayout) -> ParseReport:
    """Every entry of one OFAC legacy-CSV list, with its joined rows and the rows skipped."""
    primary = folder / layout.primary
    if not primary.is_file():
        raise ListFormatError("primary file not found", file=str(primary), field=layout.primary)
    report = ParseReport(list_id=layout.list_id)
    drafts = _read_primary(primary)
    _join_comments(folder / layout.comments, drafts, report)
    entities = {ent_num: _entity(layout.list_id, draft) for ent_num, draft in drafts.items()}
    _join_addresses(folder / layout.addresses, entities, report)
    _join_aliases(folder / layout.aliases, entities, report)
    _resolve_links(entities)
    report.entities = list(entities.values())
    return report


def _clean(value: str) -> str | None:
    stripped = value.strip()
    return None if not stripped or stripped == EMPTY else stripped


def _ent_num(path: Path, line: int, value: str) -> int:
    try:
        return int(value.strip())
    except ValueError:
        raise ListFormatError(
            f"ent_num {value!r} is not a number", file=path.name, line=line, field="ent_num"
        ) from None


def _read_primary(path: Path) -> dict[int, _Draft]:
    drafts: dict[int, _Draft] = {}
    for line, row in delimited_rows(path, columns=12):
        ent_num = _ent_num(path, line, row[0])
        if ent_num in drafts:
            raise ListFormatError(
                f"ent_num {ent_num} repeats the row at line {drafts[ent_num].line}",
                file=path.name,
                line=line,
                field="ent_num",
            )
        if not _clean(row[1]):
            raise ListFormatError("entry without a name", file=path.name, line=line, field="SDN_Name")
        drafts[ent_num] = _Draft(line=line, row=row, remarks=[row[11]] if _clean(row[11]) else [])
    return drafts


def _rows_for_known(
    path: Path, columns: int, known: set[int], report: ParseReport, what: str
) -> list[tuple[int, int, list[str]]]:
    """(ent_num, line, row) of a secondary file's rows whose ent_num is known; the others
    become counted skips."""
    if not path.is_file():
        return []
    kept = []
    for line, row in delimited_rows(path, columns=columns):
        ent_num = _ent_num(path, line, row[0])
        if ent_num in known:
            kept.append((ent_num, line, row))
        else:
            report.skipped.append(
                Skip(file=path.name, line=line, reason=f"{what} for an ent_num not in the list")
            )
    return kept


def _join_comments(path: Path, drafts: dict[int, _Draft], report: ParseReport) -> None:
    for ent_num, _, row in _rows_for_known(path, 2, set(drafts), report, "remarks overflow"):
        if _clean(row[1]):  # appended unstripped: the cut can fall on a space between two words
            drafts[ent_num].remarks.append(row[1])


def _schema(sdn_type: str | None, name: str, facts: RemarkFacts) -> str:
    if sdn_type and sdn_type.lower() in TYPE_SCHEMAS:
        return TYPE_SCHEMAS[sdn_type.lower()]
    return organisation_schema(name, facts.identifiers)


def _vessel_properties(row: list[str], facts: RemarkFacts) -> None:
    for key, value in zip(VESSEL_COLUMNS, row[5:11], strict=True):
        cleaned = _clean(value)
        if cleaned:
            facts.add_property(key, cleaned)
            if key == "flag":
                facts.add_country(cleaned)


def _entity(list_id: str, draft: _Draft) -> Entity:
    row = draft.row
    remarks = "".join(draft.remarks) or None
    facts = parse_remarks(remarks)
    name = _clean(row[1]) or ""
    _vessel_properties(row, facts)
    title = _clean(row[4])
    if title:
        facts.add_property("title", title)
    programs = [p.strip() for p in (_clean(row[3]) or "").strip("[]").split("] [") if p.strip()]
    return Entity(
        id=f"{list_id}:{row[0].strip()}",
        list_id=list_id,
        schema=_schema(_clean(row[2]), name, facts),
        name=name,
        aliases=facts.aliases,
        weak_aliases=facts.weak_aliases,
        countries=facts.countries,
        identifiers=facts.identifiers,
        programs=programs,
        birth_dates=facts.birth_dates,
        nationalities=facts.nationalities,
        relations=facts.relations,
        flags=facts.flags,
        remarks=remarks,
        properties=facts.properties,
    )


def _join_addresses(path: Path, entities: dict[int, Entity], report: ParseReport) -> None:
    for ent_num, _, row in _rows_for_known(path, 6, set(entities), report, "address"):
        entity = entities[ent_num]
        country_text = _clean(row[4])
        parts = [part for part in (_clean(row[2]), _clean(row[3]), country_text) if part]
        if not parts:
            continue
        country = to_iso2(country_text)
        entity.addresses.append(Address(full=", ".join(parts), country=country))
        if country and country not in entity.countries:
            entity.countries.append(country)
        region = occupied_region(country_text) or occupied_region(_clean(row[3]))
        if region:
            add_property(entity.properties, "regions", region)


def _join_aliases(path: Path, entities: dict[int, Entity], report: ParseReport) -> None:
    for ent_num, line, row in _rows_for_known(path, 5, set(entities), report, "alias"):
        entity = entities[ent_num]
        alias = _clean(row[3])
        if not alias:
            report.skipped.append(Skip(file=path.name, line=line, reason="alias row without a name"))
        elif alias != entity.name and alias not in entity.aliases:
            entity.aliases.append(alias)
            if (_clean(row[2]) or "").lower() == "fka":
                entity.properties.setdefault("former_names", []).append(alias)


def _resolve_links(entities: dict[int, Entity]) -> None:
    """Point "Linked To: NAME" at the entry of that name in the same list, when there is one."""
    by_name: dict[str, str] = {}
    for entity in entities.values():
        for name in (entity.name, *entity.aliases):
            by_name.setdefault(name.upper(), entity.id)
    for entity in entities.values():
        entity.relations = [
            Relation(kind=r.kind, target_name=r.target_name, target_id=by_name.get(r.target_name.upper()))
            for r in entity.relations
        ]
