"""State shared by every command: the global `--lists` and `--watchlist` options."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from dualuse.lists import ListSet
    from dualuse.model import Entity


@dataclass(slots=True)
class CliState:
    """What the global options asked for. Empty `lists` means the embedded default lists."""

    lists: list[Path] = field(default_factory=list)
    watchlists: list[Path] = field(default_factory=list)


def state(ctx: typer.Context) -> CliState:
    found = ctx.find_root().obj
    return found if isinstance(found, CliState) else CliState()


def load_lists(lists: Iterable[Path], watchlists: Iterable[Path]) -> tuple[ListSet, list[Entity]]:
    """The official lists (the embedded snapshot when `lists` is empty) and the entities of the
    custom watchlists, kept apart: the screener matches watchlists on their own."""
    # Imported here: the list readers are not needed by commands that never load lists.
    from dualuse.lists import load_default, load_paths, read_watchlist

    paths = list(lists)
    loaded = load_paths(paths) if paths else load_default()
    return loaded, [entity for path in watchlists for entity in read_watchlist(path)]
