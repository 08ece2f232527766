"""Cross-list links and the name matcher compare identifiers by one key
(`dualuse.identifiers.identifier_key`), non-ASCII input included: Cyrillic letters in a passport
number, full-width digits in an INN. Whatever the linker joins, an identifier look-up finds
together, and nothing more."""

from __future__ import annotations

import pytest

from dualuse.identifiers import identifier_key
from dualuse.lists.crosslink import link_entities
from dualuse.model import Entity, Identifier
from dualuse.names import NameMatcher

LISTED = (
    # (id, kind, value): same passport written in upper and lower-case Cyrillic, with punctuation
    ("gb_hmt:1", "passport", "АВ 1234567"),
    ("us_ofac_sdn:2", "passport", "ав-1234567"),
    # another Cyrillic series with the same digits: another document
    ("eu_fsf:3", "passport", "ВС 1234567"),
    # one INN in ASCII and in full-width digits (as a Chinese or Japanese source may write it)
    ("us_ofac_sdn:4", "tax_id", "7702070139"),
    ("gb_hmt:5", "inn", "７７０２ ０７０１３９"),
)
NAMES = ("Ivan Orlov", "Pyotr Sokolov", "Sergei Volkov", "Alpha Trading LLC", "Beta Holding JSC")


def _entities() -> list[Entity]:
    return [
        Entity(
            id=entity_id,
            list_id=entity_id.split(":")[0],
            schema="Person" if kind == "passport" else "Company",
            name=name,
            identifiers=[Identifier(kind=kind, value=value)],
        )
        for (entity_id, kind, value), name in zip(LISTED, NAMES, strict=True)
    ]


@pytest.mark.parametrize(
    ("kind", "value", "key"),
    [
        ("passport", "ав-1234567", "АВ1234567"),
        ("inn", "７７０２ ０７０１３９", "7702070139"),
        ("bic", "ＳＡＢＲ ＲＵ ＭＭ 012", "SABRRUMM"),
    ],
)
def test_the_key_keeps_other_scripts_and_folds_full_width_forms(kind: str, value: str, key: str) -> None:
    assert identifier_key(kind, value) == key


def test_cross_list_links_and_identifier_lookups_agree_on_non_ascii_identifiers() -> None:
    matcher = NameMatcher(_entities())  # built before linking: no `same_as` to collapse hits
    linked = _entities()
    report = link_entities(linked)
    assert report.groups == [["gb_hmt:1", "us_ofac_sdn:2"], ["gb_hmt:5", "us_ofac_sdn:4"]]
    group_of = {member: set(group) for group in report.groups for member in group}
    for entity in linked:
        (identifier,) = entity.identifiers
        found = {hit.entity_id for hit in matcher.match_identifiers({identifier.kind: identifier.value})}
        assert found == group_of.get(entity.id, {entity.id}), entity.id
