"""SWIFT MT (FIN) block and tag parser: blocks 1-5, one file holding one message or a batch.

A FIN message is a run of blocks `{1:basic header}{2:application header}{3:{108:..}{121:..}}`
`{4:\\r\\n:20:...\\r\\n-}{5:{CHK:..}}`. Batch (RJE) files separate messages with `$`; files from
SWIFT Alliance may put an ACK/NAK service message (`{1:F21...}{4:{177:..}{451:0}}`) before each
message. This module splits such text into `MtMessage`s whose block 4 is cut into `MtField`s
(tag, value, line in the file), and knows which tags each supported message type may carry.
It does not interpret field contents (see `mt_fields`) and does no I/O.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from dualuse.errors import InputError
from dualuse.payments.bic import bic_from_logical_terminal

_BLOCK_IDS = ("1", "2", "3", "4", "5", "S")
_TAG_LINE = re.compile(r"^:(\d{2}[A-Z]?):(.*)$")
_BLOCK1 = re.compile(r"^F(\d{2})([A-Z0-9]{12})(\d{4})(\d{6})$")
_BLOCK2_INPUT = re.compile(r"^I(\d{3})([A-Z0-9]{12})([SNU]?)(\d?)(\d{3})?$")
_BLOCK2_OUTPUT = re.compile(r"^O(\d{3})(\d{4})(\d{6})([A-Z0-9]{12})(\d{4})(\d{6})(\d{6})(\d{4})([SNU]?)$")
_SERVICE_ACK = "21"


def _tags(*specs: str) -> frozenset[str]:
    """Expand "52AD" into {"52A", "52D"}; "59 59AF" into {"59", "59A", "59F"}."""
    tags: set[str] = set()
    for spec in specs:
        for item in spec.split():
            tags.update({item[:2] + option for option in item[2:]} if len(item) > 2 else {item})
    return frozenset(tags)


# Tags allowed per message type (SWIFT Standards MT, November 2023 release).
MT103_TAGS = _tags("13C 20 23B 23E 26T 32A 33B 36 50AFK 51A 52AD 53ABD 54ABD 55ABD 56ACD 57ABCD")
MT103_TAGS |= _tags("59 59AF 70 71A 71F 71G 72 77B 77T")
MT202_TAGS = _tags("13C 20 21 32A 52AD 53ABD 54ABD 56AD 57ABD 58AD 72")
MT202COV_B_TAGS = _tags("33B 50AFK 52AD 56ACD 57ABCD 59 59AF 70 72")
FREE_FORMAT_TAGS = _tags("20 21 79")
SUPPORTED_TYPES = ("103", "202", "199", "299")


@dataclass(frozen=True, slots=True)
class MtField:
    """One field of block 4: tag ("50F"), value (lines joined with "\\n"), line in the file."""

    tag: str
    value: str
    line: int
    sequence: str = "A"


@dataclass(slots=True)
class MtMessage:
    file: str | None
    line: int
    message_type: str
    sender: str | None
    receiver: str | None
    direction: str
    header: dict[str, str] = field(default_factory=dict)
    fields: list[MtField] = field(default_factory=list)
    trailer: dict[str, str] = field(default_factory=dict)

    @property
    def is_cover(self) -> bool:
        return self.message_type == "202" and self.header.get("119") == "COV"

    @property
    def name(self) -> str:
        """ "MT103", "MT202", "MT202COV"."""
        return f"MT{self.message_type}{'COV' if self.is_cover else ''}"

    def first(self, *tags: str, sequence: str = "A") -> MtField | None:
        return next((f for f in self.fields if f.tag in tags and f.sequence == sequence), None)


def parse_mt(text: str, *, file: str | None = None) -> Iterator[MtMessage]:
    """Every user message in `text` (ACK/NAK service messages are skipped), in order."""
    scanner = _Scanner(text, file)
    for blocks, line in scanner.messages():
        message = _build_message(blocks, line, file)
        if message is not None:
            yield message


class _Scanner:
    """Walks the text once, block by block, keeping track of line numbers for errors."""

    def __init__(self, text: str, file: str | None) -> None:
        self.text = text.lstrip("\ufeff")
        self.file = file
        self.pos = 0
        self._newlines = [i for i, char in enumerate(self.text) if char == "\n"]

    def line_at(self, pos: int) -> int:
        return bisect.bisect_left(self._newlines, pos) + 1

    def error(self, message: str, pos: int, field: str | None = None) -> InputError:
        return InputError(message, file=self.file, line=self.line_at(pos), field=field)

    def messages(self) -> Iterator[tuple[dict[str, tuple[str, int]], int]]:
        """Groups of blocks, one per message: {block id: (content, line of its start)}."""
        current: dict[str, tuple[str, int]] = {}
        start_line = 1
        while True:
            self._skip_separators()
            if self.pos >= len(self.text):
                break
            if self.text[self.pos] == "$" or self._stray_brace():
                self.pos += 1
                continue
            block_start = self.pos
            block_id, content = self._block()
            if block_id == "1" and current:
                yield current, start_line
                current = {}
            if not current:
                start_line = self.line_at(block_start)
                if block_id != "1":
                    raise self.error(
                        f"message starts with block {block_id}, not the basic header block 1",
                        block_start,
                        f"block {block_id}",
                    )
            if block_id in current:
                raise self.error(
                    f"block {block_id} appears twice in one message", block_start, f"block {block_id}"
                )
            current[block_id] = (content, self.line_at(block_start))
        if current:
            yield current, start_line

    def _skip_separators(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos] in " \t\r\n\x03\x01":
            self.pos += 1

    def _stray_brace(self) -> bool:
        """A lone "{" right before a `$` separator: Prowide's sample batch has one after a message."""
        if self.text[self.pos] != "{":
            return False
        following = self.text[self.pos + 1 : self.pos + 8].lstrip(" \t\r\n")
        return following.startswith("$")

    def _block(self) -> tuple[str, str]:
        start = self.pos
        if self.text[start] != "{":
            raise self.error(
                f"unexpected text {self.text[start : start + 20]!r} outside a block", start, "block"
            )
        colon = self.text.find(":", start, start + 4)
        block_id = self.text[start + 1 : colon] if colon > 0 else ""
        if block_id not in _BLOCK_IDS:
            shown = self.text[start : start + 12].split("\n")[0]
            raise self.error(
                f"unknown or malformed block start {shown!r} (expected {{1: to {{5: or {{S:)", start, "block"
            )
        self.pos = colon + 1
        if block_id == "4" and not self.text.startswith("{", self.pos):
            return block_id, self._text_block(start)
        if self.text.startswith("{", self.pos):
            return block_id, self._nested_block(start, block_id)
        end = self.text.find("}", self.pos)
        if end < 0 or "{" in self.text[self.pos : end]:
            raise self.error(f"block {block_id} is truncated (no closing '}}')", start, f"block {block_id}")
        self.pos = end + 1
        return block_id, self.text[colon + 1 : end]

    def _text_block(self, start: int) -> str:
        match = re.compile(r"\r?\n-}").search(self.text, self.pos)
        if match is None:
            raise self.error("block 4 is truncated (no closing '-}')", start, "block 4")
        content = self.text[self.pos : match.start()]
        self.pos = match.end()
        return content

    def _nested_block(self, start: int, block_id: str) -> str:
        """`{3:{108:X}{121:Y}}` -> "108:X\\n121:Y" (sub-blocks hold no braces)."""
        items = []
        while self.text.startswith("{", self.pos):
            end = self.text.find("}", self.pos)
            if end < 0:
                raise self.error(
                    f"block {block_id} is truncated (no closing '}}')", start, f"block {block_id}"
                )
            items.append(self.text[self.pos + 1 : end])
            self.pos = end + 1
        if not self.text.startswith("}", self.pos):
            raise self.error(f"block {block_id} is truncated (no closing '}}')", start, f"block {block_id}")
        self.pos += 1
        return "\n".join(items)


