"""The values everything else passes around: frozen, stdlib only (and `language_tags` and `frozen`, leaves).

`ruleset.loader` builds a `RuleSet` from YAML; `core.planner` turns it into a
`Plan`; every face in `outputs` reads the `Plan` and says it in its voice. No
value here holds a sentence of the tool's: the clinic's texts are `Written`
in every language they were written in, and what happened to a step (moved,
skipped, adjusted) is a value the faces put into words.

The values live in four modules by subject (`texts`, `timing`, `rules`, `plans`); import them from here.
"""

from aftercare_cli.model.plans import (
    ASLEEP,
    Because,
    ClockChange,
    Item,
    ItemKind,
    Patient,
    Plan,
    Replaced,
    Skipped,
    Stretch,
)
from aftercare_cli.model.rules import (
    NO_PEEL,
    UNTIMED,
    Adjusted,
    Clock,
    Contact,
    Kind,
    Peel,
    Rule,
    RuleSet,
    Treatment,
)
from aftercare_cli.model.texts import (
    Written,
)
from aftercare_cli.model.timing import (
    A_YEAR,
    CLOCK_CHANGE_AT_MOST,
    MONTH_AT_LEAST,
    MONTH_AT_MOST,
    MONTH_FOR_THE_LIMIT,
    Anchor,
    DailyTime,
    Days,
    End,
    Span,
    Timing,
    WhenAsleep,
    clock_24h,
    instant,
    least_gap,
    nominal_days,
    surely_after,
    utc_offset,
)

__all__ = [
    "ASLEEP",
    "A_YEAR",
    "CLOCK_CHANGE_AT_MOST",
    "MONTH_AT_LEAST",
    "MONTH_AT_MOST",
    "MONTH_FOR_THE_LIMIT",
    "NO_PEEL",
    "UNTIMED",
    "Adjusted",
    "Anchor",
    "Because",
    "Clock",
    "ClockChange",
    "Contact",
    "DailyTime",
    "Days",
    "End",
    "Item",
    "ItemKind",
    "Kind",
    "Patient",
    "Peel",
    "Plan",
    "Replaced",
    "Rule",
    "RuleSet",
    "Skipped",
    "Span",
    "Stretch",
    "Timing",
    "Treatment",
    "WhenAsleep",
    "Written",
    "clock_24h",
    "instant",
    "least_gap",
    "nominal_days",
    "surely_after",
    "utc_offset",
]
