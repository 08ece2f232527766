"""ISO 20022 XML: find each message in a file and bind it to the classes generated from its schema.

The bindings are those of the `pyiso20022` package: dataclasses that xsdata generated from the
official ISO 20022 XSDs, one module per message version. Binding is strict: an element the
schema does not have, a missing mandatory element or a value of the wrong type is an
`InputError` naming the file, the line and the element.

A file may hold a bare `Document`, an `AppHdr` + `Document` pair inside any wrapper (SWIFT's
`Envelope`, Prowide's `message`), or several such pairs. The message and version are read from the
Document's namespace (`urn:iso:std:iso:20022:tech:xsd:pacs.008.001.12`), never from the header's
`MsgDefIdr`, which translators leave at an older version. This module does no I/O.
"""

from __future__ import annotations

import importlib
import re
import warnings
from dataclasses import dataclass
from functools import cache
from typing import Any

from lxml import etree
from xsdata.exceptions import ConverterWarning, ParserError, XmlContextError
from xsdata.formats.dataclass.parsers import XmlParser
from xsdata.formats.dataclass.parsers.config import ParserConfig

from dualuse.errors import InputError

NAMESPACE_PREFIX = "urn:iso:std:iso:20022:tech:xsd:"
_IDENTIFIER = re.compile(r"^([a-z]{4})\.(\d{3})\.(\d{3})\.(\d{2})$")


def _versions(first: int, last: int) -> tuple[str, ...]:
    return tuple(f"001.{number:02d}" for number in range(first, last + 1))


# Message versions read here: the ones the bindings package generated from the official
# schemas and whose element paths the readers use (from the version that introduced BICFI and
# UETR-era party structures to the latest published).
SUPPORTED_VERSIONS: dict[str, tuple[str, ...]] = {
    "pacs.008": _versions(2, 13),
    "pacs.009": _versions(2, 12),
    "pacs.002": _versions(3, 15),
    "pain.001": _versions(3, 12),
    "head.001": _versions(1, 4),
}
MESSAGES = ("pacs.008", "pacs.009", "pain.001", "pacs.002")


@dataclass(slots=True)
class IsoMessage:
    """One bound message: `document` is the generated dataclass instance; `header` holds the
    AppHdr fields the readers use (BizMsgIdr, MsgDefIdr, BizSvc), empty without an AppHdr."""

    file: str | None
    line: int
    message: str
    version: str
    document: Any
    header: dict[str, str]

    @property
    def identifier(self) -> str:
        return f"{self.message}.{self.version}"


def parse_iso(data: bytes, *, file: str | None = None) -> list[IsoMessage]:
    """Every Document in the XML `data`, with the AppHdr next to it when there is one."""
    root = _parse_xml(data, file)
    documents = [element for element in root.iter() if _local_name(element) == "Document"]
    if not documents:
        raise InputError(
            "no ISO 20022 Document element in this XML", file=file, line=root.sourceline, field="Document"
        )
    return [_bind_message(document, file) for document in documents]


def _parse_xml(data: bytes, file: str | None) -> Any:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        line = error.lineno if isinstance(error.lineno, int) else None
        raise InputError(f"not well-formed XML: {error.msg}", file=file, line=line, field="XML") from None


def _bind_message(document: Any, file: str | None) -> IsoMessage:
    message, version = _message_version(document, file, "Document")
    if message not in MESSAGES:
        raise InputError(
            f"a Document in namespace {message}.{version} is not a payment message",
            file=file,
            line=document.sourceline,
            field="Document/@xmlns",
        )
    header_element = _header_next_to(document)
    header: dict[str, str] = {}
    if header_element is not None:
        # The header's namespace and version are checked; its three fields are read directly:
        # binding it too would double the cost of every message for data that is not screened.
        _message_version(header_element, file, "AppHdr")
        header = _header_fields(header_element)
    return IsoMessage(file, document.sourceline, message, version, _bind(document, file), header)


def _header_fields(element: Any) -> dict[str, str]:
    namespace = etree.QName(element).namespace
    fields = {}
    for tag in ("BizMsgIdr", "MsgDefIdr", "BizSvc"):
        value = element.findtext(f"{{{namespace}}}{tag}")
        if value:
            fields[tag] = value.strip()
    return fields


def _header_next_to(document: Any) -> Any | None:
    parent = document.getparent()
    if parent is None:
        return None
    previous = document.getprevious()
    while previous is not None and not isinstance(previous.tag, str):
        previous = previous.getprevious()
    if previous is not None and _local_name(previous) == "AppHdr":
        return previous
    return None


