"""TextScanner built after a NameMatcher reuses its analyses and finds exactly the same names."""

from __future__ import annotations

from dualuse.model import Entity
from dualuse.names import NameMatcher
from dualuse.names.textscan import TextScanner

ENTITIES = [
    Entity(
        id="t:1",
        list_id="t",
        schema="Person",
        name="Gennadiy Vostrikov-Zaytsev",
        aliases=["Геннадий Востриков"],
    ),
    Entity(id="t:2", list_id="t", schema="Company", name="OOO Kvantoplast Severo-Zapad"),
    Entity(id="t:3", list_id="t", schema="Company", name="深圳市明辉光电科技有限公司"),
    Entity(id="t:4", list_id="t", schema="LegalEntity", name="Zhemchuzhina Trading FZE"),
]
TEXT = (
    "INV 55 paid on behalf of GENNADIY VOSTRIKOV ZAYTSEV to Kvantoplast Severo Zapad LLC, goods via "
    "深圳市明辉光电科技有限公司 and Zhemchuzhina Trading"
)


def _found(scanner: TextScanner) -> list[tuple[str, str, int, int]]:
    return [(hit.entity.id, hit.normalised, hit.start, hit.end) for hit in scanner.scan(TEXT)]


def test_scanner_after_matcher_finds_what_a_scanner_alone_finds() -> None:
    alone = TextScanner(ENTITIES)
    NameMatcher(ENTITIES)
    after = TextScanner(ENTITIES)
    assert after.size == alone.size
    assert _found(after) == _found(alone)
    assert {entity_id for entity_id, *_ in _found(after)} == {"t:1", "t:2", "t:3", "t:4"}
