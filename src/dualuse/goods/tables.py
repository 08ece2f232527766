"""Reference tables: the HS 2022 nomenclature and item lists (CHPL, EO 14114, user lists).

Every item list uses one CSV layout, so a user can load further lists (e.g. the EU's Annex
XXIII codes) beside the shipped ones:

    hs_code,tier,category,description,source,basis,confidence

Only `hs_code` is required (`hs6` is accepted as its name too). `hs_code` is a prefix of 2 to
10 digits with optional dots; a row without a code declares a category whose codes are not
known yet. `confidence` is high, medium or low. Bad rows raise `ReferenceDataError` naming
file, line and field. Parsing works on text; the thin `load_*` helpers read files.
"""

from __future__ import annotations

import bisect
import csv
import hashlib
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from dualuse.errors import InputError, ReferenceDataError
from dualuse.goods.hscode import format_hs, parse_hs_code

CONFIDENCES = ("high", "medium", "low")
_NOMENCLATURE_COLUMNS = ("section", "hscode", "description", "parent", "level")


@dataclass(frozen=True, slots=True)
class HsEntry:
    code: str
    description: str
    parent: str
    level: int
    section: str


@dataclass(slots=True)
class HsNomenclature:
    """HS 2022 chapters, headings and subheadings by code."""

    entries: dict[str, HsEntry]
    version: str = "HS 2022"

    def get(self, code: str) -> HsEntry | None:
        return self.entries.get(code)

    def text(self, code: str) -> str:
        entry = self.entries.get(code)
        return entry.description if entry else "(not in the HS 2022 nomenclature)"

    def subheadings(self) -> Iterator[HsEntry]:
        return (e for e in self.entries.values() if e.level == 6)

    def subheadings_under(self, prefix: str) -> list[str]:
        return [e.code for e in self.subheadings() if e.code.startswith(prefix)]


@dataclass(frozen=True, slots=True)
class ItemRow:
    """One row of an item list: a code prefix and what the list says about it."""

    list_id: str
    hs_code: str
    tier: str | None
    category: str | None
    description: str
    source: str
    basis: str | None
    confidence: str | None
    file: str
    line: int

    def label(self) -> str:
        """Short analyst-readable form: "CHPL tier 1 (integrated circuits), row 8542.39"."""
        name = list_title(self.list_id)
        tier = f" tier {self.tier}" if self.tier else ""
        category = f" ({self.category})" if self.category else ""
        return f"{name}{tier}{category}, row {format_hs(self.hs_code)}"


@dataclass(slots=True)
class ItemList:
    """A list of HS code prefixes, indexed for prefix lookups both ways."""

    list_id: str
    rows: list[ItemRow]
    categories_without_codes: list[str] = field(default_factory=list)
    _by_code: dict[str, list[ItemRow]] = field(default_factory=dict, repr=False)
    _sorted_codes: list[str] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        for row in self.rows:
            self._by_code.setdefault(row.hs_code, []).append(row)
        self._sorted_codes = sorted(self._by_code)

    def covering(self, digits: str) -> list[ItemRow]:
        """Rows whose code is a prefix of `digits` (the goods fall inside a listed code)."""
        found: list[ItemRow] = []
        for length in range(2, len(digits) + 1):
            found.extend(self._by_code.get(digits[:length], ()))
        return found

    def inside(self, digits: str) -> list[ItemRow]:
        """Rows whose code is longer than `digits` and starts with it (a declared heading
        that contains listed subheadings)."""
        start = bisect.bisect_left(self._sorted_codes, digits)
        found: list[ItemRow] = []
        for code in self._sorted_codes[start:]:
            if not code.startswith(digits):
                break
            if len(code) > len(digits):
                found.extend(self._by_code[code])
        return found


_TITLES = {"chpl": "CHPL", "eo14114": "EO 14114"}


def list_title(list_id: str) -> str:
    return _TITLES.get(list_id, list_id)


