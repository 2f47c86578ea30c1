"""`litbot run`'s own output, over a canned cycle report (the cycle itself: test_e2e.py)."""

from __future__ import annotations

import json

import pytest
from rich.console import Console

from bot.cli import main
from bot.commands import run_cmd
from bot.paper import Paper
from bot.pipeline import CycleReport
from bot.propose import ProposalResult
from bot.ranked import RankedPaper


def _report(dry_run: bool) -> CycleReport:
    ranked = [RankedPaper(Paper(title="Listed One"), 0.99, "Attacks", 0.9, rank=1, listed=True)]
    ranked += [RankedPaper(Paper(title=f"Paper {i:02d}"), 0.9 - i / 100, "Attacks", 0.8, rank=i + 1)
               for i in range(1, 13)]
    prop = ProposalResult(key="k", title="Paper 01", section="Attacks", branch="litbot/k", pr_number=None,
                          url="", action="would-open", diff="+* [Paper 01](x)", body="BODY",
                          pull_title='Add "Paper 01"')
    return CycleReport(dry_run=dry_run, list_source="o/r", fetched=12, ranked=ranked, proposals=[prop],
                       seconds=1.54)


def test_the_summary_shows_the_top_ten_unlisted_and_marks_a_dry_run() -> None:
    console = Console(record=True, width=200)
    run_cmd.print_summary(_report(dry_run=True), console)
    out = console.export_text()
    assert "litbot cycle (dry run): top candidates" in out
    assert "Paper 10" in out and "Paper 11" not in out and "Listed One" not in out
    assert "│ would-open │ -  │" in out  # no PR number yet
    assert "list: o/r | new 12 | ranked 13 | 1 proposals | 1.5s" in out
    console = Console(record=True, width=200)
    run_cmd.print_summary(_report(dry_run=False), console)
    assert "litbot cycle: top candidates" in console.export_text()


def test_the_summary_shows_what_the_watchlist_did_and_why_fewer_papers_were_proposed() -> None:
    report = _report(dry_run=True)
    report.ranked[1].keywords = ["saliency map"]
    report.ranked.append(RankedPaper(Paper(title="Quantum saliency"), 0.0, "Attacks", 0.5, rank=14,
                                     excluded=True, excluded_by="exclude: quantum"))
    report.ranked = report.ranked[:2] + report.ranked[-1:]
    report.notes = ["3 more papers at or over ranking.min_score 0.5 wait for room"]
    console = Console(record=True, width=200)
    run_cmd.print_summary(report, console)
    out = console.export_text()
    assert "┃ keywords " in out and "saliency map" in out
    assert "Quantum saliency (excluded; exclude: quantum)" in out
    assert "note: 3 more papers at or over ranking.min_score 0.5 wait for room" in out
    assert report.summary()["notes"] == report.notes


def test_the_job_pages_summary_lists_the_notes(tmp_path, monkeypatch) -> None:
    from bot.pipeline import write_step_summary

    report = _report(dry_run=False)
    report.notes = ["no paper reached ranking.min_score 0.5 (the best scored 0.420)"]
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "summary.md"))
    write_step_summary(report)
    text = (tmp_path / "summary.md").read_text()
    assert "### Notes\n\n- no paper reached ranking.min\\_score 0.5 (the best scored 0.420)" in text


@pytest.mark.parametrize("dry_run", [True, False])
def test_json_output_is_the_summary_alone_and_only_a_dry_run_prints_diffs(
        monkeypatch, capsys, dry_run: bool) -> None:
    monkeypatch.setattr(run_cmd, "load_config", lambda path: object())
    monkeypatch.setattr(run_cmd, "run_cycle", lambda config, **kw: _report(dry_run))
    assert main(["run", "--json", *(["--dry-run"] if dry_run else [])]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["proposals"] == {"would-open": 1}
    assert "top candidates" not in captured.err
    assert main(["run", *(["--dry-run"] if dry_run else [])]) == 0
    captured = capsys.readouterr()
    assert ('would open: Add "Paper 01"' in captured.out) is dry_run and ("BODY" in captured.out) is dry_run
    assert "top candidates" in captured.err


def test_a_dry_runs_pr_title_is_printed_as_text_not_markup(monkeypatch, capsys) -> None:
    # "[/INST]", a token in jailbreak papers' titles, read as rich markup ended the run (MarkupError),
    # and "[click]" was dropped from the heading.
    report = _report(dry_run=True)
    report.proposals[0].pull_title = 'Add "Breaking [/INST] and [click] templates" to Attacks'
    monkeypatch.setattr(run_cmd, "load_config", lambda path: object())
    monkeypatch.setattr(run_cmd, "run_cycle", lambda config, **kw: report)
    assert main(["run", "--dry-run"]) == 0
    assert 'would open: Add "Breaking [/INST] and [click] templates" to Attacks' in capsys.readouterr().out
