"""Structured facts from the free-text Remarks of OFAC's legacy CSV files.

Remarks are `; `-separated facts such as `DOB 10 Dec 1948`, `nationality Russia`,
`Tax ID No. 7744001497 (Russia)`, `Linked To: MAHAN AIR`, `a.k.a. 'BNC'`. Every fact we
recognise becomes a field; the full text is kept in `Entity.remarks` as well, so an
unrecognised fact is never lost.

Aliases in remarks are OFAC's *weak* AKAs: OFAC FAQ 123 says that in the delimited files
"weak AKAs are listed in the Remarks field ... set apart by single quotes" (the strong AKAs
are the alt.csv rows). Double-quoted or explicitly "weak a.k.a." names follow the same rule.
Pure functions, no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from dualuse.countries import occupied_region, to_iso2
from dualuse.lists.dates import iso_dates
from dualuse.model import Identifier, Relation

SECONDARY_SANCTIONS = "secondary_sanctions_risk"
EO14114 = "eo14114_military_industrial_base"
"""Flag for entities designated as part of Russia's military-industrial base (EO 14114)."""

# Label -> identifier kind (architecture.md "Conventions"). Longest labels are tried first.
IDENTIFIER_LABELS: dict[str, str] = {
    "Unified Social Credit Code (USCC)": "uscc",
    "SWIFT/BIC": "bic",
    "Legal Entity Number": "lei",
    "D-U-N-S Number": "duns",
    "MMSI": "mmsi",
    "Vessel Registration Identification IMO": "imo",
    "Identification Number IMO": "imo",
    "Company Number IMO": "imo",
    "Passport": "passport",
    "Diplomatic Passport": "passport",
    "National ID No.": "national_id",
    "Cedula No.": "national_id",
    "D.N.I.": "national_id",
    "C.U.R.P.": "national_id",
    "C.U.R.P. #": "national_id",
    "SSN": "national_id",
    "Personal ID Card": "national_id",
    "Tax ID No.": "tax_id",
    "R.F.C.": "tax_id",
    "R.F.C. #": "tax_id",
    "RFC": "tax_id",
    "NIT #": "tax_id",
    "RUC #": "tax_id",
    "RIF #": "tax_id",
    "RTN": "tax_id",
    "C.U.I.T.": "tax_id",
    "C.I.F.": "tax_id",
    "V.A.T. Number": "tax_id",
    "Registration Number": "registration",
    "Business Registration Number": "registration",
    "Business Registration Document #": "registration",
    "Registration ID": "registration",
    "Company Number": "registration",
    "Commercial Registry Number": "registration",
    "C.R. No.": "registration",
    "Chamber of Commerce Number": "registration",
    "Folio Mercantil No.": "registration",
    "Matricula Mercantil No": "registration",
    "Trade License No.": "registration",
    "Public Registration Number": "registration",
    "Enterprise Number": "registration",
    "Economic Register Number (CBLS)": "registration",
    "Russian State Individual Business Registration Number Pattern (OGRNIP)": "ogrn",
    "Aircraft Manufacturer's Serial Number (MSN)": "aircraft_msn",
    "Aircraft Tail Number": "aircraft_tail_number",
    "Aircraft Construction Number (also called L/N or S/N or F/N)": "aircraft_construction_number",
}
_LABELS_LONGEST_FIRST = sorted(IDENTIFIER_LABELS, key=len, reverse=True)
_GENERIC_LABEL = re.compile(r"^(?P<label>[A-Z][A-Za-z.'()/ -]*?(?:No\.?|Number|#|ID))\s+(?P<rest>\S.*)$")
_COUNTRY_SUFFIX = re.compile(r"\s*\((?P<country>[^()]+)\)\s*$")
_ISSUE_TAIL = re.compile(r"\s+(?:issued|expires)\b.*$")
_ALT = re.compile(r"^alt\.\s+", re.IGNORECASE)
_ALIAS = re.compile(r"""^(?P<weak>weak\s+)?(?P<kind>[afn])\.k\.a\.,?\s+(?P<q>['"])(?P<name>.+)(?P=q)$""")
_DIGITAL_CURRENCY = re.compile(r"^Digital Currency Address - (?P<code>\w+)\s+(?P<value>\S+)$")
_SLUG = re.compile(r"[^a-z0-9]+")
_PROPERTY_LABELS: dict[str, str] = {
    "POB": "birth_place",
    "Gender": "gender",
    "Organization Type:": "organization_type",
    "Target Type": "target_type",
    "Organization Established Date": "established",
    "Vessel Year of Build": "build_date",
    "Vessel Flag": "flag",
    "Other Vessel Flag": "flag",
    "Former Vessel Flag": "former_flag",
    "Vessel Type": "vessel_type",
    "Other Vessel Type": "vessel_type",
    "Aircraft Model": "aircraft_model",
    "Aircraft Operator": "aircraft_operator",
    "Aircraft Manufacture Date": "build_date",
    "Website": "website",
    "Email Address": "email",
    "Phone Number": "phone",
    "Telephone": "phone",
    "Fax": "fax",
    "Executive Order 13662 Directive Determination -": "directive",
    "Executive Order": "directive",
    "Transactions Prohibited For Persons Owned or Controlled By U.S. Financial Institutions:": (
        "financial_institution_prohibition"
    ),
}
_PROPERTY_LABELS_LONGEST_FIRST = sorted(_PROPERTY_LABELS, key=len, reverse=True)
_DATE_PROPERTIES = {"established", "build_date"}


