"""What every list parser returns: the entities, and every row it could not use, with why.

A parser never drops input silently: a row it cannot use is either a `ListFormatError`
(file, line, field) or a `Skip` counted in the report that `dualuse lists info/update` prints.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dualuse.model import Entity


@dataclass(frozen=True, slots=True)
class Skip:
    """One input row left out on purpose, and why (e.g. an alias row for an unknown entity)."""

    file: str
    line: int | None
    reason: str


@dataclass(slots=True)
class ParseReport:
    """The outcome of reading one official list (one or several files)."""

    list_id: str
    entities: list[Entity] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)
    published: str | None = None

    def skip_counts(self) -> dict[str, int]:
        """How many rows were skipped for each reason, for a one-line summary."""
        counts: dict[str, int] = {}
        for skip in self.skipped:
            counts[skip.reason] = counts.get(skip.reason, 0) + 1
        return counts


def unique(values: list[str]) -> list[str]:
    """`values` without repeats, in first-seen order."""
    return list(dict.fromkeys(values))


def add_unique(values: list[str], value: str) -> None:
    """Append `value` unless it is there already: list fields keep first-seen order, no repeats."""
    if value not in values:
        values.append(value)


def add_property(properties: dict[str, list[str]], key: str, value: str) -> None:
    """`add_unique` into `properties[key]`, creating the list on first use."""
    add_unique(properties.setdefault(key, []), value)
