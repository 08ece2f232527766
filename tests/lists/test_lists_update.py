"""`update_snapshot`: from a folder and from a real HTTP server on 127.0.0.1; atomic on failure."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from dualuse.errors import ListFormatError, ReferenceDataError
from dualuse.lists import load_paths
from dualuse.lists.manifest import Manifest
from dualuse.lists.snapshot import MANIFEST_NAME, read_manifest, read_snapshot, write_snapshot
from dualuse.lists.update import update_snapshot

FIXTURES = Path(__file__).parents[1] / "fixtures" / "lists"


def _seed(target: Path) -> Manifest:
    """A small current snapshot (UN and OFAC consolidated fixtures) for the update to replace."""
    current = load_paths([FIXTURES / "un" / "consolidated.xml", FIXTURES / "ofac" / "cons" / "cons_prim.csv"])
    return write_snapshot(target, current.entities, Manifest(lists=current.manifest.lists))


@pytest.fixture(autouse=True)
def _private_user_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DUALUSE_DATA_DIR", str(tmp_path / "user-lists"))


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A real HTTP server on 127.0.0.1 serving a folder of official files."""
    root = tmp_path / "www"
    shutil.copytree(FIXTURES / "ofac" / "sdn", root)
    shutil.copy(FIXTURES / "bis" / "dpl.txt", root / "dpl.txt")
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/lists", root
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def translate_path(self, path: str) -> str:
        return super().translate_path(path.removeprefix("/lists"))

    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output clean."""


def test_update_from_url_downloads_offered_files_and_keeps_the_rest(
    served: tuple[str, Path], tmp_path: Path
) -> None:
    url, root = served
    published = datetime(2026, 11, 20, 12, 0, tzinfo=UTC).timestamp()
    os.utime(root / "sdn.csv", (published, published))
    target = tmp_path / "snap"
    seeded = {info.list_id: info for info in _seed(target).lists}
    directory, manifest = update_snapshot(url, target)
    assert directory == target
    lists = {info.list_id: info for info in manifest.lists}
    assert (lists["us_ofac_sdn"].entities, lists["us_ofac_sdn"].published) == (11, "2026-11-20")
    assert (lists["us_bis_dpl"].entities, lists["us_bis_dpl"].published_basis) == (5, "content")
    assert lists["un_sc"] == seeded["un_sc"]  # not offered by the server: carried over
    assert lists["us_ofac_cons"] == seeded["us_ofac_cons"]
    _, entities = read_snapshot(target)
    assert sum(1 for e in entities if e.list_id == "us_ofac_sdn") == 11


def test_url_without_any_list_file_is_an_error(served: tuple[str, Path], tmp_path: Path) -> None:
    url, _ = served
    with pytest.raises(ReferenceDataError, match="no known list file"):
        update_snapshot(url + "/nothing-here", tmp_path / "snap")


def test_unreachable_url_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ReferenceDataError, match="cannot download"):
        update_snapshot("http://127.0.0.1:9/lists", tmp_path / "snap")


def test_update_from_folder_replaces_only_the_lists_it_holds(tmp_path: Path) -> None:
    folder = tmp_path / "new"
    folder.mkdir()
    shutil.copy(FIXTURES / "bis" / "dpl.txt", folder / "dpl.txt")
    _seed(tmp_path / "snap")
    _, manifest = update_snapshot(str(folder), tmp_path / "snap")
    assert [info.list_id for info in manifest.lists] == ["un_sc", "us_ofac_cons", "us_bis_dpl"]
    assert {info.list_id: info.entities for info in manifest.lists}["us_bis_dpl"] == 5
    assert load_paths([tmp_path / "snap"]).version == manifest.version


def test_failed_update_leaves_the_previous_snapshot_in_place(tmp_path: Path) -> None:
    target = tmp_path / "snap"
    _seed(target)
    good = tmp_path / "good"
    good.mkdir()
    shutil.copy(FIXTURES / "bis" / "dpl.txt", good / "dpl.txt")
    update_snapshot(str(good), target)
    before = (target / MANIFEST_NAME).read_bytes()
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "dpl.txt").write_bytes((FIXTURES / "bis" / "dpl.txt").read_bytes() + b'"CUT"\t"OFF"\n')
    with pytest.raises(ListFormatError):
        update_snapshot(str(bad), target)
    assert (target / MANIFEST_NAME).read_bytes() == before
    assert {info.list_id: info.entities for info in read_manifest(target).lists}["us_bis_dpl"] == 5
    assert len(list(target.glob("snapshot-*.jsonl.gz"))) == 1


def test_missing_origin_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ReferenceDataError, match="no such file"):
        update_snapshot(str(tmp_path / "nope"), tmp_path / "snap")


def test_default_target_is_the_user_dir_when_the_package_dir_is_not_writable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dualuse.lists import update

    monkeypatch.setattr(update, "package_lists_dir", lambda: tmp_path / "read-only-or-missing")
    assert update.default_target() == tmp_path / "user-lists"
    monkeypatch.setattr(update, "package_lists_dir", lambda: tmp_path)
    assert update.default_target() == tmp_path
