"""scripts/bootstrap (the README's first command) refuses a Python older than 3.11 up front.

Run against a copy of the script with a stand-in interpreter that fails every call, as an old Python
fails the version check: the script must stop before pip, so nothing here touches the network."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def project(tmp_path: Path) -> Path:
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "bootstrap", tmp_path / "scripts" / "bootstrap")
    old = tmp_path / "old-python"
    old.write_text("#!/bin/sh\nexit 1\n")
    old.chmod(0o755)
    return tmp_path


def bootstrap(root: Path, python: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", str(root / "scripts" / "bootstrap")], cwd=root, capture_output=True,
                          text=True, env={**os.environ, "PYTHON": python}, timeout=60)


def test_an_old_python_is_named_before_a_venv_is_made(tmp_path: Path) -> None:
    root = project(tmp_path)
    done = bootstrap(root, str(root / "old-python"))
    assert done.returncode == 2 and not (root / ".venv").exists()
    assert "3.11" in done.stderr and "PYTHON=python3.11 scripts/bootstrap" in done.stderr, done.stderr


def test_a_venv_left_by_an_old_python_is_named_not_reused(tmp_path: Path) -> None:
    # A first try with an old python3 left .venv behind; PYTHON=python3.11 on the re-run kept it, and
    # pip refused litbot in it again.
    root = project(tmp_path)
    (root / ".venv" / "bin").mkdir(parents=True)
    shutil.copy(root / "old-python", root / ".venv" / "bin" / "python")
    done = bootstrap(root, "python3")
    assert done.returncode == 2, done.stderr
    assert "rm -rf .venv" in done.stderr, done.stderr
