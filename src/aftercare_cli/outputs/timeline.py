"""Plan -> the full timeline (`plan --timeline`): a header, every step by day, the tips.

Reminders due at the same instant share one row, as they share one calendar alarm. A step the plan
leaves out (a one-off in the sleep hours) is said, dim, at the time it would have been, with why.

Returns rich renderables and never prints. Every piece of rule or patient
text goes into `rich.text.Text`, so `[/]` in a title prints as it is instead
of being read as markup.

The timeline is a small renderable of its own rather than a `rich.table.Table`:
its columns are fixed, and laying out a hundred rows by hand with a hanging
indent costs a third of what Table's measuring does, at every start-up.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime, time, timedelta, timezone

from rich.console import Console, ConsoleOptions, RenderableType
from rich.segment import Segment
from rich.text import Text

from aftercare_cli.frozen import frozen
from aftercare_cli.model import ClockChange, Item, ItemKind, Kind, Plan, Rule, Skipped, Stretch, instant
from aftercare_cli.outputs.clinic_texts import clinic_name, details, item_title, products, title
from aftercare_cli.outputs.moments import Moment, plan_moments
from aftercare_cli.outputs.window_words import ongoing_words, starts_vaguely, stretch_when, until_words, usual_start
from aftercare_cli.outputs.wording import (
    adjusted_note,
    adjustment_words,
    as_needed_heading,
    clock_change_line,
    clock_on,
    contact_sentence,
    deferred_heading,
    desk_lines,
    expected_heading,
    headed,
    moved_note,
    replaces_line,
    signs_of,
    skipped_note,
    treated_line,
    treatment_title,
    warning_contact,
    warnings_heading,
    when,
)
from aftercare_cli.speech import _, clock, day

NARROWEST_BODY = 20  # below this, the body goes under its time instead of beside it


def _time_width() -> int:
    """As wide as the clinic's clock writes a time in this language: "14:30", "12:30pm", "12:30 p. m."."""
    return max(Text(clock(time(hour, 30))).cell_len for hour in (0, 12, 23))


def timeline_view(plan: Plan) -> RenderableType:
    """Plan -> the full day-by-day schedule as a rich renderable: header, every step at its time, tips."""
    source = _("From %(clinic)s's aftercare rules.") % {"clinic": clinic_name(plan.treatment)}
    footer = Text(f"\n{source} {contact_sentence(plan.treatment.contact)}", style="dim")
    _ours, others = signs_of(plan)
    contact = warning_contact(plan.treatment.contact)
    if others:  # some signs name someone else ("see your GP"): the clinic's contact goes with its own signs only
        signs = _untimed_rows(plan.warnings, warnings_heading(), "bold red", plan, contact)
    else:
        signs = _untimed_rows(plan.warnings, headed(warnings_heading(), contact), "bold red")
    rows = [
        _Row(_header(plan)),
        *signs,
        *_timeline_rows(plan),
        *_untimed_rows(tuple(s.rule for s in plan.deferred), deferred_heading(), "bold underline", plan),
        *_untimed_rows(plan.as_needed, as_needed_heading(), "bold underline", plan),
        *_untimed_rows(plan.expected, expected_heading(), "bold underline", plan),
        *_tip_rows(plan),
        _Row(footer),
    ]
    return _Rows(rows)


def _header(plan: Plan) -> Text:
    header = Text()
    header.append(_("Aftercare: %(treatment)s") % {"treatment": treatment_title(plan)} + "\n", style="bold")
    if plan.patient.name:
        header.append(_("Patient: "), style="dim").append(plan.patient.name + "\n")
    header.append(_("Treated: "), style="dim").append(treated_line(plan) + "\n")
    header.append(_("No reminders while asleep: "), style="dim")
    header.append(f"{clock(plan.patient.bedtime)}-{clock(plan.patient.wake)}")
    if plan.replaces is not None:
        header.append("\n").append(replaces_line(plan.replaces, plan), style="bold")
    for line in desk_lines(plan):
        header.append("\n").append(line, style="yellow")
    return header


@frozen
class _Row:
    """A heading (no prefix, no indent) or an entry: a prefix, then a body hung beside it."""

    body: Text
    prefix: Text | None = None


