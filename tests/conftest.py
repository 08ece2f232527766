"""Test-wide settings: no test reads or writes the user's own caches."""

from __future__ import annotations

import os
import tempfile

import pytest


def pytest_configure(config: pytest.Config) -> None:
    # The name index cache would otherwise land in ~/.cache/dualuse; tests keep to a private folder.
    os.environ["DUALUSE_CACHE_DIR"] = tempfile.mkdtemp(prefix="dualuse-test-cache-")
