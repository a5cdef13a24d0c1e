"""A booking system's export of the day's appointments (CSV) -> one entry per row, read as a stream.

What real exports look like (Phorest, Zenoti, Cliniko, Jane, Pabau, Mindbody
all export CSV): UTF-8 with or without a byte-order mark (Excel writes one),
`,` or `;` between fields (European Excel uses `;`, and a tab is seen too),
quoted fields that hold newlines, headings of the system's own ("Start Time",
"Client"). A row is numbered as a spreadsheet shows it: the heading is row 1,
and a newline inside a quoted field does not start a row.

Dates are never guessed. ISO dates (2026-11-26) are read as they are;
`26/11/2026` or `11/26/2026` need the desk to say the order (`dmy` or `mdy`),
except where only one order gives a date (26/11/2026). A bad row is reported
with its number and the rest are still read.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date

from aftercare_cli import option_names as opt
from aftercare_cli.errors import AftercareError
from aftercare_cli.visible import visible

# The fields a row can give, named as `plan`'s options; only `time` is required.
FIELDS = ("time", "date", "patient", "peel", "treatment", "tz", "wake", "sleep", "skip", "lang")
DATE_ORDERS = ("dmy", "mdy")
_DELIMITERS = (",", ";", "\t")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_OTHER_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_CLOCK = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp]\.?[Mm]\.?)?")


class AppointmentsError(AftercareError):
    """The appointments file as a whole cannot be read (no heading, no `time` column): nothing is planned."""


@dataclass(frozen=True)
class Appointment:
    """One row: `values` holds each field the row gives (`time` as `plan --at` reads it), as text."""

    row: int
    values: Mapping[str, str]


@dataclass(frozen=True)
class RowProblem:
    """A row that cannot be planned, and why, in words that name the column."""

    row: int
    message: str


def read_appointments(
    lines: Iterable[str],
    columns: Mapping[str, str] | None = None,
    values: Mapping[str, Mapping[str, str]] | None = None,
    date_order: str | None = None,
    name: str = "the appointments file",
) -> Iterator[Appointment | RowProblem]:
    """Each row of the CSV text in `lines` (opened with newline=""), in order.

    `columns` maps a field to the file's heading for it (`{"time": "Start Time"}`);
    a field not mapped is read from a heading of its own name, in any case.
    `values` maps a field's values (`{"peel": {"Jessner Peel": "jessner"}}`).
    """
    rows = iter(lines)
    first = next(rows, "")
    heading_line = first.removeprefix("\ufeff")
    if not heading_line.strip():
        raise AppointmentsError(f"{visible(name)} is empty", "export the day's appointments with a heading row")
    delimiter = _delimiter(heading_line)
    reader = csv.reader(_chain(heading_line, rows), delimiter=delimiter)
    heading = next(reader)
    where = _field_columns(heading, columns or {}, name)
    for number, record in enumerate(reader, start=2):
        if not any(cell.strip() for cell in record):
            continue  # a blank line: a spreadsheet shows an empty row, and there is nothing to plan
        yield _appointment(number, record, where, values or {}, date_order)


def _chain(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest


def _delimiter(heading: str) -> str:
    """The separator the heading uses most, outside quotes: `,`, `;` or a tab."""
    unquoted = re.sub(r'"[^"]*"', "", heading)
    counts = {delimiter: unquoted.count(delimiter) for delimiter in _DELIMITERS}
    best = max(counts, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


def _field_columns(heading: list[str], columns: Mapping[str, str], name: str) -> dict[str, int]:
    """Each field -> its column's index; a mapping to a heading the file lacks is refused."""
    index_of = {cell.strip().lower(): index for index, cell in reversed(list(enumerate(heading)))}
    shown = ", ".join(repr(visible(cell.strip())) for cell in heading)
    where: dict[str, int] = {}
    for field in FIELDS:
        wanted = columns.get(field, field)
        if wanted.strip().lower() in index_of:
            where[field] = index_of[wanted.strip().lower()]
        elif field in columns:
            raise AppointmentsError(
                f"{visible(name)} has no column {visible(wanted)!r} (its headings: {shown})",
                f"check {opt.MAP} {field}=COLUMN",
            )
    if "time" not in where:
        raise AppointmentsError(
            f"{visible(name)} has no 'time' column (its headings: {shown})",
            f"name the column of the appointment's start with {opt.MAP} time=COLUMN",
        )
    return where


