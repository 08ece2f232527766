"""The one data model shared by every part of dualuse.

`Entity` is a listed party (from any official list, a custom watchlist or adverse media).
`Transaction` is one payment or trade document to screen. `Reason` and `Result` are what
screening says about it. Parsers build these at the edge; the core only reads them.
This module does no I/O.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

SCHEMAS = ("Person", "Organization", "Company", "Vessel", "Airplane", "LegalEntity")
DECISIONS = ("clear", "review", "block")


@dataclass(frozen=True, slots=True)
class Address:
    """A postal address as listed; `country` is ISO 3166-1 alpha-2 when known."""

    full: str
    country: str | None = None


@dataclass(frozen=True, slots=True)
class Identifier:
    """A registry or document number, e.g. kind="uscc", value="914201000668186736"."""

    kind: str
    value: str
    country: str | None = None


@dataclass(frozen=True, slots=True)
class Relation:
    """A listed link to another party ("Linked To: ..." in OFAC remarks)."""

    kind: str
    target_name: str
    target_id: str | None = None


@dataclass(slots=True)
class Entity:
    """One listed party, whatever list it came from.

    `id` is stable across list versions: `<list_id>:<the list's own reference>`.
    Strong aliases are names the authority says the party uses; weak aliases are
    low-quality ones (OFAC "weak a.k.a.", UK "Low" quality) that should not alert alone.
    """

    id: str
    list_id: str
    schema: str
    name: str
    aliases: list[str] = field(default_factory=list)
    weak_aliases: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    addresses: list[Address] = field(default_factory=list)
    identifiers: list[Identifier] = field(default_factory=list)
    programs: list[str] = field(default_factory=list)
    listed_on: str | None = None
    birth_dates: list[str] = field(default_factory=list)
    nationalities: list[str] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    remarks: str | None = None
    properties: dict[str, list[str]] = field(default_factory=dict)

    def all_names(self) -> list[str]:
        """Primary name first, then strong aliases, then weak ones, without repeats."""
        seen: dict[str, None] = {}
        for value in (self.name, *self.aliases, *self.weak_aliases):
            if value and value not in seen:
                seen[value] = None
        return list(seen)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Entity:
        values = dict(data)
        values["addresses"] = [Address(**a) for a in values.get("addresses", [])]
        values["identifiers"] = [Identifier(**i) for i in values.get("identifiers", [])]
        values["relations"] = [Relation(**r) for r in values.get("relations", [])]
        return cls(**values)


@dataclass(slots=True)
class Party:
    """A party named in a transaction, in a role (originator, beneficiary, consignee, ...).

    `source` says where in the original message the party was read (e.g. "MT103 59F"),
    so that a reason can point the analyst back to it.
    """

    role: str
    name: str | None = None
    country: str | None = None
    address: str | None = None
    identifiers: dict[str, str] = field(default_factory=dict)
    bic: str | None = None
    account: str | None = None
    source: str | None = None


@dataclass(slots=True)
class GoodsLine:
    description: str | None = None
    hs_code: str | None = None
    quantity: float | None = None
    unit: str | None = None
    value: float | None = None
    origin_country: str | None = None
    source: str | None = None


@dataclass(slots=True)
class Route:
    ship_from: str | None = None
    ship_to: str | None = None
    final_destination: str | None = None
    via: list[str] = field(default_factory=list)


@dataclass(slots=True)
class FreeText:
    """A free-text field to search for listed names, goods words and HS codes.

    `kind` is "text" (remittance information, MT 70/72/77B: names and goods) or "address"
    (a party's address line: names only, since postcodes look like HS codes).
    """

    source: str
    text: str
    kind: str = "text"


@dataclass(slots=True)
class Transaction:
    id: str
    date: str | None = None
    type: str | None = None
    amount: float | None = None
    currency: str | None = None
    parties: list[Party] = field(default_factory=list)
    goods: list[GoodsLine] = field(default_factory=list)
    route: Route = field(default_factory=Route)
    remittance_info: str | None = None
    free_text: list[FreeText] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    # ISO 3166-2 codes of occupied regions named in country fields, by field path
    # (e.g. {"route.final_destination": "UA-43"}): the country itself normalises to UA.
    regions: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class Reason:
    """Why a transaction was flagged. `details` holds the kind-specific fields of
    formats.md (role, list, entity_id, hs6, rule, ...), flattened into the output."""

    kind: str
    score: float
    explanation: str
    details: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            **self.details,
            "score": round(self.score, 4),
            "explanation": self.explanation,
        }


@dataclass(slots=True)
class Result:
    transaction_id: str
    decision: str
    score: float
    reasons: list[Reason] = field(default_factory=list)
    lists_version: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "transaction_id": self.transaction_id,
            "decision": self.decision,
            "score": round(self.score, 4),
            "reasons": [r.to_dict() for r in self.reasons],
            "lists_version": self.lists_version,
        }
