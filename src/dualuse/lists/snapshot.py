"""The compact snapshot: every entity as one JSON line (empty fields left out), gzip'd, with a
`manifest.json` naming the snapshot file and its SHA-256.

Writing is atomic: the snapshot goes to a new content-named file (`snapshot-<sha12>.jsonl.gz`),
then `manifest.json` is replaced in one `os.replace`, then the old snapshot is removed. A reader
that opened the old manifest still finds a complete old snapshot or fails on the checksum; it
never reads a half-written one.
"""

from __future__ import annotations

import gc
import gzip
import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import msgspec

from dualuse.errors import ListFormatError
from dualuse.io.writers import atomic_file
from dualuse.lists.manifest import Manifest
from dualuse.model import Entity

MANIFEST_NAME = "manifest.json"
SNAPSHOT_PREFIX = "snapshot-"
SNAPSHOT_SUFFIX = ".jsonl.gz"


def _compact(entity: Entity) -> dict[str, Any]:
    return {key: value for key, value in entity.to_dict().items() if value not in (None, [], {})}


def encode_entities(entities: Iterable[Entity]) -> bytes:
    """Gzip'd JSON lines, one compact entity per line (mtime 0: same input, same bytes)."""
    lines = "".join(
        json.dumps(_compact(e), ensure_ascii=False, separators=(",", ":")) + "\n" for e in entities
    )
    return gzip.compress(lines.encode("utf-8"), compresslevel=6, mtime=0)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small acyclic objects.

    Its passes over the ~200k new lists and dataclasses about double the load time (measured
    with bench/lists_load.py); entities hold no reference cycles, so nothing is left behind.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


_DECODER = msgspec.json.Decoder(list[Entity])
_ENTRY_INDEX = re.compile(r"\$\[(\d+)\]")


def decode_entities(data: bytes, *, file: str) -> list[Entity]:
    """Entities of a snapshot; a corrupt line raises `ListFormatError` with its line.

    msgspec decodes the lines (joined into one JSON array) straight into `Entity` objects,
    about twice as fast as `json` plus `Entity.from_dict` (bench/lists_load.py).
    """
    try:
        lines = gzip.decompress(data).splitlines()
    except (OSError, EOFError) as error:
        raise ListFormatError(f"not a gzip'd snapshot: {error}", file=file, field="snapshot") from error
    try:
        with _collector_paused():
            return _DECODER.decode(b"[" + b",".join(lines) + b"]")
    except msgspec.DecodeError as error:
        found = _ENTRY_INDEX.search(str(error))
        line = int(found.group(1)) + 1 if found else None
        raise ListFormatError(f"not an entity: {error}", file=file, line=line, field="entity") from error


def _atomic_write(path: Path, data: bytes) -> None:
    with atomic_file(path, binary=True) as handle:
        handle.write(data)


def write_snapshot(directory: Path, entities: list[Entity], manifest: Manifest) -> Manifest:
    """Write entities and manifest into `directory` atomically; returns the manifest written."""
    directory.mkdir(parents=True, exist_ok=True)
    data = encode_entities(entities)
    digest = hashlib.sha256(data).hexdigest()
    name = f"{SNAPSHOT_PREFIX}{digest[:12]}{SNAPSHOT_SUFFIX}"
    _atomic_write(directory / name, data)
    manifest.snapshot, manifest.snapshot_sha256 = name, digest
    manifest.built = datetime.now(UTC).isoformat(timespec="seconds")
    text = json.dumps(manifest.to_dict(), indent=2, ensure_ascii=False) + "\n"
    _atomic_write(directory / MANIFEST_NAME, text.encode("utf-8"))
    for old in directory.glob(f"{SNAPSHOT_PREFIX}*{SNAPSHOT_SUFFIX}"):
        if old.name != name:
            old.unlink(missing_ok=True)
    return manifest


def read_manifest(directory: Path) -> Manifest:
    """The manifest of a snapshot directory."""
    path = directory / MANIFEST_NAME
    try:
        return Manifest.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError as error:
        raise ListFormatError("no snapshot manifest", file=str(path), field=MANIFEST_NAME) from error
    except (ValueError, TypeError, KeyError) as error:
        raise ListFormatError(
            f"not a snapshot manifest: {error}", file=str(path), field=MANIFEST_NAME
        ) from error


def read_snapshot(directory: Path) -> tuple[Manifest, list[Entity]]:
    """Manifest and entities of a snapshot directory, checksum verified."""
    manifest = read_manifest(directory)
    if not manifest.snapshot:
        raise ListFormatError(
            "manifest names no snapshot", file=str(directory / MANIFEST_NAME), field="snapshot"
        )
    path = directory / manifest.snapshot
    try:
        data = path.read_bytes()
    except FileNotFoundError as error:
        raise ListFormatError("snapshot file missing", file=str(path), field="snapshot") from error
    if hashlib.sha256(data).hexdigest() != manifest.snapshot_sha256:
        raise ListFormatError(
            "snapshot checksum does not match the manifest", file=str(path), field="snapshot_sha256"
        )
    return manifest, decode_entities(data, file=str(path))
