"""The Typer app: the root (`--version`) and every command, each in a module of its own under `commands/`.

No date maths, no YAML, no tables here or there. Heavy modules (rich's table, the JSON
encoder, icalendar) are imported inside the path that needs them, because a
front-desk command should feel instant. For the same reason `app_for` registers only
the command a command line names: Typer reads the signature of every registered
command before it runs one (measured: all six took 8 ms of each start, `plan` alone 2 ms).
"""

from collections.abc import Sequence
from typing import Annotated

import typer

from aftercare_cli import __version__

COMMANDS = ("plan", "desk", "batch", "rules")


def _version(value: bool) -> None:
    if value:
        print(f"aftercare {__version__}")
        raise typer.Exit()


def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Personalised aftercare timelines from a clinic's rules."""


def app_for(args: Sequence[str] | None = None) -> typer.Typer:
    """The app with the command `args` names (`plan ...`: plan alone), or with every command for anything else:
    the root's help, a mistyped name (Click offers the close ones), shell completion (no arguments: the shell
    gives its words in the environment)."""
    named = args[0] if args else None
    wanted = {named} if named in COMMANDS else set(COMMANDS)
    app = typer.Typer(
        help="Personalised aftercare timelines from a clinic's rules.",
        add_completion=True,
        no_args_is_help=True,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    app.callback()(_root)
    if "plan" in wanted:
        from aftercare_cli.cli.commands import plan

        app.command()(plan.plan)
    if "desk" in wanted:
        from aftercare_cli.cli.commands import desk

        app.command()(desk.desk)
    if "batch" in wanted:
        from aftercare_cli.cli.commands import batch

        app.command()(batch.batch)
    if "rules" in wanted:
        from aftercare_cli.cli.commands import rules

        rules_app = typer.Typer(help="Check, list and describe rule files.", no_args_is_help=True)
        app.add_typer(rules_app, name="rules")
        rules_app.command("check")(rules.rules_check)
        rules_app.command("list")(rules.rules_list)
        rules_app.command("schema")(rules.rules_schema)
    return app
