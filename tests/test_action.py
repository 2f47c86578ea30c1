"""The Action's state steps (action.yml) run for real: bash, git, a bare "origin" repository and litbot.

GitHub runs composite `run:` steps with `bash --noprofile --norc -eo pipefail`; so do these tests. The
steps between (setup-python, cache, install, the cycle itself) are GitHub's or are tested elsewhere.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bot.paper import Paper
from bot.state import State

ROOT = Path(__file__).resolve().parent.parent
BRANCH = "litbot-state"


def action_step(prefix: str) -> str:
    steps = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))["runs"]["steps"]
    (step,) = [s for s in steps if s.get("name", "").startswith(prefix)]
    return step["run"]


def git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def origin(tmp_path: Path) -> Path:
    bare = tmp_path / "origin.git"
    git("init", "--quiet", "--bare", "--initial-branch=main", str(bare), cwd=tmp_path)
    seed = tmp_path / "seed"
    git("clone", "--quiet", str(bare), str(seed), cwd=tmp_path)
    (seed / "README.md").write_text("# A list\n", encoding="utf-8")
    git("add", "README.md", cwd=seed)
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "--quiet", "-m", "init", cwd=seed)
    git("push", "--quiet", "origin", "HEAD:main", cwd=seed)
    return bare


def checkout(origin: Path, where: Path) -> Path:
    """What actions/checkout leaves: a shallow clone of main."""
    git("clone", "--quiet", "--depth=1", f"file://{origin}", str(where), cwd=origin.parent)
    return where


def run_step(prefix: str, workspace: Path, **inputs: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "STATE_BRANCH": BRANCH, "STATE_DIR": ".litbot-state", "GITHUB_RUN_ID": "42",
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}", **inputs}
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", action_step(prefix)],
                          cwd=workspace, env=env, capture_output=True, text=True, timeout=120)


def seen_count(workspace: Path) -> int:
    with State(workspace / ".litbot-state") as state:
        return state.seen_count()


def test_state_round_trips_through_the_state_branch(origin: Path, tmp_path: Path) -> None:
    first = checkout(origin, tmp_path / "job1")
    restored = run_step("Restore state", first)
    assert restored.returncode == 0, restored.stderr
    assert f"no {BRANCH} branch yet" in restored.stdout and seen_count(first) == 0
    with State(first / ".litbot-state") as state:
        state.record_seen([Paper(title="Fooling LIME and SHAP", id="1911.02508")])
    pushed = run_step("Push state", first)
    assert pushed.returncode == 0, pushed.stderr
    # One orphan commit holding only the database; main and the workspace are untouched.
    assert git("ls-tree", "--name-only", BRANCH, cwd=origin).split() == ["litbot.sqlite"]
    assert git("rev-list", "--count", BRANCH, cwd=origin).strip() == "1"
    assert git("ls-tree", "--name-only", "main", cwd=origin).split() == ["README.md"]
    assert "litbot state after run 42" in git("log", "-1", "--format=%s", BRANCH, cwd=origin)
    assert git("status", "--porcelain", "--untracked-files=no", cwd=first) == ""
    assert len(git("worktree", "list", cwd=first).splitlines()) == 1

    second = checkout(origin, tmp_path / "job2")  # the next scheduled run, on a fresh runner
    restored = run_step("Restore state", second)
    assert restored.returncode == 0, restored.stderr
    assert seen_count(second) == 1
    assert run_step("Push state", second).stdout.strip().endswith("state unchanged")
    with State(second / ".litbot-state") as state:
        state.record_seen([Paper(title="Interpretation of neural networks is fragile", id="1710.10547")])
    assert run_step("Push state", second).returncode == 0
    # Still one commit: each run replaces the database, no run's copy stays in the branch's history.
    assert git("rev-list", "--count", BRANCH, cwd=origin).strip() == "1"

    third = checkout(origin, tmp_path / "job3")
    assert run_step("Restore state", third).returncode == 0 and seen_count(third) == 2


def test_a_run_never_overwrites_state_another_run_pushed_after_its_restore(origin: Path, tmp_path: Path
                                                                           ) -> None:
    early, late = checkout(origin, tmp_path / "early"), checkout(origin, tmp_path / "late")
    for job, title in ((early, "First paper"), (late, "Second paper")):
        assert run_step("Restore state", job).returncode == 0
        with State(job / ".litbot-state") as state:
            state.record_seen([Paper(title=title)])
    assert run_step("Push state", late).returncode == 0
    refused = run_step("Push state", early)  # restored before `late` pushed: its state is stale
    assert refused.returncode != 0
    again = checkout(origin, tmp_path / "again")
    assert run_step("Restore state", again).returncode == 0
    with State(again / ".litbot-state") as state:
        assert [p.title for p in state.seen_papers()] == ["Second paper"]


def test_unreachable_origin_fails_the_restore_instead_of_starting_empty(origin: Path, tmp_path: Path) -> None:
    job = checkout(origin, tmp_path / "job")
    git("remote", "set-url", "origin", str(tmp_path / "gone.git"), cwd=job)
    restored = run_step("Restore state", job)
    # Starting empty here would push a fresh database over the real state at the end of the job.
    assert restored.returncode != 0 and f"cannot read the {BRANCH} branch" in restored.stderr
    assert not (job / ".litbot-state" / "litbot.sqlite").exists()


def test_a_broken_database_is_never_pushed(origin: Path, tmp_path: Path) -> None:
    job = checkout(origin, tmp_path / "job")
    assert run_step("Restore state", job).returncode == 0
    with State(job / ".litbot-state") as state:
        state.db.execute("UPDATE meta SET value='999' WHERE key='schema_version'")
    pushed = run_step("Push state", job)
    assert pushed.returncode != 0
    assert git("branch", "--list", BRANCH, cwd=origin).strip() == ""


def test_a_failed_restore_leaves_no_state_and_nothing_is_pushed(origin: Path, tmp_path: Path) -> None:
    # A state branch without the database (someone's stray commit): `git show` failed after its redirect
    # had made an empty file, the always-run push step passed that to `state check`, which made a fresh
    # database of it, and pushed the fresh database over the branch.
    seed = checkout(origin, tmp_path / "stray")
    git("checkout", "--quiet", "--orphan", BRANCH, cwd=seed)
    git("rm", "--quiet", "-rf", ".", cwd=seed)
    (seed / "notes.txt").write_text("not a database\n", encoding="utf-8")
    git("add", "notes.txt", cwd=seed)
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "--quiet", "-m", "stray", cwd=seed)
    git("push", "--quiet", "origin", f"{BRANCH}:{BRANCH}", cwd=seed)
    before = git("rev-parse", BRANCH, cwd=origin)

    job = checkout(origin, tmp_path / "job")
    assert run_step("Restore state", job).returncode != 0
    assert not (job / ".litbot-state" / "litbot.sqlite").exists()
    pushed = run_step("Push state", job)
    assert pushed.returncode != 0 and "not restored" in pushed.stdout
    assert git("rev-parse", BRANCH, cwd=origin) == before


def test_the_drop_input_drops_pending_papers_from_the_pushed_state(origin: Path, tmp_path: Path) -> None:
    # A run's warning says `litbot state drop KEY...`; on the Action, the state is on a branch.
    job = checkout(origin, tmp_path / "job")
    assert run_step("Restore state", job).returncode == 0
    stuck = [Paper(title="Refused once", id="2301.00001"), Paper(title="Refused twice", id="2301.00002")]
    with State(job / ".litbot-state") as state:
        for paper in stuck:
            state.upsert_proposal(paper, "pending", section="Attacks", branch=f"litbot/{paper.id}", score=0.9)
    refused = run_step("Drop pending papers", job, DROP=f"{stuck[0].key} arxiv:9999.99999")
    assert refused.returncode != 0 and "no proposal for" in refused.stderr  # all or none
    dropped = run_step("Drop pending papers", job, DROP=f" {stuck[0].key}  {stuck[1].key} ")
    assert dropped.returncode == 0, dropped.stderr
    assert run_step("Push state", job).returncode == 0
    pushed = tmp_path / "pushed"
    pushed.mkdir()
    (pushed / "litbot.sqlite").write_bytes(subprocess.run(
        ["git", "show", f"{BRANCH}:litbot.sqlite"], cwd=origin, check=True, capture_output=True).stdout)
    with State(pushed) as state:
        assert {state.get_proposal(p.key).status for p in stuck} == {"dropped"}
