"""What the commands share: option types and choices, the rules in use, and the shell's completions, each looked
up only when the shell asks.

It reads $AFTERCARE_RULES for the commands (the decision is `ruleset.files.rules_path`'s).

No `from __future__ import annotations` here: Typer reads the completions' and callbacks' signatures at
every start, and annotations kept as strings would each be `eval`ed (0.4 ms of each start).
"""

import enum
import math
import os
from pathlib import Path
from typing import Annotated

import typer

from aftercare_cli import option_names as opt
from aftercare_cli.ruleset.files import RULES_VARIABLE, rules_path

RECORD_VARIABLE = "AFTERCARE_RECORD"  # the clinic's setting for --record: every plan handed over is recorded


class Paper(enum.StrEnum):
    """The handout's paper."""

    a4 = "a4"
    letter = "letter"


class OutputFormat(enum.StrEnum):
    """What `plan` writes to standard output."""

    table = "table"
    json = "json"


class DateOrder(enum.StrEnum):
    """How an export writes a date that is not ISO: day first or month first."""

    dmy = "dmy"
    mdy = "mdy"


class TeachBack(enum.StrEnum):
    """Whose language the teach-back questions are in."""

    desk = "desk"
    patient = "patient"


class ListFormat(enum.StrEnum):
    """What `rules list` writes to standard output."""

    text = "text"
    json = "json"


RulesOption = Annotated[
    Path | None,
    typer.Option(
        opt.RULES,
        metavar="PATH",
        help=f"Rules file or folder of .yaml files (default: ${RULES_VARIABLE}, else the bundled rules).",
        show_default=False,
    ),
]


def seconds(value: float) -> float:
    """A `--qr-wait` that is a number: NaN passes every range check (it compares false to everything)."""
    if math.isnan(value):
        raise typer.BadParameter("'nan' is not a number of seconds; give 1 to 3600")
    return value


def rules_in_use(given: Path | str | None) -> Path:
    """The rules this run uses; the environment is read here, the decision is `rules_path`'s.

    (While the shell completes a line, `--rules` is still the text typed: Click converts it only on a run.)
    """
    return rules_path(Path(given) if given else None, os.environ.get(RULES_VARIABLE, ""))


# Shell completion (aftercare --install-completion): each looks things up only when the shell asks,
# in the rules this command line would use.
def complete_peels(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    from aftercare_cli.cli.completion import peel_ids

    return peel_ids(rules_in_use(ctx.params.get("rules")), incomplete)


def complete_treatments(ctx: typer.Context, incomplete: str) -> list[str]:
    from aftercare_cli.cli.completion import treatment_ids

    return treatment_ids(rules_in_use(ctx.params.get("rules")), incomplete)


def complete_zones(incomplete: str) -> list[str]:
    from aftercare_cli.cli.completion import zone_names

    return zone_names(incomplete)


def complete_rule_ids(ctx: typer.Context, incomplete: str) -> list[str]:
    from aftercare_cli.cli.completion import rule_ids

    return rule_ids(rules_in_use(ctx.params.get("rules")), incomplete)


def complete_settings(ctx: typer.Context, incomplete: str) -> list[str]:
    from aftercare_cli.cli.completion import settings

    return settings(rules_in_use(ctx.params.get("rules")), incomplete)


def complete_languages(ctx: typer.Context, incomplete: str) -> list[str]:
    from aftercare_cli.cli.completion import languages

    return languages(rules_in_use(ctx.params.get("rules")), incomplete)


# Options `plan` and `batch` both have, declared once (each command's help says what it does with it).
TzOption = Annotated[
    str | None,
    typer.Option(
        opt.TZ,
        metavar="ZONE",
        help="Time zone by region, e.g. Pacific/Auckland (default: this computer's).",
        autocompletion=complete_zones,
    ),
]
FixedOffsetOption = Annotated[
    bool, typer.Option(opt.FIXED_OFFSET, help="Accept a fixed-offset zone such as Etc/GMT+5, on purpose.")
]
DiscreetOption = Annotated[
    bool,
    typer.Option(
        opt.DISCREET, help='Neutral calendar titles ("Aftercare reminder"): the lock screen does not say what.'
    ),
]
PaperOption = Annotated[
    Paper | None,
    typer.Option(opt.PAPER, help="a4 or letter (default: the printer's for a handout, the locale's for a PDF)."),
]
ForceOption = Annotated[bool, typer.Option(opt.FORCE, help="Replace existing files (regular files only).")]
LangOption = Annotated[
    str | None,
    typer.Option(
        opt.LANG,
        metavar="CODE",
        help="The patient's language, e.g. de, es-MX, ar: handout, calendar, JSON and screen (default: the rules').",
        autocompletion=complete_languages,
    ),
]
TeachBackLangOption = Annotated[
    TeachBack,
    typer.Option(opt.TEACH_BACK_LANG, help="The teach-back questions in the desk's language or the patient's."),
]
RecordOption = Annotated[
    Path | None,
    typer.Option(
        opt.RECORD,
        metavar="FILE.jsonl",
        envvar=RECORD_VARIABLE,
        help=f"Append a line to this record for each plan handed over (default: ${RECORD_VARIABLE}, else none).",
        show_default=False,
        show_envvar=False,
    ),
]
RecordNameOption = Annotated[
    bool, typer.Option(opt.RECORD_NAME, help=f"Write the patient's name in the {opt.RECORD} line too.")
]
DeskLangOption = Annotated[
    str | None,
    typer.Option(
        opt.DESK_LANG,
        metavar="CODE",
        help=f"The screen and notices in the desk's language instead of {opt.LANG}'s.",
        autocompletion=complete_languages,
    ),
]
QrBindOption = Annotated[
    str | None,
    typer.Option(
        opt.QR_BIND,
        metavar="ADDRESS",
        help=f"The address {opt.QR} serves on (default: this computer's on the network).",
    ),
]
QrWaitOption = Annotated[
    float,
    typer.Option(
        opt.QR_WAIT,
        metavar="SECONDS",
        help=f"How long {opt.QR} waits for the phone.",
        min=1,
        max=3600,
        callback=seconds,
    ),
]
