"""`litbot run` with a broken config or environment: exactly one stderr line, exit code 2, nothing written.

test_config.py checks each message at the load_config level (and one through `state show`); here every
kind goes through the command a cron job actually runs, which also reads --since and the token.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from pathlib import Path

import pytest

from bot import cli
from bot.cli import main
from bot.paper import Paper
from bot.state import State

GOOD = """\
list:
  repo: owner/list
  local_path: list.md
sources:
  arxiv:
    enabled: false
state:
  dir: {state}
"""

CASES = {
    "unknown-top-key": ("colour: blue\n", ["unknown key 'colour'"]),
    "unknown-nested-key": ("github:\n  max_open_pr: 3\n", ["unknown key 'github.max_open_pr'"]),
    "wrong-type-number": ("ranking:\n  min_score: high\n", ["ranking.min_score"]),
    "wrong-type-list": ("github:\n  labels: {a: 1}\n", ["github.labels"]),
    "wrong-type-section": ("sources: 3\n", ["sources"]),
    "out-of-range": ("github:\n  max_open_prs: -1\n", ["github.max_open_prs"]),
    "bad-cron-field": ("schedule:\n  cron: '61 * * * *'\n", ["schedule.cron"]),
    "bad-cron-words": ("schedule:\n  cron: every day at six\n", ["schedule.cron"]),
    "bad-yaml-indent": ("list:\n  repo: a/b\n   path: x\n", ["invalid YAML at line"]),
    "bad-yaml-tab": ("list:\n\trepo: a/b\n", ["invalid YAML at line 2, column 1", "found character '\\t'",
                                               "spaces, not tabs"]),
    "top-level-list": ("- a\n- b\n", ["top level must be a mapping"]),
    "top-level-empty-list": ("[]\n", ["top level must be a mapping"]),
    "top-level-false": ("false\n", ["top level must be a mapping"]),
    "top-level-zero": ("0\n", ["top level must be a mapping"]),
    "bad-repo-shape": ("list:\n  repo: a/b/c\n", ["list.repo", "owner/name"]),
}


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.err.strip().splitlines()


@pytest.mark.parametrize("name", CASES)
def test_bad_config_is_one_line_exit_2_and_writes_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    text, fragments = CASES[name]
    config = tmp_path / "litbot.yaml"
    config.write_text(text)  # state.dir defaults to state/ beside the file, where we look below
    monkeypatch.setenv("GITHUB_TOKEN", "unused")
    code, err = _run(["run", "--config", str(config)], capsys)
    assert code == 2
    assert len(err) == 1, err
    assert err[0].startswith(f"litbot: error: {config}")
    for fragment in fragments:
        assert fragment in err[0]
    assert not (tmp_path / "state").exists()


def _good(tmp_path: Path) -> Path:
    config = tmp_path / "litbot.yaml"
    config.write_text(GOOD.format(state=tmp_path / "state"))
    entry = "* [A paper on saliency](https://arxiv.org/abs/2001.00001)"
    (tmp_path / "list.md").write_text(f"# L\n\n## Papers\n\n{entry}\n")
    return config


@pytest.mark.parametrize("argv,fragments", [
    pytest.param(["run"], ["GITHUB_TOKEN is not set", "--dry-run"], id="missing-token"),
    pytest.param(["run", "--dry-run", "--since", "last week"], ["--since", "YYYY-MM-DD"], id="bad-since"),
])
def test_environment_and_argument_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                         argv: list[str], fragments: list[str]) -> None:
    config = _good(tmp_path)
    code, err = _run([*argv, "--config", str(config)], capsys)
    assert code == 2 and len(err) == 1, err
    assert err[0].startswith("litbot: error: ")
    for fragment in fragments:
        assert fragment in err[0]
    assert not (tmp_path / "state").exists()


@pytest.mark.parametrize("since", ["last week", "20210101", "2021-W01", "2021-02-30", "2021-1-5"])
@pytest.mark.parametrize("command", [
    ["run", "--dry-run"], ["fetch"], ["backtest", "--repo", ".", "--candidates", "c.jsonl"]])
def test_every_since_reads_one_form_and_refuses_the_rest_in_one_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str], since: str) -> None:
    # One reading for the three commands' --since: Python's date parser would take "20210101" and
    # "2021-W01", which `backtest` refused and `run` and `fetch` took.
    config = _good(tmp_path)
    code, err = _run([*command, "--since", since, "--config", str(config)], capsys)
    assert code == 2 and err == [f"litbot: error: --since {since!r}: not a date; use YYYY-MM-DD"], err
    assert not (tmp_path / "state").exists()


def test_missing_and_unreadable_config_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nope.yaml"
    code, err = _run(["run", "--dry-run", "--config", str(missing)], capsys)
    assert code == 2 and len(err) == 1 and "not found" in err[0] and "litbot init" in err[0]
    binary = tmp_path / "latin1.yaml"
    binary.write_bytes("list:\n  path: caf\xe9.md\n".encode("latin-1"))
    code, err = _run(["run", "--dry-run", "--config", str(binary)], capsys)
    assert code == 2 and len(err) == 1 and "UTF-8" in err[0]
    folder = tmp_path / "dir.yaml"
    folder.mkdir()
    code, err = _run(["run", "--dry-run", "--config", str(folder)], capsys)
    assert code == 2 and len(err) == 1, err


@pytest.mark.parametrize("command, token", [
    (["run", "--dry-run"], ""), (["run"], "t"), (["serve", "--once"], "t"),
])
def test_no_config_file_outside_the_project_root_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, command: list[str],
    token: str,
) -> None:
    # Run on the defaults, it said "list.local_path is not set ..." (or "list.repo is not set"), as if
    # the maintainer's config lacked a key, when litbot had found no config at all.
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("LITBOT_CONFIG", raising=False)
    monkeypatch.setenv("GITHUB_TOKEN", token)
    code, err = _run([*command, "--state", str(tmp_path / "state")], capsys)
    assert code == 2 and len(err) == 1, err
    assert "no config file (config/litbot.yaml is not in" in err[0] and "litbot init" in err[0]


def test_a_good_config_passes_the_same_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The control: the config the error cases start from really runs (no sources, so no model work).
    config = _good(tmp_path)
    code, err = _run(["run", "--dry-run", "--json", "--config", str(config)], capsys)
    assert code == 0, err


def test_a_reader_that_leaves_early_gets_no_traceback(shared_data: Path) -> None:
    # `litbot list show --json LIST | head -1`: ~100 KB of JSON into a pipe whose reader is gone.
    import subprocess
    import sys

    cmd = [sys.executable, "-m", "bot.cli", "list", "show", "--json",
           str(shared_data / "lists" / "awesome-advxai-2021-12-17.md")]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            cwd=Path(__file__).resolve().parent.parent)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 141 and "Traceback" not in err and "BrokenPipe" not in err, err


@pytest.mark.parametrize("argv", [
    ["rank", "--list", "{list}", "--candidates", "{dir}"],
    ["list", "add", "{list}", "--paper", "{dir}", "--section", "Attacks"],
    # It said "not a UTF-8 YAML file", as if the folder were a file in another encoding.
    ["rank", "--list", "{list}", "--candidates", "{list}", "--config", "{dir}"],
])
def test_a_folder_where_a_file_belongs_is_one_line(
    argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    listing = tmp_path / "list.md"
    listing.write_text("# L\n\n## Attacks\n\n* [A](https://arxiv.org/abs/2101.00001)\n", encoding="utf-8")
    assert main([a.format(dir=tmp_path, list=listing) for a in argv]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "is a directory" in err[0], err


@pytest.mark.parametrize("config", ["", "list:\n  local_path: adir\n"])
def test_a_dry_run_whose_list_cannot_be_read_leaves_no_state(
    config: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # It made state/litbot.sqlite next to the config, and recorded a failed run in it, before saying
    # the config names no list it can read: an error in the config leaves nothing behind.
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    (tmp_path / "cfg" / "adir").mkdir(parents=True)
    (tmp_path / "cfg" / "c.yaml").write_text(config, encoding="utf-8")
    assert main(["run", "--dry-run", "--config", str(tmp_path / "cfg" / "c.yaml")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "c.yaml" in err[0], err
    assert sorted(p.name for p in (tmp_path / "cfg").iterdir()) == ["adir", "c.yaml"]


def test_misfire_grace_must_be_positive(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["serve", "--misfire-grace", "0", "--once"])
    assert exit_info.value.code == 2 and "1 or more" in capsys.readouterr().err


def test_a_failed_command_with_json_logs_ends_in_a_json_record(tmp_path: Path, capsys) -> None:
    missing = tmp_path / "nowhere.yaml"
    assert main(["--log-format", "json", "state", "show", "--config", str(missing)]) == 2
    records = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    assert records[-1]["level"] == "error" and "config file not found" in records[-1]["msg"]


@pytest.mark.parametrize("argv", [
    ["state", "show", "--log-format", "json", "--config", "MISSING"],
    ["state", "--log-format", "json", "show", "--config", "MISSING"],
    ["--log-format", "text", "state", "show", "--log-format", "json", "--config", "MISSING"],
])
def test_global_flags_work_after_the_subcommand_too(tmp_path: Path, capsys, argv: list[str]) -> None:
    # `litbot run --log-format json` was "unrecognized arguments".
    argv = [a.replace("MISSING", str(tmp_path / "nowhere.yaml")) for a in argv]
    assert main(argv) == 2
    records = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    assert records[-1]["level"] == "error" and "config file not found" in records[-1]["msg"]


def test_a_global_flag_before_the_subcommand_stands(tmp_path: Path, capsys) -> None:
    assert main(["--log-format", "json", "state", "show", "--config", str(tmp_path / "nowhere.yaml")]) == 2
    assert json.loads(capsys.readouterr().err.splitlines()[-1])["level"] == "error"


def test_a_summary_is_an_object_in_json_logs_and_json_text_in_plain_ones(monkeypatch) -> None:
    from bot.logs import JsonFormatter, RedactingFormatter

    monkeypatch.setenv("GITHUB_TOKEN", "ghp_secret123")
    record = logging.LogRecord("bot", logging.INFO, __file__, 1, "cycle summary", None, None)
    record.data = {"proposals": {"opened": 1}, "errors": ["GET failed with ghp_secret123"]}
    entry = json.loads(JsonFormatter().format(record))
    assert entry["msg"] == "cycle summary"
    assert entry["data"] == {"proposals": {"opened": 1}, "errors": ["GET failed with ***"]}
    text = RedactingFormatter("%(message)s").format(record)
    assert text == 'cycle summary: {"proposals": {"opened": 1}, "errors": ["GET failed with ***"]}'


def test_no_command_prints_the_help_and_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "usage: litbot" in capsys.readouterr().out


def test_ctrl_c_is_one_line_and_exit_130(monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    from bot.commands import state_cmd

    def interrupted(args: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(state_cmd, "cmd_show", interrupted)
    assert main(["state", "show"]) == 130
    assert capsys.readouterr().err == "litbot: interrupted\n"


def test_verbose_turns_on_debug_logging(tmp_path: Path) -> None:
    missing = str(tmp_path / "nowhere.yaml")
    main(["-v", "state", "show", "--config", missing])
    assert logging.getLogger().level == logging.DEBUG
    main(["state", "show", "--config", missing])
    assert logging.getLogger().level == logging.INFO


def test_sigterm_handling_puts_back_the_previous_handler_and_stays_out_of_other_threads() -> None:
    import signal
    import threading

    from bot.commands import sigterm_interrupts

    def mine(signum: int, frame: object) -> None:
        pass

    previous = signal.signal(signal.SIGTERM, mine)
    try:
        with sigterm_interrupts():
            assert signal.getsignal(signal.SIGTERM) is not mine
        assert signal.getsignal(signal.SIGTERM) is mine
        ran: list[bool] = []

        def embedded() -> None:  # a program running litbot's cycle off its main thread
            with sigterm_interrupts():
                ran.append(True)

        thread = threading.Thread(target=embedded)
        thread.start()
        thread.join()
        assert ran == [True] and signal.getsignal(signal.SIGTERM) is mine
    finally:
        signal.signal(signal.SIGTERM, previous)


def test_a_list_file_that_is_not_there_names_its_setting(tmp_path: Path, capsys) -> None:
    config = _good(tmp_path)
    config.write_text(config.read_text().replace("local_path: list.md", "local_path: lists/README.MD"))
    code, err = _run(["run", "--dry-run", "--config", str(config)], capsys)
    assert code == 2 and len(err) == 1, err
    where = tmp_path / "lists" / "README.MD"
    assert err[0].startswith(f"litbot: error: list.local_path in {config}: {where}: file not found")


def test_ctrl_c_while_the_subcommands_load_is_one_line(monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    # In the first moments (the subcommands' imports) Ctrl-C printed a traceback.
    def interrupted(name: str) -> object:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli.importlib, "import_module", interrupted)
    assert cli.main(["state", "show"]) == 130
    assert capsys.readouterr().err == "litbot: interrupted\n"


def test_a_state_that_cannot_be_written_mid_command_asks_for_its_files_to_be_writable(
    tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Its -wal or -shm left read-only by a run on a read-only copy: the write fails after the open, and
    # "check the disk's space" sent the maintainer to the wrong place.
    paper = Paper(title="Fooling SHAP with Stealthily Biased Sampling", id="2205.15419")
    with State(tmp_path) as st:
        st.upsert_proposal(paper, "pending", section="Attacks", branch="litbot/a")

    def readonly(self, key: str, status: str, pr_number: int | None = None) -> None:
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(State, "set_proposal_status", readonly)
    assert main(["state", "drop", paper.key, "--state", str(tmp_path)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "the state database could not be written" in err[0]
    assert "litbot.sqlite* file in it writable for this user" in err[0] and "disk" not in err[0]


@pytest.mark.parametrize(("hub", "rc", "says"), [
    ("no such model", 2, "has no such model"),
    ("unreachable", 0, "cannot be reached"),
])
def test_a_dry_run_checks_the_model_even_with_no_new_papers_to_rank(
    hub: str, rc: int, says: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A day with no new papers loads no model: a dry run, the way to check a config, passed a model name
    # no cycle could load. A hub that is only down now is a warning: the next cycle may reach it.
    import huggingface_hub
    from huggingface_hub.errors import HFValidationError

    def model_info(*args: object, **kwargs: object) -> None:
        if hub == "unreachable":
            raise ConnectionError("connection refused")
        raise HFValidationError("no such repository")  # answered as RepositoryNotFoundError is

    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))  # an empty cache
    monkeypatch.setattr(huggingface_hub, "model_info", model_info)
    (tmp_path / "cfg").mkdir()
    (tmp_path / "cfg" / "list.md").write_text("# L\n\n## Attacks\n\n* [A](https://arxiv.org/abs/2101.00001)\n",
                                              encoding="utf-8")
    (tmp_path / "cfg" / "c.yaml").write_text(
        "list:\n  local_path: list.md\nsources:\n  arxiv:\n    enabled: false\n"
        "ranking:\n  model: someone/no-such-model\n", encoding="utf-8")
    assert main(["run", "--dry-run", "--config", str(tmp_path / "cfg" / "c.yaml")]) == rc
    err = capsys.readouterr().err
    assert "unknown model 'someone/no-such-model'" in err and says in err
    if rc == 2:
        assert err.count("\n") == 1  # and no state made for it:
        assert sorted(p.name for p in (tmp_path / "cfg").iterdir()) == ["c.yaml", "list.md"]


@pytest.mark.parametrize("model", ["./mini", "mini", "models/mini"])
def test_a_model_folder_beside_the_config_passes_the_check_from_any_folder(
    model: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Found by a review: the check read the name from the working folder, the cycle from the config's.
    import huggingface_hub

    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    monkeypatch.setattr(huggingface_hub, "model_info", lambda *a, **k: pytest.fail("asked the hub"))
    (tmp_path / "cfg" / model).mkdir(parents=True)
    (tmp_path / "cfg" / model / "config.json").write_text("{}", encoding="utf-8")
    (tmp_path / "cfg" / "list.md").write_text("# L\n\n## Attacks\n\n* [A](https://arxiv.org/abs/2101.00001)\n",
                                              encoding="utf-8")
    (tmp_path / "cfg" / "c.yaml").write_text(
        f"list:\n  local_path: list.md\nsources:\n  arxiv:\n    enabled: false\nranking:\n  model: {model}\n",
        encoding="utf-8")
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    rc = main(["run", "--dry-run", "--config", str(tmp_path / "cfg" / "c.yaml")])
    assert rc == 0, capsys.readouterr().err
