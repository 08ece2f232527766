"""Cross-list links: the same company or person listed by several authorities.

Two entities of different lists are linked when they share
1. an identifier of a linkable kind (same kind family and same value, compared by
   `dualuse.identifiers.identifier_key` as the name matcher compares them: a Russian INN on the
   UK list and a "Tax ID No." on the SDN list are one `company_number`; a passport also needs
   the same issuing country when both lists give one), or the UN reference a UK or EU entry
   quotes (`un_ref`) and the UN list's own id; or
2. the same normalised name (case, accents, punctuation and word order ignored; weak aliases
   never count; on at least one side it must be the primary name, since generic aliases such
   as "Ansar al-Shari'a" are shared by different groups) AND, for a person, the same birth date,
   or, for an organisation, a shared country.
A name alone never links. Links are transitive, but a link that would put two entries of the
same list into one group is refused (and counted): the same list does not list one party twice,
so such a link is more likely wrong than the list. Identifier links are applied first, then
name and birth date, then name and country. Each entity of a group carries the ids of the
others in `properties["same_as"]` (docs/architecture.md, Conventions). Pure functions, no I/O.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from dualuse.countries import normalise_key
from dualuse.identifiers import identifier_key
from dualuse.model import Entity

SAME_AS = "same_as"
UN_LIST_ID = "un_sc"
PERSON = "Person"
VESSEL = "Vessel"

# Identifier kinds that name one party (a KPP, a website or a licence number does not).
_KIND_FAMILIES = {
    "inn": "company_number",
    "tax_id": "company_number",
    "ogrn": "company_number",
    "registration": "company_number",
    "uscc": "company_number",
    "lei": "lei",
    "bic": "bic",
    "imo": "imo",
    "duns": "duns",
    "passport": "passport",
    "national_id": "national_id",
}
_NEEDS_SAME_COUNTRY = frozenset({"passport", "national_id"})
NAME_AND_BIRTH_DATE = "name+birth_date"
NAME_AND_COUNTRY = "name+country"
MIN_IDENTIFIER_LENGTH = 6
"""Shorter values ("1000", "A12") are too often shared by chance."""


@dataclass(frozen=True, slots=True)
class Link:
    """Two entities joined, and the evidence, e.g. `inn 7702070139` or `name+birth_date`."""

    first: str
    second: str
    reason: str


@dataclass(slots=True)
class LinkReport:
    """What `link_entities` joined: every pairwise link and the groups they form."""

    links: list[Link] = field(default_factory=list)
    groups: list[list[str]] = field(default_factory=list)
    refused: list[Link] = field(default_factory=list)
    """Links that would have joined two entries of one list."""

    @property
    def linked_entities(self) -> int:
        return sum(len(group) for group in self.groups)


def link_entities(entities: list[Entity]) -> LinkReport:
    """Find cross-list twins and write `properties["same_as"]` on every linked entity.

    Links from an earlier run are replaced, so linking a snapshot again is idempotent.
    """
    by_id = {entity.id: entity for entity in entities}
    conflicts: list[tuple[str, str]] = []
    candidates = _dedupe([*_identifier_links(entities, conflicts), *_name_links(entities)])
    report = _group(candidates, by_id, conflicts)
    for entity in entities:
        entity.properties.pop(SAME_AS, None)
    for group in report.groups:
        for member in group:
            by_id[member].properties[SAME_AS] = [other for other in group if other != member]
    return report


def normalise_name(name: str) -> str:
    """Case, accents, punctuation and word order ignored: `ZADACHIN, Andrei` = `Andrei Zadachin`."""
    return " ".join(sorted(normalise_key(name).split()))


def _identifier_links(entities: list[Entity], conflicts: list[tuple[str, str]]) -> Iterator[Link]:
    """Links by shared identifier; pairs whose documents disagree on the issuer go to `conflicts`."""
    holders: dict[tuple[str, str], list[Entity]] = defaultdict(list)
    for entity in entities:
        for key in sorted(_identifier_keys(entity)):  # sorted: link order must not depend on hashing
            holders[key].append(entity)
    for (family, value), group in holders.items():
        for first, second in _cross_list_pairs(group):
            if family in _NEEDS_SAME_COUNTRY and not _same_document_country(first, second, value):
                conflicts.append((first.id, second.id))
                continue
            if _schemas_compatible(first, second):
                yield Link(first.id, second.id, f"{family} {value}")


def _identifier_keys(entity: Entity) -> set[tuple[str, str]]:
    keys = set()
    for identifier in entity.identifiers:
        family = _KIND_FAMILIES.get(identifier.kind)
        value = identifier_key(identifier.kind, identifier.value)  # as the name matcher compares
        if family and len(value) >= MIN_IDENTIFIER_LENGTH:
            keys.add((family, value))
    for reference in entity.properties.get("un_ref", []):
        keys.add(("un_ref", reference.strip().upper()))
    if entity.list_id == UN_LIST_ID:
        keys.add(("un_ref", entity.id.split(":", 1)[1].upper()))
    return keys


def _same_document_country(first: Entity, second: Entity, value: str) -> bool:
    """Passport and id numbers repeat across countries: both sides' issuers must agree."""

    def countries(entity: Entity) -> set[str]:
        return {
            identifier.country
            for identifier in entity.identifiers
            if identifier.country and identifier_key(identifier.kind, identifier.value) == value
        }

    one, other = countries(first), countries(second)
    return not one or not other or bool(one & other)


