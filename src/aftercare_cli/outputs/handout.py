"""Plan -> a printed one-page handout: the patient's week as a tick-box grid (HTML for a browser to print).

What makes a handout work (health-literacy guidance: the main message first,
the clinic's contact with it, a tangible checklist, simple tables with clear
headings, products named once, grayscale, 12 pt at least) decides the shape:
- the header: patient, treatment and peel, treatment time, contact;
- the warning signs, with their products and the contact (said once: not again where a sign's own words
  give the number);
- each avoid window as a band with its end written out, and its start where that is not the treatment;
- one grid for the week, whatever the treatment time: a row per day in date
  order, a column per clock time with something to do (nearby times share a
  column, each step with its time, when more than fit the page), a tick box
  for each step in the cell of its moment (same-instant steps together, in
  the rules' order, as in the calendar); a follow-up months away is a dated
  line of its own below it, not a row;
- what the plan leaves out (a step in the sleep hours), in one line;
- everything the clinic wrote for each step and window (its title, details, products and what its end
  means), under its short label, in the rules' order; the tips; the source in small print.

Every text fits its box in any language: the grid's cells break a long word
(at a soft hyphen where the language's patterns allow, `breaks`; at any letter
as a last resort) rather than letting it run into the next column.

The page is self-contained: no script, no web font, nothing fetched, so it
prints the same on a desk with no internet. Jinja2 (imported only here) fills
a kept template with autoescaping on, so any rule or patient text is shown as
the characters it is. Its words are the current voice's (`speech`, through
Jinja's i18n extension); the page has the voice's `lang` and `dir`, and in a
right-to-left language every run of Latin letters and digits in a text (a
time, a phone number, a product name) is isolated in `<bdi>`, so its digits
and punctuation stay in their own order.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from datetime import datetime
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from aftercare_cli import speech
from aftercare_cli.frozen import frozen
from aftercare_cli.model import Contact, Item, ItemKind, Kind, Plan, Rule, instant
from aftercare_cli.outputs.breaks import breakable
from aftercare_cli.outputs.clinic_texts import (
    clinic_name,
    details,
    end_note,
    item_label,
    products,
    source,
    title,
)
from aftercare_cli.outputs.handout_grid import DAY_WIDTH, week_grid
from aftercare_cli.outputs.identity import plan_reference, reference_words
from aftercare_cli.outputs.moments import Moment, plan_moments
from aftercare_cli.outputs.window_words import (
    ongoing_words,
    starts_vaguely,
    stretch_line,
    stretch_when,
    usual_start,
    usual_until,
    window_end,
)
from aftercare_cli.outputs.wording import (
    adjusted_note,
    adjustment_words,
    as_needed_heading,
    clock_change_line,
    contact_sentence,
    deferred_heading,
    delete_steps,
    desk_lines,
    expected_heading,
    headed,
    ongoing_heading,
    replaces_line,
    signs_of,
    skipped_summary,
    treated_line,
    treatment_title,
    warning_contact,
    warnings_heading,
    when,
)
from aftercare_cli.speech import _

TEMPLATE = "handout.html.j2"


# Paper is the printer's unless asked: the same file prints on A4 and US Letter.
PAPER = {None: "landscape", "a4": "A4 landscape", "letter": "letter landscape"}


@frozen
class RuleWords:
    """What one rule says to the patient, below the grid: what the grid's label and the bands leave out."""

    title: str  # "" for a window: its band says it
    details: str
    products: tuple[str, ...]
    end_note: str  # a window's: what its end means
    adjustment: str


@frozen
class Step:
    """A short label, said once below the grid with the words of every rule it names, in the rules' order."""

    label: str
    rules: tuple[RuleWords, ...]


@frozen
class Band:
    """An avoid window as a band across the page, with its end written out (and its start, if not the treatment)."""

    title: str
    start: str  # "" for a window that starts at the treatment
    until: str
    adjustment: str
    phrase: str = ""  # a window with no end, or a vague one, or one the clinic will time: its whole phrase


@frozen
class Section:
    """A list under its heading, below the grid: what to expect, the steps with no end or the clinic's to time."""

    heading: str
    entries: list[Untimed]


@frozen
class FollowUp:
    """A session to book, on a dated line of its own below the grid: it may be months after the week."""

    day: str
    label: str


# Unicode's bidirectional classes: strong left-to-right letters and European digits; right-to-left letters.
_LEFT_TO_RIGHT = {"L", "EN"}
_RIGHT_TO_LEFT = {"R", "AL", "AN"}


