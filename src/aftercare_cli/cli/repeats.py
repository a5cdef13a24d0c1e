"""An option given twice where it takes one value is refused, never "the last one wins" (Click's own way).

`--tz Pacific/Auckland ... --tz UTC` or a second `--at` is most likely a line
edited in a hurry; planning with whichever came last would be a silent guess.
Options that take a list (`--map`, `--skip`) and switches are not affected.
"""

from __future__ import annotations

from typing import Any

from aftercare_cli.errors import UsageError
from aftercare_cli.escapes import escaped


def refuse_repeats(command: Any, args: list[str]) -> None:
    """Raise a UsageError naming the first single-value option of `args` given twice (`command`: Click's root)."""
    current = command
    names = _value_options(current)
    seen: dict[str, str] = {}
    index = 0
    while index < len(args):
        token = args[index]
        index += 1
        if token == "--":
            return
        if token.startswith("-") and len(token) > 1:
            name, has_value, value = token.partition("=")
            option = names.get(name)
            if option is None:
                continue
            single, takes_value = option
            if takes_value and not has_value:
                value = args[index] if index < len(args) else ""
                index += 1
            if not single:
                continue
            if name in seen:
                raise UsageError(f"{name} given twice ({escaped(seen[name])!r} and {escaped(value)!r})", "give it once")
            seen[name] = value
            continue
        subcommands = getattr(current, "commands", None)
        if subcommands and token in subcommands:  # a command of this group: its own options from here on
            current = subcommands[token]
            names = _value_options(current)
            seen = {}


def _value_options(command: Any) -> dict[str, tuple[bool, bool]]:
    """Each option name -> (takes exactly one value, takes a value at all)."""
    found: dict[str, tuple[bool, bool]] = {}
    for param in getattr(command, "params", ()):
        opts = [*getattr(param, "opts", ()), *getattr(param, "secondary_opts", ())]
        if not any(name.startswith("-") for name in opts):
            continue  # an argument
        takes_value = not getattr(param, "is_flag", False) and not getattr(param, "count", False)
        single = takes_value and not getattr(param, "multiple", False)
        for name in opts:
            found[name] = (single, takes_value)
    return found
