"""Every default rule, firing when it should and quiet otherwise, through `Screener.screen`.

The screener is built once from a handful of entities written here (watchlist rows, formats.md),
so the tests exercise the real name matcher, goods classifier, free-text scanner and rules.
"""

from __future__ import annotations

from typing import Any

import pytest

from dualuse.io import parse_transaction
from dualuse.model import Entity, Result, Transaction
from dualuse.screening import Screener

ENTITIES: list[dict[str, Any]] = [
    {"id": "us_ofac_sdn:101", "names": ["Bright Chip Shenzhen Co Ltd"], "schema": "Company",
     "countries": ["CN"], "weak_aliases": ["Bright Star Trading"], "programs": ["RUSSIA-EO14024"]},
    {"id": "us_ofac_sdn:102", "names": ["OOO Tekhnopark Vostok"], "schema": "Company", "countries": ["RU"],
     "identifiers": {"inn": "7701234567"}, "programs": ["RUSSIA-EO14024"]},
    {"id": "us_bis_entity_list:103", "names": ["Kowloon Precision Components Limited"], "schema": "Company",
     "countries": ["HK"]},
    {"id": "us_ofac_ssi:104", "names": ["Uralsky Leasing Company"], "schema": "Company", "countries": ["RU"]},
    {"id": "internal:105", "names": ["Acme Trading FZE"], "schema": "Company", "countries": ["AE"],
     "note": "exited relationship 2024"},
    {"id": "media:106", "names": ["Arctic Drone Parts LLC"], "schema": "Company", "countries": ["AM"],
     "story_id": "story-7f3a"},
    {"id": "gb_hmt:107", "names": ["Promsvyazbank PJSC"], "schema": "Company", "countries": ["RU"],
     "identifiers": {"bic": "PRMSRUMMXXX"}},
    {"id": "us_bis_entity_list:108", "names": ["Harbour Kowloon Finance Bank"], "schema": "Company",
     "countries": ["HK"], "identifiers": {"bic": "HKFBHKHHXXX"}},
]  # fmt: skip

FPGA = {"description": "FPGA XC7A100T-2FGG484I", "hs_code": "8542.39", "quantity": 500, "value": 60000}
CHAIRS = {"description": "Office chairs, upholstered", "hs_code": "9401.30"}
SELLER = {"role": "beneficiary", "name": "Nordwind Elektronik GmbH", "country": "DE"}
BUYER = {"role": "originator", "name": "Cascade Instruments Inc", "country": "US"}


@pytest.fixture(scope="module")
def screener() -> Screener:
    return Screener.from_entities(ENTITIES)


def tx(**fields: Any) -> dict[str, Any]:
    record: dict[str, Any] = {"id": "T1", "parties": [BUYER, SELLER], "goods": [CHAIRS]}
    record.update(fields)
    return record


def rules_of(result: Result) -> list[str]:
    return [str(reason.details.get("rule")) for reason in result.reasons]


def reason(result: Result, rule: str) -> dict[str, Any]:
    return next(r.to_dict() for r in result.reasons if r.details.get("rule") == rule)


def test_clean_trade_is_clear_with_no_reasons(screener: Screener) -> None:
    result = screener.screen(tx(route={"ship_from": "DE", "ship_to": "US", "final_destination": "US"}))
    assert (result.decision, result.reasons, result.score) == ("clear", [], 0.0)
    assert result.to_dict()["reasons"] == []


# ------------------------------------------------------------------------------------ parties
def test_party_sanctions_strong_blocks_a_name_variant(screener: Screener) -> None:
    party = {
        "role": "beneficiary",
        "name": "Shenzhen Bright Chip Co., Ltd.",
        "country": "CN",
        "source": "MT103 59",
    }
    result = screener.screen(tx(parties=[BUYER, party]))
    assert result.decision == "block" and rules_of(result) == ["party_sanctions_strong"]
    found = reason(result, "party_sanctions_strong")
    assert found["entity_id"] == "us_ofac_sdn:101" and found["list"] == "us_ofac_sdn"
    assert found["role"] == "beneficiary" and found["source"] == "MT103 59"
    assert "Bright Chip Shenzhen Co Ltd" in found["explanation"]


def test_party_sanctions_strong_is_quiet_for_a_different_company(screener: Screener) -> None:
    party = {"role": "beneficiary", "name": "Shenzhen Bright Lighting Factory", "country": "CN"}
    assert screener.screen(tx(parties=[BUYER, party])).decision == "clear"


