"""State shared by every command: the global `--lists` and `--watchlist` options."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import typer


@dataclass(slots=True)
class CliState:
    """What the global options asked for. Empty `lists` means the embedded default lists;
    `dualuse.lists.load_sources(lists, watchlists)` loads them."""

    lists: list[Path] = field(default_factory=list)
    watchlists: list[Path] = field(default_factory=list)


def state(ctx: typer.Context) -> CliState:
    found = ctx.find_root().obj
    return found if isinstance(found, CliState) else CliState()
