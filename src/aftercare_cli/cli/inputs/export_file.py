"""A booking system's export file -> its records (the heading, then each row), each delimited with certainty.

Bounded before anything is read: only a regular file is opened for reading
(a FIFO, a device such as /dev/zero, a folder is one line, never read, so it
cannot block or fill memory), at most `MAX_EXPORT` bytes, and a row at most
`MAX_ROW` bytes: a longer row is that row's error, held in memory no longer
than its limit, and the rows after it are still read.

CSV as RFC 4180 and Excel write it: `,`, `;` or a tab between fields (the
heading says which), a field in double quotes may hold the separator, a
newline and `""` for a quote. A row is numbered as a spreadsheet shows it
(the heading is row 1, a newline inside a quoted field does not start a
row). What cannot be delimited for certain is that row's error, never a
merge: a quote that runs over lines which look like rows of their own (an
unclosed `"VIP` in a note), or that is never closed, is the error of the row
where it opened, and reading goes on from the next line; a row with more or
fewer fields than the heading, or text after a closing quote, is an error too.
Framing works on bytes (every character that delimits is ASCII, which UTF-8
never uses inside another character); each field is then read as UTF-8.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from typing import BinaryIO

from aftercare_cli.errors import AftercareError
from aftercare_cli.escapes import escaped
from aftercare_cli.frozen import frozen
from aftercare_cli.outputs.atomic import file_kind

MAX_EXPORT = 50 * 1024 * 1024  # a year of a busy clinic's appointments is a few megabytes
MAX_ROW = 64 * 1024  # an appointment with a long note is a few kilobytes
_DELIMITERS = (",", ";", "\t")
_BOM = b"\xef\xbb\xbf"
_QUOTE = 0x22
_START, _UNQUOTED, _QUOTED, _QUOTE_IN_QUOTED = range(4)  # where a field's reading is, byte by byte
_AN_EXPORT = "export the day's appointments as CSV UTF-8"


class AppointmentsError(AftercareError):
    """The appointments file as a whole cannot be read (no heading, not a file, too big): nothing is planned."""


@frozen
class Record:
    """One row of the file: its fields, or why it cannot be read; `blank` when a spreadsheet shows an empty row."""

    row: int
    line: int  # the file's line where the row starts (a row may run over several)
    fields: tuple[str, ...] = ()
    problem: str = ""
    blank: bool = False


def open_export(path: str) -> BinaryIO:
    """The export, opened for reading if it is a regular file no bigger than `MAX_EXPORT`; else one line."""
    shown = escaped(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        # Non-blocking: a FIFO with no writer opens at once (and is then refused) instead of waiting forever.
        descriptor = os.open(path, flags)
    except OSError as error:
        raise AppointmentsError(f"cannot read {shown}: {error.strerror or error}", "check the file's name") from None
    try:
        found = os.fstat(descriptor)
        if not stat.S_ISREG(found.st_mode):
            what = file_kind(found.st_mode)
            raise AppointmentsError(f"{shown} is {what}, not an export file", f"give the file: {_AN_EXPORT}")
        if found.st_size > MAX_EXPORT:
            raise AppointmentsError(
                f"{shown} is {found.st_size / 1024 / 1024:.0f} MB, more than an export of appointments "
                f"({MAX_EXPORT // 1024 // 1024} MB at most)",
                "export the day's appointments only",
            )
    except BaseException:
        os.close(descriptor)
        raise
    return os.fdopen(descriptor, "rb")


def read_records(handle: BinaryIO, name: str) -> Iterator[Record]:
    """The heading (row 1), then every row, in order; a problem is said in the row's record, never raised.

    Raises AppointmentsError for a file that has no heading to read by, or that grows past `MAX_EXPORT`.
    """
    return _Records(handle, name).read()


class _Records:
    def __init__(self, handle: BinaryIO, name: str) -> None:
        self.handle = handle
        self.name = escaped(name)
        self.position = 0  # bytes from the start of the file to the next one read
        self.line = 1
        self.delimiter = b","
        self.columns = 0

    def read(self) -> Iterator[Record]:
        start = self.handle.read(len(_BOM))
        if start != _BOM:
            self.handle.seek(0)
        self.position = self.handle.tell()
        heading = self._heading()
        yield heading
        row = 1
        while True:
            row += 1
            record = self._record(row)
            if record is None:
                return
            yield record

    def _heading(self) -> Record:
        first = self.handle.readline(MAX_ROW + 1)
        if first.startswith(b"PK\x03\x04"):
            raise AppointmentsError(
                f"{self.name} is an Excel workbook, not CSV", f"in Excel, save as CSV UTF-8; {_AN_EXPORT}"
            )
        if not first.strip():
            raise AppointmentsError(f"{self.name} is empty", "export the day's appointments with a heading row")
        if len(first) > MAX_ROW or b"\x00" in first:
            raise AppointmentsError(f"{self.name} is not a CSV text file (no heading row)", _AN_EXPORT)
        if b"\r" in first.rstrip(b"\r\n"):
            raise AppointmentsError(
                f"{self.name} separates its lines with carriage returns alone (an old Mac format)", _AN_EXPORT
            )
        try:
            text = first.decode("utf-8")
        except UnicodeDecodeError:
            raise AppointmentsError(f"{self.name} is not UTF-8 text", "export it as CSV UTF-8") from None
        self.delimiter = _delimiter(text).encode("ascii")
        self.handle.seek(self.position)
        heading = self._record(1)
        if heading is None or heading.problem:
            why = f": {heading.problem}" if heading is not None else ""
            raise AppointmentsError(f"{self.name}: its heading row cannot be read{why}", _AN_EXPORT)
        self.columns = len(heading.fields)
        return heading

    def _record(self, row: int) -> Record | None:
        """The next row from the current position; None at the end of the file."""
        start, first_line = self.position, self.line
        kept: list[bytes] = []
        size = 0
        lines = 1
        inside = 0  # separators inside a quoted field on the lines after the first: the most of one line
        on_this_line = 0
        state = _START
        while True:
            chunk = self.handle.readline(MAX_ROW + 1)
            if not chunk:
                break
            self.position += len(chunk)
            if self.position > MAX_EXPORT:
                raise AppointmentsError(
                    f"{self.name} grew past {MAX_EXPORT // 1024 // 1024} MB while it was read (at row {row})",
                    "export the day's appointments only, and read the file once it is written",
                )
            size += len(chunk)
            if size <= MAX_ROW:
                kept.append(chunk)
            ended = chunk.endswith(b"\n")
            body = chunk[:-1] if ended else chunk
            entering, state = state, _state_after(body, state, self.delimiter[0])
            if lines > 1 and entering == _QUOTED:
                quoted = body if state == _QUOTED else body[: max(body.find(b'"'), 0)]
                on_this_line += quoted.count(self.delimiter)
            if not ended:
                continue  # the same line goes on in the next chunk
            self.line += 1
            inside = max(inside, on_this_line)
            if state != _QUOTED:
                break
            lines += 1  # a newline inside a quoted field: the row goes on
            on_this_line = 0
        if size == 0:
            return None
        inside = max(inside, on_this_line)
        unclosed = state == _QUOTED
        # A line inside a quote that holds as many separators as a row has may be a row of its own,
        # swallowed by a quote that was never closed (`"VIP` in a note).
        looks_like_rows = bool(self.columns) and inside >= max(self.columns - 1, 1)
        if row > 1 and lines > 1 and (unclosed or looks_like_rows):
            return self._read_again_after(row, first_line, start, lines, unclosed)
        if unclosed:
            return Record(row, first_line, problem='a quote (") opened in it is never closed')
        if size > MAX_ROW:
            return Record(
                row, first_line, problem=f"it is {size // 1024} KB long, more than a row can be ({MAX_ROW // 1024} KB)"
            )
        return self._fields(row, first_line, b"".join(kept))

    def _read_again_after(self, row: int, line: int, start: int, lines: int, unclosed: bool) -> Record:
        """The row where a quote opened and ran on is an error; the file is read again from the line after it."""
        self.handle.seek(start)
        self.position = start
        while True:
            chunk = self.handle.readline(MAX_ROW + 1)
            self.position += len(chunk)
            if not chunk or chunk.endswith(b"\n"):
                break
        self.line = line + 1
        why = "is never closed" if unclosed else f"runs over {lines} lines that look like rows of their own"
        return Record(
            row,
            line,
            problem=f'a quote (") opened on line {line} {why}; fix the quote in the export '
            f"(the rows after it are read from line {line + 1})",
        )

    def _fields(self, row: int, line: int, data: bytes) -> Record:
        if data.endswith(b"\n"):
            data = data[:-1]
            if data.endswith(b"\r"):
                data = data[:-1]
        raw, problem = _split(data, self.delimiter[0])
        if problem:
            return Record(row, line, problem=problem)
        try:
            fields = tuple(field.decode("utf-8") for field in raw)
        except UnicodeDecodeError:
            return Record(row, line, problem="it is not UTF-8 text; export the file as CSV UTF-8")
        if not any(field.strip() for field in fields):
            return Record(row, line, fields, blank=True)
        if any("\x00" in field for field in fields):
            return Record(row, line, problem="it holds a NUL character; export the file as CSV UTF-8")
        if self.columns and len(fields) != self.columns:
            more = (
                "a separator inside a value that is not quoted?" if len(fields) > self.columns else "a value left out?"
            )
            return Record(
                row, line, problem=f"it has {len(fields)} fields where the heading has {self.columns} ({more})"
            )
        return Record(row, line, fields)


def _delimiter(heading: str) -> str:
    """The separator the heading uses most, outside quotes: `,`, `;` or a tab."""
    unquoted = re.sub(r'"[^"]*"', "", heading)
    counts = {delimiter: unquoted.count(delimiter) for delimiter in _DELIMITERS}
    best = max(counts, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


def _state_after(data: bytes, state: int, delimiter: int) -> int:
    """Where a field's reading is after `data` (no newline in it), from `state`: quotes tracked as CSV reads them."""
    if _QUOTE not in data and state != _QUOTED:
        return _START if data and data[-1] == delimiter else (state if not data else _UNQUOTED)
    index, end = 0, len(data)
    while index < end:
        if state == _QUOTED:
            found = data.find(b'"', index)
            if found < 0:
                return _QUOTED
            state, index = _QUOTE_IN_QUOTED, found + 1
        elif state == _QUOTE_IN_QUOTED:
            byte = data[index]
            state = _QUOTED if byte == _QUOTE else _START if byte == delimiter else _UNQUOTED
            index += 1
        elif state == _START:
            state = _QUOTED if data[index] == _QUOTE else _START if data[index] == delimiter else _UNQUOTED
            index += 1
        else:  # unquoted: on to the next separator (a quote inside is a plain character)
            found = data.find(bytes((delimiter,)), index)
            if found < 0:
                return _UNQUOTED
            state, index = _START, found + 1
    return state


def _split(data: bytes, delimiter: int) -> tuple[list[bytes], str]:
    """A whole row's fields, or why they cannot be read for certain."""
    if _QUOTE not in data:
        return data.split(bytes((delimiter,))), ""
    fields: list[bytes] = []
    index, end = 0, len(data)
    separator = bytes((delimiter,))
    while True:
        if index < end and data[index] == _QUOTE:  # a quoted field: up to the quote that closes it
            value = bytearray()
            index += 1
            while True:
                found = data.find(b'"', index)
                if found < 0:
                    return fields, 'a quote (") opened in it is never closed'
                value += data[index:found]
                if found + 1 < end and data[found + 1] == _QUOTE:
                    value += b'"'
                    index = found + 2
                    continue
                index = found + 1
                break
            if index < end and data[index] != delimiter:
                return fields, f"field {len(fields) + 1} has text after its closing quote; fix the quotes in the export"
            fields.append(bytes(value))
        else:
            found = data.find(separator, index)
            stop = end if found < 0 else found
            fields.append(data[index:stop])
            index = stop
        if index >= end:
            return fields, ""
        index += 1  # past the separator
        if index == end:
            fields.append(b"")
            return fields, ""
