"""Build the facts rules test (see `dualuse.rules.facts`) from a transaction and what the
matchers found. Pure functions over the shared model; no I/O, no matching here."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from dualuse.countries import OCCUPIED_REGIONS, country_name
from dualuse.identifiers import identifier_key
from dualuse.model import Entity, GoodsLine, Party, Reason, Transaction
from dualuse.screening.diversion import NEXUS_COUNTRIES, AddressMatch, transshipment_hubs

if TYPE_CHECKING:
    from dualuse.goods import GoodsAssessment
    from dualuse.names import NameHit

END_USE_ROLES = frozenset({"end_user", "consignee", "ultimate_creditor"})
# How much a CHPL tier weighs in a goods reason's score: tier 1 items are the scarcest inputs
# to Russian precision-guided weapons (BIS tier definitions); specified items without a tier
# weigh like tier 3.
TIER_PRIORITY = {"1": 1.0, "2": 0.9, "3.A": 0.8, "3.B": 0.75, "4.A": 0.7, "4.B": 0.7}
_UNTIERED_PRIORITY = 0.75
# List ids (see dualuse.lists) by what a hit on them means. Export-control lists restrict
# exports to a party (Entity List, MEU, UVL, DPL, ITAR debarred); the non-SDN OFAC lists restrict
# some dealings (debt, equity, investment) without blocking the party; other official lists
# block. Any other list id is a custom watchlist ("internal:42" -> "internal") or, when its
# entries cite a story, adverse media.
_OFFICIAL_PREFIXES = ("us_", "gb_", "un_", "eu_", "ch_", "ca_", "au_", "jp_")
_EXPORT_CONTROL_PREFIXES = ("us_bis_", "us_csl_dpl", "us_state_debarred")
_RESTRICTION_PREFIXES = (
    "us_ofac_ssi",
    "us_ofac_fse",
    "us_ofac_plc",
    "us_ofac_capta",
    "us_ofac_ns_mbs",
    "us_ofac_cmic",
    "us_ofac_cons",
)
_RUSSIA_PROGRAM_MARKERS = ("RUSSIA", "BELARUS", "UKRAINE", "EO14024", "EO14114", "CAATSA")


def list_kind(entity: Entity) -> str:
    """sanctions | restrictions | export_control | watchlist | media: what a hit on it means."""
    list_id = entity.list_id
    if list_id.startswith(_EXPORT_CONTROL_PREFIXES):
        return "export_control"
    if list_id.startswith(_RESTRICTION_PREFIXES):
        return "restrictions"
    if list_id.startswith(_OFFICIAL_PREFIXES):
        return "sanctions"
    return "media" if entity.properties.get("story_id") or list_id.startswith("media") else "watchlist"


def hit_facts(
    party: Party, hit: NameHit, *, kind: str, identifier: str | None, also: list[str]
) -> dict[str, Any]:
    entity = hit.entity
    return {
        "role": party.role,
        "query": party.name,
        "country": party.country,
        "list": entity.list_id,
        "list_kind": kind,
        "entity_id": entity.id,
        "entity_name": entity.name,
        "matched_name": hit.matched_name,
        "alias_kind": hit.alias_kind,
        "schema": entity.schema,
        "score": hit.score,
        "identifier_match": identifier is not None,
        "identifier": identifier,
        "programs": list(entity.programs),
        "russia_program": any(m in p.upper() for p in entity.programs for m in _RUSSIA_PROGRAM_MARKERS),
        "also_listed_by": also,
        "story_id": _first(entity.properties.get("story_id")),
        "note": entity.remarks or _first(entity.properties.get("note")),
        "explanation": hit.explanation,
        "source": party.source,
    }


def identifier_overlap(party: Party, entity: Entity) -> str | None:
    """The first identifier the party shares with the listed entity, as 'kind value'."""
    given = {(kind, identifier_key(kind, value)) for kind, value in party.identifiers.items()}
    if party.bic:
        given.add(("bic", identifier_key("bic", party.bic)))
    for listed in entity.identifiers:
        if (listed.kind, identifier_key(listed.kind, listed.value)) in given:
            return f"{listed.kind} {listed.value}"
    return None


def goods_facts(index: int, line: GoodsLine, assessment: GoodsAssessment) -> dict[str, Any]:
    best = assessment.best
    tier = str(best.chpl_tier) if best is not None and best.chpl_tier is not None else None
    return {
        "line": index,
        "description": line.description,
        "hs_code": line.hs_code,
        "hs6": best.hs6 if best is not None else None,
        "listed": bool(assessment.listed),
        "tier": tier,
        "priority": TIER_PRIORITY.get(tier or "", _UNTIERED_PRIORITY),
        "categories": list(best.categories) if best is not None else [],
        "item_lists": list(best.item_lists) if best is not None else [],
        "vague": bool(assessment.vague),
        "inconsistent": assessment.consistency is not None,
        "consistency": assessment.consistency,
        "confidence": best.confidence if best is not None else 0.0,
        "basis": best.source if best is not None else None,
        "explanation": best.explanation if best is not None else None,
        "source": line.source,
    }


def address_facts(party: Party, match: AddressMatch) -> dict[str, Any]:
    listed = match.listed
    return {
        "role": party.role,
        "query": party.address,
        "matched_address": listed.address,
        "list": listed.list,
        "listed_on": listed.listed_on,
        "score": match.score,
        "citation": listed.citation,
        "source": party.source,
    }


def text_facts(reason: Reason, kinds: Mapping[str, str]) -> dict[str, Any]:
    """Facts of one free-text finding (`screening.freetext`): a name, goods, a bank's country."""
    details = reason.details
    if reason.kind == "goods":
        finding = "goods"
    elif reason.kind == "route":
        finding = "bank_country"
    else:
        finding = "name"
    entity_id = details.get("entity_id")
    return {
        "finding": finding,
        "name": details.get("matched_name"),
        "list": details.get("list"),
        "list_kind": kinds.get(str(entity_id)) if entity_id else None,
        "entity_id": entity_id,
        "tier": details.get("chpl_tier"),
        "listed": bool(details.get("chpl_tier") or details.get("item_lists")),
        "score": reason.score,
        "explanation": reason.explanation,
        "field": details.get("field"),
        "details": details,
    }


