"""`aftercare desk`: one patient's plan made by answering questions, for the desk's first days.

No `from __future__ import annotations`: Typer reads this signature at every start (see `cli/options.py`).
"""

from typing import Annotated

import typer

from aftercare_cli import option_names as opt
from aftercare_cli.cli import options


def desk(
    rules: options.RulesOption = None,
    tz: options.TzOption = None,
    fixed_offset: options.FixedOffsetOption = False,
    desk_lang: Annotated[
        str | None,
        typer.Option(
            opt.DESK_LANG,
            metavar="CODE",
            help="The desk's language, for the screen and the teach-back (default: the rules' first).",
            autocompletion=options.complete_languages,
        ),
    ] = None,
    record: options.RecordOption = None,
    record_name: options.RecordNameOption = False,
    qr_bind: options.QrBindOption = None,
    qr_wait: options.QrWaitOption = 300,
) -> None:
    """Make a patient's plan by answering questions, one at a time, then hand it over.

    Asks for the patient's name, the treatment and peel, the treatment time, the waking hours, the
    patient's language and what to hand over (screen, handout, PDF, calendar file, phone), each with
    its default in [brackets]; then shows the plan, the same plan as an `aftercare plan` command line,
    and, after the hand-over, three questions to check the patient understood. Ctrl-C stops at any
    question with nothing written.

    Example: aftercare desk

    Example (the clinic's rules, a record of each plan): aftercare desk --rules clinic.yaml --record given.jsonl
    """
    from aftercare_cli.cli.guided import Setup, run_desk  # the questions load only on this path

    run_desk(Setup(rules, tz, fixed_offset, desk_lang, record, record_name, qr_bind, qr_wait))