def _build_message(blocks: dict[str, tuple[str, int]], line: int, file: str | None) -> MtMessage | None:
    basic, basic_line = blocks["1"]
    header1 = _BLOCK1.match(basic.strip())
    if header1 is None:
        raise InputError(
            f"basic header block 1 {basic!r} is malformed", file=file, line=basic_line, field="block 1"
        )
    if header1.group(1) == _SERVICE_ACK:
        return None
    if "2" not in blocks:
        raise InputError("application header block 2 is missing", file=file, line=line, field="block 2")
    if "4" not in blocks:
        raise InputError("text block 4 is missing", file=file, line=line, field="block 4")
    message = _with_header(header1.group(2), blocks["2"], file)
    message.line = line
    message.header = _sub_blocks(blocks.get("3", ("", line))[0])
    message.trailer = _sub_blocks(blocks.get("5", ("", line))[0])
    text, text_line = blocks["4"]
    message.fields = _fields(text, text_line, message, file)
    return message


def _with_header(logical_terminal: str, block2: tuple[str, int], file: str | None) -> MtMessage:
    content, line = block2
    content = content.strip()
    own = bic_from_logical_terminal(logical_terminal)
    if (found := _BLOCK2_INPUT.match(content)) is not None:
        other = bic_from_logical_terminal(found.group(2))
        return MtMessage(file, line, found.group(1), sender=own, receiver=other, direction="input")
    if (found := _BLOCK2_OUTPUT.match(content)) is not None:
        other = bic_from_logical_terminal(found.group(4))
        return MtMessage(file, line, found.group(1), sender=other, receiver=own, direction="output")
    raise InputError(
        f"application header block 2 {content!r} is malformed", file=file, line=line, field="block 2"
    )