def _read_csv(text: str, file: str, required: Iterable[str]) -> Iterator[tuple[int, dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = reader.fieldnames or []
    for column in required:
        if column not in header:
            raise ReferenceDataError(f"missing column; header is {header}", file=file, line=1, field=column)
    for row in reader:
        if None in row:
            raise ReferenceDataError("more values than header columns", file=file, line=reader.line_num)
        yield reader.line_num, {k: (v or "").strip() for k, v in row.items()}


def parse_nomenclature(text: str, *, file: str) -> HsNomenclature:
    entries: dict[str, HsEntry] = {}
    for line, row in _read_csv(text, file, _NOMENCLATURE_COLUMNS):
        code = row["hscode"]
        if code == "TOTAL":
            continue
        if not code.isdigit() or len(code) not in (2, 4, 6):
            raise ReferenceDataError(
                f"HS code {code!r} is not 2, 4 or 6 digits", file=file, line=line, field="hscode"
            )
        if row["level"] != str(len(code)):
            raise ReferenceDataError(
                f"level {row['level']!r} does not fit code {code}", file=file, line=line, field="level"
            )
        if not row["description"]:
            raise ReferenceDataError("empty description", file=file, line=line, field="description")
        entries[code] = HsEntry(code, row["description"], row["parent"], len(code), row["section"])
    if not entries:
        raise ReferenceDataError("no HS codes", file=file)
    return HsNomenclature(entries)


def parse_item_list(text: str, *, list_id: str, file: str) -> ItemList:
    rows: list[ItemRow] = []
    categories: list[str] = []
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    code_column = "hs_code" if "hs_code" in first.split(",") else "hs6"
    for line, row in _read_csv(text, file, (code_column,)):
        raw_code = row[code_column]
        category = row.get("category") or None
        confidence = row.get("confidence") or None
        if confidence is not None and confidence not in CONFIDENCES:
            raise ReferenceDataError(
                f"confidence {confidence!r} is not one of {', '.join(CONFIDENCES)}",
                file=file,
                line=line,
                field="confidence",
            )
        if not raw_code:
            if not category:
                raise ReferenceDataError(
                    "row has neither an HS code nor a category", file=file, line=line, field=code_column
                )
            categories.append(category)
            continue
        try:
            digits = parse_hs_code(raw_code).digits
        except InputError as error:
            raise ReferenceDataError(error.message, file=file, line=line, field=code_column) from error
        rows.append(
            ItemRow(
                list_id=list_id,
                hs_code=digits,
                tier=row.get("tier") or None,
                category=category,
                description=row.get("description", ""),
                source=row.get("source", ""),
                basis=row.get("basis") or row.get("status") or None,
                confidence=confidence,
                file=file,
                line=line,
            )
        )
    if not rows and not categories:
        raise ReferenceDataError("item list has no rows", file=file)
    return ItemList(list_id, rows, categories)


def load_item_list(path: Path, list_id: str | None = None) -> ItemList:
    """Read an item list CSV; its id defaults to the file name without extension."""
    return parse_item_list(_read_text(path), list_id=list_id or path.stem, file=str(path))


def load_nomenclature(path: Path) -> HsNomenclature:
    return parse_nomenclature(_read_text(path), file=str(path))


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ReferenceDataError(f"cannot read: {error}", file=str(path)) from error


def verify_manifest(folder: Path) -> dict[str, dict[str, str]]:
    """Check every file named in `folder/manifest.json` against its SHA-256.

    A changed table must come with an updated manifest, so that what was screened against
    can always be told; a mismatch raises `ReferenceDataError` naming the file.
    """
    manifest_path = folder / "manifest.json"
    try:
        manifest = json.loads(_read_text(manifest_path))
    except json.JSONDecodeError as error:
        raise ReferenceDataError(
            f"not JSON: {error.msg}", file=str(manifest_path), line=error.lineno
        ) from error
    files: dict[str, dict[str, str]] = manifest.get("files", {})
    for name, meta in files.items():
        path = folder / name
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError as error:
            raise ReferenceDataError(
                f"listed in manifest.json but unreadable: {error}", file=str(path)
            ) from error
        if digest != meta.get("sha256"):
            raise ReferenceDataError(
                "checksum differs from manifest.json; update the manifest when you change a table",
                file=str(path),
                field="sha256",
            )
    return files
