"""On-disk cache of a built name index, so that a new process need not analyse every listed name.

Building a `NameMatcher` over the default lists costs seconds of CPU (analysing ~58,000 names,
then the candidate index); a command-line run that screens one name would spend almost all its
time there. The built state (the analysed names and the index) is written once to the user's
cache folder and read back by later processes over the same entity set.

- Where: `$DUALUSE_CACHE_DIR`, else `$XDG_CACHE_HOME/dualuse`, else `~/.cache/dualuse`;
  `DUALUSE_CACHE_DIR=off` turns the cache off. One file per entity set, `names-<key>.pkl`; the
  newest few are kept. Deleting them is always safe: the next run rebuilds.
- Key: a fingerprint of everything the built state depends on: each entity's id, schema, name,
  aliases and weak aliases in order; the source of `dualuse.names` and its data tables; the
  versions of the libraries that analyse names. A different entity set or code gives another
  file; the fingerprint is checked again inside the file.
- Format: Python pickle holding only plain built-in values (str, int, float, bool, bytes, tuple,
  list, dict); arrays as raw bytes. It is read with an unpickler that refuses every class or
  function reference, so a tampered file cannot run code; it is the user's own folder anyway.
- Written atomically (a temporary file renamed over the target); a file that cannot be read
  (truncated, corrupt, another format) is logged, ignored and rebuilt; a folder that cannot be
  written only costs the speed-up.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import pickle
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from dualuse.io.writers import atomic_file
from dualuse.model import Entity
from dualuse.names.index import CandidateIndex, IndexSnapshot
from dualuse.names.normalize import LegalForm, NameForm, Token, remember_transliterations, transliterations

FORMAT = 3
CACHE_ENV = "DUALUSE_CACHE_DIR"
CACHE_OFF = "off"
KEEP_FILES = 4
_LIBRARIES = ("rigour", "normality", "pypinyin", "PyICU", "rapidfuzz", "numpy")
_PACKAGE_DIR = Path(__file__).resolve().parent
_DATA_DIR = _PACKAGE_DIR.parent / "data" / "names"
# Modules outside the package whose contents shape the stored analyses.
_SHARED_MODULES = (_PACKAGE_DIR.parent / "scripts.py",)

ListedForm = tuple[int, str, str, NameForm]
"""One analysed listed name: (entity position, name as listed, alias kind, one of its forms)."""

log = logging.getLogger(__name__)


def cache_dir() -> Path | None:
    """The folder the cache lives in, None when turned off."""
    configured = os.environ.get(CACHE_ENV)
    if configured:
        return None if configured.strip().lower() == CACHE_OFF else Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "dualuse"


def fingerprint(entities: Sequence[Entity], posting_cap: int) -> str:
    """Hash of the entity names and of the code and data that analyse and index them."""
    digest = hashlib.sha256(f"format {FORMAT} cap {posting_cap}\n".encode())
    digest.update(_code_version().encode())
    for entity in entities:
        fields = (entity.id, entity.schema, entity.name, *entity.aliases, "\x02", *entity.weak_aliases)
        digest.update("\x01".join(fields).encode("utf-8", "surrogatepass") + b"\x00")
    return digest.hexdigest()


def _code_version() -> str:
    digest = hashlib.sha256()
    for path in sorted([*_PACKAGE_DIR.glob("*.py"), *_SHARED_MODULES, *_DATA_DIR.iterdir()]):
        if path.is_file():
            digest.update(path.name.encode() + b"\x00" + path.read_bytes())
    for library in _LIBRARIES:
        try:
            digest.update(f"{library} {metadata.version(library)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{library} absent".encode())
    return digest.hexdigest()


def load(key: str) -> tuple[list[ListedForm], CandidateIndex] | None:
    """The state stored under `key`, or None when absent, unreadable or for another key."""
    path = _path(key)
    if path is None or not path.is_file():
        return None
    try:
        state = _PlainUnpickler(io.BytesIO(path.read_bytes())).load()
        if not isinstance(state, dict) or state.get("key") != key or state.get("format") != FORMAT:
            raise ValueError("another key or format")
        names = _decode_names(state["tokens"], state["names"])
        index = _decode_index(state["index"])
        if len(names) != index.size:
            raise ValueError("names and index of different sizes")
        spellings = state["transliterations"]
        if not isinstance(spellings, dict) or not all(
            isinstance(word, str) and isinstance(spelling, str) for word, spelling in spellings.items()
        ):
            raise ValueError("transliterations are not words")
        remember_transliterations(spellings)
        return names, index
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, KeyError, TypeError, IndexError) as error:
        log.warning("name index cache %s unusable (%s): rebuilding it", path, error)
        return None


def save(key: str, names: Sequence[ListedForm], index: CandidateIndex) -> None:
    """Store the state atomically; failing to write only costs the next process the build."""
    path = _path(key)
    if path is None:
        return
    tokens, encoded = _encode_names(names)
    state = {
        "format": FORMAT,
        "key": key,
        "tokens": tokens,
        "names": encoded,
        "index": _encode_index(index),
        "transliterations": transliterations(),
    }
    try:
        with atomic_file(path, binary=True) as handle:
            pickle.dump(state, handle, protocol=pickle.HIGHEST_PROTOCOL)
        _prune(path.parent)
    except OSError as error:
        log.warning("name index cache not written to %s: %s", path, error)


def _path(key: str) -> Path | None:
    folder = cache_dir()
    return None if folder is None else folder / f"names-{key[:40]}.pkl"


def _prune(folder: Path) -> None:
    """Keep the newest `KEEP_FILES` cache files (entity sets come and go)."""
    files = sorted(folder.glob("names-*.pkl"), key=lambda path: path.stat().st_mtime, reverse=True)
    for old in files[KEEP_FILES:]:
        old.unlink(missing_ok=True)


class _PlainUnpickler(pickle.Unpickler):
    """Reads plain built-in values only: any class or function reference is refused."""

    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError(f"refused {module}.{name}: the cache holds plain values only")


def _encode_names(names: Sequence[ListedForm]) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Tokens once each (names share most of them), forms as token numbers."""
    numbers: dict[Token, int] = {}
    tokens: list[tuple[Any, ...]] = []
    encoded: list[tuple[Any, ...]] = []
    for entity, text, alias_kind, form in names:
        ids: list[int] = []
        for token in form.tokens:
            number = numbers.get(token)
            if number is None:
                number = numbers[token] = len(tokens)
                tokens.append(
                    (token.text, token.skeleton, token.converted, token.source, sorted(token.symbols))
                )
            ids.append(number)
        legal = [(legal_form.phrase, legal_form.generic) for legal_form in form.legal_forms]
        encoded.append((entity, text, alias_kind, form.original, form.reading, ids, legal))
    return tokens, encoded