def _appointment(
    number: int,
    record: list[str],
    where: Mapping[str, int],
    values: Mapping[str, Mapping[str, str]],
    date_order: str | None,
) -> Appointment | RowProblem:
    found: dict[str, str] = {}
    for field, index in where.items():
        text = record[index].strip() if index < len(record) else ""
        if not text:
            continue
        mapped = values.get(field)
        if mapped is not None:
            if text not in mapped:
                known = ", ".join(repr(key) for key in mapped)
                return RowProblem(number, f"{field} {visible(text)!r} is not mapped (mapped: {known})")
            text = mapped[text]
        found[field] = text
    if "time" not in found:
        return RowProblem(number, "no time given")
    try:
        found["time"] = treatment_time_text(found.pop("date", ""), found["time"], date_order)
    except ValueError as error:
        return RowProblem(number, str(error))
    return Appointment(number, found)


def treatment_time_text(day: str, clock: str, date_order: str | None) -> str:
    """A row's date and time as `plan --at` reads them: `2026-11-26 14:30`; a ValueError says why not.

    The time column may hold the date too (`26/11/2026 14:30`); a 12-hour time
    (`2:30 PM`) is read as what it says.
    """
    text = f"{day} {clock}".strip()
    if _ISO_DATE.match(text) and ("T" in text or "+" in text or text.endswith("Z")):
        return text  # ISO 8601 with its own T or offset: `plan --at` reads it whole
    date_part, _, clock_part = text.partition(" ")
    if _CLOCK.fullmatch(date_part.strip()):  # a time alone: today, as `--at 14:30`
        return _clock_text(date_part.strip())
    return f"{_date_text(date_part, date_order)} {_clock_text(clock_part.strip())}"


def _date_text(text: str, date_order: str | None) -> str:
    if match := _ISO_DATE.fullmatch(text):
        year, month, day = (int(group) for group in match.groups())
        return _iso(year, month, day, text)
    match = _OTHER_DATE.fullmatch(text)
    if match is None:
        raise ValueError(
            f"date {visible(text)!r} is not one this tool reads; use 2026-11-26, or 26/11/2026 with {opt.DATE_ORDER}"
        )
    first, second, year = (int(group) for group in match.groups())
    orders = [order for order in DATE_ORDERS if _is_date(year, *_month_day(order, first, second))]
    if date_order is not None:
        if date_order not in orders:
            raise ValueError(f"date {visible(text)!r} is not a date in the order {date_order}")
        return _iso(year, *_month_day(date_order, first, second), text)
    if len(orders) == 1 and first != second:
        return _iso(year, *_month_day(orders[0], first, second), text)
    orders_said = f"{opt.DATE_ORDER} dmy or {opt.DATE_ORDER} mdy"
    raise ValueError(f"date {visible(text)!r} could be day/month or month/day; say which with {orders_said}")


def _month_day(order: str, first: int, second: int) -> tuple[int, int]:
    return (second, first) if order == "dmy" else (first, second)


def _is_date(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _iso(year: int, month: int, day: int, text: str) -> str:
    if not _is_date(year, month, day):
        raise ValueError(f"date {visible(text)!r}: there is no such date")
    return f"{year:04d}-{month:02d}-{day:02d}"


def _clock_text(text: str) -> str:
    match = _CLOCK.fullmatch(text)
    if match is None:
        raise ValueError(f"time {visible(text)!r} is not a clock time; use 14:30 or 2:30 PM")
    hour, minute = int(match[1]), int(match[2])
    if match[4]:  # 12-hour: 12:xx AM is just after midnight, 12:xx PM just after noon
        if not 1 <= hour <= 12:
            raise ValueError(f"time {visible(text)!r} is not a 12-hour time")
        hour = hour % 12 + (12 if match[4][0].lower() == "p" else 0)
    if hour > 23 or minute > 59:
        raise ValueError(f"time {visible(text)!r}: there is no such time of day")
    return f"{hour:02d}:{minute:02d}"
