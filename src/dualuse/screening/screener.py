"""The `Screener`: one transaction in, one explained decision out.

For each transaction it matches every party (names, identifiers, BICs) against the loaded lists
and the watchlists, classifies every goods line, checks addresses against address-only entries,
scans free text, turns all of that into facts and lets the rule set decide. The command line, the
Python API and the report all go through `Screener.screen`. No I/O here beyond loading the
reference data in the constructors.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dualuse.io.records import parse_transaction
from dualuse.model import Entity, GoodsLine, Party, Reason, Result, Transaction
from dualuse.rules import RuleSet, default_rules
from dualuse.screening.decision import decide
from dualuse.screening.diversion import match_address
from dualuse.screening.facts import (
    address_facts,
    goods_facts,
    hit_facts,
    identifier_overlap,
    list_kind,
    text_facts,
    transaction_facts,
)

if TYPE_CHECKING:
    from dualuse.goods import GoodsAssessment, GoodsClassifier
    from dualuse.names import NameHit, NameMatcher
    from dualuse.names.textscan import TextScanner

HITS_PER_PARTY = 3
# Most severe first: a hit is labelled with the most severe list naming the party.
_KIND_SEVERITY = ("sanctions", "restrictions", "export_control", "media", "watchlist")
CACHE_SIZE = 200_000
# Builds a reason's kind-specific fields (formats.md) from an item's facts and the tx facts.
_Details = Callable[[dict[str, Any], dict[str, Any]], dict[str, Any]]
# What a party's list look-up depends on: name, country, identifiers, BIC (not role or source).
PartyKey = tuple[str | None, str | None, tuple[tuple[str, str], ...], str | None]


def _party_key(party: Party) -> PartyKey | None:
    if not party.name and not party.identifiers and not party.bic:
        return None
    return (party.name, party.country, tuple(sorted(party.identifiers.items())), party.bic)


_WARM_UP = Transaction(
    id="warm-up",
    parties=[
        Party(role="originator", name="OOO Warm Up Trading", country="RU", address="ul. Lenina 1, Moscow"),
        Party(role="beneficiary", name="Shenzhen Warm Up Electronics Co Ltd", country="CN", bic="DEUTDEFF"),
    ],
    goods=[GoodsLine(description="microcontrollers and office chairs", hs_code="854231")],
    remittance_info="INV 1 spare parts",
)


class _CachedTextScan:
    """The goods classifier's `scan_text`, memoised: the same remittance wording ("electronic
    components", "INV ... spare parts") recurs across a day's payments."""

    def __init__(self, goods: GoodsClassifier) -> None:
        self.scan_text = lru_cache(maxsize=CACHE_SIZE)(goods.scan_text)


