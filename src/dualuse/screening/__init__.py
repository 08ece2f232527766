"""Screening: transactions in, explained decisions out (see `Screener`)."""

from __future__ import annotations

from dualuse.screening.screener import Screener

__all__ = ["Screener"]
