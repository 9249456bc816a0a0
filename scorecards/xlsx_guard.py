"""Checking an uploaded XLSX before a spreadsheet reader opens it: size, shape, formulas.

An XLSX is a zip of XML files, and a small zip can unpack to gigabytes (a "zip bomb")
or describe a sheet of a million rows or sixteen thousand columns that a reader turns
into a grid of billions of cells. ``inspect_xlsx`` inflates every member itself,
counting the bytes that really come out (the sizes the zip declares can lie), and
stops as soon as a limit is passed, so a bomb is refused within a fraction of a second
using about a megabyte of memory. While inflating the first worksheet it scans the XML
(a whole ``<row>`` at a time, with regular expressions, not an XML parser) for the
highest row and column and for formula cells, which the reader would otherwise
silently replace by the value the spreadsheet program last saved.

Errors are ``DomainError`` with field ``file``: ``file_unreadable`` (``reason="zip"``),
``file_unpacks_too_large`` (``max`` in bytes), ``file_too_many_rows`` (``max``),
``file_too_many_columns`` (``max``) and ``file_too_many_cells`` (``max``).
"""

from __future__ import annotations

import html
import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from posixpath import dirname, join, normpath
from xml.etree import ElementTree

from scorecards.errors import DomainError

# A sheet for one round has a handful of fixed columns and two per indicator.
# (Column IP; ``_BEYOND_COLUMNS`` below spells the same limit in letters.)
MAX_COLUMNS = 250
# The dense grid (highest row x highest column) a reader builds; about 40 MB of cells.
MAX_CELLS = 5_000_000
# Unpacked bytes per uploaded byte above which a larger archive is refused as a bomb
# (real workbooks compress 5-30 times; only archives unpacking past 5 MB are judged).
MAX_RATIO = 150
RATIO_FLOOR_BYTES = 5 * 1024 * 1024
_INFLATE_STEP = 1024 * 1024
_RAW_STEP = 64 * 1024
_LOCAL_HEADER = b"PK\x03\x04"

_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"

_ROOT = re.compile(rb"<([A-Za-z_][\w.-]*:)?worksheet\b")
# A cell reference past column IP (250): three letters, or IQ-IZ, or J?-Z?.
_BEYOND_COLUMNS = re.compile(rb'r="(?:[A-Za-z]{3}|[Ii][Q-Zq-z]|[J-Zj-z][A-Za-z])')
# References to columns BA-IP (53-250): rare in a real sheet, so cheap to list.
_WIDE_COLUMN = re.compile(rb'r="([B-Ib-i][A-Za-z])[0-9]')
_LETTERS = re.compile(rb"[A-Za-z]{1,4}")
_CELL_REF = re.compile(rb'\br\s*=\s*["\']([A-Za-z]{1,4})(\d+)["\']')
_LONGEST_ROW = 4 * 1024 * 1024  # bytes of XML without a row end: a row too wide to read


@dataclass
class XlsxShape:
    """What the first worksheet holds, found without building it.

    ``rows`` and ``columns`` are the highest row and column numbers (1-based);
    ``formulas`` maps (row, column) to the formula's text with its ``=``.
    """

    rows: int = 0
    columns: int = 0
    cells: int = 0
    unpacked_bytes: int = 0
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)


