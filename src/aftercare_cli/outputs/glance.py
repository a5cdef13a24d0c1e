"""Plan -> the desk's one-minute view: a table, one row per instruction, that fits one 80x24 screen.

Windows first, each with its end written out; then each reminder series with
its first and last time over how it repeats; products beside the step that
uses them. Below: what the plan leaves out (a step in the sleep hours) and
what the desk adjusted, each said once; the tips and the clinic's contact.
The details paragraphs live in the timeline, the calendar and the handout.
At most 23 lines at 80 columns for the bundled plan on any date: blank lines
are the first thing a long plan gives up. Returns a renderable and never
prints; every piece of rule or patient text is a `rich.text.Text`.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from datetime import date, datetime

from rich.console import Console, ConsoleOptions, Group, RenderableType
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from aftercare_cli import option_names as opt
from aftercare_cli.model import Item, ItemKind, Kind, Plan, Rule, instant
from aftercare_cli.outputs.clinic_texts import label, products, title
from aftercare_cli.outputs.identity import reference_words
from aftercare_cli.outputs.window_words import (
    ongoing_words,
    starts_vaguely,
    stretch_line,
    stretch_when,
    until_words,
    usual_until,
    window_end,
)
from aftercare_cli.outputs.wording import (
    adjusted_note,
    adjustment_words,
    as_needed_heading,
    begun_before,
    contact_sentence,
    desk_lines,
    expected_heading,
    from_to,
    headed,
    phase_chains,
    replaces_line,
    signs_of,
    skipped_summary,
    treated_when,
    treatment_title,
    warning_contact,
    warnings_heading,
    when,
)
from aftercare_cli.speech import _, clock, ngettext
from aftercare_cli.timing_words import day_words, repeat_words

# The screen's lines, less one for the prompt: header, rows, notes and footer all visible at once.
SCREEN_LINES = 23
HANG = 2  # the indent of a note's later lines


def glance_view(
    plan: Plan, today: date | None = None, now: datetime | None = None, reference: str = ""
) -> RenderableType:
    """`today` (the desk's date in the plan's zone) lets times read "18:30 today"; None: dates only. `now` (the
    minute the plan is made) lets it say which steps before the treatment are under way or past already.
    `reference` (`identity.plan_reference` of the patient's plan, which the desk's may be said apart from) is
    shown at the end of the title's line."""
    say = functools.partial(_when_on, today=today)
    rows = [
        (_step(title(item.rule), products(item.rule)), _window_when(item, plan, today))
        for item in plan.items
        if item.kind is ItemKind.AVOID and item.end is not None
    ]
    # Windows with no end, or that the clinic will time: "until your clinic tells you otherwise".
    rows += [
        (_step(title(s.rule), products(s.rule)), Text(stretch_when(s, plan, say)))
        for s in plan.stretches
        if s.rule.kind is Kind.AVOID
    ]
    for phases in phase_chains(plan.rules):  # one step in phases is one row: "every 2 h ..., then every 3 h ..."
        done = [(rule, _reminders_of(plan, rule)) for rule in phases]
        done = [(rule, items) for rule, items in done if items]
        told = plan.stretch(phases[0].id)
        if len(done) == 1:
            rule, items = done[0]
            when = _series(rule, items, plan, today)
            if told is not None:  # a routine with no end, reminded to the clinic's horizon: then on
                # Translators: after a routine's last reminder: "then until your clinic tells you otherwise".
                when.append("\n" + _("then %(until)s") % {"until": until_words(rule, None, None, say)})
            rows.append((_step(title(rule), products(rule)), when))
        elif done:
            rows.append(_phased_row(done, plan, today))
        elif told is not None:  # no reminder: the clinic will say when, or it goes on with none
            rows.append((_step(title(told.rule), products(told.rule)), Text(ongoing_words(told, plan, say))))
    # The notes as they are, and (when an earlier plan's calendar has a long name) with the short form of it.
    notes = [Group(*_notes(plan, today, now, short), *_as_needed(plan, today), *_tips(plan)) for short in (False, True)]
    named, header = _header(plan, today)
    aside = Text(reference_words(reference), style="dim") if reference else None
    return Trimmed(_Screen(named, aside, header, _Steps(rows), notes, _footer(plan)))


