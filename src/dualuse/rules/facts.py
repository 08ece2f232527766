"""The vocabulary of facts rules can test: one catalogue per scope, with what each fact means.

The screening pipeline computes these facts for each transaction; rules (YAML) read them as
`scope.field`. A rule runs once per item of its `for_each` scope (every party hit, every goods
line, every address match, every free-text hit) or once per transaction (`tx`); the `tx` facts
are visible from every scope. Keep this catalogue and the pipeline's fact builders in step:
`docs/rules.md` documents the same table.
"""

from __future__ import annotations

FACT_CATALOGUE: dict[str, dict[str, str]] = {
    "hit": {
        "role": "role of the party in the transaction (originator, beneficiary, consignee, ...)",
        "query": "the party name as written in the transaction",
        "country": "the party's country (ISO alpha-2) as given in the transaction",
        "list": "list id of the matched entity (us_ofac_sdn, gb_hmt_sanctions, ...)",
        "list_kind": "sanctions | restrictions (non-SDN OFAC lists) | export_control | watchlist | media",
        "entity_id": "id of the matched entity",
        "entity_name": "primary name of the matched entity",
        "matched_name": "the list name or alias that matched",
        "alias_kind": "primary | strong | weak",
        "schema": "Person | Organization | Company | Vessel | ...",
        "score": "calibrated name-match score, 0..1",
        "identifier_match": "true when an identifier (INN, USCC, BIC, IMO ...) equals a listed one",
        "identifier": "the identifier that matched, as 'kind value'",
        "programs": "sanctions programmes of the matched entity",
        "russia_program": "true when a programme is Russia- or Belarus-related (RUSSIA-EO14024 ...)",
        "also_listed_by": "other lists naming the same party",
        "story_id": "adverse-media story the watchlist entry came from, if any",
        "note": "the watchlist entry's note, if any",
        "explanation": "the name matcher's own explanation of the score",
        "source": "where in the message the party was read (e.g. 'MT103 59F'), if known",
    },
    "goods": {
        "line": "index of the goods line in the transaction (0-based)",
        "description": "the goods description as written",
        "hs_code": "the declared HS code (digits), if any",
        "hs6": "the HS-6 subheading the classifier settled on",
        "listed": "true when the line is on the CHPL, the EO 14114 specified items or a loaded item list",
        "tier": "CHPL tier (1, 2, 3.A, 3.B, 4.A, 4.B) or none",
        "priority": "weight of the tier, 0..1 (tier 1: 1.0 ... tier 4: 0.7; untiered listed items 0.75)",
        "categories": "item categories of the best candidate (e.g. 'integrated circuits')",
        "item_lists": "item lists naming the line (chpl, eo14114, ...)",
        "vague": "true for a generic description such as 'spare parts'",
        "inconsistent": "true when the declared HS code disagrees with the description",
        "consistency": "the classifier's explanation of the disagreement, if any",
        "confidence": "classifier confidence in the best candidate, 0..1",
        "basis": "hs_code or description: what the classification rests on",
        "explanation": "the classifier's explanation",
        "source": "where in the message the goods line was read, if known",
    },
    "address": {
        "role": "role of the party whose address matched",
        "query": "the address as written in the transaction",
        "matched_address": "the listed address it matched",
        "list": "the list the address comes from",
        "listed_on": "date the address was listed",
        "score": "address similarity, 0..1",
        "citation": "where the listed address was published",
        "source": "where in the message the party was read, if known",
    },
    "text": {
        "finding": "name | goods | bank_country: what was found in free text or bank codes",
        "name": "the listed name found (name findings)",
        "list": "list id of the entity found",
        "list_kind": "sanctions | export_control | watchlist | media, for names",
        "entity_id": "id of the entity found, if any",
        "tier": "CHPL tier of goods named in the text, if any",
        "listed": "true for goods on the CHPL / specified items",
        "score": "strength of the finding, 0..1",
        "explanation": "what was found and where",
        "field": "the message field it was read from (e.g. 'pacs.008 CdtTrfTxInf/RmtInf/Ustrd')",
    },
    "tx": {
        "type": "transaction type (payment, letter_of_credit, invoice, customs_declaration)",
        "amount": "amount, as given",
        "currency": "ISO 4217 currency",
        "countries": "every country named: parties, route and goods origins",
        "party_countries": "the countries of the parties",
        "ship_from": "route.ship_from",
        "ship_to": "route.ship_to",
        "final_destination": "route.final_destination",
        "via": "route.via",
        "nexus": "true when any Russia/Belarus nexus below holds",
        "nexus_party": "a party is in Russia, Belarus or an occupied region of Ukraine",
        "nexus_route": "the route ships to or through Russia, Belarus or an occupied region",
        "nexus_destination": "the final destination (or end user's country) is Russia or Belarus",
        "nexus_via_hub": "a transshipment hub on the route, with a Russian/Belarusian party or end use",
        "russian_end_use": "final destination, end user or consignee in Russia/Belarus/occupied regions",
        "hub_route": "the goods ship to or through a published transshipment jurisdiction",
        "hubs": "the transshipment jurisdictions on the route",
        "occupied_regions": "ISO 3166-2 codes of occupied regions of Ukraine named (Crimea UA-43 ...)",
        "nexus_explanation": "the nexus in words, for explanations",
        "listed_goods": "number of goods lines on the CHPL / specified items",
        "vague_goods": "number of goods lines with a vague description",
        "goods_lines": "number of goods lines",
    },
}

SCOPES = tuple(FACT_CATALOGUE)