def test_party_sanctions_identifier_blocks_on_a_shared_inn(screener: Screener) -> None:
    party = {
        "role": "originator",
        "name": "Vostok Holding",
        "country": "RU",
        "identifiers": {"inn": "7701234567"},
    }
    result = screener.screen(tx(parties=[party, SELLER]))
    assert "party_sanctions_identifier" in rules_of(result) and result.decision == "block"
    assert "inn 7701234567" in reason(result, "party_sanctions_identifier")["explanation"]
    other = {**party, "identifiers": {"inn": "7709999999"}}
    assert "party_sanctions_identifier" not in rules_of(screener.screen(tx(parties=[other, SELLER])))


def test_party_sanctions_possible_reviews_a_weak_alias(screener: Screener) -> None:
    party = {"role": "beneficiary", "name": "Bright Star Trading", "country": "CN"}
    result = screener.screen(tx(parties=[BUYER, party]))
    assert rules_of(result) == ["party_sanctions_possible"] and result.decision == "review"
    unrelated = {"role": "beneficiary", "name": "Bright Horizons Dental", "country": "US"}
    assert "party_sanctions_possible" not in rules_of(screener.screen(tx(parties=[BUYER, unrelated])))


def test_party_restricted_list_reviews_non_sdn_lists(screener: Screener) -> None:
    party = {"role": "beneficiary", "name": "Uralsky Leasing Co", "country": "RU"}
    result = screener.screen(tx(parties=[BUYER, party]))
    assert "party_restricted_list" in rules_of(result) and result.decision == "review"


def test_export_control_hit_depends_on_the_role(screener: Screener) -> None:
    listed = {"name": "Kowloon Precision Components Ltd", "country": "HK"}
    as_consignee = screener.screen(tx(parties=[BUYER, SELLER, {"role": "consignee", **listed}]))
    assert rules_of(as_consignee) == ["party_export_control_end_user"]
    assert as_consignee.decision == "review"
    as_notify = screener.screen(tx(parties=[BUYER, SELLER, {"role": "notify_party", **listed}]))
    assert rules_of(as_notify) == ["party_export_control"]


def test_watchlist_match_reviews(screener: Screener) -> None:
    party = {"role": "beneficiary", "name": "Acme Trading Free Zone Establishment", "country": "AE"}
    result = screener.screen(tx(parties=[BUYER, party]))
    assert rules_of(result) == ["watchlist_match"] and result.decision == "review"
    assert "exited relationship 2024" in reason(result, "watchlist_match")["explanation"]


def test_adverse_media_match_is_a_media_reason_with_the_story(screener: Screener) -> None:
    party = {"role": "consignee", "name": "Arctic Drone Parts", "country": "AM"}
    result = screener.screen(tx(parties=[BUYER, SELLER, party]))
    found = reason(result, "adverse_media_match")
    assert found["kind"] == "media" and found["story_id"] == "story-7f3a" and found["entity"]


def test_no_name_no_identifier_means_no_party_hit(screener: Screener) -> None:
    assert screener.screen(tx(parties=[{"role": "originator", "country": "RU"}])).decision == "clear"


# ------------------------------------------------------------------------------------ addresses
@pytest.mark.parametrize(
    ("address", "fires"),
    [
        ("Rm 803, Chevalier House, 45-51 Chatham Road South, Tsim Sha Tsui, Kowloon", True),
        ("Unit D 16F, One Capital Place, 18 Luard Road, Wanchai, HK", True),
        ("Room 804, Chevalier House, 45-51 Chatham Road South, Tsim Sha Tsui", False),
        ("Room 803, Harbour Centre, 25 Harbour Road, Wan Chai", False),
        ("Hauptstrasse 5, Berlin", False),
    ],
)
def test_address_only_entity_list(screener: Screener, address: str, fires: bool) -> None:
    party = {
        "role": "consignee",
        "name": "Sunrise Electronics Trading Ltd",
        "country": "HK",
        "address": address,
    }
    result = screener.screen(tx(parties=[BUYER, SELLER, party]))
    assert ("address_only_entity_list" in rules_of(result)) is fires


# ------------------------------------------------------------------------------------ goods
def test_chpl_goods_with_direct_russia_nexus(screener: Screener) -> None:
    russian = {"role": "consignee", "name": "OOO Severny Potok", "country": "Russia"}
    result = screener.screen(tx(parties=[BUYER, SELLER, russian], goods=[FPGA]))
    assert rules_of(result) == ["chpl_goods_russia_nexus"]
    found = reason(result, "chpl_goods_russia_nexus")
    assert (found["hs6"], found["chpl_tier"], found["line"]) == ("854239", "1", 0)
    assert "Russia" in found["explanation"]