def plan_handout(plan: Plan, made_at: datetime, paper: str | None = None) -> str:
    """The handout as one HTML document. `made_at` is printed in small print (a parameter: pure, testable)."""
    follow_ups = {rule.id for rule in plan.rules if rule.kind is Kind.FOLLOW_UP}
    moments = [
        Moment(moment.start, steps)
        for moment in plan_moments(plan)
        if moment.kind is ItemKind.DO and (steps := tuple(i for i in moment.items if i.rule_id not in follow_ups))
    ]
    lang = speech.current().lang
    template = _environment().get_template(TEMPLATE)
    return template.render(
        plan=plan,
        title=treatment_title(plan),
        treated=treated_line(plan),
        contact=contact_sentence(plan.treatment.contact),
        clock_changes=[clock_change_line(change) for change in plan.clock_changes],
        bands=_bands(plan),
        grid=week_grid(moments, lang),
        follow_ups=[
            FollowUp(speech.day_with_year(item.start), item_label(item))
            for item in plan.items
            if item.rule_id in follow_ups
        ],
        day_width=DAY_WIDTH,
        skipped=skipped_summary(plan.skipped),
        desk=desk_lines(plan),
        replaces=replaces_line(plan.replaces, plan, made_at.date()) if plan.replaces else "",
        delete_steps=delete_steps(),
        steps=_steps(plan, lang),
        tips=_untimed(plan.tips),
        warnings=_warnings(plan),
        warnings_heading=warnings_heading(),
        warning_contact="" if signs_of(plan)[1] else _warning_contact(plan.treatment.contact, plan.warnings),
        as_needed=_untimed(plan.as_needed, plan),
        sections=_sections(plan),
        clinic=clinic_name(plan.treatment),
        source=source(plan.treatment),
        as_needed_heading=as_needed_heading(),
        made=f"{speech.day_with_year(made_at)} {speech.clock(made_at.time())}",
        reference=reference_words(plan_reference(plan)),
        page_size=PAPER[paper],
        adjusted_note=adjusted_note,
        headed=headed,
        sentence=sentence,
        lang=lang,
        direction=speech.current().direction,
    )


