"""Reading a booking system's CSV export: the shapes real exports have, each bad row named, the rest read."""

from __future__ import annotations

import io

import pytest

from aftercare_cli.cli.inputs.appointments import (
    Appointment,
    AppointmentsError,
    RowProblem,
    read_appointments,
    treatment_time_text,
)


def rows(text: str, **options: object) -> list[Appointment | RowProblem]:
    return list(read_appointments(io.StringIO(text, newline=""), **options))  # type: ignore[arg-type]


def test_plain_iso_rows_with_plans_own_column_names() -> None:
    found = rows("time,patient,peel\n2026-11-26 14:30,Ana Smith,jessner\n2026-11-26 15:00,Bo,\n")
    assert found == [
        Appointment(2, {"time": "2026-11-26 14:30", "patient": "Ana Smith", "peel": "jessner"}),
        Appointment(3, {"time": "2026-11-26 15:00", "patient": "Bo"}),
    ]


def test_excel_bom_semicolons_and_a_quoted_newline_keep_spreadsheet_row_numbers() -> None:
    text = '\ufeffTime;Patient;Notes\n2026-11-26 09:00;"Zoë; née Ng";"line one\nline two"\n2026-11-26 10:00;Al;x\n'
    found = rows(text)
    assert found == [
        Appointment(2, {"time": "2026-11-26 09:00", "patient": "Zoë; née Ng"}),
        Appointment(3, {"time": "2026-11-26 10:00", "patient": "Al"}),  # row 3, though it is the file's 4th line
    ]


def test_a_booking_systems_own_headings_and_service_names() -> None:
    text = "Start Time,Client,Service\n26/11/2026 2:30 PM,Ana,Jessner Peel\n26/11/2026 3:00 PM,Bo,Facial\n"
    found = rows(
        text,
        columns={"time": "Start Time", "patient": "Client", "peel": "Service"},
        values={"peel": {"Jessner Peel": "jessner"}},
    )
    assert found == [
        Appointment(2, {"time": "2026-11-26 14:30", "patient": "Ana", "peel": "jessner"}),
        RowProblem(3, "peel 'Facial' is not mapped (mapped: 'Jessner Peel')"),
    ]


def test_a_separate_date_column() -> None:
    found = rows("Date,Time\n2026-11-26,09:15\n")
    assert found == [Appointment(2, {"time": "2026-11-26 09:15"})]


@pytest.mark.parametrize(
    ("day", "clock", "order", "expected"),
    [
        ("", "2026-11-26 14:30", None, "2026-11-26 14:30"),
        ("", "2026-11-26T14:30+13:00", None, "2026-11-26T14:30+13:00"),  # ISO with an offset: --at reads it whole
        ("", "14:30", None, "14:30"),
        ("26/11/2026", "14:30", None, "2026-11-26 14:30"),  # only one order gives a date
        ("11/26/2026", "2:30 pm", None, "2026-11-26 14:30"),
        ("03/04/2026", "12:05 AM", "dmy", "2026-04-03 00:05"),
        ("03/04/2026", "12:05 PM", "mdy", "2026-03-04 12:05"),
        ("26.11.2026", "09:00:59", None, "2026-11-26 09:00"),
    ],
)
def test_dates_and_times_as_exports_write_them(day: str, clock: str, order: str | None, expected: str) -> None:
    assert treatment_time_text(day, clock, order) == expected


@pytest.mark.parametrize(
    ("day", "clock", "order", "message"),
    [
        ("03/04/2026", "10:00", None, "could be day/month or month/day; say which with --date-order dmy"),
        ("04/04/2026", "10:00", None, "could be day/month or month/day"),  # the same either way is still not read
        ("26/11/2026", "10:00", "mdy", "is not a date in the order mdy"),
        ("2026-02-30", "10:00", None, "there is no such date"),
        ("26/11/26", "10:00", None, "is not one this tool reads"),
        ("2026-11-26", "25:00", None, "there is no such time of day"),
        ("2026-11-26", "13:00 PM", None, "is not a 12-hour time"),
        ("2026-11-26", "soon", None, "is not a clock time"),
    ],
)
def test_dates_that_would_need_a_guess_are_refused(day: str, clock: str, order: str | None, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        treatment_time_text(day, clock, order)


ORDERS = "--date-order dmy or --date-order mdy"


def test_a_bad_row_is_named_and_the_rest_are_read() -> None:
    found = rows("time,patient\n03/04/2026 10:00,Ana\n,Bo\n2026-04-03 11:00,Cy\n\n2026-04-03 12:00,Di\n")
    assert found == [
        RowProblem(
            2, "date '03/04/2026' could be day/month or month/day; say which with --date-order dmy or --date-order mdy"
        ),
        RowProblem(3, "no time given"),
        Appointment(4, {"time": "2026-04-03 11:00", "patient": "Cy"}),
        Appointment(6, {"time": "2026-04-03 12:00", "patient": "Di"}),  # the blank line is row 5, as a sheet shows it
    ]


def test_a_file_without_a_time_column_or_with_a_wrong_mapping_is_refused_whole() -> None:
    with pytest.raises(AppointmentsError, match="no 'time' column \\(its headings: 'When', 'Who'\\)"):
        rows("When,Who\n2026-11-26 10:00,Ana\n", name="day.csv")
    with pytest.raises(AppointmentsError, match="has no column 'Start' "):
        rows("When,Who\n", columns={"time": "Start"})
    with pytest.raises(AppointmentsError, match="is empty"):
        rows("")


def test_text_from_the_file_is_shown_escaped() -> None:
    with pytest.raises(AppointmentsError) as caught:
        rows("When\x1b[2J,Who\n")
    assert "\x1b" not in caught.value.line()
    (problem,) = rows("time,peel\n2026-11-26 10:00,x\x1b[31m\n", values={"peel": {"a": "b"}})
    assert isinstance(problem, RowProblem)
    assert "\x1b" not in problem.message


def test_rows_are_streamed_not_read_at_once() -> None:
    def lines():
        yield "time\n"
        for minute in range(10_000):
            yield f"2026-11-26 {minute // 60 % 24:02d}:{minute % 60:02d}\n"
        raise AssertionError("read past the rows asked for")  # pragma: no cover

    reader = read_appointments(lines())
    first = [next(reader) for _ in range(3)]
    assert [row.row for row in first] == [2, 3, 4]