def _sub_blocks(content: str) -> dict[str, str]:
    items = {}
    for item in content.split("\n"):
        key, _, value = item.partition(":")
        if key:
            items[key] = value
    return items


def _fields(text: str, first_line: int, message: MtMessage, file: str | None) -> list[MtField]:
    """Cut block 4 into fields; the text starts right after "{4:", usually with a line break."""
    if message.message_type not in SUPPORTED_TYPES:
        raise InputError(
            f"MT{message.message_type} is not a payment message dualuse reads "
            f"(supported: {', '.join('MT' + t for t in SUPPORTED_TYPES)}, MT202COV)",
            file=file,
            line=message.line,
            field="block 2",
        )
    fields: list[MtField] = []
    tag: str | None = None
    lines: list[str] = []
    start = first_line
    sequence = "A"
    for offset, raw in enumerate(text.split("\n")):
        row = raw.rstrip("\r")
        number = first_line + offset
        found = _TAG_LINE.match(row)
        if found is None:
            if tag is None:
                if row.strip():
                    raise InputError(
                        f"text {row!r} before the first field tag",
                        file=file,
                        line=number,
                        field=f"{message.name} block 4",
                    )
                continue
            lines.append(row)
            continue
        if tag is not None:
            fields.append(MtField(tag, "\n".join(lines), start, sequence))
        tag, lines, start = found.group(1), [found.group(2)], number
        sequence = _sequence_of(tag, sequence, message)
        _check_tag(tag, sequence, message, file, number)
    if tag is not None:
        fields.append(MtField(tag, "\n".join(lines), start, sequence))
    if not fields:
        raise InputError(
            "text block 4 holds no field", file=file, line=first_line, field=f"{message.name} block 4"
        )
    return fields


def _sequence_of(tag: str, current: str, message: MtMessage) -> str:
    """MT202COV: sequence B (the underlying customer credit transfer) starts at its 50a."""
    if message.is_cover and tag.startswith("50"):
        return "B"
    return current


def _check_tag(tag: str, sequence: str, message: MtMessage, file: str | None, line: int) -> None:
    allowed = {
        "103": MT103_TAGS,
        "202": MT202COV_B_TAGS if sequence == "B" else MT202_TAGS,
        "199": FREE_FORMAT_TAGS,
        "299": FREE_FORMAT_TAGS,
    }[message.message_type]
    if tag not in allowed:
        where = f"{message.name}{' sequence B' if sequence == 'B' else ''}"
        raise InputError(
            f"unknown tag :{tag}: in {where}", file=file, line=line, field=f"{message.name} {tag}"
        )
