"""The calendar file is written whole or not at all."""

import os
import socket
import stat
from pathlib import Path

import pytest

from aftercare_cli.errors import OutputError, UsageError
from aftercare_cli.outputs import atomic
from aftercare_cli.outputs.atomic import write_atomically


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_writes_the_bytes_with_ordinary_permissions(tmp_path: Path) -> None:
    target = tmp_path / "plan.ics"
    write_atomically(target, b"BEGIN:VCALENDAR\r\n")
    assert target.read_bytes() == b"BEGIN:VCALENDAR\r\n"
    assert target.stat().st_mode & 0o644 == 0o644
    assert leftovers(tmp_path) == ["plan.ics"]


def test_an_existing_file_needs_force(tmp_path: Path) -> None:
    target = tmp_path / "plan.ics"
    target.write_bytes(b"old")
    with pytest.raises(UsageError, match="already exists"):
        write_atomically(target, b"new")
    assert target.read_bytes() == b"old"
    write_atomically(target, b"new", force=True)
    assert target.read_bytes() == b"new"


@pytest.mark.parametrize("interruption", [KeyboardInterrupt, OSError(28, "No space left on device")])
def test_an_interrupted_write_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, interruption
) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "plan.ics"
    target.write_bytes(b"previous plan")

    def fail(fd: int) -> None:
        raise interruption

    monkeypatch.setattr(atomic.os, "fsync", fail)
    with pytest.raises((KeyboardInterrupt, OutputError)):
        write_atomically(target, b"x" * 100_000, force=True)
    assert target.read_bytes() == b"previous plan"
    assert leftovers(tmp_path) == ["plan.ics"]


def test_bad_targets(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="is a folder"):
        write_atomically(tmp_path, b"x")
    with pytest.raises(UsageError, match="empty"):
        write_atomically(Path(""), b"x")
    with pytest.raises(OutputError, match="does not exist"):
        write_atomically(tmp_path / "missing" / "plan.ics", b"x")
    assert leftovers(tmp_path) == []


