"""Where the shipped goods tables live, and building classifiers from them (read once).

The one place in `dualuse.goods` that reads files: the package data under
`dualuse/data/goods/` (checked against its manifest) and item lists a user passes in.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from dualuse.goods.classifier import GoodsClassifier
from dualuse.goods.lexicon import Lexicon
from dualuse.goods.tables import HsNomenclature, ItemList, load_item_list, load_nomenclature, verify_manifest

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "goods"
DEFAULT_LISTS = ("chpl", "eo14114")


def load_lexicon(path: Path) -> Lexicon:
    return Lexicon.from_yaml(path.read_text(encoding="utf-8"), file=str(path))


@lru_cache(maxsize=1)
def _default_parts() -> tuple[HsNomenclature, tuple[ItemList, ...], Lexicon]:
    verify_manifest(DATA_DIR)
    nomenclature = load_nomenclature(DATA_DIR / "hs2022.csv")
    lists = tuple(load_item_list(DATA_DIR / f"{name}.csv", name) for name in DEFAULT_LISTS)
    return nomenclature, lists, load_lexicon(DATA_DIR / "lexicon.yaml")


@lru_cache(maxsize=1)
def default_classifier() -> GoodsClassifier:
    nomenclature, lists, lexicon = _default_parts()
    return GoodsClassifier(nomenclature, list(lists), lexicon)


def classifier_with_lists(paths: list[Path | str], *, include_default: bool = True) -> GoodsClassifier:
    """The shipped nomenclature and lexicon with the given item lists (plus the shipped ones)."""
    nomenclature, lists, lexicon = _default_parts()
    extra = [load_item_list(Path(p)) for p in paths]
    return GoodsClassifier(nomenclature, [*(lists if include_default else ()), *extra], lexicon)