class _Steps:
    """One row per instruction, the step beside when; no column headings, the lines go to the steps.

    The "when" column is as wide as its longest line ("Thu 26 Nov 18:30 to Fri 27 Nov 10:30") from 80
    columns on, and a wider terminal gives the rest to the steps; a narrower one shares it out.
    """

    WHEN = 36

    def __init__(self, rows: list[tuple[Text, Text]]) -> None:
        self.rows = rows

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[RenderableType]:
        table = Table(box=None, pad_edge=False, expand=True, show_header=False, padding=(0, 2, 0, 0))
        if options.max_width >= 80:
            table.add_column(ratio=1)
            table.add_column(width=self.WHEN)
        else:
            table.add_column(ratio=7)
            table.add_column(ratio=6)
        for row in self.rows:
            table.add_row(*row)
        yield table


def _window_when(item: Item, plan: Plan, today: date | None) -> Text:
    """ "until Sat 28 Nov 14:30"; a window that begins before or after the treatment says when it begins too."""
    assert item.end is not None
    timing = item.rule.timing
    if timing is not None and timing.end_words:  # a vague end: the clinic's words first, the usual end as such
        usual = usual_until(item.rule, item.end, item.earliest_end, functools.partial(_when_on, today=today))
        if instant(item.start) == instant(plan.treated_at):
            return Text(usual)
        return Text(_("from %(start)s, %(until)s") % {"start": when(item.start, today), "until": usual})
    if instant(item.start) < instant(plan.treated_at):
        return Text(from_to(item.start, item.end, today))
    end = window_end(item, lambda moment: when(moment, today))
    if instant(item.start) > instant(plan.treated_at):  # days 3 to 5: not "from now"
        return Text(_("from %(start)s until %(end)s") % {"start": when(item.start, today), "end": end})
    return Text(_("until %(end)s") % {"end": end})


def _when_on(moment: datetime, today: date | None) -> str:
    return when(moment, today)


def _header(plan: Plan, today: date | None) -> tuple[Text, Text]:
    """The title ("Microdermabrasion (Jessner peel) for Ana"), and the lines under it."""
    named = Text()
    named.append(treatment_title(plan), style="bold")
    if plan.patient.name:
        # Translators: between the treatment and the patient's name (in bold): "Microdermabrasion for Ana".
        named.append(_(" for ")).append(plan.patient.name, style="bold")
    # A re-print says how long ago: its first steps are past.
    header = Text(_("Treated %(when)s") % {"when": treated_when(plan, today)})
    asleep = {"bedtime": clock(plan.patient.bedtime), "wake": clock(plan.patient.wake)}
    header.append(_("; asleep %(bedtime)s-%(wake)s") % asleep, style="dim")
    ours, others = signs_of(plan)
    if plan.warnings:  # the most important lines of a sheet: first, and with who to call
        header.append("\n" + headed(warnings_heading()), style="bold red")
    if ours:
        header.append("; ".join(title(rule) for rule in ours), style="red")
        header.append(f" \u2014 {warning_contact(plan.treatment.contact)}", style="bold")
    if others:  # signs whose words name someone else ("see your GP"): no clinic number beside them
        header.append((" " if ours else "") + "; ".join(title(rule) for rule in others), style="red")
    return named, header


def _step(title: str, products: tuple[str, ...]) -> Text:
    text = Text(title)
    unnamed = _unnamed(products, title)
    if unnamed:  # on the same lines: a row per step is what keeps the view on one screen
        text.append(_(" \u2014 use "), style="dim").append(", ".join(unnamed), style="cyan")
    return text


def _unnamed(products: tuple[str, ...], title: str) -> list[str]:
    """The products a title does not already name: "Apply Balense Recovery Cream" needs no "use" line."""
    return [product for product in products if product.lower() not in title.lower()]


def _reminders_of(plan: Plan, rule: Rule) -> list[Item]:
    return [item for item in plan.items if item.rule_id == rule.id and item.kind is ItemKind.DO]