def test_chpl_goods_without_nexus_do_not_alert(screener: Screener) -> None:
    direct = screener.screen(
        tx(goods=[FPGA], route={"ship_from": "DE", "ship_to": "US", "final_destination": "US"})
    )
    assert direct.decision == "clear"
    # Shipped to a hub, but nobody and nothing Russian: lawful trade with a hub is not an alert.
    hub_only = screener.screen(
        tx(goods=[FPGA], route={"ship_from": "DE", "ship_to": "KG", "final_destination": "KG"})
    )
    assert hub_only.decision == "clear"


def test_chpl_goods_via_transshipment_hub(screener: Screener) -> None:
    route = {"ship_from": "CN", "ship_to": "Kyrgyzstan", "final_destination": "RU"}
    result = screener.screen(tx(goods=[FPGA], route=route))
    assert "chpl_goods_via_transshipment" in rules_of(result)
    assert "chpl_goods_russia_nexus" not in rules_of(result)
    assert "FIN-2022-Alert003" in reason(result, "chpl_goods_via_transshipment")["explanation"]


def test_occupied_region_counts_as_russia_nexus(screener: Screener) -> None:
    route = {"ship_from": "TR", "ship_to": "Crimea"}
    result = screener.screen(tx(goods=[FPGA], route=route))
    assert {"chpl_goods_russia_nexus", "occupied_region_ukraine"} <= set(rules_of(result))
    assert "UA-43" in reason(result, "occupied_region_ukraine")["explanation"]
    kyiv = screener.screen(tx(goods=[FPGA], route={"ship_from": "TR", "ship_to": "Ukraine"}))
    assert kyiv.decision == "clear"


def test_vague_goods_to_a_hub_with_russian_end_user(screener: Screener) -> None:
    end_user = {"role": "end_user", "name": "AO Uralmash Service", "country": "RU"}
    vague = {"description": "spare parts", "value": 90000}
    result = screener.screen(tx(parties=[BUYER, SELLER, end_user], goods=[vague], route={"ship_to": "AE"}))
    assert rules_of(result) == ["vague_goods_via_transshipment"]
    no_russian = screener.screen(tx(goods=[vague], route={"ship_to": "AE", "final_destination": "AE"}))
    assert no_russian.decision == "clear"


def test_hs_description_mismatch(screener: Screener) -> None:
    mislabelled = {**FPGA, "hs_code": "6109.10"}
    result = screener.screen(tx(goods=[mislabelled]))
    assert rules_of(result) == ["hs_description_mismatch"]
    assert "6109.10" in reason(result, "hs_description_mismatch")["explanation"]
    assert "hs_description_mismatch" not in rules_of(screener.screen(tx(goods=[FPGA])))


# ------------------------------------------------------------------------------------ routes
def test_transshipment_to_russia_route(screener: Screener) -> None:
    result = screener.screen(tx(route={"ship_from": "CN", "ship_to": "KZ", "final_destination": "RU"}))
    assert rules_of(result) == ["transshipment_to_russia"]
    assert reason(result, "transshipment_to_russia")["hubs"] == ["KZ"]
    quiet = screener.screen(tx(route={"ship_from": "CN", "ship_to": "KZ", "final_destination": "KZ"}))
    assert quiet.decision == "clear"


# ------------------------------------------------------------------------------------ free text, BICs
def test_listed_name_in_remittance_text(screener: Screener) -> None:
    result = screener.screen(tx(remittance_info="Prepayment for Bright Chip Shenzhen Co Ltd order 77"))
    found = reason(result, "free_text_listed_name")
    assert found["entity_id"] == "us_ofac_sdn:101" and found["field"] == "remittance_info"
    assert screener.screen(tx(remittance_info="Prepayment order 77")).decision == "clear"


def test_name_in_text_already_matched_as_party_is_not_repeated(screener: Screener) -> None:
    party = {"role": "beneficiary", "name": "Bright Chip Shenzhen Co Ltd", "country": "CN"}
    result = screener.screen(
        tx(parties=[BUYER, party], remittance_info="Bright Chip Shenzhen Co Ltd invoice")
    )
    assert "free_text_listed_name" not in rules_of(result)