def test_no_permission(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Simulated: the tests may run as root, who may write anywhere.
    def refuse(**_: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(atomic.tempfile, "mkstemp", refuse)
    with pytest.raises(OutputError, match="cannot write .*plan.ics: Permission denied"):
        write_atomically(tmp_path / "plan.ics", b"x")
    assert leftovers(tmp_path) == []


def _kind(path: Path) -> int:
    return stat.S_IFMT(os.lstat(path).st_mode)


@pytest.mark.parametrize("force", [False, True])
def test_a_fifo_is_refused_and_left_as_it_was_without_blocking(tmp_path: Path, force: bool) -> None:
    fifo = tmp_path / "plan.ics"
    os.mkfifo(fifo)
    with pytest.raises(UsageError, match=r"is a FIFO \(named pipe\); only a regular file is ever replaced"):
        write_atomically(fifo, b"x", force=force)  # would hang here if it opened the FIFO
    assert _kind(fifo) == stat.S_IFIFO
    assert leftovers(tmp_path) == ["plan.ics"]


def test_a_socket_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.ics"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        with pytest.raises(UsageError, match="is a socket"):
            write_atomically(path, b"x", force=True)
        assert _kind(path) == stat.S_IFSOCK


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
def test_a_device_is_refused(tmp_path: Path) -> None:
    device = tmp_path / "null.ics"
    os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # the same device as /dev/null
    with pytest.raises(UsageError, match="is a device"):
        write_atomically(device, b"x", force=True)
    assert _kind(device) == stat.S_IFCHR


def test_dev_null_itself_is_refused() -> None:
    with pytest.raises(UsageError, match="is a device"):
        write_atomically(Path("/dev/null"), b"x", force=True, suffix="")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_folder_named_like_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "plan.ics").mkdir()
    with pytest.raises(UsageError, match="is a folder"):
        write_atomically(tmp_path / "plan.ics", b"x", force=True)


def test_a_link_to_a_regular_file_is_written_through_and_stays_a_link(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    real = tmp_path / "real" / "plan.ics"
    real.write_bytes(b"old")
    link = tmp_path / "link.ics"
    link.symlink_to(real)
    with pytest.raises(UsageError, match="already exists"):
        write_atomically(link, b"new")
    write_atomically(link, b"new", force=True)
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_bytes() == b"new"
    assert leftovers(tmp_path / "real") == ["plan.ics"] and leftovers(tmp_path) == ["link.ics", "real"]


def test_a_link_to_something_else_or_to_nothing_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    (tmp_path / "to-fifo.ics").symlink_to(fifo)
    with pytest.raises(UsageError, match="is a FIFO"):
        write_atomically(tmp_path / "to-fifo.ics", b"x", force=True)
    (tmp_path / "dangling.ics").symlink_to(tmp_path / "nowhere")
    with pytest.raises(UsageError, match="is a link to nothing"):
        write_atomically(tmp_path / "dangling.ics", b"x", force=True)
    assert (tmp_path / "dangling.ics").is_symlink() and not (tmp_path / "nowhere").exists()


def test_the_name_must_end_in_the_files_suffix(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as caught:
        write_atomically(tmp_path / "plan.txt", b"x", why="phones open only .ics files")
    assert "plan.txt does not end in .ics (phones open only .ics files); name it e.g. plan.ics" in caught.value.line()
    write_atomically(tmp_path / "PLAN.ICS", b"x")  # any case
    write_atomically(tmp_path / "plan.html", b"x", suffix=".html")
    assert leftovers(tmp_path) == ["PLAN.ICS", "plan.html"]


def test_control_characters_in_a_path_are_shown_escaped(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as caught:
        write_atomically(tmp_path / "evil\x1b[2J.txt", b"x")
    assert "\x1b" not in caught.value.line() and "evil\\x1b[2J.txt" in caught.value.line()


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_the_mode_is_exactly_what_the_umask_allows_and_the_umask_is_restored(
    tmp_path: Path, umask: int, mode: int
) -> None:
    previous = os.umask(umask)
    try:
        write_atomically(tmp_path / "plan.ics", b"x")
        assert os.umask(umask) == umask  # still the caller's
    finally:
        os.umask(previous)
    assert stat.S_IMODE(os.stat(tmp_path / "plan.ics").st_mode) == mode


@pytest.mark.parametrize("name", ["plan.bak", "plan.txt", "plan", "plan.ics.txt"])
def test_any_other_ending_is_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(UsageError, match=r"does not end in \.ics"):
        write_atomically(tmp_path / name, b"x")
    assert leftovers(tmp_path) == []


def test_the_exact_hints_for_a_folder_and_for_anything_else(tmp_path: Path) -> None:
    (tmp_path / "plan.ics").mkdir()
    with pytest.raises(UsageError) as caught:
        write_atomically(tmp_path / "plan.ics", b"x", force=True)
    assert caught.value.line() == (
        f"{tmp_path / 'plan.ics'} is a folder; only a regular file is ever replaced; "
        f"give a file name inside it, e.g. {tmp_path / 'plan.ics' / 'plan.ics'}"
    )
    os.mkfifo(tmp_path / "pipe.ics")
    with pytest.raises(UsageError) as caught:
        write_atomically(tmp_path / "pipe.ics", b"x", force=True)
    assert caught.value.line() == (
        f"{tmp_path / 'pipe.ics'} is a FIFO (named pipe); only a regular file is ever replaced; "
        "give the name of a file to write"
    )


def test_a_name_the_system_cannot_even_look_up_is_one_clear_error(tmp_path: Path) -> None:
    long = tmp_path / ("x" * 300 + ".ics")  # longer than a file name may be
    with pytest.raises(OutputError) as caught:
        write_atomically(long, b"x")
    assert caught.value.line().endswith(": File name too long; choose another name")
    assert caught.value.exit_code == 1
