"""Character ranges of writing systems that the goods and the names code both need to spot.

Here, outside `dualuse.goods` and `dualuse.names`, so that both may import it.
"""

from __future__ import annotations

# CJK unified ideographs, extension A and the compatibility ideographs, as the body of a regular
# expression character class: the Han characters of Chinese (and Japanese) names and goods texts.
HAN_CHARACTERS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