def test_listed_bank_bic_blocks_and_export_control_bic_reviews(screener: Screener) -> None:
    sanctioned = {"role": "intermediary_bank", "bic": "PRMSRUMM", "source": "MT103 56A"}
    result = screener.screen(tx(parties=[BUYER, SELLER, sanctioned]))
    assert "party_sanctions_identifier" in rules_of(result) and result.decision == "block"
    # One reason per listed bank, naming the message field, however many steps look at the BIC.
    bank_reasons = [r for r in result.reasons if r.details.get("entity_id") == "gb_hmt:107"]
    assert len(bank_reasons) == 1 and bank_reasons[0].details["source"] == "MT103 56A"
    controlled = {"role": "intermediary_bank", "bic": "HKFBHKHH"}
    result = screener.screen(tx(parties=[BUYER, SELLER, controlled]))
    assert "party_export_control" in rules_of(result) and result.decision == "review"
    clean = {"role": "intermediary_bank", "bic": "DEUTDEFF"}
    assert screener.screen(tx(parties=[BUYER, SELLER, clean])).decision == "clear"


def test_bank_in_russia_in_the_chain(screener: Screener) -> None:
    bank = {"role": "ordering_bank", "name": "Regional Savings Bank", "bic": "SABRRUMM"}
    assert "bank_in_high_risk_country" in rules_of(screener.screen(tx(parties=[BUYER, SELLER, bank])))


def test_chpl_goods_named_in_free_text_with_nexus(screener: Screener) -> None:
    russian = {"role": "originator", "name": "OOO Severny Potok", "country": "RU"}
    text = "Payment for FPGA XC7A100T-2FGG484I as per contract 12"
    result = screener.screen(tx(parties=[russian, SELLER], remittance_info=text))
    assert "free_text_chpl_goods_russia_nexus" in rules_of(result)
    quiet = screener.screen(tx(remittance_info=text))
    assert "free_text_chpl_goods_russia_nexus" not in rules_of(quiet)


# ------------------------------------------------------------------------------------ decision, API
def test_every_reason_carries_kind_score_explanation_and_rule(screener: Screener) -> None:
    party = {"role": "beneficiary", "name": "Shenzhen Bright Chip Co., Ltd.", "country": "CN"}
    route = {"ship_from": "CN", "ship_to": "KG", "final_destination": "RU"}
    result = screener.screen(tx(parties=[BUYER, party], goods=[FPGA], route=route)).to_dict()
    assert result["decision"] == "block" and len(result["reasons"]) >= 3
    for found in result["reasons"]:
        assert found["kind"] in {"party", "goods", "route", "media"}
        assert 0 <= found["score"] <= 1 and found["explanation"] and found["rule"]
    scores = [r["score"] for r in result["reasons"]]
    assert result["score"] >= max(scores)
    assert result["reasons"][0]["rule"] == "party_sanctions_strong"


def test_screen_accepts_transactions_and_screen_many_keeps_order(screener: Screener) -> None:
    records = [tx(id=f"T{i}", goods=[FPGA] if i % 2 else [CHAIRS]) for i in range(6)]
    assert [r.transaction_id for r in screener.screen_many(records)] == [f"T{i}" for i in range(6)]
    assert screener.screen(Transaction(id="bare")).decision == "clear"


def test_match_delegates_to_the_name_matcher(screener: Screener) -> None:
    hits = screener.match("Tekhnopark Vostok OOO", country="RU", limit=2)
    assert hits and hits[0].entity.id == "us_ofac_sdn:102"


def test_from_entities_takes_entity_objects() -> None:
    entity = Entity(id="us_ofac_sdn:9", list_id="us_ofac_sdn", schema="Company", name="Zenith Avionics Ltd")
    small = Screener.from_entities([entity])
    party = {"role": "beneficiary", "name": "Zenith Avionics Limited", "country": "GB"}
    assert small.screen(tx(parties=[BUYER, party])).decision == "block"


def test_primed_look_ups_are_used_instead_of_matching() -> None:
    fresh = Screener.from_entities(ENTITIES)
    record = tx(
        parties=[BUYER, {"role": "beneficiary", "name": "Shenzhen Bright Chip Co., Ltd.", "country": "CN"}]
    )
    transaction = parse_transaction(record)
    keys = fresh.party_keys(transaction)
    assert len(keys) == 2
    computed = [(key, fresh.match_party_key(key)) for key in keys]
    assert any(facts for _, facts in computed)
    fresh.prime_party_hits((key, []) for key, _ in computed)  # as if nothing matched elsewhere
    assert fresh.screen(transaction).decision == "clear"
