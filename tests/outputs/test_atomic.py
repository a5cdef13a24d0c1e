"""The calendar file is written whole or not at all, and never over a file that appeared meanwhile."""

import errno
import os
import socket
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from aftercare_cli.errors import OutputError, UsageError
from aftercare_cli.outputs.atomic import check_target, write_atomically


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
) -> None:
    target = tmp_path / "plan.ics"
    target.write_bytes(b"previous plan")

    def fail(fd: int) -> None:
        raise interruption

    monkeypatch.setattr(os, "fsync", fail)
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

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(OutputError, match=r"cannot write .*plan\.ics: Permission denied"):
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
    assert link.is_symlink()
    assert os.readlink(link) == str(real)
    assert real.read_bytes() == b"new"
    assert leftovers(tmp_path / "real") == ["plan.ics"]
    assert leftovers(tmp_path) == ["link.ics", "real"]


def test_a_link_to_something_else_or_to_nothing_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    (tmp_path / "to-fifo.ics").symlink_to(fifo)
    with pytest.raises(UsageError, match="is a FIFO"):
        write_atomically(tmp_path / "to-fifo.ics", b"x", force=True)
    (tmp_path / "dangling.ics").symlink_to(tmp_path / "nowhere")
    with pytest.raises(UsageError, match="is a link to nothing"):
        write_atomically(tmp_path / "dangling.ics", b"x", force=True)
    assert (tmp_path / "dangling.ics").is_symlink()
    assert not (tmp_path / "nowhere").exists()


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
    assert "\x1b" not in caught.value.line()
    assert "evil\\x1b[2J.txt" in caught.value.line()


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
    assert caught.value.line().endswith(": File name too long; choose a shorter name")
    assert caught.value.exit_code == 1


PLAN = ["plan", "--peel", "jessner", "--at", "2026-11-26 14:30", "--tz", "Pacific/Auckland"]