def _name_links(entities: list[Entity]) -> Iterator[Link]:
    holders: dict[str, list[Entity]] = defaultdict(list)
    for entity in entities:
        for name in sorted({normalise_name(n) for n in (entity.name, *entity.aliases)}):
            if name:
                holders[name].append(entity)
    for name, group in holders.items():
        for first, second in _cross_list_pairs(group):
            if not _schemas_compatible(first, second) or name not in (_primary(first), _primary(second)):
                continue
            reason = _name_evidence(first, second)
            if reason:
                yield Link(first.id, second.id, reason)


def _primary(entity: Entity) -> str:
    return normalise_name(entity.name)


def _name_evidence(first: Entity, second: Entity) -> str | None:
    """What, besides the name, says these are one party; None when nothing does.

    A person needs the same birth date: "Kim Yong Chol" of North Korea is several people.
    """
    if PERSON in (first.schema, second.schema):
        return NAME_AND_BIRTH_DATE if set(first.birth_dates) & set(second.birth_dates) else None
    return NAME_AND_COUNTRY if _countries(first) & _countries(second) else None


def _countries(entity: Entity) -> set[str]:
    return {
        *entity.countries,
        *entity.nationalities,
        *(a.country for a in entity.addresses if a.country),
        *entity.properties.get("birth_country", []),
    }


def _schemas_compatible(first: Entity, second: Entity) -> bool:
    """A person is never a company or a ship; `LegalEntity` (type unknown) fits either."""
    kinds = {_kind(first.schema), _kind(second.schema)}
    return len(kinds - {"unknown"}) <= 1


def _kind(schema: str) -> str:
    if schema == PERSON:
        return "person"
    if schema in (VESSEL, "Airplane"):
        return "craft"
    return "unknown" if schema == "LegalEntity" else "organisation"


def _cross_list_pairs(group: list[Entity]) -> Iterator[tuple[Entity, Entity]]:
    """Every pair of distinct entities from different lists (pairs within one list are not links)."""
    unique = list({entity.id: entity for entity in group}.values())
    for index, first in enumerate(unique):
        for second in unique[index + 1 :]:
            if first.list_id != second.list_id:
                yield first, second


def _dedupe(links: Iterable[Link]) -> list[Link]:
    """One link per pair: the first evidence found (identifiers are tried before names)."""
    seen: dict[tuple[str, str], Link] = {}
    for link in links:
        pair = (min(link.first, link.second), max(link.first, link.second))
        seen.setdefault(pair, Link(pair[0], pair[1], link.reason))
    return list(seen.values())


def _group(links: list[Link], by_id: dict[str, Entity], conflicts: list[tuple[str, str]]) -> LinkReport:
    """Union the links strongest first; refuse one that would put two entries of one list, or
    two entries whose documents disagree, into one group (even through a third entry)."""
    parent: dict[str, str] = {}
    lists: dict[str, set[str]] = {}
    members: dict[str, set[str]] = {}
    forbidden: dict[str, set[str]] = defaultdict(set)
    for first, second in conflicts:
        forbidden[first].add(second)
        forbidden[second].add(first)

    def root(node: str) -> str:
        if node not in parent:
            parent[node], lists[node], members[node] = node, {by_id[node].list_id}, {node}
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    report = LinkReport()
    for link in sorted(links, key=_strength):
        first, second = root(link.first), root(link.second)
        if first != second and (lists[first] & lists[second] or forbidden[first] & members[second]):
            report.refused.append(link)
            continue
        report.links.append(link)
        if first != second:
            parent[first] = second
            lists[second] |= lists.pop(first)
            members[second] |= members.pop(first)
            forbidden[second] |= forbidden.pop(first)
    report.groups = sorted(sorted(group) for group in members.values() if len(group) > 1)
    return report


def _strength(link: Link) -> int:
    """Identifiers first, then name and birth date, then name and country."""
    return {NAME_AND_BIRTH_DATE: 1, NAME_AND_COUNTRY: 2}.get(link.reason, 0)
