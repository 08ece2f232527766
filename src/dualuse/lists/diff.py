"""What changed between two versions of the lists: entities added, removed and changed.

Entities are matched by their stable id (`<list_id>:<the list's own reference>`); a changed
entity says which fields moved and how (values added and removed for list fields, old and new
for single values). Order inside a list field is not a change: authorities reorder aliases
and addresses between releases without meaning anything by it.

This is the base of re-screening a customer book on a list update: the ids added or changed
are the ones to screen again. Pure functions over entities, no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from typing import Any

from dualuse.model import Entity

IGNORED_PROPERTIES = frozenset({"same_as"})
"""Derived at snapshot build time from the other lists, not published by the authority."""
_COMPARED_FIELDS = tuple(f.name for f in fields(Entity) if f.name not in ("id", "properties"))


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field of one entity: what appeared and what went (list fields), or old -> new."""

    name: str
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"field": self.name, "added": list(self.added), "removed": list(self.removed)}


@dataclass(frozen=True, slots=True)
class EntityChange:
    """An entity present in both versions whose facts differ."""

    entity: Entity
    changes: tuple[FieldChange, ...]

    @property
    def fields(self) -> list[str]:
        return [change.name for change in self.changes]

    def to_dict(self) -> dict[str, Any]:
        return {**_summary(self.entity), "changes": [change.to_dict() for change in self.changes]}


@dataclass(slots=True)
class ListDiff:
    """The difference between an old and a new set of entities."""

    added: list[Entity] = field(default_factory=list)
    removed: list[Entity] = field(default_factory=list)
    changed: list[EntityChange] = field(default_factory=list)
    unchanged: int = 0

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def by_list(self) -> dict[str, dict[str, int]]:
        """Counts of added, removed, changed and unchanged entities per list id."""
        counts: dict[str, dict[str, int]] = {}
        rows = (
            *(("added", e.list_id) for e in self.added),
            *(("removed", e.list_id) for e in self.removed),
            *(("changed", c.entity.list_id) for c in self.changed),
        )
        for kind, list_id in rows:
            row = counts.setdefault(list_id, {"added": 0, "removed": 0, "changed": 0})
            row[kind] += 1
        return dict(sorted(counts.items()))

    def rescreen_ids(self) -> list[str]:
        """Ids whose hits may now differ: everything added or changed."""
        return [entity.id for entity in self.added] + [change.entity.id for change in self.changed]

    def to_dict(self) -> dict[str, Any]:
        return {
            "summary": {
                "added": len(self.added),
                "removed": len(self.removed),
                "changed": len(self.changed),
                "unchanged": self.unchanged,
                "by_list": self.by_list(),
            },
            "added": [_summary(entity) for entity in self.added],
            "removed": [_summary(entity) for entity in self.removed],
            "changed": [change.to_dict() for change in self.changed],
        }


def diff_lists(old_entities: Iterable[Entity], new_entities: Iterable[Entity]) -> ListDiff:
    """Compare two versions by entity id; results are in id order, for stable output."""
    old = {entity.id: entity for entity in old_entities}
    new = {entity.id: entity for entity in new_entities}
    diff = ListDiff(
        added=[new[key] for key in sorted(new.keys() - old.keys())],
        removed=[old[key] for key in sorted(old.keys() - new.keys())],
    )
    for key in sorted(old.keys() & new.keys()):
        changes = entity_changes(old[key], new[key])
        if changes:
            diff.changed.append(EntityChange(entity=new[key], changes=changes))
        else:
            diff.unchanged += 1
    return diff


def entity_changes(old: Entity, new: Entity) -> tuple[FieldChange, ...]:
    """Every field that differs between two versions of one entity."""
    changes = [_field_change(name, getattr(old, name), getattr(new, name)) for name in _COMPARED_FIELDS]
    for key in sorted((old.properties.keys() | new.properties.keys()) - IGNORED_PROPERTIES):
        changes.append(
            _field_change(f"properties.{key}", old.properties.get(key, []), new.properties.get(key, []))
        )
    return tuple(change for change in changes if change is not None)


def _field_change(name: str, old: Any, new: Any) -> FieldChange | None:
    before, after = _as_texts(old), _as_texts(new)
    if set(before) == set(after):
        return None
    return FieldChange(
        name=name,
        added=tuple(value for value in after if value not in before),
        removed=tuple(value for value in before if value not in after),
    )


def _as_texts(value: Any) -> list[str]:
    """A field's values as display texts: lists item by item, a single value as one item."""
    if value is None or value == "":
        return []
    items = value if isinstance(value, list) else [value]
    return [_text(item) for item in items]


def _text(item: Any) -> str:
    """Addresses, identifiers and relations shown the way an analyst reads them."""
    if isinstance(item, str):
        return item
    full = getattr(item, "full", None)
    if full is not None:
        country = getattr(item, "country", None)
        return f"{full} [{country}]" if country else str(full)
    if hasattr(item, "kind") and hasattr(item, "value"):
        return f"{item.kind}: {item.value}"
    if hasattr(item, "kind") and hasattr(item, "target_name"):
        return f"{item.kind}: {item.target_name}"
    return str(item)


def _summary(entity: Entity) -> dict[str, Any]:
    return {"id": entity.id, "list_id": entity.list_id, "name": entity.name, "schema": entity.schema}
