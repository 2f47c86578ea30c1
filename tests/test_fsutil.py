"""Atomic writes: what a write leaves behind besides the new bytes."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from bot.errors import InputError
from bot.fsutil import atomic_write_text, os_reason, read_input_text


@pytest.fixture
def umask_022() -> None:
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_a_new_file_gets_the_usual_mode_not_the_temporary_files(tmp_path: Path, umask_022: None) -> None:
    # A config written by `litbot init` is bind-mounted into the container, which runs as another user:
    # with the temporary file's 0600 it could not be read there.
    atomic_write_text(tmp_path / "litbot.yaml", "list: {}\n")
    assert stat.S_IMODE((tmp_path / "litbot.yaml").stat().st_mode) == 0o644


def test_an_existing_file_keeps_its_mode(tmp_path: Path, umask_022: None) -> None:
    secret = tmp_path / "private.md"
    secret.write_text("old")
    secret.chmod(0o600)
    atomic_write_text(secret, "new")
    assert secret.read_text() == "new" and stat.S_IMODE(secret.stat().st_mode) == 0o600


def test_a_symbolic_link_is_written_through_and_stays_a_link(tmp_path: Path) -> None:
    real = tmp_path / "docs" / "README.md"
    real.parent.mkdir()
    real.write_text("old")
    link = tmp_path / "README.md"
    link.symlink_to(real)
    atomic_write_text(link, "new")
    assert link.is_symlink() and real.read_text() == "new"


def test_a_pipe_or_device_is_refused_and_left_as_it_was(tmp_path: Path) -> None:
    # `--out /dev/null --force` replaced /dev/null with a regular file.
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    with pytest.raises(InputError, match="pipe: not a regular file"):
        atomic_write_text(pipe, "text")
    assert stat.S_ISFIFO(pipe.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]  # no temporary file left either


def test_a_folder_is_refused_with_the_os_reason_and_left_as_it_was(tmp_path: Path) -> None:
    # A folder is the OS's to refuse (its own words, "Is a directory"), not "not a regular file".
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "kept.md").write_text("mine")
    with pytest.raises(InputError, match=r"out: Is a directory; cannot write it, give a writable file path"):
        atomic_write_text(folder, "text")
    assert (folder / "kept.md").read_text() == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no temporary file left beside it


def test_a_path_through_a_file_says_not_a_directory_as_reading_one_does(tmp_path: Path) -> None:
    # mkdir's own "File exists" read as if the file to write existed: it is the folder that is a file.
    (tmp_path / "afile").write_text("mine")
    for path in (tmp_path / "afile" / "new.md", tmp_path / "afile" / "sub" / "new.md"):
        with pytest.raises(InputError) as caught:
            atomic_write_text(path, "text")
        assert str(caught.value) == f"{path}: Not a directory; cannot write it, give a writable file path"
    assert (tmp_path / "afile").read_text() == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["afile"]


def test_missing_folders_on_the_way_are_made(tmp_path: Path) -> None:
    atomic_write_text(tmp_path / "a" / "b" / "list.md", "text")
    assert (tmp_path / "a" / "b" / "list.md").read_text() == "text"


def test_reading_the_umask_leaves_it_as_it_was(tmp_path: Path) -> None:
    old = os.umask(0o077)
    try:
        atomic_write_text(tmp_path / "private.yaml", "x")
        assert os.umask(0o077) == 0o077  # still the caller's, not the 022 used to read it
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "private.yaml").stat().st_mode) == 0o600


def test_the_temporary_file_is_a_hidden_one_beside_the_target(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Beside it: a rename across file systems is no atomic replace. Hidden: a crash mid-write leaves
    # no stray file that looks like the user's own.
    import bot.fsutil

    moves: list[tuple[Path, Path]] = []
    real = os.replace

    def spy(src: str, dst: Path) -> None:
        moves.append((Path(src), Path(dst)))
        real(src, dst)

    monkeypatch.setattr(bot.fsutil.os, "replace", spy)
    atomic_write_text(tmp_path / "list.md", "text")
    [(src, dst)] = moves
    assert src.parent == dst.parent == tmp_path and src.name.startswith(".list.md.")


def test_text_is_written_as_utf8(tmp_path: Path) -> None:
    atomic_write_text(tmp_path / "list.md", "Zürich — naïve ☃")
    assert (tmp_path / "list.md").read_bytes() == "Zürich — naïve ☃".encode()


def test_the_os_reason_is_its_own_words_or_the_message_where_it_has_none() -> None:
    not_a_folder = OSError(errno.ENOTDIR, "Not a directory", "list.md")
    assert os_reason("list.md", not_a_folder) == "list.md: Not a directory"
    assert os_reason("list.md", OSError("name too odd")) == "list.md: name too odd"


def test_an_input_file_that_is_missing_a_folder_or_not_utf8_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "latin1.jsonl").write_bytes("café".encode("latin-1"))
    (tmp_path / "afile").write_text("x")
    for name, message in (
        ("missing.jsonl", "missing.jsonl: file not found; give the path of a JSONL file"),
        (".", ": is a directory; give the path of a JSONL file"),
        ("latin1.jsonl", "latin1.jsonl:1: not UTF-8 text; save a JSONL file as UTF-8"),
        ("afile/c.jsonl", "afile/c.jsonl: Not a directory; give the path of a JSONL file"),
    ):
        with pytest.raises(InputError) as caught:
            read_input_text(str(tmp_path / name), "a JSONL file")
        assert str(caught.value).endswith(message), (name, str(caught.value))


def test_an_unreadable_input_file_says_permission_denied(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Faked: a chmod 000 file is readable to root, who runs the container and CI.
    import bot.fsutil

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(bot.fsutil, "open", denied, raising=False)
    with pytest.raises(InputError, match=r"c\.jsonl: not readable \(permission denied\)$"):
        read_input_text(str(tmp_path / "c.jsonl"), "a JSONL file")


def test_a_byte_order_mark_is_not_read_as_text(tmp_path: Path) -> None:
    (tmp_path / "c.jsonl").write_bytes(b"\xef\xbb\xbf{}\n")
    assert read_input_text(str(tmp_path / "c.jsonl"), "a JSONL file") == "{}\n"
