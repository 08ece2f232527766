"""Goods: recognise Common High Priority List and EO 14114 items from HS codes and free text.

from dualuse.goods import GoodsClassifier
goods = GoodsClassifier.default()
assessment = goods.classify("FPGA XC7A100T-2FGG484I", hs_code="8473.30")
assessment.listed, assessment.best.chpl_tier, assessment.consistency
goods.scan_text("INV 118 bearings 6205-2RS HS 8482.10")
"""

from dualuse.goods.classifier import LISTED_THRESHOLD, GoodsAssessment, GoodsCandidate, GoodsClassifier
from dualuse.goods.hscode import HsCode, find_hs_codes, format_hs, parse_hs_code
from dualuse.goods.tables import ItemList, ItemRow, load_item_list, parse_item_list

__all__ = [
    "LISTED_THRESHOLD",
    "GoodsAssessment",
    "GoodsCandidate",
    "GoodsClassifier",
    "HsCode",
    "ItemList",
    "ItemRow",
    "find_hs_codes",
    "format_hs",
    "load_item_list",
    "parse_hs_code",
    "parse_item_list",
]