def _phased_row(done: list[tuple[Rule, list[Item]]], plan: Plan, today: date | None) -> tuple[Text, Text]:
    """The first phase's step (and the later ones' if they differ), from its first time to the last phase's last."""
    titles = list(dict.fromkeys(title(rule) for rule, _items in done))
    step = _step(titles[0], products(done[0][0]))
    for later in titles[1:]:
        step.append(_(", then "), style="dim").append(later)
    # The true span, phases that overlap included: the earliest of all their times to the latest.
    first = min((items[0] for _rule, items in done), key=lambda item: instant(item.start))
    last = max((items[-1] for _rule, items in done), key=lambda item: instant(item.start))
    patterns = []
    for rule, _items in done:
        assert rule.timing is not None  # a reminding rule has a timing
        on_days = day_words(rule.timing)
        pattern = repeat_words(rule.timing, plan.patient, short=True)
        patterns.append(_("%(pattern)s on %(days)s") % {"pattern": pattern, "days": on_days} if on_days else pattern)
    count = sum(len(items) for _rule, items in done)
    return step, Text(f"{from_to(first.start, last.start, today)}\n{_times(_(', then ').join(patterns), count)}")


def _times(pattern: str, count: int) -> str:
    """ "every 4 h while awake, 3 times": how a series repeats, and how often in all."""
    return ngettext("%(pattern)s, %(count)s time", "%(pattern)s, %(count)s times", count) % {
        "pattern": pattern,
        "count": count,
    }


def _series(rule: Rule, items: list[Item], plan: Plan, today: date | None) -> Text:
    """ "18:30 today to 10:30 tomorrow" over "every 4 h while awake, 3 times": two lines that each fit."""
    first, last = items[0], items[-1]
    assert rule.timing is not None  # a reminding rule has a timing
    begins = when(first.start, today)
    if starts_vaguely(first, plan):  # "as soon as you get home": the time is the usual one, not the clinic's
        # Translators: a reminder at the usual time of a moment the clinic gave in words: "about 15:30 today".
        begins = _("about %(when)s") % {"when": begins}
    if len(items) == 1:
        return Text(begins)
    pattern = repeat_words(rule.timing, plan.patient, short=True)
    span = from_to(first.start, last.start, today)
    if rule.timing.end_words or begins != when(first.start, today):  # vague: each end said as what it is
        # Translators: a series whose end the clinic gave in words: "Thu 26 Nov 07:00, usually to Wed 9 Dec 22:00".
        span = _("%(first)s, usually to %(last)s") % {"first": begins, "last": when(last.start, today)}
    return Text(f"{span}\n{_times(pattern, len(items))}")


def _notes(plan: Plan, today: date | None, now: datetime | None, short: bool = False) -> list[_Hanging]:
    """What the plan leaves out, what is past already, and what the desk changed: each said once, below the steps."""
    notes = []
    begun = begun_before(plan, now, today)
    if begun:
        notes.append(_Hanging(Text(headed(_("Already begun when planned")), style="bold").append(begun)))
    skipped = skipped_summary(plan.skipped, today)
    if skipped:
        notes.append(_Hanging(Text(_("Skipped: "), style="bold").append(skipped)))
    adjusted = [f"{label(rule)} {adjustment_words(rule)}" for rule in plan.rules if rule.adjusted]
    note_text = adjusted_note("; ".join(adjusted))
    # What the desk adjusted, skipped and muted: one note, so a short last line takes the next sentence.
    desk = [f"{note_text[0].upper()}{note_text[1:]}." if note_text else "", *desk_lines(plan)]
    note = Text()
    if plan.replaces is not None:  # the patient has a calendar to delete; its name is long, the desk's words follow
        note.append(replaces_line(plan.replaces, plan, today, short), style="bold")
    if any(desk):
        note.append(" " if note else "").append(" ".join(line for line in desk if line), style="yellow")
    if note:
        notes.append(_Hanging(note))
    return notes


def _as_needed(plan: Plan, today: date | None) -> list[Text]:
    """ "If needed: ...", then "What to expect: ...": each on its days where it has them (its days in words, the
    dates on every other face), in as few lines as the screen can spare."""
    say = functools.partial(_when_on, today=today)
    lines = []
    for heading, rules in ((as_needed_heading(), plan.as_needed), (expected_heading(), plan.expected)):
        if rules:
            steps = [stretch_line(plan.stretch(rule.id), rule, plan, say, short=True) for rule in rules]
            lines.append(Text(headed(heading), style="bold").append("; ".join(steps)))
    return lines


def _tips(plan: Plan) -> list[Text]:
    tips = []
    for rule in plan.tips:
        text = Text(_("Also: "), style="bold").append(title(rule))
        unnamed = _unnamed(products(rule), title(rule))
        if unnamed:
            text.append(f" ({', '.join(unnamed)})", style="cyan")
        tips.append(text)
    return tips


