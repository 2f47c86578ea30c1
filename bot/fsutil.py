"""Atomic file writes (a crash leaves the old file or the new one, never half of either) and reading
the user's input files with one-line errors."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from bot.errors import InputError


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically; a path the OS refuses (a folder, a folder without
    write permission, a path through a file) is one InputError, with the target left as it was.

    A symbolic link is written through (the file it names changes, the link stays a link), and a
    device or pipe is refused: replacing it would swap ``/dev/null`` for a file. A new file gets the
    mode any program would give it (0644 under the usual umask), where a temporary file has 0600: a
    config written by ``litbot init`` must be readable by the container's own user."""
    target = Path(os.path.realpath(path))
    try:
        if target.exists() and not target.is_file() and not target.is_dir():  # a folder: the OS says so
            raise InputError(f"{path}: not a regular file; give the path of a file to write")
        _replace(target, data)
    except OSError as exc:
        raise InputError(f"{os_reason(path, exc)}; cannot write it, give a writable file path") from None


def _new_file_mode() -> int:
    umask = os.umask(0o022)  # the only portable way to read it is to set it: put it straight back
    os.umask(umask)
    return 0o666 & ~umask


def _replace(target: Path, data: bytes) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except FileExistsError:  # the folder is a file; mkdir's "File exists" read as if the target were one
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(target.parent)) from None
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, target.stat().st_mode & 0o777 if target.exists() else _new_file_mode())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def keep_out_of_git(folder: Path, what: str) -> None:
    """Give ``folder`` a `.gitignore` of `*` (as pytest marks its cache) where it has none: made inside
    a list's checkout, litbot's files would go into the list's history with a `git add -A`."""
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text(f"# Made by litbot: {what}, kept out of git.\n*\n", encoding="utf-8")


def atomic_write_text(path: str | os.PathLike[str], text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def os_reason(path: str | os.PathLike[str], exc: OSError) -> str:
    """One line for an OS error no message of ours names (a path through a file, a name too long...):
    the path and the OS's own reason, which says more than a guess of ours would."""
    return f"{path}: {exc.strerror or exc}"


def read_input_text(path: str, what: str) -> str:
    """A UTF-8 input file's text; missing, a folder, unreadable or not UTF-8 is one InputError naming
    ``what`` ("a JSONL file")."""
    try:
        with open(path, encoding="utf-8-sig") as fh:  # a byte-order mark (Windows editors) is no text
            return fh.read()
    except FileNotFoundError:
        raise InputError(f"{path}: file not found; give the path of {what}") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory; give the path of {what}") from None
    except PermissionError:
        raise InputError(f"{path}: not readable (permission denied)") from None
    except OSError as exc:
        raise InputError(f"{os_reason(path, exc)}; give the path of {what}") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}:{_first_bad_line(path)}: not UTF-8 text; save {what} as UTF-8") from None


def _first_bad_line(path: str) -> int:
    """The number of the first line of a file that is not UTF-8: the one to fix, in a file of thousands."""
    with open(path, "rb") as fh:
        for number, line in enumerate(fh, 1):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                return number
    return 1  # a character cut off at the very end, say