class _Rows:
    """Rows with a hanging indent as wide as their prefix, wrapped to the console's width."""

    def __init__(self, rows: Iterable[_Row]) -> None:
        self.rows = list(rows)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        width = options.max_width
        for row in self.rows:
            if row.prefix is None:
                yield from _lines(console, row.body, width, Text())
                continue
            indent = row.prefix.cell_len
            if width - indent >= NARROWEST_BODY:
                lines = row.body.wrap(console, width - indent, overflow="fold")
                for index, line in enumerate(lines):
                    lead = row.prefix if index == 0 else Text(" " * indent)
                    line.rstrip()  # in place: no trailing spaces for a photo or a diff
                    yield from (lead + line).render(console)
                    yield Segment.line()
            else:  # a very narrow terminal: the prefix on its own line
                yield from _lines(console, row.prefix, width, Text())
                yield from _lines(console, row.body, width - 2, Text("  "))


def _lines(console: Console, text: Text, width: int, lead: Text) -> Iterator[Segment]:
    for line in text.wrap(console, max(width, 1), overflow="fold"):
        line.rstrip()
        yield from (lead + line).render(console)
        yield Segment.line()


def _timeline_rows(plan: Plan) -> Iterator[_Row]:
    treated_utc = plan.treated_at.astimezone(timezone.utc)
    # What the plan leaves out is said where it would have been, after what is due then; in instant order,
    # never the clock's (a night the clocks go back has two 02:00s).
    # The days of what applies or is expected, and what goes on with no end, begin where they begin.
    dated = [stretch for stretch in plan.stretches if stretch.start is not None]
    entries: list[Moment | Skipped | Stretch] = sorted(
        [*plan_moments(plan), *plan.skipped, *dated], key=lambda e: (instant(_when(e)), _rank(e))
    )
    # Real elapsed time: subtracting two times in one zone would give wall-clock hours.
    sinces = [_since(instant(_when(entry)) - treated_utc) for entry in entries]
    width = _time_width()
    since_width = max(Text(text).cell_len for text in [_("Since"), *sinces, "+6d 23h 30m"])  # a week's, at least
    # Translators: the timeline's column headings: the clock time, how long after the treatment, the step.
    headings = Text(_pad(_("Time"), width) + "  " + _pad(_("Since"), since_width) + " " + _("Step"), style="bold")
    yield _Row(Text("\n").append(headings))
    described: set[str] = set()
    current_day = None
    changes = list(plan.clock_changes)
    indent = width + 2 + since_width + 1
    for entry, since in zip(entries, sinces, strict=True):
        start = _when(entry)
        # A clock change goes where it happens, before the first step it moves on the clock.
        while changes and instant(changes[0].at) <= instant(start):
            change = changes.pop(0)
            if change.at.date() != current_day:
                current_day = change.at.date()
                yield _Row(Text("\n" + day(change.at), style="bold underline"))
            yield _clock_change_row(change, indent)
        if start.date() != current_day:
            current_day = start.date()
            yield _Row(Text("\n" + day(start), style="bold underline"))
        prefix = Text(_pad(clock(start.time()), width) + "  ")
        prefix.append(_pad(since, since_width) + " ", style="dim")
        if isinstance(entry, Skipped):
            yield _Row(Text(title(entry.rule), style="dim").append(f"\n({skipped_note(entry)})"), prefix)
            continue
        if isinstance(entry, Stretch):
            yield _Row(_stretch(entry, plan, first_time=entry.rule_id not in described), prefix)
            described.add(entry.rule_id)
            continue
        body = Text("\n").join(_instruction(item, plan, item.rule_id not in described) for item in entry.items)
        described.update(item.rule_id for item in entry.items if item.kind is not ItemKind.ENDS)
        yield _Row(body, prefix)
    for change in changes:  # after the last step's start, before a window's end
        yield _clock_change_row(change, indent)


