"""The batch's command line read into values: which files, the export's headings and values (`--map`,
`--value`), the booking system (`--from`), the clinic's services file (`--services`), the output folder."""

from __future__ import annotations

import os
from pathlib import Path

from aftercare_cli import option_names as opt
from aftercare_cli.cli.deliver import files as deliver
from aftercare_cli.cli.deliver.row_files import SUFFIX
from aftercare_cli.cli.inputs.appointments import FIELDS
from aftercare_cli.errors import OutputError, RulesError, UsageError
from aftercare_cli.escapes import escaped
from aftercare_cli.model import RuleSet
from aftercare_cli.ruleset.booking import BookingSystem, Services, load_booking_systems, load_services

OUTPUTS = tuple(SUFFIX)
VALUE_FIELDS = ("peel", "treatment", "tz", "lang", "wake", "sleep", "skip")  # what --value may translate


def parse_outputs(text: str) -> tuple[str, ...]:
    """`ics,handout` -> ("ics", "handout"); an unknown name is a bad command line."""
    names = tuple(dict.fromkeys(part.strip().lower() for part in text.split(",") if part.strip()))
    unknown = [name for name in names if name not in OUTPUTS]
    if unknown or not names:
        raise UsageError(
            f"{opt.OUTPUTS} {escaped(text)!r}: choose from {', '.join(OUTPUTS)}", f"e.g. {opt.OUTPUTS} ics,json"
        )
    return names


def parse_columns(settings: list[str]) -> dict[str, str]:
    """`--map time="Start Time"` (repeatable) -> {"time": "Start Time"}; a field given twice is refused."""
    columns: dict[str, str] = {}
    for setting in settings:
        name, found, column = setting.partition("=")
        name = name.strip().lower()
        if not found or name not in FIELDS or not column.strip():
            raise UsageError(
                f"{opt.MAP} {escaped(setting)!r} is not FIELD=COLUMN",
                f"fields: {', '.join(FIELDS)}; e.g. {opt.MAP} time=Start",
            )
        if name in columns and columns[name] != column.strip():
            two = "a name in two columns: --map first_name=COLUMN --map last_name=COLUMN" if name == "patient" else ""
            raise UsageError(
                f"{opt.MAP} {name}= given twice ({escaped(columns[name])!r} and {escaped(column.strip())!r})",
                two or "give each field once",
            )
        columns[name] = column.strip()
    return columns


def parse_values(settings: list[str]) -> dict[str, dict[str, str]]:
    """`--value peel="Jessner Peel=jessner"` (repeatable) -> {"peel": {"Jessner Peel": "jessner"}}."""
    values: dict[str, dict[str, str]] = {}
    for setting in settings:
        name, found, pair = setting.partition("=")
        given, found_pair, meant = pair.rpartition("=")
        name = name.strip().lower()
        if name in ("service", "status"):
            raise UsageError(
                f"{opt.VALUE} {escaped(setting)!r}: a {name} is said in the clinic's services file",
                f"give it with {opt.SERVICES} FILE (docs/batch.md, 'The services file')",
            )
        if not found or not found_pair or name not in VALUE_FIELDS or not given.strip() or not meant.strip():
            raise UsageError(
                f"{opt.VALUE} {escaped(setting)!r} is not FIELD=EXPORTED=MEANT",
                f'fields: {", ".join(VALUE_FIELDS)}; e.g. {opt.VALUE} peel="Jessner Peel=jessner"',
            )
        earlier = values.setdefault(name, {}).get(given.strip())
        if earlier is not None and earlier != meant.strip():
            raise UsageError(
                f"{opt.VALUE} {name}: {escaped(given.strip())!r} given twice ({escaped(earlier)!r} and "
                f"{escaped(meant.strip())!r})",
                "give it once",
            )
        values[name][given.strip()] = meant.strip()
    return values


def booking_system(given: str | None) -> BookingSystem | None:
    """`--from fresha` -> the shipped shape of its export; an unknown name is a bad command line."""
    if given is None:
        return None
    systems = load_booking_systems()
    system = systems.get(given.strip().lower())
    if system is None:
        raise UsageError(
            f"{opt.FROM} {escaped(given)!r} is not a booking system this tool knows (it knows: {', '.join(systems)})",
            f"name the export's columns with {opt.MAP} instead (docs/batch.md)",
        )
    return system


def checked_services(path: str | None, rulesets: list[RuleSet]) -> Services | None:
    """The clinic's services file, each service's treatment and peel checked against the rules."""
    if path is None:
        return None
    from aftercare_cli.cli.inputs.choices import pick_peel, pick_treatment

    services = load_services(Path(path))
    problems = []
    for service in services.services:
        if not service.is_treatment:
            continue
        try:
            pick_peel(pick_treatment(rulesets, service.treatment, service.peel), service.peel)
        except UsageError as error:
            problems.append(f"{service.place}: services.{escaped(service.name)}: {error.message}")
    if problems:
        raise RulesError(problems)
    return services


def out_folder(text: str) -> Path:
    """`--out plans/`: the folder, made if it is missing (not its parents); "" is refused."""
    if not text.strip():
        raise UsageError(f"{opt.OUT} is empty", f"give the folder for the patients' files, e.g. {opt.OUT} plans/")
    folder = Path(text)
    shown = escaped(text)
    try:
        os.mkdir(folder)
    except FileExistsError:
        pass
    except FileNotFoundError:
        raise OutputError(
            f"cannot make the folder {shown}: {escaped(str(folder.parent))} does not exist",
            f"make it first, or give another {opt.OUT}",
        ) from None
    except OSError as error:
        raise OutputError(
            f"cannot make the folder {shown}: {error.strerror}", "choose a folder you can write to"
        ) from None
    deliver.check_folder(folder)
    return folder
