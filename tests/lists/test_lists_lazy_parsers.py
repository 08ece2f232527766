"""The list parsers load when a list file is parsed, not on `import dualuse.lists` nor when a
snapshot is read; the registry still reads every format through them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from dualuse.lists import load_paths
from dualuse.lists.manifest import Manifest
from dualuse.lists.registry import detect
from dualuse.lists.snapshot import write_snapshot

FIXTURES = Path(__file__).parents[1] / "fixtures" / "lists"
PARSERS = frozenset(f"dualuse.lists.{name}" for name in ("ofac", "un", "bis_dpl", "uk", "csl", "eu", "ftm"))
LOADED_AFTER = """
import sys
from dualuse.lists import load_paths
load_paths(sys.argv[1:])
print(" ".join(name for name in sys.modules if name.startswith("dualuse.lists.")))
"""


def _modules_loaded_by(*paths: Path) -> set[str]:
    """The `dualuse.lists` modules a fresh interpreter holds after `load_paths(paths)`."""
    done = subprocess.run(
        [sys.executable, "-c", LOADED_AFTER, *map(str, paths)], capture_output=True, text=True, check=True
    )
    return set(done.stdout.split())


def test_reading_a_snapshot_imports_no_parser(tmp_path: Path) -> None:
    small = load_paths([FIXTURES / "bis" / "dpl.txt"])
    write_snapshot(tmp_path / "snap", small.entities, Manifest(lists=small.manifest.lists))
    loaded = _modules_loaded_by(tmp_path / "snap")
    assert "dualuse.lists.snapshot" in loaded
    assert not loaded & PARSERS


def test_parsing_an_official_file_imports_its_parser_only() -> None:
    loaded = _modules_loaded_by(FIXTURES / "un" / "consolidated.xml")
    assert loaded & PARSERS == {"dualuse.lists.un"}


def test_the_registry_parses_through_the_lazily_loaded_parsers() -> None:
    sdn = FIXTURES / "ofac" / "sdn" / "sdn.csv"
    found = detect(sdn)
    assert found is not None and found.list_id == "us_ofac_sdn"
    report = found.parse(sdn)
    assert report.list_id == "us_ofac_sdn" and report.entities
