"""Every names test writes its index cache to its own temporary folder, never the user's."""

from __future__ import annotations

from pathlib import Path

import pytest

from dualuse.names.cache import CACHE_ENV


@pytest.fixture(autouse=True)
def _private_cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(CACHE_ENV, str(folder))
    return folder
