"""Write output files atomically: into a temporary file beside the target, renamed on success.

A crash or a bad record half-way through leaves the previous file (or none), never half a file.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, TextIO, cast


@contextlib.contextmanager
def atomic_file(path: str | Path, *, binary: bool = False) -> Iterator[IO[Any]]:
    """Open `path` for writing; the file appears, whole, only when the block ends without error.
    Text is UTF-8 with "\\n" line ends."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    # mkstemp creates the file private (0600); give it the mode a plain open() would have.
    os.chmod(temporary, 0o666 & ~_current_umask())
    try:
        stream = os.fdopen(handle, "wb") if binary else os.fdopen(handle, "w", encoding="utf-8", newline="\n")
        with stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


@contextlib.contextmanager
def atomic_text_writer(path: str | Path) -> Iterator[TextIO]:
    """Open `path` for writing text; the file appears only when the block ends without error."""
    with atomic_file(path) as stream:
        yield cast(TextIO, stream)


def _current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
