"""`diff_lists`: added, removed and changed entities by stable id, on real UK rows."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from dualuse.lists.diff import diff_lists, entity_changes
from dualuse.lists.uk import read_conlist
from dualuse.model import Address, Entity

UK_CUT = Path(__file__).parent.parent / "fixtures" / "lists" / "uk" / "conlist_cut.csv"


def _uk() -> list[Entity]:
    return read_conlist(UK_CUT).entities


def test_same_list_twice_has_no_changes() -> None:
    diff = diff_lists(_uk(), _uk())
    assert diff.is_empty
    assert diff.unchanged == 11
    assert diff.by_list() == {}


def test_added_removed_and_changed_fields_are_reported_by_id() -> None:
    old = _uk()
    new = _uk()
    removed = new.pop(0)  # delisted
    added = dataclasses.replace(old[1], id="gb_hmt:99999", name="NEW TARGET LLC")
    new.append(added)
    changed = next(entity for entity in new if entity.id == "gb_hmt:16636")
    changed.aliases = [*changed.aliases[1:], "ZAPCHAST TRADE KZ"]  # one alias dropped, one added
    changed.addresses.append(Address(full="Astana, Kazakhstan", country="KZ"))
    changed.properties["uk_sanctions_list_ref"] = ["RUS9999"]

    diff = diff_lists(old, new)

    assert [entity.id for entity in diff.added] == ["gb_hmt:99999"]
    assert [entity.id for entity in diff.removed] == [removed.id]
    assert [change.entity.id for change in diff.changed] == ["gb_hmt:16636"]
    by_field = {change.name: change for change in diff.changed[0].changes}
    assert set(by_field) == {"aliases", "addresses", "properties.uk_sanctions_list_ref"}
    assert by_field["aliases"].added == ("ZAPCHAST TRADE KZ",)
    assert by_field["aliases"].removed == ('"ZAPCHAST TRADE" LLP',)
    assert by_field["addresses"].added == ("Astana, Kazakhstan [KZ]",)
    assert by_field["properties.uk_sanctions_list_ref"].removed == ("RUS2305",)
    assert diff.by_list() == {"gb_hmt": {"added": 1, "removed": 1, "changed": 1}}
    assert diff.rescreen_ids() == ["gb_hmt:99999", "gb_hmt:16636"]
    assert diff.unchanged == 9


def test_reordering_and_derived_links_are_not_changes() -> None:
    entity = _uk()[1]
    reordered = dataclasses.replace(
        entity, aliases=list(reversed(entity.aliases)), properties=dict(entity.properties)
    )
    reordered.properties["same_as"] = ["us_ofac_sdn:12345"]
    assert entity_changes(entity, reordered) == ()


def test_single_value_change_shows_old_and_new() -> None:
    entity = _uk()[0]
    relisted = dataclasses.replace(entity, listed_on="2025-01-01")
    (change,) = entity_changes(entity, relisted)
    assert (change.name, change.added, change.removed) == ("listed_on", ("2025-01-01",), (entity.listed_on,))


def test_json_shape() -> None:
    new = _uk()
    new.pop()
    data = diff_lists(_uk(), new).to_dict()
    assert data["summary"]["removed"] == 1
    assert set(data["removed"][0]) == {"id", "list_id", "name", "schema"}
