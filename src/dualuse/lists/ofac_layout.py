"""The file names of the two OFAC lists in the legacy CSV format, apart from their reader
(`lists/ofac.py`) so that the registry can name the files without importing the parser."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class OfacLayout:
    """File names of one OFAC list in the legacy CSV format."""

    list_id: str
    primary: str
    addresses: str
    aliases: str
    comments: str

    def file_names(self) -> tuple[str, str, str, str]:
        return (self.primary, self.addresses, self.aliases, self.comments)


SDN = OfacLayout("us_ofac_sdn", "sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv")
CONSOLIDATED = OfacLayout(
    "us_ofac_cons", "cons_prim.csv", "cons_add.csv", "cons_alt.csv", "cons_comments.csv"
)
