"""Atomic writes: what a write leaves behind besides the new bytes."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from bot.errors import InputError
from bot.fsutil import atomic_write_text


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
