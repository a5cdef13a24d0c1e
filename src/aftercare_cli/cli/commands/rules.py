"""`aftercare rules check|list|schema`: the clinic's rule files checked, listed in words, and described for editors."""

from pathlib import Path
from typing import Annotated

import typer

from aftercare_cli import option_names as opt
from aftercare_cli.cli import options
from aftercare_cli.cli.notices import warn
from aftercare_cli.cli.terminal import write_json, write_out
from aftercare_cli.core.size import plan_problems
from aftercare_cli.errors import RulesError
from aftercare_cli.escapes import escaped
from aftercare_cli.ruleset.files import RULES_VARIABLE
from aftercare_cli.ruleset.loader import load_rulesets


def rules_check(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help=f"Rule files or folders of .yaml files [default: what plan uses: ${RULES_VARIABLE}, else bundled].",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Validate rule files as `plan` does, reporting every problem as file:line:col.

    Whatever `plan` would refuse because of the rules (a plan too big for any
    peel, a rule that a treatment at some time of day leaves with no reminder)
    this refuses too. Warning signs without a contact are a warning (exit 0).

    Example: aftercare rules check rules/
    """
    from aftercare_cli.cli.desk_messages import unreached_problem
    from aftercare_cli.outputs.rules_list import ruleset_summary
    from aftercare_cli.ruleset.advice import ruleset_warnings
    from aftercare_cli.ruleset.reach import unreached

    problems: list[str] = []
    for path in paths or [options.rules_in_use(None)]:
        try:
            for ruleset in load_rulesets(path):
                found = plan_problems(ruleset) + [unreached_problem(each, ruleset.path) for each in unreached(ruleset)]
                problems.extend(found)
                for warning in ruleset_warnings(ruleset):  # worth saying, not worth refusing: exit 0
                    warn(escaped(warning))
                if not found:
                    write_out(f"{escaped(ruleset.path)}: ok: {ruleset_summary(ruleset)}\n")
        except RulesError as error:
            problems.extend(error.problems)
    if problems:
        raise RulesError(problems)


def rules_list(
    rules: options.RulesOption = None,
    output: Annotated[
        options.ListFormat, typer.Option(opt.FORMAT, help="text, or json for booking systems.")
    ] = options.ListFormat.text,
) -> None:
    """Show treatments, peel types and every rule with its timing in words.

    Example: aftercare rules list --rules rules/
    """
    rulesets = load_rulesets(options.rules_in_use(rules))
    if output is options.ListFormat.json:
        from aftercare_cli.outputs.rules_list import rulesets_json

        write_json(rulesets_json(rulesets))
        return
    from aftercare_cli.cli.terminal import wrapped
    from aftercare_cli.outputs.rules_list import ruleset_lines

    for ruleset in rulesets:
        for line in ruleset_lines(ruleset):
            indent = " " * (len(line) - len(line.lstrip(" ")))
            write_out(wrapped(line.strip(), indent) + "\n")


def rules_schema() -> None:
    """Print the JSON Schema of the rules format, for editors.

    Example: aftercare rules schema > aftercare-rules.schema.json
    """
    from aftercare_cli.ruleset.schema import rules_schema_json

    write_json(rules_schema_json())
