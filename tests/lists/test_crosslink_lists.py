"""Cross-list links: identifiers, UN references, exact name plus birth date or country."""

from __future__ import annotations

from pathlib import Path

import pytest

from dualuse.lists.crosslink import SAME_AS, link_entities, normalise_name
from dualuse.lists.eu import read_fsf
from dualuse.lists.uk import read_conlist
from dualuse.model import Address, Entity, Identifier

FIXTURES = Path(__file__).parent.parent / "fixtures" / "lists"


def _entity(entity_id: str, name: str, schema: str = "Company", **facts: object) -> Entity:
    return Entity(id=entity_id, list_id=entity_id.split(":")[0], schema=schema, name=name, **facts)  # type: ignore[arg-type]


@pytest.fixture()
def uk() -> dict[str, Entity]:
    return {e.id: e for e in read_conlist(FIXTURES / "uk" / "conlist_cut.csv").entities}


def test_same_inn_links_a_uk_company_to_an_sdn_entry(uk: dict[str, Entity]) -> None:
    target = uk["gb_hmt:16767"]
    inn = next(i.value for i in target.identifiers if i.kind == "inn")
    sdn = _entity("us_ofac_sdn:1", "SOME OTHER SPELLING LLC", identifiers=[Identifier("tax_id", inn, "RU")])
    report = link_entities([*uk.values(), sdn])
    assert [(link.reason, {link.first, link.second}) for link in report.links] == [
        (f"company_number {inn}", {"gb_hmt:16767", "us_ofac_sdn:1"})
    ]
    assert target.properties[SAME_AS] == ["us_ofac_sdn:1"]
    assert sdn.properties[SAME_AS] == ["gb_hmt:16767"]


def test_person_needs_the_same_birth_date_not_only_the_name(uk: dict[str, Entity]) -> None:
    same = _entity("us_ofac_sdn:2", "ZADACHIN, Andrey Andreevich", "Person", birth_dates=["1990-08-22"])
    namesake = _entity(
        "eu_fsf:3", "Andrey Andreevich Zadachin", "Person", birth_dates=["1971-01-01"], nationalities=["RU"]
    )
    report = link_entities([uk["gb_hmt:15890"], same, namesake])
    assert [(link.first, link.second, link.reason) for link in report.links] == [
        ("gb_hmt:15890", "us_ofac_sdn:2", "name+birth_date")
    ]
    assert SAME_AS not in namesake.properties


def test_organisation_needs_a_shared_country_and_a_primary_name() -> None:
    uk = _entity(
        "gb_hmt:1", "ANSAR AL CHARIA DERNA", "Organization", aliases=["Ansar al-Sharia"], countries=["LY"]
    )
    other = _entity(
        "us_ofac_sdn:4", "ANSAR AL-SHARI'A IN BENGHAZI", "Organization", aliases=["Ansar al Sharia"]
    )
    other.countries = ["LY"]
    abroad = _entity("un_sc:QDe.1", "Ansar al Charia Derna", "Organization", countries=["TN"])
    at_home = _entity("eu_fsf:5", "Ansar al-Charia Derna", "Organization", addresses=[Address("Derna", "LY")])
    report = link_entities([uk, other, abroad, at_home])
    assert [(link.first, link.second, link.reason) for link in report.links] == [
        ("eu_fsf:5", "gb_hmt:1", "name+country")
    ]


def test_un_reference_links_uk_and_eu_entries_to_the_un_list() -> None:
    eu = read_fsf(FIXTURES / "eu" / "fsf_written.xml").entities
    un = _entity("un_sc:QDi.333", "SEIFALLAH BEN HASSINE", "Person")
    report = link_entities([*eu, un])
    assert [(link.first, link.second, link.reason) for link in report.links] == [
        ("eu_fsf:7380", "un_sc:QDi.333", "un_ref QDI.333")
    ]


def test_passports_of_different_countries_do_not_link() -> None:
    one = _entity("gb_hmt:1", "A B", "Person", identifiers=[Identifier("passport", "AB123456", "KP")])
    two = _entity("us_ofac_sdn:1", "C D", "Person", identifiers=[Identifier("passport", "AB123456", "IR")])
    three = _entity("un_sc:X.1", "E F", "Person", identifiers=[Identifier("passport", "AB-123456")])
    report = link_entities([one, two, three])
    assert report.groups == [["gb_hmt:1", "un_sc:X.1"]]  # the unknown issuer joins only the first
    assert [(link.first, link.second) for link in report.refused] == [("un_sc:X.1", "us_ofac_sdn:1")]
    assert SAME_AS not in two.properties


def test_entries_of_one_list_never_link_and_groups_keep_one_entry_per_list() -> None:
    first = _entity("gb_hmt:1", "KIM YONG CHOL", "Person", birth_dates=["1962-02-05"])
    second = _entity("gb_hmt:2", "Yong Chol KIM", "Person", birth_dates=["1962-02-05"])
    bridge = _entity("us_ofac_sdn:9", "KIM, Yong Chol", "Person", birth_dates=["1962-02-05"])
    report = link_entities([first, second, bridge])
    assert report.groups == [["gb_hmt:1", "us_ofac_sdn:9"]]
    assert len(report.refused) == 1
    assert SAME_AS not in second.properties


def test_a_shared_weak_alias_or_a_short_number_is_not_evidence() -> None:
    one = _entity(
        "gb_hmt:1",
        "ALPHA LLC",
        weak_aliases=["BETA"],
        countries=["RU"],
        identifiers=[Identifier("registration", "1000")],
    )
    two = _entity("us_ofac_sdn:1", "BETA", countries=["RU"], identifiers=[Identifier("registration", "1000")])
    assert link_entities([one, two]).links == []


def test_linking_again_replaces_old_links(uk: dict[str, Entity]) -> None:
    entities = list(uk.values())
    entities[0].properties[SAME_AS] = ["us_ofac_sdn:gone"]
    link_entities(entities)
    assert all(SAME_AS not in entity.properties for entity in entities)


def test_names_compare_without_case_accents_punctuation_or_order() -> None:
    assert normalise_name("ZADACHIN, Andrei") == normalise_name("andrei  Zadachin") == "andrei zadachin"
    assert normalise_name("Société Générale") == normalise_name("SOCIETE GENERALE")
