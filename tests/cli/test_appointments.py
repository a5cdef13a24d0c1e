"""Reading a booking system's export: each row delimited for certain, its date and time never guessed, its
columns found by their headings, and each row said as a treatment, not a treatment, or an error."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from aftercare_cli.cli.inputs import export_file
from aftercare_cli.cli.inputs.appointments import (
    Appointment,
    AppointmentsError,
    ExportRows,
    NotTreatment,
    Reading,
    RowProblem,
)
from aftercare_cli.cli.inputs.export_file import Record, open_export, read_records
from aftercare_cli.cli.inputs.export_times import appointment_time
from aftercare_cli.errors import RulesError
from aftercare_cli.ruleset.booking import load_booking_systems, load_services

EXPORTS = Path(__file__).parent / "exports"


def records(data: bytes) -> list[Record]:
    return list(read_records(io.BytesIO(data), "day.csv"))


def rows(text: str, reading: Reading | None = None) -> tuple[list[Appointment | NotTreatment | RowProblem], ExportRows]:
    export = ExportRows(read_records(io.BytesIO(text.encode("utf-8")), "day.csv"), reading or Reading(), "day.csv")
    return list(export), export


# --- the file: each row delimited for certain ------------------------------------------------------------


def test_excel_bom_semicolons_and_a_quoted_newline_keep_spreadsheet_row_numbers() -> None:
    found = records(
        '\ufeffTime;Patient;Notes\r\n09:00;"Zoë; née Ng";"line one\r\nline two"\r\n\r\n10:00;Al;x\r\n'.encode()
    )
    assert [(r.row, r.fields, r.blank) for r in found] == [
        (1, ("Time", "Patient", "Notes"), False),
        (2, ("09:00", "Zoë; née Ng", "line one\r\nline two"), False),
        (3, ("",), True),  # the blank line is row 3, as a sheet shows it
        (4, ("10:00", "Al", "x"), False),  # row 4, though it is the file's 5th line
    ]


def test_an_unclosed_quote_is_its_rows_error_and_the_rows_after_it_are_read() -> None:
    # `"VIP` in a note swallowed the next two patients into one field; now they are read and row 3 is named.
    found = records(b'time,patient,notes\n10:00,Ana,\n11:00,Bo,"VIP\n12:00,Cy,\n13:00,Di,\n')
    assert [(r.row, r.fields) for r in found] == [
        (1, ("time", "patient", "notes")),
        (2, ("10:00", "Ana", "")),
        (3, ()),
        (4, ("12:00", "Cy", "")),
        (5, ("13:00", "Di", "")),
    ]
    assert found[2].problem == (
        'a quote (") opened on line 3 is never closed; fix the quote in the export (the rows after it are read '
        "from line 4)"
    )


def test_a_quote_closed_rows_later_does_not_merge_them() -> None:
    found = records(b'time,patient,notes\n11:00,Bo,"VIP\n12:00,Cy,\n13:00,Di,"gold"\n14:00,Ed,\n')
    assert [r.row for r in found if r.problem] == [2]
    assert "runs over 3 lines that look like rows of their own" in found[1].problem
    assert [r.fields[1] for r in found[2:]] == ["Cy", "Di", "Ed"]  # read again from the line after Bo's


def test_a_note_over_several_lines_is_one_row() -> None:
    found = records(b'"note",time,patient\n"call back\nafter lunch",10:00,Ana\n11:00x,11:00,Bo\n')
    assert [r.fields for r in found[1:]] == [("call back\nafter lunch", "10:00", "Ana"), ("11:00x", "11:00", "Bo")]


@pytest.mark.parametrize(
    ("line", "said"),
    [
        (b"10:00,Ana,x,y", "it has 4 fields where the heading has 3 (a separator inside a value that is not quoted?)"),
        (b"10:00,Ana", "it has 2 fields where the heading has 3 (a value left out?)"),
        (b'10:00,"Ana"x,y', "field 2 has text after its closing quote"),
        (b"10:00,An\xe9,y", "it is not UTF-8 text"),
        (b"10:00,An\x00a,y", "it holds a NUL character"),
    ],
)
def test_a_row_that_cannot_be_read_for_certain_is_named(line: bytes, said: str) -> None:
    found = records(b"time,patient,notes\n" + line + b"\n11:00,Bo,\n")
    assert said in found[1].problem
    assert found[2].fields == ("11:00", "Bo", "")


def test_a_field_past_the_row_limit_is_its_rows_error_and_memory_stays_bounded() -> None:
    huge = b"x" * (10 * 1024 * 1024)  # 10 MB in row 3 of 4
    found = records(b'time,patient,notes\n10:00,Ana,\n11:00,Bo,"' + huge + b'"\n12:00,Cy,\n')
    assert [(r.row, r.problem[:30]) for r in found[1:]] == [(2, ""), (3, "it is 10240 KB long, more than"), (4, "")]


def test_what_is_not_a_csv_export_is_one_line(tmp_path: Path) -> None:
    for data, said in [
        (b"", "is empty"),
        (b"PK\x03\x04\x14\x00", "is an Excel workbook, not CSV"),
        (b"t\x00i\x00m\x00e\x00\n\x00", "is not a CSV text file"),
        (b"time,patient\r10:00,Ana\r", "carriage returns alone"),
        (b"ti\xffme\n", "is not UTF-8 text"),
    ]:
        with pytest.raises(AppointmentsError, match=said):
            records(data)


def test_a_fifo_a_device_a_folder_and_a_huge_file_are_refused_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)  # no writer: opening it for reading the usual way would wait forever
    with pytest.raises(AppointmentsError, match="is a FIFO"):
        open_export(str(fifo))
    with pytest.raises(AppointmentsError, match="is a device"):
        open_export("/dev/zero")  # would fill memory at 400 MB/s
    with pytest.raises(AppointmentsError, match="is a folder"):
        open_export(str(tmp_path))
    big = tmp_path / "big.csv"
    with big.open("wb") as handle:
        handle.truncate(export_file.MAX_EXPORT + 1)
    with pytest.raises(AppointmentsError, match="more than an export of appointments"):
        open_export(str(big))
    with pytest.raises(AppointmentsError, match="No such file"):
        open_export(str(tmp_path / "gone.csv"))


def test_a_file_that_grows_past_the_limit_while_read_stops_with_the_row(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(export_file, "MAX_EXPORT", 100)
    reader = read_records(io.BytesIO(b"time\n" + b"10:00\n" * 30), "day.csv")
    with pytest.raises(AppointmentsError, match=r"grew past 0 MB while it was read \(at row 17\)"):
        list(reader)


def test_rows_are_streamed_not_read_at_once() -> None:
    handle = io.BytesIO(b"time\n" + b"10:00\n" * 100_000)
    reader = read_records(handle, "day.csv")
    assert [next(reader).row for _ in range(4)] == [1, 2, 3, 4]
    assert handle.tell() < 100  # four rows read of 100,001


# --- dates and times: never guessed ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "clock", "order", "expected"),
    [
        (None, "2:30 PM", None, "14:30"),  # the README's own shape: no date column, a 12-hour time
        (None, "2:30pm", None, "14:30"),
        (None, "2:30 p.m.", None, "14:30"),
        (None, "2:30PM", None, "14:30"),
        (None, "11:45 PM", None, "23:45"),
        (None, "12:15 AM", None, "00:15"),  # a quarter past midnight
        (None, "12:05 PM", None, "12:05"),  # five past noon
        (None, "2pm", None, "14:00"),
        (None, "9 a.m.", None, "09:00"),
        (None, "14:30", None, "14:30"),
        (None, "14:30 2026-11-26", None, "2026-11-26 14:30"),  # a time column that also holds the date
        (None, "November 26, 2026 5:00 pm", None, "2026-11-26 17:00"),  # as Acuity writes it
        (None, "04 Jan 2026, 9:00pm", None, "2026-01-04 21:00"),  # as Fresha writes it
        (None, "Thu 26 Nov 2026 at 10:15am", None, "2026-11-26 10:15"),
        (None, "2026-11-26T14:30+13:00", None, "2026-11-26T14:30+13:00"),  # ISO with an offset: --at reads it
        (None, "21:00:00-22:00:00", None, "21:00"),  # a slot: its start
        ("2026-11-26", "14:30", None, "2026-11-26 14:30"),
        ("26/11/2026", "2:30 PM", None, "2026-11-26 14:30"),  # only one order gives a date
        ("11/26/2026", "2:30 pm", None, "2026-11-26 14:30"),
        ("03/04/2026", "12:05 AM", "dmy", "2026-04-03 00:05"),
        ("03/04/2026", "12:05 PM", "mdy", "2026-03-04 12:05"),
        ("26.11.2026", "09:00:59", None, "2026-11-26 09:00"),
        ("26/11/2026 00:00", "10:00", None, "2026-11-26 10:00"),  # a spreadsheet's date: midnight is no time
        ("04 Jan 2026, 9:00pm", "21:00:00-22:00:00", None, "2026-01-04 21:00"),  # Fresha: the two agree
        ("", "2026-11-26 10:00", None, "2026-11-26 10:00"),
    ],
)
def test_dates_and_times_as_exports_write_them(day: str | None, clock: str, order: str | None, expected: str) -> None:
    assert appointment_time(day, clock, order) == expected


@pytest.mark.parametrize(
    ("day", "clock", "order", "message"),
    [
        ("03/04/2026", "10:00", None, "could be day/month or month/day; say which with --date-order dmy"),
        ("04/04/2026", "10:00", None, "could be day/month or month/day"),  # the same either way is still not read
        ("26/11/2026", "10:00", "mdy", "is not a date in the order mdy"),
        ("31/02/2026", "10:00", None, "there is no such date"),
        ("2026-02-30", "10:00", None, "there is no such date"),
        ("26/11/26", "10:00", None, "a two-digit year is not read"),
        ("2026-11-26", "25:00", None, "there is no such time of day"),
        ("2026-11-26", "13:00 PM", None, "is not a 12-hour time"),
        ("2026-11-26", "0:30 am", None, "is not a 12-hour time"),
        ("2026-11-26", "soon", None, "is not a date or time this tool reads"),
        ("2026-11-26", "14", None, "is not a date or time this tool reads"),
        ("14:30", "2026-11-26", None, "the columns look swapped"),
        ("14:30", "15:00", None, "date '14:30' holds no date"),
        (None, "2026-11-26", None, "has no time of day"),
        ("2026-11-27", "2026-11-26 10:00", None, "says 2026-11-26 but date '2026-11-27' says 2026-11-27"),
        ("04 Jan 2026, 9:00pm", "20:00:00-21:00:00", None, "says 21:00 but time '20:00:00-21:00:00' says 20:00"),
        (None, "Fri 26 Nov 2026 14:30", None, "26 November 2026 is a Thursday, not a Fri"),
        (None, "10:00 and 11:00", None, "holds more than one date or time"),
    ],
)
def test_dates_and_times_that_would_need_a_guess_are_refused(
    day: str | None, clock: str, order: str | None, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        appointment_time(day, clock, order)


# --- columns by their headings, and what each row is -----------------------------------------------------


def test_plain_iso_rows_with_plans_own_column_names() -> None:
    found, export = rows("time,patient,peel\n2026-11-26 14:30,Ana Smith,jessner\n2026-11-26 15:00,Bo,\n")
    assert found == [
        Appointment(2, {"time": "2026-11-26 14:30", "patient": "Ana Smith", "peel": "jessner"}),
        Appointment(3, {"time": "2026-11-26 15:00", "patient": "Bo"}),
    ]
    assert export.unused == ()


def test_headings_real_systems_use_are_found_and_the_unused_ones_listed() -> None:
    text = "Appointment Date,Start Time,Client First Name,Client Last Name,Notes\n26/11/2026,2:30 PM,Ana,Smith,VIP\n"
    found, export = rows(text)
    assert found == [Appointment(2, {"time": "2026-11-26 14:30", "patient": "Ana Smith"})]
    assert export.unused == ("Notes",)


def test_a_date_column_under_a_heading_real_systems_use_is_read_and_a_bad_date_refused() -> None:
    # "Appointment Date" was not read, and every row (31/02 too) was planned for today.
    text = "Appointment Date,Time,Client\n27/11/2026,10:00,Ana\n31/02/2026,11:00,Bo\n,12:00,Cy\n"
    found, export = rows(text)
    assert found == [
        Appointment(2, {"time": "2026-11-27 10:00", "patient": "Ana"}),
        RowProblem(3, "date '31/02/2026': there is no such date"),
        RowProblem(4, "no date given (column 'Appointment Date')"),
    ]
    assert export.for_today == 0


def test_a_date_column_the_tool_does_not_know_stops_each_row_instead_of_today() -> None:
    found, _ = rows("Fecha de la cita,Hora,Time,Date of birth\n27/11/2026,10:00,10:00,1980-05-01\n")
    assert found == [
        RowProblem(
            2,
            "time '10:00' has no date, and 'Fecha de la cita' may hold it; name the date's column with --map "
            "date=COLUMN",
        )
    ]
    found, _ = rows("Fecha de la cita,Time\n27/11/2026,10:00\n", Reading(columns={"date": "Fecha de la cita"}))
    assert found == [Appointment(2, {"time": "2026-11-27 10:00"})]


def test_an_export_without_any_date_is_for_today_and_counted() -> None:
    found, export = rows("Time,Client,Date of birth\n2:30 PM,Ana,1980-05-01\n")
    assert found == [Appointment(2, {"time": "14:30", "patient": "Ana"})]
    assert export.for_today == 1


def test_two_columns_that_could_be_one_field_are_refused_not_picked() -> None:
    with pytest.raises(AppointmentsError) as refused:
        rows("Time,Start Time\n10:00,10:00\n")
    assert (
        refused.value.line()
        == "day.csv: 'Time' and 'Start Time' could each be the time; say which with --map time=COLUMN"
    )
    found, _ = rows("Time,Start Time\n10:00,11:00\n", Reading(columns={"time": "Start Time"}))
    assert found == [Appointment(2, {"time": "11:00"})]


def test_a_file_without_a_time_column_or_with_a_wrong_mapping_is_refused_whole() -> None:
    with pytest.raises(AppointmentsError, match="has no column for the appointment's time \\(its headings: 'When'"):
        rows("When,Who\n2026-11-26 10:00,Ana\n")
    with pytest.raises(AppointmentsError, match="has no column 'Start', which --map time= names"):
        rows("When,Who\n", Reading(columns={"time": "Start"}))


def test_a_name_from_two_columns_and_the_whole_name_preferred() -> None:
    found, _ = rows("Time,First Name,Last Name\n10:00,Ana,Smith\n10:30,,Chan\n")
    assert [row.values["patient"] for row in found if isinstance(row, Appointment)] == ["Ana Smith", "Chan"]
    found, export = rows("Time,Client,First Name,Last Name\n10:00,Ana Smith,Ana,Smith\n")
    assert found == [Appointment(2, {"time": "10:00", "patient": "Ana Smith"})]
    assert export.unused == ("First Name", "Last Name")
    with pytest.raises(AppointmentsError, match="both name the patient"):
        rows("Time,Client,First Name\n10:00,A,B\n", Reading(columns={"patient": "Client", "first_name": "First Name"}))


def test_statuses_that_are_not_treatments_are_said_not_planned() -> None:
    text = (
        "Time,Client,Status\n10:00,Ana,Confirmed\n10:30,Bo,Cancelled\n11:00,Cy,No-Show\n11:30,Di,NO_SHOW\n"
        "12:00,Ed,CANCELLED_BY_CUSTOMER\n12:30,Fi,\n13:00,Gus,Pencilled in\n13:30,Hal,DNA\n"
    )
    found, _ = rows(text)
    assert found == [
        Appointment(2, {"time": "10:00", "patient": "Ana"}),
        NotTreatment(3, "Bo", "Cancelled"),
        NotTreatment(4, "Cy", "No-Show"),
        NotTreatment(5, "Di", "NO_SHOW"),
        NotTreatment(6, "Ed", "CANCELLED_BY_CUSTOMER"),
        Appointment(7, {"time": "12:30", "patient": "Fi"}),  # no status: a booking like any other
        RowProblem(
            8,
            "status 'Pencilled in' is not known as a treatment or not; say which under statuses: in a services file "
            "(--services; see docs/batch.md, 'The services file')",
        ),
        NotTreatment(9, "Hal", "DNA"),
    ]


def test_a_service_is_the_clinics_treatment_never_the_default_peel(tmp_path: Path) -> None:
    services = load_services(EXPORTS / "services.yaml")
    text = (
        "Time,Client,Service\n10:00,Ana,Microdermabrasion with Jessner Peel\n10:30,Bo,skin  CONSULTATION\n"
        "11:00,Cy,Facial\n11:30,Di,\n"
    )
    found, _ = rows(text, Reading(services=services))
    assert found == [
        Appointment(2, {"time": "10:00", "patient": "Ana", "treatment": "microdermabrasion", "peel": "jessner"}),
        NotTreatment(3, "Bo", "skin  CONSULTATION"),
        RowProblem(
            4,
            f"service 'Facial' is not in {EXPORTS / 'services.yaml'}; add it there, as the treatment and peel it is "
            "or as not a treatment",
        ),
        RowProblem(5, "no service given (column 'Service')"),
    ]
    # Without a services file, no row is planned with the rules' default: each says what is missing.
    found, _ = rows("Time,Service\n10:00,Jessner Peel\n")
    assert found == [
        RowProblem(
            2,
            "service 'Jessner Peel' is not mapped to a treatment; give the clinic's services with --services FILE "
            "(see docs/batch.md, 'The services file')",
        )
    ]


def test_a_value_mapped_on_the_command_line_and_text_from_the_file_shown_escaped() -> None:
    found, _ = rows(
        "time,peel\n10:00,Jessner Peel\n10:30,x\x1b[31m\n", Reading(values={"peel": {"Jessner Peel": "jessner"}})
    )
    assert found[0] == Appointment(2, {"time": "10:00", "peel": "jessner"})
    assert isinstance(found[1], RowProblem)
    assert "\x1b" not in found[1].message
    with pytest.raises(AppointmentsError) as caught:
        rows("When\x1b[2J,Who\n")
    assert "\x1b" not in caught.value.line()


# --- the shipped systems and a clinic's services file -------------------------------------------------------


def test_each_shipped_system_reads_its_test_export_whole() -> None:
    services = load_services(EXPORTS / "services.yaml")
    systems = load_booking_systems()
    acuity = ExportRows(
        read_records(open_export(str(EXPORTS / "acuity-schedule2026-11-26.csv")), "a"),
        Reading(system=systems["acuity"], services=services),
        "a",
    )
    assert [
        (row.row, row.values["time"], row.values["patient"]) if isinstance(row, Appointment) else row
        for row in acuity
    ] == [
        (2, "2026-11-26 09:00", "Ana Smith"),
        NotTreatment(3, "Bo Chan", "Skin consultation"),
        (4, "2026-11-26 14:30", "Zoë O'Neil"),
        RowProblem(5, f"service 'Laser facial' is not in {EXPORTS / 'services.yaml'}; add it there, as the "
                      "treatment and peel it is or as not a treatment"),
    ]  # fmt: skip
    fresha = ExportRows(
        read_records(open_export(str(EXPORTS / "fresha-appointment-list.csv")), "f"),
        Reading(system=systems["fresha"], services=services),
        "f",
    )
    assert [(row.row, type(row).__name__) for row in fresha] == [
        (2, "Appointment"), (3, "NotTreatment"), (4, "NotTreatment"), (5, "NotTreatment"), (6, "Appointment"),
        (7, "RowProblem"),
    ]  # fmt: skip


def test_the_shipped_systems_file_says_for_each_what_was_found_and_where() -> None:
    systems = load_booking_systems()
    shipped = {key for key, system in systems.items() if system.columns}
    assert shipped == {"acuity", "fresha"}
    assert all(system.sources for system in systems.values())
    assert {system.found for system in systems.values()} <= {"documented", "partly", "not found"}
    assert all(system.found == "not found" for key, system in systems.items() if key not in shipped)
    for key in shipped:
        export = next(EXPORTS.glob(f"{key}-*.csv")).read_text(encoding="utf-8").splitlines()[0]
        for _field, heading in systems[key].columns:
            assert heading in export


def test_a_services_file_with_problems_says_each_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "services.yaml"
    path.write_text(
        "services:\n"
        "  Jessner Peel: {peel: jessner, colour: red}\n"
        "  Consultation: maybe\n"
        "  jessner peel: {peel: jessner}\n"
        "  Custom: {}\n"
        "statuses:\n"
        "  Pencilled in: perhaps\n",
        encoding="utf-8",
    )
    with pytest.raises(RulesError) as refused:
        load_services(path)
    problems = [line.removeprefix(str(path)) for line in refused.value.problems]
    assert problems == [
        ":4:3: services.jessner peel: given twice (first on line 2); keep one",
        ":2:33: services.Jessner Peel.colour: unknown key; known keys: treatment, peel",
        ":3:17: services.Consultation: 'not a treatment', or the treatment and peel it is, e.g. {peel: jessner}",
        ":5:11: services.Custom: give its treatment, its peel, or both",
        ":7:17: statuses.Pencilled in: 'treatment' or 'not a treatment'",
    ]


def test_the_reference_says_what_the_code_knows() -> None:
    from aftercare_cli.cli.inputs.appointments import KNOWN_HEADINGS, NOT_TREATMENT_STATUSES, TREATMENT_STATUSES

    docs = (Path(__file__).parents[2] / "docs" / "batch.md").read_text(encoding="utf-8")
    flat = " ".join(docs.split()).casefold()
    for system in load_booking_systems().values():
        (row,) = [line for line in docs.splitlines() if line.startswith(f"| {system.name} | {system.found} |")]
        for word, _meaning in system.statuses:
            assert word in row
        for _field, heading in system.columns:
            assert f"`{heading}`" in row
    for field_name, headings in KNOWN_HEADINGS.items():
        assert ", ".join(headings) in flat, field_name
    assert ", ".join(TREATMENT_STATUSES) in flat
    assert ", ".join(NOT_TREATMENT_STATUSES) in flat
