"""What the desk typed about the patient -> values, refusing what is surely a typo.

Pure: no clock, no printing. Each refusal is a UsageError (exit 2) that names
the option to check.
"""

from __future__ import annotations

from datetime import time, timedelta

from aftercare_cli import option_names as opt
from aftercare_cli.errors import UsageError
from aftercare_cli.escapes import has_unsafe
from aftercare_cli.frozen import frozen
from aftercare_cli.model import Patient, Span, clock_24h
from aftercare_cli.ruleset.timing.text import parse_clock
from aftercare_cli.timing_words import span_words

MAX_NAME = 100
# A waking day outside these is a typo (swapped values, a 12-hour clock), not a patient;
# a night shift (--wake 15:00 --sleep 07:00) is 16 hours.
MIN_AWAKE, MAX_AWAKE = timedelta(hours=10), timedelta(hours=20)


@frozen
class ValueNames:
    """What the desk's messages call the three values: `plan`'s options, or a batch row's columns."""

    wake: str = opt.WAKE
    sleep: str = opt.SLEEP
    patient: str = opt.PATIENT


AS_OPTIONS = ValueNames()
AS_COLUMNS = ValueNames("wake", "sleep", "patient")


def patient_from(wake: str, sleep: str, name: str, names: ValueNames = AS_OPTIONS) -> Patient:
    """`--wake`, `--sleep` and `--patient` as typed -> a Patient, or a UsageError naming what to check."""
    patient = Patient(_clock(wake, names.wake), _clock(sleep, names.sleep), _name(name, names.patient))
    _check_waking_day(patient, names)
    return patient


def require_values(**options: str | None) -> None:
    """An option given as "" is refused, never read as "the default": `require_values(peel=...)`."""
    for name, value in options.items():
        if value is not None and not value.strip():
            option = f"--{name.replace('_', '-')}"
            raise UsageError(f"{option} is empty", f"give a value, or leave out {option} for the default")


def _check_waking_day(patient: Patient, names: ValueNames) -> None:
    wake, bed = (timedelta(hours=t.hour, minutes=t.minute) for t in (patient.wake, patient.bedtime))
    awake = (bed - wake) % timedelta(days=1)
    if MIN_AWAKE <= awake <= MAX_AWAKE:
        return
    wake_, sleep_ = names.wake, names.sleep
    values = f"{wake_} {clock_24h(patient.wake)} {sleep_} {clock_24h(patient.bedtime)}"
    awake_for = f"{values} is awake for {span_words(Span(awake))}"
    if awake < MIN_AWAKE:
        hint = f"check {sleep_}: a bedtime in 24-hour time (10:30 pm is 22:30), and not swapped with {wake_}"
    else:
        hint = f"check {wake_}: the wake-up time, in 24-hour time (a night shift: {wake_} 15:00 {sleep_} 07:00)"
    raise UsageError(f"{awake_for}; a waking day is 10 to 20 hours", hint)


def _clock(text: str, option: str) -> time:
    try:
        return parse_clock(text)
    except ValueError as error:
        raise UsageError(f"{option}: {error}") from None


def _name(text: str, option: str) -> str:
    # Checked before spaces are tidied: a line separator is refused, as the rules loader refuses it, not folded away.
    name = " ".join(text.split())
    if len(name) > MAX_NAME or has_unsafe(text):
        raise UsageError(
            f"{option}: the name has control characters or is too long",
            f"give a plain name of at most {MAX_NAME} characters",
        )
    return name