def _decode_names(tokens: list[tuple[Any, ...]], encoded: list[tuple[Any, ...]]) -> list[ListedForm]:
    decoded = [
        Token(text, skel, converted, source, frozenset(symbols))
        for text, skel, converted, source, symbols in tokens
    ]
    names: list[ListedForm] = []
    for entity, text, alias_kind, original, reading, ids, legal in encoded:
        form_tokens = tuple(decoded[number] for number in ids)
        legal_forms = tuple(LegalForm(phrase, generic) for phrase, generic in legal)
        names.append((entity, text, alias_kind, NameForm(original, form_tokens, legal_forms, reading)))
    return names


def _encode_index(index: CandidateIndex) -> dict[str, Any]:
    snapshot = index.snapshot()
    return {
        "count": snapshot.count,
        "posting_cap": snapshot.posting_cap,
        "keys": snapshot.keys,
        "offsets": snapshot.offsets.astype(np.int64).tobytes(),
        "postings": snapshot.postings.astype(np.int32).tobytes(),
        "neighbour_keys": snapshot.neighbour_keys,
        "neighbour_offsets": snapshot.neighbour_offsets.astype(np.int64).tobytes(),
        "neighbours": snapshot.neighbours.astype(np.int32).tobytes(),
        "name_weight": snapshot.name_weight.astype(np.float64).tobytes(),
    }


def _decode_index(state: dict[str, Any]) -> CandidateIndex:
    snapshot = IndexSnapshot(
        count=int(state["count"]),
        posting_cap=int(state["posting_cap"]),
        keys=list(state["keys"]),
        offsets=np.frombuffer(state["offsets"], dtype=np.int64),
        postings=np.frombuffer(state["postings"], dtype=np.int32),
        neighbour_keys=list(state["neighbour_keys"]),
        neighbour_offsets=np.frombuffer(state["neighbour_offsets"], dtype=np.int64),
        neighbours=np.frombuffer(state["neighbours"], dtype=np.int32),
        name_weight=np.frombuffer(state["name_weight"], dtype=np.float64),
    )
    sizes_agree = (
        len(snapshot.offsets) == len(snapshot.keys) + 1
        and int(snapshot.offsets[-1]) == len(snapshot.postings)
        and len(snapshot.name_weight) == snapshot.count
        and len(snapshot.neighbour_offsets) == len(snapshot.neighbour_keys) + 1
        and int(snapshot.neighbour_offsets[-1]) == len(snapshot.neighbours)
    )
    if not sizes_agree:
        raise ValueError("index arrays of inconsistent sizes")
    return CandidateIndex.from_snapshot(snapshot)
