"""Booking systems' exports and a clinic's services, read from YAML: which column is which, and what a row is.

Two kinds of file, read with the rules' safe reader (`compose`, `nodes`), every
problem as `file:line:col: key path: message`:

- `booking_systems.yaml`, shipped: for each booking system whose appointment
  export could be sourced, the headings of its columns, its status words and
  where that was found (`aftercare batch --from SYSTEM`); a system whose
  export was not found is listed as such, with what was consulted.
- a clinic's services file (`aftercare batch --services FILE`): each service as
  its booking system names it -> the treatment and peel it is, or "not a
  treatment" (a consultation); and status words beyond a system's own. No
  export names a peel: only the clinic knows which service is which.
"""

from __future__ import annotations

from pathlib import Path

from aftercare_cli.errors import RulesError
from aftercare_cli.frozen import frozen
from aftercare_cli.ruleset import nodes
from aftercare_cli.ruleset.compose import Node, Problems, compose
from aftercare_cli.ruleset.files import read_rules_text

SYSTEMS_FILE = Path(__file__).with_name("booking_systems.yaml")
# The fields a booking system's column can be for (the others are the clinic's own columns, by their names).
COLUMN_FIELDS = ("time", "date", "patient", "first_name", "last_name", "service", "status")
FOUND = ("documented", "partly", "not found")
NOT_A_TREATMENT, A_TREATMENT = "not a treatment", "treatment"
SERVICES_GUIDE = "docs/batch.md, 'The services file'"
_SYSTEM_KEYS = ("name", "found", "export", "sources", "columns", "statuses", "date_order", "note")
_SERVICE_KEYS = ("treatment", "peel")


@frozen
class BookingSystem:
    """One booking system's appointment export, as far as it could be sourced."""

    id: str
    name: str
    found: str  # one of FOUND: the vendor's own pages, partly (e.g. headings from code that reads real files), or not
    export: str  # where the desk finds the export
    sources: tuple[str, ...]
    columns: tuple[tuple[str, str], ...]  # (field, the export's heading for it)
    statuses: tuple[tuple[str, bool], ...]  # (status word, whether such a row is a treatment)
    date_order: str | None = None  # "dmy" or "mdy" where the export writes numeric dates
    note: str = ""


@frozen
class Service:
    """A clinic's service: the treatment and peel it is, or not a treatment; `place` is `file:line:col`."""

    name: str
    treatment: str | None
    peel: str | None
    is_treatment: bool
    place: str


@frozen
class Services:
    """A clinic's services file, read."""

    path: str
    services: tuple[Service, ...]
    statuses: tuple[tuple[str, bool], ...]


def spoken(text: str) -> str:
    """A name as it is matched: `Jessner  Peel` and `jessner peel` are the same service."""
    return " ".join(text.casefold().split())


def load_booking_systems(path: Path = SYSTEMS_FILE) -> dict[str, BookingSystem]:
    """Every booking system of the shipped file, by id; a RulesError if the file is broken (a test holds it whole)."""
    problems = Problems(str(path))
    root = compose(read_rules_text(path, "booking systems file", "docs/batch.md"), problems)
    systems: dict[str, BookingSystem] = {}
    if root is not None:
        for _key, system_id, node in nodes.named(root, "", problems):
            nodes.check_id(_key, system_id, system_id, problems)
            system = _read_system(system_id, node, problems)
            if system is not None:
                systems[system_id] = system
    if problems.lines:
        raise RulesError(problems.lines)
    return systems