class Screener:
    """Screens transactions against lists, goods tables and rules loaded once.

    Name and goods look-ups are memoised (bounded LRU): a bank's daily file repeats the same
    counterparties and goods descriptions over and over.
    """

    def __init__(
        self,
        entities: Sequence[Entity],
        *,
        watchlist: Sequence[Entity] = (),
        goods: GoodsClassifier | None = None,
        rules: RuleSet | None = None,
        lists_version: str = "",
    ) -> None:
        from dualuse.goods import GoodsClassifier
        from dualuse.names import NameMatcher
        from dualuse.names.textscan import TextScanner

        self.rules = rules or default_rules()
        self._decisions = {rule.id: rule.decision for rule in self.rules.rules}
        self.lists_version = lists_version
        self.goods = goods or GoodsClassifier.default()
        # Watchlists get their own matcher so that their hits are never crowded out of the
        # top few by list entities with similar names.
        self._matchers: list[NameMatcher] = [NameMatcher(list(entities))]
        if watchlist:
            self._matchers.append(NameMatcher(list(watchlist)))
        self._scanner: TextScanner = TextScanner([*entities, *watchlist])
        self._kind_of = {e.id: list_kind(e) for e in (*entities, *watchlist)}
        self._party_hits = lru_cache(maxsize=CACHE_SIZE)(self._party_hits_uncached)
        self._primed: dict[PartyKey, list[dict[str, Any]]] = {}
        self._classify = lru_cache(maxsize=CACHE_SIZE)(self.goods.classify)
        self._goods_in_text = _CachedTextScan(self.goods)

    # -- constructors ---------------------------------------------------------------------
    @classmethod
    def default(cls, *, rules: RuleSet | None = None) -> Screener:
        """The embedded list snapshot, the default goods tables and the default rules."""
        from dualuse.lists import load_default

        lists = load_default()
        return cls(lists.entities, rules=rules, lists_version=lists.version)

    @classmethod
    def from_entities(
        cls, rows: Iterable[Mapping[str, Any] | Entity], *, rules: RuleSet | None = None
    ) -> Screener:
        """A screener over `rows`: custom-watchlist rows (formats.md) or ready `Entity` objects."""
        from dualuse.lists import entities_from_rows

        given = list(rows)
        entities = [row for row in given if isinstance(row, Entity)]
        plain = [row for row in given if not isinstance(row, Entity)]
        if plain:
            entities += entities_from_rows(plain)
        return cls(entities, rules=rules, lists_version="custom")

    @classmethod
    def from_paths(
        cls,
        lists: Iterable[str | Path] = (),
        watchlists: Iterable[str | Path] = (),
        *,
        rules: RuleSet | None = None,
    ) -> Screener:
        """Official list files or folders (the embedded snapshot when none), plus watchlists."""
        from dualuse.lists import load_sources

        loaded, watched = load_sources(lists, watchlists)
        return cls(loaded.entities, watchlist=watched, rules=rules, lists_version=loaded.version)

    # -- the API ------------------------------------------------------------------------------
    def match(
        self, name: str, *, country: str | None = None, schema: str | None = None, limit: int = 5
    ) -> list[NameHit]:
        """Rank list entities (and watchlist entries) against one name, best first."""
        hits = [
            hit
            for matcher in self._matchers
            for hit in matcher.match(name, country=country, schema=schema, limit=limit)
        ]
        return sorted(hits, key=lambda hit: -hit.score)[:limit]

    def screen(self, transaction: Mapping[str, Any] | Transaction) -> Result:
        """One explained decision for one transaction (a `Transaction` or a formats.md dict)."""
        tx = transaction if isinstance(transaction, Transaction) else parse_transaction(transaction)
        goods = [
            goods_facts(i, line, self._assess(line.description, line.hs_code))
            for i, line in enumerate(tx.goods)
        ]
        facts_tx = transaction_facts(tx, goods)
        reasons: list[Reason] = []
        matched: set[str] = set()
        for party in tx.parties:
            for facts in self._hits_of(party):
                matched.add(facts["entity_id"])
                reasons += self._apply("hit", facts, facts_tx, _hit_details)
            address = match_address(party.address)
            if address is not None:
                reasons += self._apply("address", address_facts(party, address), facts_tx, _address_details)
        for facts in goods:
            reasons += self._apply("goods", facts, facts_tx, _goods_details)
        for finding in self._free_text(tx):
            # A name already matched in a party field says nothing new when it recurs in text.
            if not (finding["finding"] == "name" and finding["entity_id"] in matched):
                reasons += self._apply("text", finding, facts_tx, _text_details)
        reasons += self._apply("tx", {}, facts_tx, _route_details)
        return decide(tx.id, reasons, self._decisions, self.lists_version)

    def screen_many(self, transactions: Iterable[Mapping[str, Any] | Transaction]) -> Iterator[Result]:
        """Results in input order (one process; see `screening.parallel` for several)."""
        for transaction in transactions:
            yield self.screen(transaction)

    def warm_up(self) -> None:
        """Run one transaction through every stage, so that what the matchers load lazily (name
        analysers, goods indexes) is loaded now: before forking workers, it is then loaded once
        and shared, instead of once per worker."""
        self.screen(_WARM_UP)

    # -- internals ------------------------------------------------------------------------------
    def _assess(self, description: str | None, hs_code: str | None) -> GoodsAssessment:
        assessment: GoodsAssessment = self._classify(description, hs_code)
        return assessment

    def party_keys(self, transaction: Transaction) -> list[PartyKey]:
        """What the name look-up of each party depends on (the cache key): lets a caller find
        the distinct look-ups of a whole file first and share them out (`prime_party_hits`)."""
        return [key for party in transaction.parties if (key := _party_key(party)) is not None]

    def match_party_key(self, key: PartyKey) -> list[dict[str, Any]]:
        """The list-match facts for one party key, computed now (no cache)."""
        return self._party_hits_uncached(*key)

    def prime_party_hits(self, found: Iterable[tuple[PartyKey, list[dict[str, Any]]]]) -> None:
        """Seed the look-up cache with results computed elsewhere (up to `CACHE_SIZE`)."""
        for key, facts in found:
            if len(self._primed) >= CACHE_SIZE:
                return
            self._primed[key] = facts

    def _hits_of(self, party: Party) -> list[dict[str, Any]]:
        key = _party_key(party)
        if key is None:
            return []
        found = self._primed.get(key)
        if found is None:
            found = self._party_hits(*key)
        # The cache key leaves out role and source, so that a counterparty seen in another role
        # is served from the cache; they are put back here.
        return [dict(facts, role=party.role, source=party.source) for facts in found]

    def _party_hits_uncached(
        self, name: str | None, country: str | None, identifiers: tuple[tuple[str, str], ...], bic: str | None
    ) -> list[dict[str, Any]]:
        party = Party(role="", name=name, country=country, identifiers=dict(identifiers), bic=bic)
        wanted = dict(identifiers)
        if bic:
            wanted.setdefault("bic", bic)
        found: list[dict[str, Any]] = []
        for matcher in self._matchers:
            if name:
                hits = matcher.match(name, country=country, identifiers=wanted or None, limit=HITS_PER_PARTY)
            else:
                hits = matcher.match_identifiers(wanted)[:HITS_PER_PARTY]
            found += [self._facts_of(party, hit) for hit in hits]
        return found

    def _facts_of(self, party: Party, hit: NameHit) -> dict[str, Any]:
        """Facts of one hit. The matcher folds the same party on other lists (`same_as`) into
        one hit; the hit counts as the most severe of those lists (an Entity List copy of an
        SDN-listed party is still a sanctions hit)."""
        kinds = [self._kind_of.get(i) or "watchlist" for i in (hit.entity.id, *hit.also_listed)]
        kind = min(kinds, key=_KIND_SEVERITY.index)
        also = sorted({twin.split(":", 1)[0] for twin in hit.also_listed} - {hit.entity.list_id})
        return hit_facts(party, hit, kind=kind, identifier=identifier_overlap(party, hit.entity), also=also)

    def _free_text(self, tx: Transaction) -> list[dict[str, Any]]:
        from dualuse.screening.freetext import screen_free_text

        return [
            text_facts(reason, self._kind_of)
            for reason in screen_free_text(tx, self._scanner, self._goods_in_text)
        ]

    def _apply(
        self,
        scope: str,
        item: dict[str, Any],
        tx: dict[str, Any],
        details: _Details,
    ) -> list[Reason]:
        facts = {scope: item, "tx": tx}
        fired = list(self.rules.fired(scope, facts))
        if not fired:
            return []
        # The item's details are the same for every rule it fires: built once.
        shared = details(item, tx)
        return [
            Reason(
                kind=rule.kind,
                score=rule.score_of(facts),
                explanation=rule.explain(facts),
                details={**shared, "rule": rule.id},
            )
            for rule in fired
        ]


