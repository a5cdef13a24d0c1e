"""The Typer app: the root (`--version`) and every command, each in a module of its own under `commands/`.

No date maths, no YAML, no tables here or there. Heavy modules (rich's table, the JSON
encoder, icalendar) are imported inside the path that needs them, because a
front-desk command should feel instant.
"""

from typing import Annotated

import typer

from aftercare_cli import __version__
from aftercare_cli.cli.commands import batch, desk, plan, rules

app = typer.Typer(
    help="Personalised aftercare timelines from a clinic's rules.",
    add_completion=True,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        print(f"aftercare {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Personalised aftercare timelines from a clinic's rules."""


app.command()(plan.plan)
app.command()(desk.desk)
app.command()(batch.batch)
rules_app = typer.Typer(help="Check, list and describe rule files.", no_args_is_help=True)
app.add_typer(rules_app, name="rules")
rules_app.command("check")(rules.rules_check)
rules_app.command("list")(rules.rules_list)
rules_app.command("schema")(rules.rules_schema)