def _since(span: timedelta) -> str:
    """ "+1d 2h 30m", "-10d", "+0m" in the language's unit letters: how long after the treatment, to the minute."""
    minutes = int(span.total_seconds() // 60)
    days, rest = divmod(abs(minutes), 1440)
    hours, minutes_left = divmod(rest, 60)
    parts = [_("%(count)sd") % {"count": days}] if days else []
    parts += [_("%(count)sh") % {"count": hours}] if hours else []
    if minutes_left or not parts:
        parts.append(_("%(count)sm") % {"count": minutes_left})
    return ("-" if minutes < 0 else "+") + " ".join(parts)


def _pad(text: str, width: int) -> str:
    """`text` and spaces to `width` cells (a character of another script may take two)."""
    return text + " " * max(width - Text(text).cell_len, 0)


def _clock_change_row(change: ClockChange, indent: int) -> _Row:
    """One line in the step column: what the clocks do, so a time that moved on the clock has its reason."""
    return _Row(Text(clock_change_line(change), style="italic"), Text(" " * indent))


def _when(entry: Moment | Skipped | Stretch) -> datetime:
    if isinstance(entry, Stretch):
        assert entry.start is not None  # only dated stretches are entries
        return entry.start
    return entry.start if isinstance(entry, Moment) else entry.planned


def _rank(entry: Moment | Skipped | Stretch) -> int:
    """Of entries at one instant, which first: the plan's items in their order, then what has no end, then what was
    skipped, and last what applies or is expected then."""
    if isinstance(entry, Stretch):
        return 0 if entry.rule.kind in (Kind.DO, Kind.AVOID) else 2
    return 1 if isinstance(entry, Skipped) else 0


def _stretch(stretch: Stretch, plan: Plan, first_time: bool) -> Text:
    """Where a stretch begins: "If needed: Moisturise" over "on days 1 to 2, until Fri 27 Nov 22:00"; a window or
    routine with no end, "until your clinic tells you otherwise"."""
    assert stretch.start is not None
    rule = stretch.rule
    on = stretch.start.date()
    if rule.kind is Kind.AS_NEEDED:
        text = Text(headed(as_needed_heading()), style="bold").append(title(rule))
    elif rule.kind is Kind.EXPECT:
        text = Text(headed(expected_heading()), style="bold").append(title(rule), style="italic")
    else:
        text = Text(title(rule), style="bold")
    text.append("\n" + ongoing_words(stretch, plan, lambda moment: clock_on(moment, on), from_start=False))
    if first_time and rule.products:
        text.append("\n" + _("Use: "), style="dim").append(", ".join(products(rule)), style="cyan")
    if first_time and rule.details:
        text.append("\n" + details(rule), style="dim")
    return text


def _instruction(item: Item, plan: Plan, first_time: bool) -> Text:
    """The title every time; products and details the first time a rule appears."""
    text = Text()
    if item.kind is ItemKind.AVOID and item.end is not None:
        text.append(title(item.rule), style="bold")
        # A window from before the treatment ends on a day of its own: say that day.
        on = item.start.date() if instant(item.start) < instant(plan.treated_at) else plan.treated_at.date()
        text.append("\n" + until_words(item.rule, item.end, item.earliest_end, lambda m: clock_on(m, on)), style="red")
    elif item.kind is ItemKind.ENDS:
        text.append(item_title(item), style="green")
    else:
        text.append(title(item.rule), style="bold")
        if starts_vaguely(item, plan):
            assert item.rule.timing is not None
            text.append(f"\n({usual_start(item.rule.timing)})", style="dim")
    if first_time and item.kind is not ItemKind.ENDS and item.rule.products:
        text.append("\n" + _("Use: "), style="dim").append(", ".join(products(item.rule)), style="cyan")
    if first_time and item.kind is not ItemKind.ENDS and item.rule.details:
        text.append("\n" + details(item.rule), style="dim")
    if item.moved_from is not None:
        text.append(f"\n({moved_note(item)})", style="dim")
    if item.rule.adjusted:
        text.append(f"\n({adjusted_note(adjustment_words(item.rule))})", style="yellow")
    return text


def _tip_rows(plan: Plan) -> Iterator[_Row]:
    yield from _untimed_rows(plan.tips, _("Also remember"), "bold underline")


def _untimed_rows(
    tips: tuple[Rule, ...], heading: str, style: str, plan: Plan | None = None, contact: str = ""
) -> Iterator[_Row]:
    """The rules under a heading; with `plan`, each on its days where it has them, and `contact` after each warning
    sign that goes with the clinic's."""
    if not tips:
        return
    yield _Row(Text(f"\n{heading}", style=style))
    for tip in tips:
        body = Text(title(tip), style="bold")
        stretch = plan.stretch(tip.id) if plan is not None else None
        if stretch is not None and plan is not None:
            say_when = ongoing_words if tip.kind in (Kind.DO, Kind.AVOID) else stretch_when
            body.append("\n" + say_when(stretch, plan, lambda moment: when(moment)))
        if contact and tip.contact_clinic:
            body.append("\n" + contact, style="bold")
        if tip.products:
            body.append("\n" + _("Use: "), style="dim").append(", ".join(products(tip)), style="cyan")
        if tip.details:
            body.append("\n" + details(tip))
        yield _Row(body, Text("- "))
