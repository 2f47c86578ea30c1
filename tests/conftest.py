"""Shared test setup: offline model loading, no leaked tokens, and the ../shared data folder."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

# CI replays the same examples every run (a red build must mean a regression, not a lucky draw);
# local runs keep exploring new ones.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

# The embedded model must load from its package, never from a hub.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = REPO_ROOT.parent / "shared" / "data"


def _share_the_cores_between_xdist_workers() -> None:
    # torch and BLAS size their thread pools by the cores a process may run on (bot.embeddings does so
    # explicitly), and their idle threads spin. Two xdist workers on 2 cores each ran 2 torch threads:
    # 4 spinning threads on 2 cores, and the model-heavy tests took twice the CPU time (87-94 s against
    # 46 s user for test_tuning/e2e/hostile/embeddings with -n 2). Each worker gets its own share of
    # the cores instead, before anything starts a pool; the processes a test starts inherit it.
    worker, count = os.environ.get("PYTEST_XDIST_WORKER"), os.environ.get("PYTEST_XDIST_WORKER_COUNT")
    if not worker or not count or not hasattr(os, "sched_setaffinity"):
        return
    cores, n, i = sorted(os.sched_getaffinity(0)), int(count), int(worker.removeprefix("gw"))
    mine = cores[i % n :: n] if n <= len(cores) else [cores[i % len(cores)]]
    os.sched_setaffinity(0, mine)


_share_the_cores_between_xdist_workers()


@pytest.fixture(autouse=True)
def _no_real_token(monkeypatch: pytest.MonkeyPatch) -> None:
    # A developer's real GITHUB_TOKEN must never reach a test (or github.com).
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    monkeypatch.delenv("LITBOT_CRASH_AT", raising=False)
    monkeypatch.delenv("LITBOT_CONFIG", raising=False)


@pytest.fixture(autouse=True)
def _short_tuning(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    # Every ranking with the real model tunes a copy of it on the list's titles (20 rounds: seconds
    # per list). Fast tests run the same code with one round (two cost ~7 s more over the suite);
    # slow ones and the backtests run the recipe.
    if request.node.get_closest_marker("slow") is None:
        from bot.ranking import tuning

        monkeypatch.setattr(tuning, "ROUNDS", 1)


_gc_frozen = False


@pytest.fixture(autouse=True)
def _gc_skips_the_libraries() -> Iterator[None]:
    # Tuning runs a full garbage collection before and after (to free a replaced model's 90 MB at once).
    # In one process with torch, transformers and the model loaded that is ~0.3 s, most of it spent
    # walking the libraries' own objects, which live as long as the process: once they are in, they
    # are moved out of the collector's sight (gc.freeze), and the suite runs ~10 s faster.
    yield
    global _gc_frozen
    if not _gc_frozen and "sentence_transformers" in sys.modules:
        gc.collect()
        gc.freeze()
        _gc_frozen = True


@pytest.fixture(autouse=True)
def _each_test_parses_its_lists() -> None:
    # parse_list keeps the texts it parsed: a test that patches the parser must not get another
    # test's result for the same text.
    from bot.lists.parse import _parsed, _parsed_text

    _parsed.cache_clear(), _parsed_text.cache_clear()


@pytest.fixture(scope="session", autouse=True)
def _run_tmp(tmp_path_factory: pytest.TempPathFactory) -> None:
    # A folder all xdist workers of this run share (world.warm_baseline's), removed with the run's
    # other temp folders by pytest. A worker's base temp is <run's>/popen-gwN.
    base = tmp_path_factory.getbasetemp()
    os.environ["LITBOT_TEST_RUN_TMP"] = str(base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base)


@pytest.fixture
def shared_data() -> Path:
    """../shared/data, or a clean skip where the shared folder is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is absent")
    return SHARED_DATA