def _message_version(element: Any, file: str | None, field: str) -> tuple[str, str]:
    namespace = etree.QName(element).namespace or ""
    found = _IDENTIFIER.match(namespace.removeprefix(NAMESPACE_PREFIX))
    if not namespace.startswith(NAMESPACE_PREFIX) or found is None:
        raise InputError(
            f"namespace {namespace!r} is not an ISO 20022 message namespace ({NAMESPACE_PREFIX}<message>)",
            file=file,
            line=element.sourceline,
            field=f"{field}/@xmlns",
        )
    message = f"{found.group(1)}.{found.group(2)}"
    version = f"{found.group(3)}.{found.group(4)}"
    if message not in SUPPORTED_VERSIONS:
        known = ", ".join(name for name in SUPPORTED_VERSIONS if not name.startswith("head"))
        raise InputError(
            f"message {message} is not read by dualuse (supported: {known})",
            file=file,
            line=element.sourceline,
            field=f"{field}/@xmlns",
        )
    if version not in SUPPORTED_VERSIONS[message]:
        supported = ", ".join(SUPPORTED_VERSIONS[message])
        raise InputError(
            f"schema version {message}.{version} is not supported ({message} versions read: {supported})",
            file=file,
            line=element.sourceline,
            field=f"{field}/@xmlns",
        )
    return message, version


def _bind(element: Any, file: str | None) -> Any:
    namespace = etree.QName(element).namespace
    found = _IDENTIFIER.match(namespace.removeprefix(NAMESPACE_PREFIX))
    assert found is not None  # checked by _message_version
    module_name = "_".join(found.groups())
    binding = _binding_class(found.group(1), module_name, _local_name(element))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", ConverterWarning)
            return _parser().from_bytes(etree.tostring(element), binding)
    except ConverterWarning as warning:
        raise _located(
            element, str(warning), file, namespace.removeprefix(NAMESPACE_PREFIX), binding
        ) from None
    except (ParserError, XmlContextError, TypeError) as error:
        raise _located(element, str(error), file, namespace.removeprefix(NAMESPACE_PREFIX), binding) from None


@cache
def _binding_class(area: str, module_name: str, root: str) -> type[Any]:
    module = importlib.import_module(f"pyiso20022.{area}.{module_name}.{module_name}")
    binding: type[Any] = getattr(module, root)
    return binding


@cache
def _parser() -> XmlParser:
    return XmlParser(config=ParserConfig(fail_on_unknown_properties=True, fail_on_converter_warnings=False))


_UNKNOWN = re.compile(r"Unknown property \{[^}]*\}\w+:\{[^}]*\}(\w+)")
_MISSING = re.compile(
    r"(\w+)\.__init__\(\) missing \d+ required (?:keyword-only |positional )?argument[s]?: '(\w+)'"
)
_BAD_VALUE = re.compile(r"`([^`]*)` is not a valid `(\w+)`")


def _located(element: Any, detail: str, file: str | None, message: str, binding: type[Any]) -> InputError:
    """Turn a binding error into an InputError on the element it is about; the field is the
    message ("pacs.008.001.12") and the element path."""
    if found := _UNKNOWN.search(detail):
        offending = _first(element, lambda e: _local_name(e) == found.group(1))
        return InputError(
            f"element <{found.group(1)}> is not allowed here by the schema",
            file=file,
            line=_line(offending, element),
            field=f"{message} {_path(offending, element) if offending is not None else found.group(1)}",
        )
    if found := _BAD_VALUE.search(detail):
        offending = _first(element, lambda e: (e.text or "").strip() == found.group(1))
        return InputError(
            f"value {found.group(1)!r} is not a valid {found.group(2)}",
            file=file,
            line=_line(offending, element),
            field=f"{message} {_path(offending, element) if offending is not None else _local_name(element)}",
        )
    if found := _MISSING.search(detail):
        tag = _xml_name(binding, found.group(1), found.group(2))
        return InputError(
            f"mandatory element <{tag}> is missing from a {found.group(1)} block",
            file=file,
            line=element.sourceline,
            field=f"{message} {_local_name(element)}//{tag}",
        )
    return InputError(
        f"does not match its schema: {detail}",
        file=file,
        line=element.sourceline,
        field=f"{message} {_local_name(element)}",
    )


def _xml_name(binding: type[Any], class_name: str, attribute: str) -> str:
    """The XML tag of a generated class's attribute ("GroupHeader113", "msg_id" -> "MsgId")."""
    module = importlib.import_module(binding.__module__)
    fields = getattr(getattr(module, class_name, None), "__dataclass_fields__", {})
    metadata = fields[attribute].metadata if attribute in fields else {}
    return str(metadata.get("name", attribute))


def _first(element: Any, wanted: Any) -> Any | None:
    return next((e for e in element.iter() if isinstance(e.tag, str) and wanted(e)), None)


def _line(found: Any | None, fallback: Any) -> int | None:
    line = (found if found is not None else fallback).sourceline
    return line if isinstance(line, int) else None


def _path(element: Any, top: Any) -> str:
    names = []
    current = element
    while current is not None and current is not top:
        names.append(_local_name(current))
        current = current.getparent()
    names.append(_local_name(top))
    return "/".join(reversed(names))


def _local_name(element: Any) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""