def _read_system(system_id: str, node: Node, problems: Problems) -> BookingSystem | None:
    fields = nodes.mapping(node, system_id, _SYSTEM_KEYS, problems)
    if fields is None:
        return None
    name = nodes.required_text(fields, node, system_id, "name", problems, single_line=True)
    found = nodes.required_text(fields, node, system_id, "found", problems, single_line=True)
    if found is not None and found not in FOUND:
        problems.add(fields["found"], f"{system_id}.found", f"one of {', '.join(FOUND)}")
    export = nodes.optional_text(fields, system_id, "export", problems, single_line=True) or ""
    sources = nodes.text_list(fields.get("sources"), f"{system_id}.sources", problems)
    if not sources:
        problems.add(node, f"{system_id}.sources", "missing; say where each fact was found")
    columns = []
    for key_node, field, value in nodes.named(fields.get("columns"), f"{system_id}.columns", problems):
        if field not in COLUMN_FIELDS:
            problems.add(key_node, f"{system_id}.columns.{field}", f"not a field; one of {', '.join(COLUMN_FIELDS)}")
            continue
        heading = nodes.stripped_text(value, f"{system_id}.columns.{field}", problems, single_line=True)
        if heading:
            columns.append((field, heading))
    if found in ("documented", "partly") and "time" not in dict(columns):
        problems.add(node, f"{system_id}.columns", "no time column: a shape without one cannot be shipped")
    if found == "not found" and columns:
        problems.add(fields["columns"], f"{system_id}.columns", "a system whose export was not found has no columns")
    statuses = _statuses(fields.get("statuses"), f"{system_id}.statuses", problems)
    date_order = nodes.optional_text(fields, system_id, "date_order", problems, single_line=True)
    if date_order is not None and date_order not in ("dmy", "mdy"):
        problems.add(fields["date_order"], f"{system_id}.date_order", "dmy or mdy")
    note = nodes.optional_text(fields, system_id, "note", problems) or ""
    if name is None or found is None:
        return None
    return BookingSystem(
        system_id, name, found, export, sources, tuple(columns), statuses, date_order, " ".join(note.split())
    )


def load_services(path: Path) -> Services:
    """A clinic's services file, or one RulesError listing every problem in it."""
    problems = Problems(str(path))
    root = compose(read_rules_text(path, "services file", SERVICES_GUIDE), problems)
    services: list[Service] = []
    statuses: tuple[tuple[str, bool], ...] = ()
    if root is not None:
        top = nodes.mapping(root, "", ("services", "statuses"), problems)
        if top is not None:
            if "services" not in top and "statuses" not in top:
                problems.add(root, "services", "missing; list each service the export names, e.g. Jessner Peel: "
                             "{treatment: microdermabrasion, peel: jessner}")  # fmt: skip
            for key_node, name, value in nodes.named(top.get("services"), "services", problems):
                service = _read_service(key_node, name, value, problems)
                if service is not None:
                    services.append(service)
            statuses = _statuses(top.get("statuses"), "statuses", problems)
    if problems.lines:
        raise RulesError(problems.lines)
    return Services(str(path), tuple(services), statuses)


def _read_service(key: Node, name: str, node: Node, problems: Problems) -> Service | None:
    where = f"services.{name}"
    place = f"{problems.path}:{key.start_mark.line + 1}:{key.start_mark.column + 1}"
    text = nodes.peek_scalar(node)
    if text is not None:
        if spoken(text) == NOT_A_TREATMENT:
            return Service(name, None, None, False, place)
        problems.add(node, where, f"'{NOT_A_TREATMENT}', or the treatment and peel it is, e.g. {{peel: jessner}}")
        return None
    fields = nodes.mapping(node, where, _SERVICE_KEYS, problems)
    if fields is None:
        return None
    treatment = nodes.optional_text(fields, where, "treatment", problems, single_line=True)
    peel = nodes.optional_text(fields, where, "peel", problems, single_line=True)
    nodes.check_id(fields.get("treatment"), treatment, f"{where}.treatment", problems)
    nodes.check_id(fields.get("peel"), peel, f"{where}.peel", problems)
    if not fields:
        problems.add(node, where, "give its treatment, its peel, or both")
        return None
    return Service(name, treatment, peel, True, place)


def _statuses(node: Node | None, where: str, problems: Problems) -> tuple[tuple[str, bool], ...]:
    """`Cancelled: not a treatment`, `Arrived: treatment` lines -> (word, is a treatment) pairs."""
    if node is None:
        return ()
    pairs = []
    for _key, word, value in nodes.named(node, where, problems):
        meaning = nodes.stripped_text(value, f"{where}.{word}", problems, single_line=True)
        if meaning is None:
            continue
        if spoken(meaning) not in (A_TREATMENT, NOT_A_TREATMENT):
            problems.add(value, f"{where}.{word}", f"'{A_TREATMENT}' or '{NOT_A_TREATMENT}'")
            continue
        pairs.append((word, spoken(meaning) == A_TREATMENT))
    return tuple(pairs)
