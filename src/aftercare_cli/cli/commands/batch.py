"""`aftercare batch`: a day's appointments (a booking system's CSV) -> every patient's files, row by row.

The command line only; the work (`cli.batch_rows`) loads when a batch runs, never for `plan`.
"""

from typing import Annotated

import typer

from aftercare_cli import option_names as opt
from aftercare_cli.cli import options

SYSTEMS_SHIPPED = "acuity, fresha"  # the systems whose export shape ships (a test holds this to the data)


def batch(
    appointments: Annotated[str, typer.Argument(metavar="APPOINTMENTS.csv", help="The day's appointments (CSV).")],
    out: Annotated[
        str, typer.Option(opt.OUT, metavar="FOLDER", help="Where every patient's files go (made if missing).")
    ],
    outputs: Annotated[
        str, typer.Option(opt.OUTPUTS, metavar="LIST", help="Which files: ics, handout, json, pdf.")
    ] = "ics,handout,json",
    system: Annotated[
        str | None,
        typer.Option(
            opt.FROM,
            metavar="SYSTEM",
            help=f"The booking system the export comes from: {SYSTEMS_SHIPPED} (the others: docs/batch.md).",
        ),
    ] = None,
    services: Annotated[
        str | None,
        typer.Option(
            opt.SERVICES, metavar="FILE", help="The clinic's services -> treatments and peels (YAML; docs/batch.md)."
        ),
    ] = None,
    columns: Annotated[
        list[str] | None,
        typer.Option(opt.MAP, metavar="FIELD=COLUMN", help='The export\'s heading for a field: time="Start Time".'),
    ] = None,
    values: Annotated[
        list[str] | None,
        typer.Option(
            opt.VALUE, metavar="FIELD=EXPORTED=MEANT", help='A value the export writes: peel="Jessner Peel=jessner".'
        ),
    ] = None,
    date_order: Annotated[
        options.DateOrder | None,
        typer.Option(opt.DATE_ORDER, help="Read 03/04/2026 as day/month (dmy) or month/day (mdy)."),
    ] = None,
    rules: options.RulesOption = None,
    tz: options.TzOption = None,  # the zone of rows without one
    fixed_offset: options.FixedOffsetOption = False,
    discreet: options.DiscreetOption = False,
    paper: options.PaperOption = None,
    force: options.ForceOption = False,
    lang: options.LangOption = None,  # the language of rows without a `lang` column
) -> None:
    """Plan every row of a booking system's CSV export: each patient's calendar, handout and JSON in one go.

    Every row is said: planned (at what time), already written, not a treatment, or an error naming the row.

    Example: aftercare batch schedule.csv --out plans/ --from acuity --services services.yaml

    Example (your own headings): aftercare batch today.csv --out plans/ --map time="Start Time" --map patient=Client
    """
    from aftercare_cli.cli import batch_rows

    batch_rows.run_day(
        appointments,
        out,
        outputs=outputs,
        system=system,
        services=services,
        columns=columns or [],
        values=values or [],
        date_order=date_order.value if date_order else None,
        rules=rules,
        tz=tz,
        fixed_offset=fixed_offset,
        discreet=discreet,
        paper=paper.value if paper else None,
        force=force,
        lang=lang,
    )