def _present(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v not in (None, [], "")}


def _hit_details(hit: dict[str, Any], tx: dict[str, Any]) -> dict[str, Any]:
    if hit["list_kind"] == "media":
        return _present(
            {
                "entity": hit["entity_name"],
                "entity_id": hit["entity_id"],
                "story_id": hit["story_id"],
                "role": hit["role"],
                "query": hit["query"],
                "matched_name": hit["matched_name"],
                "source": hit["source"],
            }
        )
    keys = ("role", "query", "list", "entity_id", "matched_name", "identifier", "also_listed_by", "source")
    return _present({k: hit[k] for k in keys})


def _address_details(address: dict[str, Any], tx: dict[str, Any]) -> dict[str, Any]:
    keys = ("role", "query", "list", "matched_address", "listed_on", "source")
    return _present({k: address[k] for k in keys})


def _goods_details(goods: dict[str, Any], tx: dict[str, Any]) -> dict[str, Any]:
    category = ", ".join(goods["categories"]) or None
    return _present(
        {
            "line": goods["line"],
            "hs6": goods["hs6"],
            "chpl_tier": goods["tier"],
            "category": category,
            "source": goods["basis"],
            "location": goods["source"],
        }
    )


def _text_details(text: dict[str, Any], tx: dict[str, Any]) -> dict[str, Any]:
    return _present({k: v for k, v in text["details"].items() if k != "rule"})


def _route_details(_: dict[str, Any], tx: dict[str, Any]) -> dict[str, Any]:
    return _present(
        {
            "ship_from": tx["ship_from"],
            "ship_to": tx["ship_to"],
            "final_destination": tx["final_destination"],
            "hubs": tx["hubs"],
            "regions": tx["occupied_regions"],
        }
    )