def column_number(letters: str) -> int:
    """``"A"`` -> 1, ``"Z"`` -> 26, ``"AA"`` -> 27 (spreadsheet column letters)."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


def inspect_xlsx(
    data: bytes, infos: list[zipfile.ZipInfo], max_unpacked: int, max_rows: int
) -> XlsxShape:
    """Inflate every member of the archive ``data`` (its ``infos``) once, refusing it as
    soon as more than ``max_unpacked`` bytes come out in all, the archive unpacks more
    than ``MAX_RATIO`` times its size, or the first worksheet passes ``max_rows`` rows,
    ``MAX_COLUMNS`` columns or ``MAX_CELLS`` cells. Returns the sheet's shape and
    formula cells. Memory stays at about one megabyte of inflated text at a time.
    """
    sheet = _first_sheet_name(data, infos, max_unpacked)
    shape = XlsxShape()
    scanner = _SheetScanner(shape, max_rows)
    for info in infos:
        if info.is_dir():
            continue
        sink = scanner.feed if info.filename == sheet else None
        _inflate(data, info, shape, max_unpacked, sink)
        if shape.unpacked_bytes > RATIO_FLOOR_BYTES and (
            shape.unpacked_bytes > MAX_RATIO * max(len(data), 1)
        ):
            raise DomainError("file_unpacks_too_large", "file", max=max_unpacked)
    if sheet is not None:
        scanner.finish()
    return shape


def _inflate(
    data: bytes,
    info: zipfile.ZipInfo,
    shape: XlsxShape,
    max_unpacked: int,
    sink: Callable[[bytes], None] | None,
) -> None:
    """Inflate one member from its local header, counting real output in ``shape``."""
    start = info.header_offset
    if data[start : start + 4] != _LOCAL_HEADER or info.flag_bits & 0x1:
        raise DomainError("file_unreadable", "file", reason="zip")
    name_length, extra_length = struct.unpack("<HH", data[start + 26 : start + 30])
    begin = start + 30 + name_length + extra_length
    raw = memoryview(data)[begin : begin + info.compress_size]

    def emit(chunk: bytes) -> None:
        shape.unpacked_bytes += len(chunk)
        if shape.unpacked_bytes > max_unpacked:
            raise DomainError("file_unpacks_too_large", "file", max=max_unpacked)
        if sink is not None and chunk:
            sink(chunk)

    if info.compress_type == zipfile.ZIP_STORED:
        for offset in range(0, len(raw), _INFLATE_STEP):
            emit(bytes(raw[offset : offset + _INFLATE_STEP]))
        return
    if info.compress_type != zipfile.ZIP_DEFLATED:
        raise DomainError("file_unreadable", "file", reason="zip")
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    try:
        for offset in range(0, len(raw), _RAW_STEP):
            pending = bytes(raw[offset : offset + _RAW_STEP])
            while pending and not inflater.eof:
                emit(inflater.decompress(pending, _INFLATE_STEP))
                pending = inflater.unconsumed_tail
        emit(inflater.flush())
    except zlib.error:
        raise DomainError("file_unreadable", "file", reason="zip") from None


def _read_small(data: bytes, infos: list[zipfile.ZipInfo], name: str, limit: int) -> bytes:
    info = next((i for i in infos if i.filename == name), None)
    if info is None:
        return b""
    parts: list[bytes] = []
    _inflate(data, info, XlsxShape(), limit, parts.append)
    return b"".join(parts)


def _first_sheet_name(data: bytes, infos: list[zipfile.ZipInfo], limit: int) -> str | None:
    """The zip path of the workbook's first sheet (the one a reader opens by index 0)."""
    try:
        workbook = ElementTree.fromstring(_read_small(data, infos, "xl/workbook.xml", limit))
        rels_xml = _read_small(data, infos, "xl/_rels/workbook.xml.rels", limit)
        relations = ElementTree.fromstring(rels_xml) if rels_xml else None
    except ElementTree.ParseError:
        return None
    sheet = next((e for e in workbook.iter() if e.tag.rsplit("}", 1)[-1] == "sheet"), None)
    if sheet is None or relations is None:
        return None
    relation_id = sheet.get(f"{{{_REL_NS}}}id")
    for relation in relations.iter(f"{{{_PKG_REL_NS}}}Relationship"):
        if relation.get("Id") == relation_id:
            target = relation.get("Target", "")
            if target.startswith("/"):
                return target.lstrip("/")
            return normpath(join(dirname("xl/workbook.xml"), target))
    return None


