"""Choosing `Company` or `Organization` for a listed non-person, the same way for every list.

Rule: `Company` when the entry carries a company-register, tax or bank identifier, or its name
has a legal-form word (LTD, LLC, OOO, JSC, GMBH, ...); `Organization` otherwise (ministries,
armed groups, parties, networks). Pure function, no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from dualuse.model import Identifier

COMPANY_ID_KINDS = frozenset({"uscc", "inn", "ogrn", "kpp", "registration", "tax_id", "lei", "bic", "duns"})
LEGAL_FORM = re.compile(
    r"\b(LTD|LIMITED|LLC|L\.L\.C|INC|CORP|CORPORATION|CO|COMPANY|GMBH|AG|S\.?A|S\.?R\.?L|B\.?V|PLC|"
    r"JSC|PJSC|OJSC|CJSC|OOO|OAO|ZAO|AO|PAO|TOO|FZE|FZCO|LLP|PTE|PVT|BHD|SPA|S\.P\.A|SARL|"
    r"JOINT STOCK|HOLDINGS?|TRADING|ENTERPRISES?|INDUSTR(Y|IES))\b\.?",
    re.IGNORECASE,
)


def organisation_schema(name: str, identifiers: Iterable[Identifier] = ()) -> str:
    """`Company` for a business by identifier or legal form, else `Organization`."""
    if any(identifier.kind in COMPANY_ID_KINDS for identifier in identifiers) or LEGAL_FORM.search(name):
        return "Company"
    return "Organization"
