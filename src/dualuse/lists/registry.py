"""The official list sources dualuse knows: format name -> parser, file names, publisher.

To add a list (for example the UK list) append a `ListSource` to `SOURCES`; to ship it in the
default snapshot, also add its `list_id` to `DEFAULT_LIST_IDS`, copy its official files into
`data/lists/official/` and rebuild (docs/lists.md, "Adding a list"). Detection of a file's
format goes by the source's file names first, then by its `sniff` function for renamed files.
Parsers and sniffers of the parser modules are named by module and function (`_lazy`) and
imported at their first call, so that `import dualuse.lists` and snapshot reading stay cheap.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from importlib import import_module
from pathlib import Path
from typing import Any

from dualuse.lists.base import ParseReport
from dualuse.lists.ofac_layout import CONSOLIDATED, SDN, OfacLayout
from dualuse.lists.textfile import file_head


@dataclass(frozen=True, slots=True)
class ListSource:
    """One official list in one official format.

    `files[0]` is the primary file (required, identifies the format); the others are optional
    companions read from the same folder. `parse` receives the primary file's path.
    """

    list_id: str
    title: str
    publisher: str
    url: str
    files: tuple[str, ...]
    parse: Callable[[Path], ParseReport]
    sniff: Callable[[Path], bool] | None = None

    @property
    def primary(self) -> str:
        return self.files[0]

    def matches(self, path: Path) -> bool:
        """True when `path` is this source's primary file, by name or by content."""
        if path.name.lower() == self.primary.lower():
            return True
        return self.sniff is not None and self.sniff(path)


def _lazy(module: str, function: str) -> Callable[[Path], Any]:
    """`dualuse.lists.<module>.<function>`, imported at its first call: the parsers (lxml,
    zipfile, their tables) are not loaded by `import dualuse.lists` nor by reading a snapshot."""

    def call(path: Path) -> Any:
        return getattr(import_module(f"dualuse.lists.{module}"), function)(path)

    return call


def _ofac(layout: OfacLayout) -> Callable[[Path], ParseReport]:
    """The OFAC reader of one layout (imported at its first call, as `_lazy`); it reads the
    companion files from the primary file's folder."""

    def parse(path: Path) -> ParseReport:
        from dualuse.lists.ofac import parse_ofac

        return parse_ofac(path.parent, layout)

    return parse


def _is_un_xml(path: Path) -> bool:
    return path.suffix.lower() == ".xml" and "<CONSOLIDATED_LIST" in file_head(path, 2048)


def _is_dpl(path: Path) -> bool:
    return file_head(path, 512).lstrip("\ufeff").startswith('"Name"\t"Street_Address"')


def _file_forms(
    template: ListSource, forms: tuple[str, ...], sniff: Callable[[Path], bool]
) -> tuple[ListSource, ...]:
    """One source per file form of a list (ConList.xlsx and ConList.csv, ...): each form is
    recognised by its name or, renamed, by `sniff` restricted to its suffix."""
    return tuple(replace(template, files=(name,), sniff=_with_suffix(name, sniff)) for name in forms)


def _with_suffix(name: str, sniff: Callable[[Path], bool]) -> Callable[[Path], bool]:
    suffix = Path(name).suffix.lower()
    return lambda path: path.suffix.lower() == suffix and sniff(path)


_UK = ListSource(
    list_id="gb_hmt",
    title="UK OFSI Consolidated List of Financial Sanctions Targets (ConList)",
    publisher=(
        "HM Treasury, OFSI; Crown copyright, contains public sector information licensed under "
        "the Open Government Licence v3.0"
    ),
    url="https://www.gov.uk/government/publications/financial-sanctions-consolidated-list-of-targets",
    files=(),
    parse=_lazy("uk", "read_conlist"),
)
_CSL = ListSource(
    list_id="us_csl",
    title="trade.gov Consolidated Screening List (each source list under its own list id)",
    publisher="U.S. Commerce, International Trade Administration",
    url="https://www.trade.gov/consolidated-screening-list",
    files=(),
    parse=_lazy("csl", "read_csl"),
)
_EU = ListSource(
    list_id="eu_fsf",
    title="EU Consolidated Financial Sanctions List (FSF)",
    publisher="European Commission, DG FISMA",
    url="https://webgate.ec.europa.eu/fsd/fsf",
    files=(),
    parse=_lazy("eu", "read_fsf"),
)


SOURCES: tuple[ListSource, ...] = (
    ListSource(
        list_id=SDN.list_id,
        title="OFAC Specially Designated Nationals (SDN) list",
        publisher="U.S. Treasury, OFAC",
        url="https://sanctionslistservice.ofac.treas.gov/",
        files=SDN.file_names(),
        parse=_ofac(SDN),
    ),
    ListSource(
        list_id=CONSOLIDATED.list_id,
        title="OFAC Consolidated (non-SDN) list",
        publisher="U.S. Treasury, OFAC",
        url="https://sanctionslistservice.ofac.treas.gov/",
        files=CONSOLIDATED.file_names(),
        parse=_ofac(CONSOLIDATED),
    ),
    ListSource(
        list_id="un_sc",
        title="UN Security Council Consolidated List",
        publisher="United Nations Security Council",
        url="https://scsanctions.un.org/resources/xml/en/consolidated.xml",
        files=("consolidated.xml",),
        parse=_lazy("un", "parse_un"),
        sniff=_is_un_xml,
    ),
    ListSource(
        list_id="us_bis_dpl",
        title="BIS Denied Persons List",
        publisher="U.S. Commerce, BIS",
        url="https://www.bis.doc.gov/index.php/the-denied-persons-list",
        files=("dpl.txt",),
        parse=_lazy("bis_dpl", "parse_bis_dpl"),
        sniff=_is_dpl,
    ),
    *_file_forms(_UK, ("ConList.xlsx", "ConList.csv"), _lazy("uk", "is_conlist_file")),
    *_file_forms(_CSL, ("consolidated.csv", "consolidated.json"), _lazy("csl", "is_csl_file")),
    *_file_forms(
        _EU, ("xmlFullSanctionsList_1_1.xml", "csvFullSanctionsList_1_1.csv"), _lazy("eu", "is_fsf_file")
    ),
)

DEFAULT_LIST_IDS: tuple[str, ...] = ("us_ofac_sdn", "us_ofac_cons", "un_sc", "us_bis_dpl", "gb_hmt")
"""The lists built into the embedded default snapshot, in this order."""


def source(list_id: str) -> ListSource:
    """The registered source of a list id; KeyError names the known ones."""
    for candidate in SOURCES:
        if candidate.list_id == list_id:
            return candidate
    raise KeyError(f"unknown list {list_id!r}; known: {', '.join(s.list_id for s in SOURCES)}")


def detect(path: Path) -> ListSource | None:
    """The registered source whose primary file `path` is, or None."""
    return next((candidate for candidate in SOURCES if candidate.matches(path)), None)
