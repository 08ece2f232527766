"""Rebuilding the default snapshot from newer official files, in a folder or at a URL base.

`update_snapshot(origin, target)`: fetch (for a URL, every registered file name under the base
URL; a 404 only means "not offered"), parse, carry over the lists the origin did not offer
from the current snapshot, and write the new snapshot atomically. A parse error stops the
update before anything is written: the previous snapshot stays in use.
The publication date of a downloaded list without a date in its content is the server's
Last-Modified header of its primary file (recorded in `published.json`).
"""

from __future__ import annotations

import json
import os
import tempfile
import urllib.error
import urllib.request
from email.utils import parsedate_to_datetime
from pathlib import Path

from dualuse.errors import ReferenceDataError
from dualuse.lists.crosslink import link_entities
from dualuse.lists.loading import (
    PUBLISHED_FILE,
    Loaded,
    default_snapshot_dir,
    package_lists_dir,
    read_path,
    user_lists_dir,
)
from dualuse.lists.manifest import Manifest
from dualuse.lists.registry import SOURCES
from dualuse.lists.snapshot import MANIFEST_NAME, read_snapshot, write_snapshot

DOWNLOAD_TIMEOUT_S = 120


def is_url(origin: str) -> bool:
    return origin.startswith(("http://", "https://"))


def default_target() -> Path:
    """The package data directory when writable, else the user data directory."""
    package = package_lists_dir()
    return package if os.access(package, os.W_OK) else user_lists_dir()


def download(base_url: str, into: Path) -> list[str]:
    """Fetch every registered official file offered under `base_url`; names fetched."""
    fetched: list[str] = []
    published: dict[str, str] = {}
    for source in SOURCES:
        for name in source.files:
            last_modified = _fetch(f"{base_url.rstrip('/')}/{name}", into / name)
            if last_modified is None:
                continue
            fetched.append(name)
            if name == source.primary and last_modified:
                published[source.list_id] = last_modified
    if not fetched:
        raise ReferenceDataError("no known list file found at this URL", file=base_url, field="--from")
    (into / PUBLISHED_FILE).write_text(json.dumps(published), encoding="utf-8")
    return fetched


def _fetch(url: str, destination: Path) -> str | None:
    """Download one file; None when the server does not have it, else its Last-Modified date."""
    try:
        with urllib.request.urlopen(url, timeout=DOWNLOAD_TIMEOUT_S) as response:
            destination.write_bytes(response.read())
            header = response.headers.get("Last-Modified")
    except urllib.error.HTTPError as error:
        if error.code == 404:
            return None
        raise ReferenceDataError(f"HTTP {error.code} {error.reason}", file=url, field="--from") from error
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise ReferenceDataError(f"cannot download: {error}", file=url, field="--from") from error
    return parsedate_to_datetime(header).date().isoformat() if header else ""


def replaced_snapshot_dir(target: Path) -> Path | None:
    """The snapshot an update of `target` replaces: the target's, else the default one, or None."""
    try:
        return target if (target / MANIFEST_NAME).is_file() else default_snapshot_dir()
    except ReferenceDataError:
        return None


def replaced_lists(target: Path) -> list[Loaded]:
    """The lists of the snapshot an update of `target` replaces, or none."""
    folder = replaced_snapshot_dir(target)
    if folder is None:
        return []
    manifest, entities = read_snapshot(folder)
    return [(info, [e for e in entities if e.list_id == info.list_id]) for info in manifest.lists]


def merge(current: list[Loaded], fresh: list[Loaded]) -> list[Loaded]:
    """Fresh lists replace current ones with the same id; the rest are carried over."""
    by_id = {info.list_id: (info, entities) for info, entities in fresh}
    merged = [by_id.pop(info.list_id, (info, entities)) for info, entities in current]
    return merged + list(by_id.values())


def update_snapshot(
    origin: str, target: Path | None = None, *, current: list[Loaded] | None = None
) -> tuple[Path, Manifest]:
    """Rebuild the snapshot in `target` (default: `default_target()`) from `origin`.

    `current`: the lists being replaced, when the caller has read them already
    (`replaced_lists(target or default_target())`, e.g. to show what changed), so that the old
    snapshot is read once. Their entities' `same_as` links are rewritten by the new build.
    """
    destination = target or default_target()
    with tempfile.TemporaryDirectory(prefix="dualuse-lists-") as scratch:
        folder = Path(origin)
        if is_url(origin):
            folder = Path(scratch)
            download(origin, folder)
        elif not folder.exists():
            raise ReferenceDataError("no such file or folder", file=origin, field="--from")
        fresh = read_path(folder)
    loaded = merge(replaced_lists(destination) if current is None else current, fresh)
    manifest = Manifest(lists=[info for info, _ in loaded])
    entities = [entity for _, entities in loaded for entity in entities]
    link_entities(entities)  # cross-list `same_as` links are part of the built snapshot
    return destination, write_snapshot(destination, entities, manifest)