@dataclass(slots=True)
class RemarkFacts:
    """What the remarks of one entry say, field by field."""

    aliases: list[str] = field(default_factory=list)
    weak_aliases: list[str] = field(default_factory=list)
    birth_dates: list[str] = field(default_factory=list)
    nationalities: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    identifiers: list[Identifier] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    properties: dict[str, list[str]] = field(default_factory=dict)

    def add_property(self, key: str, value: str) -> None:
        values = self.properties.setdefault(key, [])
        if value not in values:
            values.append(value)

    def add_country(self, name: str) -> str | None:
        code = to_iso2(name)
        if code and code not in self.countries:
            self.countries.append(code)
        region = occupied_region(name)
        if region:
            self.add_property("regions", region)
        return code


def split_facts(remarks: str) -> list[str]:
    """The `; `-separated facts of a remarks text, without the closing full stop."""
    text = remarks.strip()
    if text.endswith("."):
        text = text[:-1]
    return [fact.strip() for fact in re.split(r";\s+", text) if fact.strip()]


def parse_remarks(remarks: str | None) -> RemarkFacts:
    """Every fact of a remarks text that has a structured home; the rest stays in the text."""
    facts = RemarkFacts()
    for fact in split_facts(remarks or ""):
        for handler in _HANDLERS:
            if handler(_ALT.sub("", fact), facts):
                break
    return facts


def identifier_kind(label_kind: str, value: str, country: str | None) -> str:
    """Refine generic kinds where the country fixes the register: Russian tax id = INN, etc."""
    digits = value.replace(" ", "")
    if country == "RU" and digits.isdigit():
        if label_kind == "tax_id" and len(digits) in (10, 12):
            return "inn"
        if label_kind == "registration" and len(digits) in (13, 15):
            return "ogrn"
    return label_kind


def slug(label: str) -> str:
    """A list's own label as an identifier kind: lower case with underscores."""
    return _SLUG.sub("_", label.lower()).strip("_")


def _alias(fact: str, facts: RemarkFacts) -> bool:
    match = _ALIAS.match(fact)
    if not match:
        return False
    name = match["name"].strip()
    if name not in facts.weak_aliases:
        facts.weak_aliases.append(name)
    if match["kind"] == "f":
        facts.add_property("former_names", name)
    return True


def _birth_date(fact: str, facts: RemarkFacts) -> bool:
    if not fact.startswith("DOB "):
        return False
    for date in iso_dates(fact[4:]):
        if date not in facts.birth_dates:
            facts.birth_dates.append(date)
    return True


def _nationality(fact: str, facts: RemarkFacts) -> bool:
    for prefix, prop in (("nationality ", "nationality"), ("citizen ", "citizenship")):
        if fact.startswith(prefix):
            name = fact[len(prefix) :]
            facts.add_property(prop, name)
            code = facts.add_country(name)
            if code and code not in facts.nationalities:
                facts.nationalities.append(code)
            return True
    return False


def _linked_to(fact: str, facts: RemarkFacts) -> bool:
    if not fact.startswith("Linked To:"):
        return False
    facts.relations.append(Relation(kind="linked_to", target_name=fact[len("Linked To:") :].strip()))
    return True


def _secondary_sanctions(fact: str, facts: RemarkFacts) -> bool:
    lowered = fact.lower()
    if not (
        lowered.startswith("secondary sanctions risk")
        or lowered.startswith("additional sanctions information - subject to secondary sanctions")
    ):
        return False
    if SECONDARY_SANCTIONS not in facts.flags:
        facts.flags.append(SECONDARY_SANCTIONS)
    if "14114" in fact and EO14114 not in facts.flags:
        facts.flags.append(EO14114)
    return True


def _digital_currency(fact: str, facts: RemarkFacts) -> bool:
    match = _DIGITAL_CURRENCY.match(fact)
    if not match:
        return False
    kind = f"digital_currency_address_{match['code'].lower()}"
    facts.identifiers.append(Identifier(kind=kind, value=match["value"]))
    return True


def _identifier(fact: str, facts: RemarkFacts) -> bool:
    label = next((known for known in _LABELS_LONGEST_FIRST if fact.startswith(known + " ")), None)
    if label is not None:
        kind, rest = IDENTIFIER_LABELS[label], fact[len(label) :]
    else:
        generic = _GENERIC_LABEL.match(fact)
        if not generic or not any(char.isdigit() for char in generic["rest"]):
            return False
        kind, rest = slug(generic["label"]), generic["rest"]
    value = _ISSUE_TAIL.sub("", rest.strip())
    country = None
    suffix = _COUNTRY_SUFFIX.search(value)
    if suffix:  # "(Russia)"; a sub-national "(Jalisco)" is dropped too: it stays in the remarks text
        value = value[: suffix.start()].strip()
        country = facts.add_country(suffix["country"])
    if not value:
        return False
    facts.identifiers.append(
        Identifier(kind=identifier_kind(kind, value, country), value=value, country=country)
    )
    return True


def _property(fact: str, facts: RemarkFacts) -> bool:
    label = next((known for known in _PROPERTY_LABELS_LONGEST_FIRST if fact.startswith(known + " ")), None)
    if label is None:
        return False
    key, value = _PROPERTY_LABELS[label], fact[len(label) :].strip()
    if key in _DATE_PROPERTIES:
        value = next(iter(iso_dates(value)), value)
    facts.add_property(key, value)
    if key == "flag":
        facts.add_country(value)
    return True


_HANDLERS: tuple[Callable[[str, RemarkFacts], bool], ...] = (
    _alias,
    _birth_date,
    _nationality,
    _linked_to,
    _secondary_sanctions,
    _digital_currency,
    _property,
    _identifier,
)
