"""A booking system's export of the day's appointments -> what each row is: a treatment to plan, not a treatment
(and why), or an error naming the row. Read as a stream, one row at a time.

Columns are found by their headings: the desk's `--map`, else a booking
system's (`--from`), else headings real systems use ("Start Time",
"Appointment Date", "Client", "Client First Name" and "Client Last Name",
"Service", "Status"...), in any case. Two columns that could be the same
field are refused, never picked between. Headings nobody reads are listed
(`unused`), so the desk sees what was left out.

Nothing is guessed. A row's date is its time column's or its date column's
(`export_times`); with neither anywhere in the export, the rows are for today,
and the desk is told once; where a column the tool does not read may hold the
date, the row is refused. A row whose status is not a treatment (cancelled, no
show) or whose service is not (a consultation) is said as such, not planned.
A service is the treatment and peel the clinic's services file says, and a
service it does not name is that row's error, never the rules' default peel.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import field

from aftercare_cli import option_names as opt
from aftercare_cli.cli.inputs.export_file import AppointmentsError, Record
from aftercare_cli.cli.inputs.export_times import appointment_time
from aftercare_cli.escapes import escaped
from aftercare_cli.frozen import frozen
from aftercare_cli.ruleset.booking import SERVICES_GUIDE, BookingSystem, Services, spoken

__all__ = ["FIELDS", "Appointment", "AppointmentsError", "ExportRows", "NotTreatment", "Reading", "RowProblem"]

# The fields a row can give, named as `plan`'s options where `plan` has one; only `time` is required.
FIELDS = (
    "time", "date", "patient", "first_name", "last_name", "service", "status",
    "peel", "treatment", "tz", "wake", "sleep", "skip", "lang",
)  # fmt: skip
# Headings real exports use for each field (compared as `heading_key` spells them). A heading that means
# something else in some system is left out on purpose: "Type" is Acuity's service but Vagaro's new or
# returning client; "Date Scheduled" is Acuity's booking date, not the appointment's.
KNOWN_HEADINGS: dict[str, tuple[str, ...]] = {
    "time": ("time", "start time", "appointment time", "appt time", "start", "starts at", "date/time",
             "date & time", "date and time", "start date/time", "start date & time", "appointment date/time",
             "appointment date & time", "appointment date and time"),
    "date": ("date", "appointment date", "appt date", "start date", "visit date", "service date"),
    "patient": ("patient", "client", "customer", "patient name", "client name", "customer name", "full name"),
    "first_name": ("first name", "firstname", "forename", "given name", "client first name",
                   "patient first name", "customer first name"),
    "last_name": ("last name", "lastname", "surname", "family name", "client last name", "patient last name",
                  "customer last name"),
    "service": ("service", "service name", "services", "appointment service"),
    "status": ("status", "appointment status", "appt status", "booking status"),
    "peel": ("peel",),
    "treatment": ("treatment",),
    "tz": ("tz", "time zone", "timezone"),
    "wake": ("wake",),
    "sleep": ("sleep",),
    "skip": ("skip",),
    "lang": ("lang", "language"),
}  # fmt: skip
# Statuses every system writes alike, when neither a system (`--from`) nor the clinic says otherwise.
TREATMENT_STATUSES = (
    "booked", "confirmed", "arrived", "checked in", "completed", "complete", "started", "in progress", "new",
    "attended", "show", "unarrived", "accepted",
)  # fmt: skip
NOT_TREATMENT_STATUSES = (
    "cancelled", "canceled", "no show", "noshow", "did not arrive", "dna", "did not attend", "late cancellation",
    "late cancel", "late cancelled", "late canceled", "latecancelled", "deleted", "void", "declined", "denied",
)  # fmt: skip
_DATE_WORDS = re.compile(r"\b(date|day|fecha|datum|data|jour|dia|giorno)\b")
_NOT_THE_DAY = re.compile(
    r"birth|\bdob\b|created|booked|booking|cancel|reschedul|modified|updated|last|next|paid|expir"
)


@frozen
class Reading:
    """How the desk said to read the export: its columns, values, date order, system and services."""

    columns: Mapping[str, str] = field(default_factory=dict)  # --map: field -> heading
    values: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # --value: field -> exported -> meant
    date_order: str | None = None
    system: BookingSystem | None = None
    services: Services | None = None


@frozen
class Appointment:
    """A treatment to plan: `values` holds each field the row gives (`time` as `plan --at` reads it), as text."""

    row: int
    values: Mapping[str, str]


@frozen
class NotTreatment:
    """A row that is no treatment (its status or its service says so): said and counted, not planned."""

    row: int
    patient: str
    why: str


@frozen
class RowProblem:
    """A row that cannot be planned, and why, in words that name the column."""

    row: int
    message: str


def heading_key(text: str) -> str:
    """A heading as it is compared: `Appt. Date`, `appt_date` and `APPT DATE` are one."""
    return " ".join(text.casefold().replace("_", " ").replace(".", " ").split())


class ExportRows:
    """The rows of an export (its records, the heading first), read as the desk said; iterate for each row."""

    def __init__(self, records: Iterator[Record], reading: Reading, name: str) -> None:
        self.records = records
        self.reading = reading
        self.name = escaped(name)
        heading = next(records)
        self.headings = heading.fields
        self.where = _field_columns(self.headings, reading, self.name)
        self.unused = tuple(
            cell.strip()
            for index, cell in enumerate(self.headings)
            if index not in self.where.values() and cell.strip()
        )
        self.maybe_dates = tuple(
            text for text in self.unused if _DATE_WORDS.search(heading_key(text)) and not _NOT_THE_DAY.search(
                heading_key(text))
        )  # fmt: skip
        self.blank = 0  # blank rows: a spreadsheet shows them, and there is nothing to plan
        self.for_today = 0  # rows whose export gives no date at all: planned for today
        self.statuses = _statuses(reading)

    def __iter__(self) -> Iterator[Appointment | NotTreatment | RowProblem]:
        for record in self.records:
            if record.problem:
                yield RowProblem(record.row, record.problem)
            elif record.blank:
                self.blank += 1
            else:
                yield self._row(record)

    def _row(self, record: Record) -> Appointment | NotTreatment | RowProblem:
        found: dict[str, str] = {}
        for name, index in self.where.items():
            text = record.fields[index].strip()
            if not text:
                continue
            mapped = self.reading.values.get(name)
            if mapped is not None and name not in ("service", "status"):
                if text not in mapped:
                    known = ", ".join(repr(key) for key in mapped)
                    return RowProblem(record.row, f"{name} {escaped(text)!r} is not mapped (mapped: {known})")
                text = mapped[text]
            found[name] = text
        patient = found.pop("patient", "") or " ".join(
            part for part in (found.pop("first_name", ""), found.pop("last_name", "")) if part
        )
        found.pop("first_name", None)
        found.pop("last_name", None)
        if patient:
            found["patient"] = patient
        status = found.pop("status", "")
        if status:
            meaning = self.statuses.get(_status_key(status))
            if meaning is None and _status_key(status).startswith(("cancelled ", "canceled ")):
                meaning = False  # "Cancelled by customer", CANCELLED_BY_SELLER
            if meaning is None:
                return RowProblem(
                    record.row,
                    f"status {escaped(status)!r} is not known as a treatment or not; say which under statuses: "
                    f"in a services file ({opt.SERVICES}; see {SERVICES_GUIDE})",
                )
            if not meaning:
                return NotTreatment(record.row, patient, status)
        if "service" in self.where:
            outcome = self._service(record.row, found, patient)
            if outcome is not None:
                return outcome
        return self._timed(record, found)

    def _service(self, row: int, found: dict[str, str], patient: str) -> NotTreatment | RowProblem | None:
        """The row's service as the clinic's treatment and peel (into `found`); None when it is one."""
        name = found.pop("service", "")
        if not name:
            return RowProblem(row, f"no service given (column {self.headings[self.where['service']]!r})")
        services = self.reading.services
        meant = next((s for s in services.services if spoken(s.name) == spoken(name)), None) if services else None
        if meant is None:
            if services is None:
                return RowProblem(
                    row,
                    f"service {escaped(name)!r} is not mapped to a treatment; give the clinic's services with "
                    f"{opt.SERVICES} FILE (see {SERVICES_GUIDE})",
                )
            return RowProblem(
                row,
                f"service {escaped(name)!r} is not in {escaped(services.path)}; add it there, as the treatment "
                "and peel it is or as not a treatment",
            )
        if not meant.is_treatment:
            return NotTreatment(row, patient, name)
        for key, value in (("treatment", meant.treatment), ("peel", meant.peel)):
            if value is None:
                continue
            if found.get(key, value) != value:
                return RowProblem(
                    row, f"service {escaped(name)!r} is {key} {value!r} but the {key} column says {found[key]!r}"
                )
            found[key] = value
        return None

    def _timed(self, record: Record, found: dict[str, str]) -> Appointment | RowProblem:
        clock = found.pop("time", "")
        if not clock:
            return RowProblem(record.row, "no time given")
        has_date_column = "date" in self.where
        day = found.pop("date", "")
        try:
            at = appointment_time(day if has_date_column else None, clock, self.reading.date_order)
        except ValueError as error:
            return RowProblem(record.row, str(error))
        if len(at) == 5:  # a time of day alone: the export gives this row no date
            if has_date_column:
                column = self.headings[self.where["date"]]
                return RowProblem(record.row, f"no date given (column {escaped(column)!r})")
            if self.maybe_dates:
                columns = ", ".join(repr(escaped(text)) for text in self.maybe_dates)
                return RowProblem(
                    record.row,
                    f"time {escaped(clock)!r} has no date, and {columns} may hold it; name the date's column "
                    f"with {opt.MAP} date=COLUMN",
                )
            self.for_today += 1
        found["time"] = at
        return Appointment(record.row, found)


def _field_columns(heading: tuple[str, ...], reading: Reading, name: str) -> dict[str, int]:
    """Each field -> its column's index: the desk's mapping, the system's, then the headings real exports use."""
    keys = [heading_key(cell) for cell in heading]
    shown = ", ".join(repr(escaped(cell.strip())) for cell in heading)
    system = reading.system
    asked = {**(dict(system.columns) if system else {}), **reading.columns}
    where: dict[str, int] = {}
    for field_name, wanted in asked.items():
        indexes = [index for index, key in enumerate(keys) if key == heading_key(wanted)]
        if not indexes:
            by_system = system is not None and field_name not in reading.columns
            named_by = f"{system.name}'s export has" if by_system and system else f"{opt.MAP} {field_name}= names"
            raise AppointmentsError(
                f"{name} has no column {escaped(wanted)!r}, which {named_by} (its headings: {shown})",
                f"name the column with {opt.MAP} {field_name}=COLUMN"
                + (f", or check it is {system.name}'s {system.export}" if by_system and system else ""),
            )
        if len(indexes) > 1:
            raise AppointmentsError(
                f"{name} has {len(indexes)} columns headed {escaped(wanted)!r}", "rename one of them in the export"
            )
        where[field_name] = indexes[0]
    taken = set(where.values())
    for field_name in FIELDS:
        if field_name in where:
            continue
        candidates = [index for index, key in enumerate(keys) if key in KNOWN_HEADINGS[field_name]]
        if not candidates or any(index in taken for index in candidates):
            continue
        if len(candidates) > 1:
            headings = " and ".join(repr(escaped(heading[index].strip())) for index in candidates)
            raise AppointmentsError(
                f"{name}: {headings} could each be the {field_name.replace('_', ' ')}",
                f"say which with {opt.MAP} {field_name}=COLUMN",
            )
        where[field_name] = candidates[0]
        taken.add(candidates[0])
    if "patient" in where and ("first_name" in where or "last_name" in where):
        parts = [part for part in ("first_name", "last_name") if part in where]
        if "patient" in asked and any(part in asked for part in parts):
            raise AppointmentsError(
                f"{opt.MAP} patient= and {opt.MAP} {parts[0]}= both name the patient",
                f"give the whole name's column, or {opt.MAP} first_name= and {opt.MAP} last_name=",
            )
        for drop in parts if "patient" in asked or not any(part in asked for part in parts) else ["patient"]:
            del where[drop]
    if "time" not in where:
        raise AppointmentsError(
            f"{name} has no column for the appointment's time (its headings: {shown})",
            f"name it with {opt.MAP} time=COLUMN, or say the booking system with {opt.FROM}",
        )
    return where


def _status_key(text: str) -> str:
    return " ".join(text.casefold().replace("-", " ").replace("_", " ").split())


def _statuses(reading: Reading) -> dict[str, bool]:
    """Status word -> whether its row is a treatment: the clinic's first, then the system's, then every system's."""
    meanings: dict[str, bool] = dict.fromkeys(TREATMENT_STATUSES, True)
    meanings.update(dict.fromkeys(NOT_TREATMENT_STATUSES, False))
    for source in (
        reading.system.statuses if reading.system else (),
        (reading.services.statuses if reading.services else ()),
    ):
        meanings.update({_status_key(word): meaning for word, meaning in source})
    return meanings