class _SheetScanner:
    """Reads worksheet XML whole rows at a time as it is inflated.

    Tuned for speed (about 5 ms a megabyte): byte searches and regular expressions
    that match rarely in a real sheet. The highest column is taken from each row's last
    cell plus every reference past column AZ, and anything past column IP is refused
    outright, so cells written out of order cannot hide a wide sheet from the limits.
    """

    def __init__(self, shape: XlsxShape, max_rows: int) -> None:
        self.shape = shape
        self.max_rows = max_rows
        self.buffer = b""
        self.prefix: bytes | None = None
        self.row_tags = 0
        self.highest_row = 0

    def _use_prefix(self, prefix: bytes) -> None:
        """Compile the patterns for the sheet's XML namespace prefix (usually none)."""
        self.prefix = prefix
        p = re.escape(prefix)
        self.row_number = re.compile(rb"<" + p + rb'row\b[^>]*?\sr="(\d+)"')
        self.formula_start = b"<" + prefix + b"f"  # only <f> starts so in sheet data
        self.formula = re.compile(
            rb"<" + p + rb"c\b([^>]*?)>\s*<" + p + rb"f\b([^>]*?)(/?)>"
        )
        self.row_end = b"</" + prefix + b"row>"
        self.row_start = b"<" + prefix + b"row"
        self.cell_start = b"<" + prefix + b"c"  # only <c> starts so in sheet data

    def feed(self, chunk: bytes) -> None:
        self.buffer += chunk
        if self.prefix is None:
            root = _ROOT.search(self.buffer)
            if root is None and len(self.buffer) < 65536:
                return
            self._use_prefix(root.group(1) or b"" if root else b"")
        last_end = self.buffer.rfind(self.row_end)
        cut = max(
            last_end + len(self.row_end) if last_end != -1 else 0,
            self.buffer.rfind(self.row_start),
        )
        if cut <= 0:
            if len(self.buffer) > _LONGEST_ROW:
                raise DomainError("file_too_many_cells", "file", max=MAX_CELLS)
            return
        self._rows(self.buffer[:cut])
        self.buffer = self.buffer[cut:]

    def finish(self) -> None:
        if self.prefix is None:
            root = _ROOT.search(self.buffer)
            self._use_prefix(root.group(1) or b"" if root else b"")
        self._rows(self.buffer)
        self.buffer = b""

    def _rows(self, block: bytes) -> None:
        shape = self.shape
        numbers = self.row_number.findall(block)
        if numbers:
            self.highest_row = max(self.highest_row, max(map(int, numbers)))
        self.row_tags += block.count(self.row_start)
        shape.rows = max(self.highest_row, self.row_tags)
        if shape.rows > self.max_rows:
            raise DomainError("file_too_many_rows", "file", max=self.max_rows)
        if _BEYOND_COLUMNS.search(block):
            raise DomainError("file_too_many_columns", "file", max=MAX_COLUMNS)
        shape.cells += block.count(self.cell_start)
        columns = shape.columns
        for letters in set(_WIDE_COLUMN.findall(block)):
            columns = max(columns, column_number(letters.decode("ascii")))
        start = 0
        while (end := block.find(self.row_end, start)) != -1:
            last_ref = block.rfind(b'r="', start, end)
            if last_ref != -1 and (letters := _LETTERS.match(block, last_ref + 3)):
                columns = max(columns, column_number(letters.group().decode("ascii")))
            start = end + len(self.row_end)
        shape.columns = columns
        if shape.cells > MAX_CELLS or shape.rows * shape.columns > MAX_CELLS:
            raise DomainError("file_too_many_cells", "file", max=MAX_CELLS)
        if self.formula_start in block:
            self._formulas(block)

    def _formulas(self, block: bytes) -> None:
        for match in self.formula.finditer(block):
            ref = _CELL_REF.search(match.group(1))
            if ref is None:
                continue
            text = ""
            if not match.group(3):  # not <f/>: the formula's text follows
                end = block.find(b"</" + self.prefix + b"f>", match.end())
                if end != -1:
                    text = html.unescape(block[match.end() : end].decode("utf-8", "replace"))
            position = (int(ref.group(2)), column_number(ref.group(1).decode("ascii")))
            self.shape.formulas[position] = "=" + (text.strip() or "…")
