"""Typed errors. Every error about bad input names the file, the line and the field."""

from __future__ import annotations


class DualuseError(Exception):
    """Base class of every error dualuse raises on purpose."""


class LocatedError(DualuseError):
    """An error at a place in a file: `file:line: field: message`."""

    def __init__(
        self, message: str, *, file: str | None = None, line: int | None = None, field: str | None = None
    ) -> None:
        self.message = message
        self.file = file
        self.line = line
        self.field = field
        super().__init__(self.describe())

    def describe(self) -> str:
        where = ":".join(str(part) for part in (self.file, self.line) if part is not None)
        parts = [p for p in (where, f"field {self.field!r}" if self.field else None, self.message) if p]
        return ": ".join(parts)


class ListFormatError(LocatedError):
    """An official list file (or snapshot) does not have the structure we know."""


class InputError(LocatedError):
    """A transaction or message to screen is malformed."""


class ReferenceDataError(LocatedError):
    """A reference table (CHPL, HS, rules, countries) is malformed."""
