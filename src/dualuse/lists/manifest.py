"""What a set of lists is: per list, where it came from, when it was published, file checksums,
entity and skip counts. Stored as `manifest.json` next to a snapshot; printed by `lists info`.

`published` is None when neither the file's content (UN dateGenerated, DPL Last_Update, FtM
last_change), nor a `published.json` next to the files, nor the server's Last-Modified header
said when the list was published: file modification times are not used, because copying a
stale file makes it look fresh. An undated list counts as stale.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

FORMAT_VERSION = 1
UNDATED = "undated"


@dataclass(frozen=True, slots=True)
class FileInfo:
    """One official file read into a list: name, SHA-256 and size."""

    name: str
    sha256: str
    bytes: int


@dataclass(slots=True)
class ListInfo:
    """One list of a snapshot or list set."""

    list_id: str
    title: str
    source: str
    published: str | None
    published_basis: str
    entities: int
    skips: dict[str, int] = field(default_factory=dict)
    files: list[FileInfo] = field(default_factory=list)
    official: bool = True
    """False for custom watchlists: they have no publication date to go stale."""

    @property
    def skipped(self) -> int:
        return sum(self.skips.values())

    def age_days(self, today: date) -> int | None:
        """Days since publication, or None when the publication date is unknown."""
        if not self.published:
            return None
        return (today - date.fromisoformat(self.published[:10])).days

    def is_stale(self, today: date, max_age_days: int) -> bool:
        """An official list older than `max_age_days`, or undated; a watchlist never is."""
        age = self.age_days(today)
        return self.official and (age is None or age > max_age_days)


@dataclass(slots=True)
class Manifest:
    """Every list of a snapshot, plus when and from what the snapshot was built."""

    lists: list[ListInfo] = field(default_factory=list)
    built: str | None = None
    snapshot: str | None = None
    snapshot_sha256: str | None = None
    format: int = FORMAT_VERSION

    @property
    def version(self) -> str:
        """A short string naming the lists and their dates, e.g. `un_sc@2026-02-27+...`."""
        return "+".join(f"{info.list_id}@{info.published or UNDATED}" for info in self.lists)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Manifest:
        lists = [
            ListInfo(**{**info, "files": [FileInfo(**f) for f in info.get("files", [])]})
            for info in data["lists"]
        ]
        return cls(
            lists=lists,
            built=data.get("built"),
            snapshot=data.get("snapshot"),
            snapshot_sha256=data.get("snapshot_sha256"),
            format=data.get("format", FORMAT_VERSION),
        )


def stale_lists(manifest: Manifest, today: date, max_age_days: int) -> list[tuple[ListInfo, int | None]]:
    """Official lists older than `max_age_days` or undated, with their age (None if undated)."""
    return [(info, info.age_days(today)) for info in manifest.lists if info.is_stale(today, max_age_days)]