@functools.cache
def _environment() -> jinja2.Environment:
    """One environment per process: it keeps the compiled template, so a batch compiles it once, not per row."""
    loader = jinja2.FileSystemLoader(Path(__file__).parent)
    environment = jinja2.Environment(
        loader=loader,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    # Looked up at each call, so the one cached environment speaks whichever voice is current.
    environment.install_gettext_callables(  # type: ignore[attr-defined]  # added by the i18n extension
        gettext=speech._, ngettext=speech.ngettext, newstyle=True
    )
    environment.filters["isolated"] = isolated
    return environment


def isolated(text: str) -> Markup:
    """`text` escaped for HTML; in a right-to-left voice, each left-to-right run in it wrapped in `<bdi>`."""
    if speech.current().direction != "rtl":
        return escape(text)
    parts, last = [], 0
    for start, end in _ltr_runs(text):
        parts += [escape(text[last:start]), Markup("<bdi>%s</bdi>") % text[start:end]]
        last = end
    parts.append(escape(text[last:]))
    return Markup("").join(parts)


def _ltr_runs(text: str) -> list[tuple[int, int]]:
    """Where `text` runs left to right: from a letter or digit that is, by Unicode's own direction ("Zoë",
    "14:30", a "+" just before its digits), to the last such before a right-to-left letter; what is between
    (spaces, punctuation) goes with the run, and a closing bracket after it when the run opened one."""
    runs: list[tuple[int, int]] = []
    index = 0
    while index < len(text):
        if unicodedata.bidirectional(text[index]) not in _LEFT_TO_RIGHT:
            index += 1
            continue
        start = index - 1 if index and text[index - 1] in "+-(" else index
        end = index + 1
        for ahead in range(index + 1, len(text)):
            kind = unicodedata.bidirectional(text[ahead])
            if kind in _RIGHT_TO_LEFT or "\u0600" <= text[ahead] <= "\u06ff":  # an Arabic comma ends it too
                break
            if kind in _LEFT_TO_RIGHT:
                end = ahead + 1
        if end < len(text) and text[end] == ")" and "(" in text[start:end]:
            end += 1
        runs.append((start, end))
        index = end
    return runs


def sentence(text: str) -> str:
    """`text` ending as a sentence does: a full stop added unless it has one (or a question or exclamation mark)."""
    return text if text.rstrip().endswith((".", "!", "?", "\u2026", "\u061f")) else f"{text.rstrip()}."


@frozen
class Untimed:
    """A tip, a warning sign or an as-needed step as the page says it."""

    title: str
    details: str
    products: tuple[str, ...]


def _untimed(rules: tuple[Rule, ...], plan: Plan | None = None) -> list[Untimed]:
    """Each rule's title (with when it applies, where it has days: `plan`), details and products."""
    if plan is None:
        return [Untimed(title(rule), details(rule), products(rule)) for rule in rules]
    return [
        Untimed(stretch_line(plan.stretch(rule.id), rule, plan, when), details(rule), products(rule)) for rule in rules
    ]


def _warnings(plan: Plan) -> list[Untimed]:
    """The warning signs; where some name someone else ("see your GP"), the clinic's contact beside its own."""
    if not signs_of(plan)[1]:
        return _untimed(plan.warnings)
    contact = warning_contact(plan.treatment.contact)
    return [
        Untimed(
            f"{title(rule)} \u2014 {contact}" if rule.contact_clinic else title(rule), details(rule), products(rule)
        )
        for rule in plan.warnings
    ]


def _sections(plan: Plan) -> list[Section]:
    """The steps with no end, those the clinic will time, and what to expect: each with when, never a tick box."""
    sections = []
    for heading, stretches in ((ongoing_heading(), plan.ongoing), (deferred_heading(), plan.deferred)):
        steps = [
            Untimed(
                _("%(title)s (%(when)s)") % {"title": title(s.rule), "when": ongoing_words(s, plan, when)},
                details(s.rule),
                products(s.rule),
            )
            for s in stretches
            if s.rule.kind is Kind.DO  # a window is a band
        ]
        if steps:
            sections.append(Section(heading, steps))
    if plan.expected:
        sections.append(Section(expected_heading(), _untimed(plan.expected, plan)))
    return sections


def _bands(plan: Plan) -> list[Band]:
    """Each window, its start said where it is not the treatment (days 3 to 5; the days before it), a vague end
    in the clinic's words first and the usual end as what it is; then the windows with no end of the plan's."""
    bands = []
    for item in plan.items:
        if item.kind is not ItemKind.AVOID or item.end is None:
            continue
        timing = item.rule.timing
        phrase = usual_until(item.rule, item.end, item.earliest_end, when) if timing and timing.end_words else ""
        start = "" if instant(item.start) == instant(plan.treated_at) else when(item.start)
        bands.append(Band(title(item.rule), start, window_end(item, when), adjustment_words(item.rule), phrase))
    for stretch in plan.stretches:  # no end, or the clinic will say when: no date of the plan's
        if stretch.rule.kind is Kind.AVOID:
            rule = stretch.rule
            bands.append(Band(title(rule), "", "", adjustment_words(rule), stretch_when(stretch, plan, when)))
    return bands


def _warning_contact(contact: Contact, warnings: tuple[Rule, ...]) -> str:
    """Who to call, beside the warning signs: only the ways their own words do not already give; '' if none is left.

    A sign that says "call the clinic on 020 7946 0000" is not followed by "Call 020 7946 0000." A number is
    found by its digits, however it is spaced; an address without its "https://".
    """
    signs = " ".join(f"{title(rule)} {details(rule)}" for rule in warnings)
    digits = re.sub(r"\D", "", signs)
    phone = "" if contact.phone and re.sub(r"\D", "", contact.phone) in digits else contact.phone
    address = re.sub(r"^[a-z]+://|/$", "", contact.web.lower())
    web = "" if contact.web and address in signs.lower() else contact.web
    if (contact.phone or contact.web) and not (phone or web):
        return ""
    return warning_contact(Contact(phone, web))


def _steps(plan: Plan, lang: str) -> list[Step]:
    """Each short label once, in the rules' order (the order the clinic lists them, as in every cell), with the
    words of each rule it names: a step's title, details and products; a window's details, products and end
    note (its title and times are on its band). A rule with nothing to say beyond its label (a step whose
    label is its whole title, a window with no more than its band) is not repeated here. A step that starts
    in the clinic's vague words, or has no end, says so beside its title: its times in the grid are the
    usual ones, its last tick the clinic's horizon."""
    first: dict[str, Item] = {}  # a rule's first step or its window
    ends: dict[str, str] = {}  # a window's end note
    for item in plan.items:
        if item.kind is ItemKind.ENDS:
            ends.setdefault(item.rule_id, end_note(item.rule))
        else:
            first.setdefault(item.rule_id, item)
    labels: dict[str, list[RuleWords]] = {}
    for rule in plan.rules:
        shown = first.get(rule.id)
        if shown is None:  # skipped at the desk, or nothing in this plan
            continue
        window = shown.kind is ItemKind.AVOID
        name = item_label(shown)
        # A window's title and adjustment are on its band; a step whose label is its whole title is said by its cell.
        heading, adjustment = ("", "") if window else (title(rule), adjustment_words(rule))
        if not window and starts_vaguely(shown, plan) and rule.timing is not None:
            heading = f"{heading}; {usual_start(rule.timing, shown.start)}"
        ongoing = plan.stretch(rule.id)
        if not window and ongoing is not None:
            heading = f"{heading}; {ongoing_words(ongoing, plan, when)}"
        if heading.strip() == name.strip():
            heading = ""
        rule_words = (heading, details(rule), products(rule), ends.get(rule.id, ""), adjustment)
        if any(rule_words):
            labels.setdefault(name, []).append(RuleWords(*rule_words))
    return [Step(breakable(label, lang), tuple(each)) for label, each in labels.items()]
