"""`load_sources(lists, watchlists)`: the one loader behind `--lists`/`--watchlist`,
`Screener.from_paths` and the benchmarks."""

from __future__ import annotations

from pathlib import Path

import pytest

from dualuse.lists import load_paths, load_sources, read_watchlist
from dualuse.lists.manifest import Manifest
from dualuse.lists.snapshot import write_snapshot
from dualuse.screening import Screener

FIXTURES = Path(__file__).parents[1] / "fixtures" / "lists"
DPL = FIXTURES / "bis" / "dpl.txt"
WATCHLIST = FIXTURES / "watchlist" / "watchlist.jsonl"


@pytest.fixture
def user_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DUALUSE_DATA_DIR", str(tmp_path / "user-lists"))
    return tmp_path / "user-lists"


def test_lists_and_watchlists_are_loaded_and_kept_apart(user_dir: Path) -> None:
    lists, watched = load_sources([DPL], [str(WATCHLIST)])
    assert lists.entities == load_paths([DPL]).entities
    assert [info.list_id for info in lists.manifest.lists] == ["us_bis_dpl"]
    assert watched == read_watchlist(WATCHLIST)
    assert not {e.id for e in watched} & {e.id for e in lists.entities}


def test_no_lists_means_the_default_snapshot(user_dir: Path) -> None:
    # A snapshot in the user data directory, built after the package's, is the default one.
    small = load_paths([DPL])
    write_snapshot(user_dir, small.entities, Manifest(lists=small.manifest.lists))
    lists, watched = load_sources()
    assert lists.entities == small.entities and watched == []


def test_screener_from_paths_screens_lists_and_watchlists_loaded_by_it(user_dir: Path) -> None:
    lists, _ = load_sources([DPL])
    screener = Screener.from_paths([DPL], [WATCHLIST])
    assert screener.lists_version == lists.version
    assert screener.match("Acme Trading FZE", country="AE")[0].entity_id == "internal:42"
