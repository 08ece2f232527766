"""Official sanctions and export-control lists, read into one `Entity` model.

Public API: `load_default()`, `load_paths(paths)`, `load_sources(lists, watchlists)`, `ListSet`,
`read_watchlist(path)`, `entities_from_rows(rows)`. Parsers live one per format (`ofac`, `un`,
`bis_dpl`, `ftm`, ...), each returning a `ParseReport`; `registry.SOURCES` says which parser
reads which files.
"""

from __future__ import annotations

from dualuse.lists.base import ParseReport, Skip
from dualuse.lists.loading import ListSet, load_default, load_paths, load_sources
from dualuse.lists.manifest import ListInfo, Manifest
from dualuse.lists.watchlist import entities_from_rows, read_watchlist

__all__ = [
    "ListInfo",
    "ListSet",
    "Manifest",
    "ParseReport",
    "Skip",
    "entities_from_rows",
    "load_default",
    "load_paths",
    "load_sources",
    "read_watchlist",
]
