"""dualuse: screen payments and trade deals for military and dual-use goods bound for Russia's
defense industrial base (parties, goods, routes, adverse media), with an explanation per alert."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dualuse.model import Entity, Result, Transaction

__version__ = "0.1.0"
__all__ = ["Entity", "Result", "Screener", "Transaction", "__version__"]

if TYPE_CHECKING:
    from dualuse.screening import Screener


def __getattr__(name: str) -> Any:
    # Imported lazily so that `import dualuse` stays cheap for scripts that only need the model.
    if name == "Screener":
        from dualuse.screening import Screener

        return Screener
    raise AttributeError(name)