@pytest.mark.parametrize("force", [False, True])
def test_two_desks_writing_one_name_at_once(tmp_path: Path, held_desk, force: bool) -> None:
    target = tmp_path / "out" / "plan.ics"
    target.parent.mkdir()
    extra = ["--force"] if force else []
    first = held_desk(*PLAN, "--patient", "First", "--ics", str(target), *extra)
    first.wait_until_held()  # its calendar is on disk under a temporary name: now the second desk writes
    second = subprocess.run(
        [sys.executable, "-m", "aftercare_cli", *PLAN, "--patient", "Second", "--ics", str(target), *extra],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    first.release()
    code, first_err = first.finish()
    assert second.returncode == 0, second.stderr
    written = target.read_bytes()
    if force:  # both wrote, the held one last: its whole file, as --force promises
        assert code == 0, first_err
        assert b"First" in written
        assert b"Second" not in written
        assert written.endswith(b"END:VCALENDAR\r\n")
    else:  # exactly one desk wrote; the other was told, and the second desk's file is untouched
        assert code == 2
        assert first_err == (
            f"aftercare: error: {target} already exists (it was made while this plan was being written); "
            "add --force to replace it, or choose another name\n"
        )
        assert b"Second" in written
        assert b"First" not in written
    assert leftovers(target.parent) == ["plan.ics"]


def test_a_file_made_during_the_write_is_never_replaced_without_force(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "plan.ics"
    real_fsync = os.fsync

    def someone_else_writes(fd: int) -> None:
        real_fsync(fd)
        target.write_bytes(b"another patient's plan")

    monkeypatch.setattr(os, "fsync", someone_else_writes)
    with pytest.raises(UsageError, match="already exists"):
        write_atomically(target, b"this patient's plan")
    assert target.read_bytes() == b"another patient's plan"
    assert leftovers(tmp_path) == ["plan.ics"]


@pytest.mark.parametrize("someone_else", [False, True])
def test_without_hard_links_the_name_is_claimed_exclusively(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, someone_else: bool
) -> None:
    target = tmp_path / "plan.ics"

    def no_links(*_: object) -> None:  # a FAT stick or a network share
        if someone_else:
            target.write_bytes(b"another patient's plan")
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    if someone_else:
        with pytest.raises(UsageError, match="already exists"):
            write_atomically(target, b"this patient's plan")
        assert target.read_bytes() == b"another patient's plan"
    else:
        write_atomically(target, b"this patient's plan")
        assert target.read_bytes() == b"this patient's plan"
        assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~_umask()
    assert leftovers(tmp_path) == ["plan.ics"]


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


@pytest.mark.parametrize("name", ["x" * 246 + ".ics", "x" * 251 + ".ics", "\u00e9" * 125 + ".ics"])
def test_a_name_as_long_as_the_system_allows_is_written(tmp_path: Path, name: str) -> None:
    assert len(os.fsencode(name)) >= 250  # 250, 255 and 254 bytes: legal names, too long with a suffix added
    write_atomically(tmp_path / name, b"x")
    assert leftovers(tmp_path) == [name]


def test_every_refusal_that_can_be_known_comes_before_any_write(tmp_path: Path) -> None:
    (tmp_path / "old.ics").write_bytes(b"old")
    for path, error, words in [
        (tmp_path / "plan.txt", UsageError, "does not end in .ics"),
        (tmp_path / "old.ics", UsageError, "already exists"),
        (tmp_path / "missing" / "plan.ics", OutputError, "missing does not exist"),
        (tmp_path / "old.ics" / "plan.ics", OutputError, "Not a directory"),
    ]:
        with pytest.raises(error, match=words):
            check_target(path)
    check_target(tmp_path / "old.ics", force=True)
    check_target(tmp_path / "new.ics")
    assert leftovers(tmp_path) == ["old.ics"]


def test_a_folder_that_cannot_be_written_is_said_before_writing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "access", lambda *_: False)  # simulated: the tests may run as root
    with pytest.raises(OutputError) as caught:
        check_target(tmp_path / "plan.ics")
    assert (
        caught.value.line()
        == f"cannot write {tmp_path / 'plan.ics'}: Permission denied; choose a folder you can write to"
    )


@pytest.mark.parametrize(
    ("number", "hint"),
    [
        (errno.ENOSPC, "free some space on the disk, or choose another folder"),
        (errno.EIO, "check the disk and the folder"),
    ],
)
def test_a_failed_write_gets_the_hint_for_its_cause(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, number: int, hint: str
) -> None:
    def fail(fd: int) -> None:
        raise OSError(number, os.strerror(number))

    monkeypatch.setattr(os, "fsync", fail)
    with pytest.raises(OutputError) as caught:
        write_atomically(tmp_path / "plan.ics", b"x")
    assert caught.value.line() == f"cannot write {tmp_path / 'plan.ics'}: {os.strerror(number)}; {hint}"
    assert leftovers(tmp_path) == []


def test_a_folder_name_with_escapes_and_a_newline_is_shown_escaped(tmp_path: Path) -> None:
    folder = tmp_path / "evil\x1b]0;owned\x07\nfolder"
    with pytest.raises(OutputError) as caught:
        write_atomically(folder / "plan.ics", b"x")
    assert "\x1b" not in caught.value.line()
    assert "\n" not in caught.value.line()
    assert "evil\\x1b]0;owned\\x07\\x0afolder" in caught.value.line()


def test_without_following_links_a_link_is_refused_even_with_force(tmp_path: Path) -> None:
    # A batch's folder: a link planted under a row's name must not carry a plan onto another file.
    kept = tmp_path / "rules.yaml"
    kept.write_text("the clinic's rules")
    link = tmp_path / "0002-ana.json"
    link.symlink_to(kept)
    for force in (False, True):
        with pytest.raises(OutputError, match=r"is a link; files are written in .* only as regular files"):
            write_atomically(link, b"{}", force=force, suffix=".json", follow_links=False)
    assert kept.read_text() == "the clinic's rules"
    assert leftovers(tmp_path) == ["0002-ana.json", "rules.yaml"]


def test_staged_files_take_their_names_only_when_committed(tmp_path: Path) -> None:
    from aftercare_cli.outputs.atomic import commit, discard, stage

    first = stage(tmp_path / "a.json", b"1", suffix=".json", follow_links=False)
    second = stage(tmp_path / "b.json", b"2", suffix=".json", follow_links=False)
    assert [name for name in leftovers(tmp_path) if not name.startswith(".")] == []
    commit(first)
    (tmp_path / "b.json").write_text("made meanwhile")
    with pytest.raises(UsageError, match="was made while this plan was being written"):
        commit(second)
    discard(first)
    discard(second)
    assert leftovers(tmp_path) == ["a.json", "b.json"]
    assert (tmp_path / "b.json").read_text() == "made meanwhile"
