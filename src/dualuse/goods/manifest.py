"""Refresh the SHA-256 sums in `data/goods/manifest.json` after editing a table.

    python -m dualuse.goods.manifest [FOLDER]

Keeps each file's source, date and attribution as written; only `sha256` and `bytes` change.
The manifest is written atomically (temporary file, then rename).
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from dualuse.errors import ReferenceDataError
from dualuse.io.writers import atomic_text_writer


def refresh(folder: Path) -> dict[str, dict[str, object]]:
    path = folder / "manifest.json"
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise ReferenceDataError(f"cannot read manifest: {error}", file=str(path)) from error
    files: dict[str, dict[str, object]] = manifest["files"]
    for name, meta in files.items():
        data = (folder / name).read_bytes()
        meta["sha256"] = hashlib.sha256(data).hexdigest()
        meta["bytes"] = len(data)
    with atomic_text_writer(path) as out:
        out.write(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    return files


def main() -> None:
    from dualuse.goods.reference import DATA_DIR

    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else DATA_DIR
    for name, meta in refresh(folder).items():
        print(f"{name}  {meta['bytes']} bytes  sha256 {meta['sha256']}")


if __name__ == "__main__":
    main()
