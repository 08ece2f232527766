"""Loading lists: the embedded default snapshot, or any mix of official files, folders,
FollowTheMoney files, custom watchlists and snapshots given by the user.

Where the default snapshot lives: the package's `data/lists/` and the user data directory
(`$DUALUSE_DATA_DIR`, else `$XDG_DATA_HOME/dualuse/lists`, else `~/.local/share/dualuse/lists`),
where `dualuse lists update` writes when the package directory is read-only. `load_default`
takes whichever of the two was built most recently, so an update is picked up at once and a
newer package release is not shadowed by an old update.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from dualuse.errors import ListFormatError, ReferenceDataError
from dualuse.lists.base import ParseReport
from dualuse.lists.manifest import FileInfo, ListInfo, Manifest
from dualuse.lists.registry import SOURCES, ListSource, detect
from dualuse.lists.snapshot import MANIFEST_NAME, SNAPSHOT_PREFIX, read_manifest, read_snapshot
from dualuse.lists.watchlist import read_watchlist
from dualuse.model import Entity

PUBLISHED_FILE = "published.json"
"""Optional `{list_id: "YYYY-MM-DD"}` next to official files whose content carries no date."""
JSON_LINES_SUFFIXES = (".jsonl", ".ndjson", ".json")

Loaded = tuple[ListInfo, list[Entity]]


@dataclass(slots=True)
class ListSet:
    """The entities to screen against and what they are (`manifest`, `version`)."""

    entities: list[Entity]
    manifest: Manifest

    @property
    def version(self) -> str:
        """Short string naming every list and its publication date."""
        return self.manifest.version


def package_lists_dir() -> Path:
    """`data/lists/` inside the installed package."""
    return Path(str(resources.files("dualuse").joinpath("data/lists")))


def user_lists_dir() -> Path:
    """Where `lists update` writes when the package directory is not writable."""
    if os.environ.get("DUALUSE_DATA_DIR"):
        return Path(os.environ["DUALUSE_DATA_DIR"])
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "dualuse" / "lists"


def default_snapshot_dir() -> Path:
    """The most recently built of the package and the user snapshot."""
    candidates = []
    for directory in (package_lists_dir(), user_lists_dir()):
        if (directory / MANIFEST_NAME).is_file():
            candidates.append((read_manifest(directory).built or "", directory))
    if not candidates:
        raise ReferenceDataError(
            "no default list snapshot found; run `dualuse lists update --from PATH-or-URL`",
            file=str(package_lists_dir() / MANIFEST_NAME),
            field=MANIFEST_NAME,
        )
    return max(candidates, key=lambda candidate: candidate[0])[1]


def load_default() -> ListSet:
    """The embedded (or most recently updated) default snapshot."""
    manifest, entities = read_snapshot(default_snapshot_dir())
    return ListSet(entities=entities, manifest=manifest)


def load_paths(paths: Iterable[Path | str]) -> ListSet:
    """Lists from official files or folders (format detected), FtM files, watchlists, snapshots."""
    loaded: list[Loaded] = []
    for path in (Path(p) for p in paths):
        loaded.extend(read_path(path))
    return combine(loaded)


def load_sources(
    lists: Iterable[Path | str] = (), watchlists: Iterable[Path | str] = ()
) -> tuple[ListSet, list[Entity]]:
    """The official lists (`load_paths(lists)`, the default snapshot when `lists` is empty) and
    the entities of the custom watchlists, kept apart: the screener matches watchlists on their own.
    What `--lists`/`--watchlist`, `Screener.from_paths` and the benchmarks load."""
    paths = list(lists)
    loaded = load_paths(paths) if paths else load_default()
    return loaded, [entity for path in watchlists for entity in read_watchlist(path)]


def combine(loaded: list[Loaded]) -> ListSet:
    """One list set; the same list given twice is an error, not a silent merge."""
    seen: dict[str, str] = {}
    for info, _ in loaded:
        if info.list_id in seen:
            raise ListFormatError(f"list {info.list_id} given twice", file=info.source, field="list_id")
        seen[info.list_id] = info.source
    return ListSet(
        entities=[entity for _, entities in loaded for entity in entities],
        manifest=Manifest(lists=[info for info, _ in loaded]),
    )


def read_path(path: Path) -> list[Loaded]:
    """Every list found at one path (a file, an official folder or a snapshot folder)."""
    if path.is_dir():
        return _read_folder(path)
    if not path.is_file():
        raise ListFormatError("no such file or folder", file=str(path), field="path")
    if path.name == MANIFEST_NAME or path.name.startswith(SNAPSHOT_PREFIX):
        return _read_snapshot(path.parent)
    found = detect(path)
    if found is not None:
        return parse_official(found, path, _published_dates(path.parent))
    if path.suffix.lower() in JSON_LINES_SUFFIXES:
        return _read_json_lines(path)
    raise ListFormatError(
        "not a list file this version knows (see docs/lists.md for the formats)",
        file=str(path),
        field="format",
    )


def _read_folder(folder: Path) -> list[Loaded]:
    if (folder / MANIFEST_NAME).is_file():
        return _read_snapshot(folder)
    published = _published_dates(folder)
    loaded: list[Loaded] = []
    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        found = detect(path)
        if found is not None:
            loaded.extend(parse_official(found, path, published))
        elif path.suffix.lower() in JSON_LINES_SUFFIXES and path.name != PUBLISHED_FILE:
            loaded.extend(_read_json_lines(path))
    if not loaded:
        raise ListFormatError("no list files found in folder", file=str(folder), field="path")
    return sorted(loaded, key=lambda item: _registry_rank(item[0].list_id))


def _registry_rank(list_id: str) -> int:
    """Registered lists first, in registry order, then the others in file-name order."""
    order = [source.list_id for source in SOURCES]
    return order.index(list_id) if list_id in order else len(order)


def _read_snapshot(folder: Path) -> list[Loaded]:
    manifest, entities = read_snapshot(folder)
    by_list: dict[str, list[Entity]] = {info.list_id: [] for info in manifest.lists}
    for entity in entities:
        if entity.list_id not in by_list:
            raise ListFormatError(
                f"entity {entity.id} belongs to list {entity.list_id!r}, which the manifest does not name",
                file=str(folder / MANIFEST_NAME),
                field="lists",
            )
        by_list[entity.list_id].append(entity)
    return [(info, by_list[info.list_id]) for info in manifest.lists]


def _published_dates(folder: Path) -> dict[str, str]:
    path = folder / PUBLISHED_FILE
    if not path.is_file():
        return {}
    try:
        dates = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as error:
        raise ListFormatError(f"not JSON: {error}", file=str(path), field=PUBLISHED_FILE) from error
    if not isinstance(dates, dict) or not all(isinstance(v, str) for v in dates.values()):
        raise ListFormatError('must map list ids to "YYYY-MM-DD"', file=str(path), field=PUBLISHED_FILE)
    return dates


def file_info(path: Path) -> FileInfo:
    data = path.read_bytes()
    return FileInfo(name=path.name, sha256=hashlib.sha256(data).hexdigest(), bytes=len(data))


def list_info(
    report: ParseReport, *, title: str, source: str, files: list[FileInfo], published: str | None
) -> ListInfo:
    """Manifest entry of a parsed list; the file's own date wins over a supplied one. `files`
    are hashed once by the caller: a file that carries several lists is not read again for each."""
    date, basis = (report.published, "content") if report.published else (published, "supplied")
    return ListInfo(
        list_id=report.list_id,
        title=title,
        source=source,
        published=date,
        published_basis=basis if date else "unknown",
        entities=len(report.entities),
        skips=report.skip_counts(),
        files=list(files),
    )


def parse_official(source: ListSource, primary: Path, published: dict[str, str]) -> list[Loaded]:
    """The lists in one official file (companions are read from the same folder). A file that
    carries several source lists (the trade.gov CSL) gives one manifest entry per list id."""
    report = source.parse(primary)
    paths = [primary.parent / name for name in source.files if (primary.parent / name).is_file()]
    if primary not in paths:
        paths.insert(0, primary)
    files = [file_info(path) for path in paths]
    parts = split_by_list_id(report)
    return [
        (
            list_info(
                part,
                title=source.title if len(parts) == 1 else f"{source.title}: {part.list_id}",
                source=f"{source.publisher} <{source.url}>",
                files=files,
                published=published.get(part.list_id, published.get(source.list_id)),
            ),
            part.entities,
        )
        for part in parts
    ]


def split_by_list_id(report: ParseReport) -> list[ParseReport]:
    """One report per `Entity.list_id`, so that every entity names a list of the manifest and
    survives a snapshot round trip; the skipped rows stay with the first part."""
    groups = _by_list_id(report.entities)
    if not groups or list(groups) == [report.list_id]:
        return [report]
    parts = [
        ParseReport(list_id=key, entities=group, published=report.published) for key, group in groups.items()
    ]
    parts[0].skipped = report.skipped
    return parts


def _first_object(path: Path) -> dict[str, object]:
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if raw.strip():
                try:
                    first = json.loads(raw)
                except ValueError as error:
                    raise ListFormatError(
                        f"not JSON: {error}", file=path.name, line=number, field="json"
                    ) from error
                return first if isinstance(first, dict) else {}
    return {}


def _by_list_id(entities: list[Entity]) -> dict[str, list[Entity]]:
    groups: dict[str, list[Entity]] = {}
    for entity in entities:
        groups.setdefault(entity.list_id, []).append(entity)
    return groups


def _read_json_lines(path: Path) -> list[Loaded]:
    """A FollowTheMoney file or a custom watchlist: one list per dataset / id prefix, so that
    every entity's `list_id` names a list of the manifest (and survives a snapshot round trip)."""
    first = _first_object(path)
    files = [file_info(path)]
    if "schema" in first and "properties" in first:
        from dualuse.lists.ftm import parse_ftm  # here: loading a snapshot needs no parser

        report = parse_ftm(path, default_list_id=path.stem.split(".")[0])
        return [
            (
                list_info(
                    part,
                    title=f"FollowTheMoney dataset {part.list_id} ({path.name})",
                    source=str(path),
                    files=files,
                    published=None,
                ),
                part.entities,
            )
            for part in split_by_list_id(report)
        ]
    return [
        (
            ListInfo(
                list_id=list_id,
                title=f"Custom watchlist ({path.name})",
                source=str(path),
                published=None,
                published_basis="custom watchlist",
                entities=len(entities),
                files=list(files),
                official=False,
            ),
            entities,
        )
        for list_id, entities in _by_list_id(read_watchlist(path)).items()
    ]