def transaction_facts(tx: Transaction, goods: list[dict[str, Any]]) -> dict[str, Any]:
    route = tx.route
    nexus_fields = {path for path, region in tx.regions.items() if region in OCCUPIED_REGIONS}

    def nexus(code: str | None, path: str) -> bool:
        return code in NEXUS_COUNTRIES or path in nexus_fields

    party_nexus = [p for i, p in enumerate(tx.parties) if nexus(p.country, f"parties[{i}].country")]
    route_nexus = nexus(route.ship_to, "route.ship_to") or any(
        nexus(c, f"route.via[{i}]") for i, c in enumerate(route.via)
    )
    destination_nexus = nexus(route.final_destination, "route.final_destination")
    end_use = destination_nexus or route_nexus or any(p.role in END_USE_ROLES for p in party_nexus)
    hubs_table = transshipment_hubs()
    hubs = [c for c in (route.ship_to, *route.via) if c in hubs_table]
    via_hub = bool(hubs) and (end_use or bool(party_nexus))
    party_countries = sorted({p.country for p in tx.parties if p.country})
    route_countries = [c for c in (route.ship_from, *route.via, route.ship_to, route.final_destination) if c]
    origins = [g.origin_country for g in tx.goods if g.origin_country]
    return {
        "type": tx.type,
        "amount": tx.amount,
        "currency": tx.currency,
        "countries": sorted({*party_countries, *route_countries, *origins}),
        "party_countries": party_countries,
        "ship_from": route.ship_from,
        "ship_to": route.ship_to,
        "final_destination": route.final_destination,
        "via": list(route.via),
        "nexus": bool(party_nexus) or route_nexus or destination_nexus,
        "nexus_party": bool(party_nexus),
        "nexus_route": route_nexus,
        "nexus_destination": destination_nexus,
        "nexus_via_hub": via_hub,
        "russian_end_use": end_use,
        "hub_route": bool(hubs),
        "hubs": hubs,
        "occupied_regions": sorted(set(tx.regions.values()) & set(OCCUPIED_REGIONS)),
        "nexus_explanation": _nexus_words(tx, party_nexus, route_nexus, destination_nexus, hubs),
        "listed_goods": sum(1 for g in goods if g["listed"]),
        "vague_goods": sum(1 for g in goods if g["vague"]),
        "goods_lines": len(goods),
    }


def _nexus_words(
    tx: Transaction, parties: list[Party], route: bool, destination: bool, hubs: list[str]
) -> str:
    parts = [
        f"{p.role.replace('_', ' ')} {p.name or ''} in {_place(tx, p)}".replace("  ", " ") for p in parties
    ]
    if route:
        shipped = [c for c in (tx.route.ship_to, *tx.route.via) if c]
        parts.append(f"shipped to/through {', '.join(country_name(c) for c in shipped)}")
    final = tx.route.final_destination
    if destination and final:
        parts.append(f"final destination {_region_or_country(tx, 'route.final_destination', final)}")
    if hubs:
        names = ", ".join(f"{country_name(h)} ({transshipment_hubs()[h].published_in})" for h in hubs)
        parts.append(f"via published transshipment jurisdiction {names}")
    return "; ".join(parts) or "no Russia/Belarus nexus"


def _place(tx: Transaction, party: Party) -> str:
    index = tx.parties.index(party)
    return _region_or_country(tx, f"parties[{index}].country", party.country or "")


def _region_or_country(tx: Transaction, path: str, code: str) -> str:
    region = tx.regions.get(path)
    return country_name(region) if region else country_name(code)


def _first(values: Iterable[str] | None) -> str | None:
    return next(iter(values), None) if values else None
