"""Identifiers compare by `dualuse.identifiers.identifier_key`, which the list cross-linker
shares (it may not import `dualuse.names`); this name stays for the existing imports."""

from __future__ import annotations

from dualuse.identifiers import identifier_key

__all__ = ["identifier_key"]