def _footer(plan: Plan) -> Text:
    more = _("Every step, day by day: %(option)s") % {"option": opt.TIMELINE}
    return Text(f"{contact_sentence(plan.treatment.contact)} {more}", style="dim")


class _Hanging:
    """A note whose later lines are indented, so each note reads as one."""

    def __init__(self, text: Text) -> None:
        self.text = text

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        for index, line in enumerate(self.text.wrap(console, max(options.max_width - HANG, 1))):
            yield from (Text(" " * HANG if index else "") + line).render(console)
            yield Segment.line()


class _Screen:
    """The header, the steps and the notes, with a blank line between them where the screen has room.

    A long plan gives up the blank above the notes first, then the one under the header: it keeps
    every line it has to say on the screen, and loses only the breathing room. Last, the footer (the
    clinic's contact and the way to the timeline, which the patient's own copies all carry) gives way
    to what the desk has to say about this patient (an earlier plan replaced, steps adjusted), and then
    the earlier plan's calendar is named by the end of its name ("made 14:32"): the notes' later forms.
    The plan's reference (`aside`) stands at the end of the title's last line where it fits, else on a
    line of its own under the title; on a screen with no line to spare for it, at the end of the lowest
    line below the steps that has room.
    """

    def __init__(
        self,
        title: Text,
        aside: Text | None,
        header: RenderableType,
        steps: RenderableType,
        notes: list[Group],
        footer: RenderableType,
    ) -> None:
        self.title, self.aside = title, aside
        self.parts = (header, steps, footer)
        self.notes = notes

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        width = options.max_width
        title = console.render_lines(self.title, options, pad=False)
        aside = console.render_lines(self.aside, options, pad=False)[0] if self.aside is not None else []
        own: list[list[Segment]] = []  # the reference's own line, where it goes beside nothing
        if aside:
            beside = _beside(title[-1], aside, width)
            title[-1:], own = ([beside], []) if beside else (title[-1:], [aside])
        header, steps, full_footer = (console.render_lines(part, options, pad=False) for part in self.parts)
        for form in self.notes:
            notes = console.render_lines(form, options, pad=False)
            for footer in (full_footer, []):
                room = SCREEN_LINES - len(title) - len(own) - len(header) - len(steps) - len(notes) - len(footer)
                if room >= 0:
                    break
            if room >= 0:
                break
        if room == -1 and own and _put_beside(aside, width, footer, notes):  # that line is all it lacks
            own, room = [], room + 1
        lines = [*title, *own, *header, *([[]] if room > 0 else []), *steps, *([[]] if room > 1 else [])]
        for line in [*lines, *notes, *footer]:
            yield from line
            yield Segment.line()


def _beside(line: list[Segment], aside: list[Segment], width: int) -> list[Segment] | None:
    """`line` with `aside` at its right end, two spaces apart at least; None where they do not fit."""
    kept = _trimmed(line)
    gap = width - Segment.get_line_length(kept) - Segment.get_line_length(aside)
    return [*kept, Segment(" " * gap), *aside] if gap >= 2 else None


def _put_beside(aside: list[Segment], width: int, *blocks: list[list[Segment]]) -> bool:
    """`aside` at the end of the lowest line of `blocks` (the lowest block first) that has room; whether it went."""
    for block in blocks:
        for index in reversed(range(len(block))):
            beside = _beside(block[index], aside, width)
            if beside is not None:
                block[index] = beside
                return True
    return False


def _trimmed(line: list[Segment]) -> list[Segment]:
    """A rendered line without its trailing spaces (a table pads its cells)."""
    line = list(line)
    while line and not line[-1].text.strip() and not line[-1].control:
        line.pop()
    if line and line[-1].text != line[-1].text.rstrip():
        last = line.pop()
        line.append(Segment(last.text.rstrip(), last.style))
    return line


class Trimmed:
    """A renderable's lines without the spaces a table pads them with, for a clean copy, photo or diff."""

    def __init__(self, renderable: RenderableType) -> None:
        self.renderable = renderable

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        for line in console.render_lines(self.renderable, options, pad=False):
            while line and not line[-1].text.strip() and not line[-1].control:
                line.pop()
            if line and line[-1].text != line[-1].text.rstrip():
                last = line.pop()
                line.append(Segment(last.text.rstrip(), last.style))
            yield from line
            yield Segment.line()
