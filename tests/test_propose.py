"""The proposal step end to end over HTTP: idempotence, crash recovery, outcomes, caps, conflicts, dry run."""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from servers.github_server import GitHubServer, Pull

import bot.propose as propose
from bot.config import Config
from bot.errors import LitbotError
from bot.forge import Forge, ForgeError
from bot.lists import parse_list
from bot.paper import Paper
from bot.proposal import keys_from_body, list_from_body, list_marker, listed_from_body, marker, select
from bot.ranked import Neighbor, RankedPaper, SectionGuess
from bot.state import PAST_PATHS_META, State

TOKEN = "ghp_test_token"
REPO = "owner/awesome"
LIST = """# Test list

## Papers

### Attacks

* [Interpretation of Neural Networks is Fragile](https://arxiv.org/abs/1710.10547)
  <details>
  <summary> A. Ghorbani et al. <em>AAAI</em>, 2019 </summary>
    Small perturbations change saliency maps.
  </details>

### Defenses

* [Robust explanations via smoothing](https://arxiv.org/abs/1906.07983)
  <details>
  <summary> A. Dombrowski et al. <em>NeurIPS</em>, 2019 </summary>
    Softplus makes explanations harder to manipulate.
  </details>
"""


TOPICS = ["saliency maps", "concept vectors", "counterfactual search", "influence functions", "rule lists",
          "attention heads"]


def ranked(n: int, score: float = 0.9, section: str = "Attacks") -> RankedPaper:
    # Titles must differ by more than a digit: the list's fuzzy title match would call them one paper.
    paper = Paper(title=f"Fooling {TOPICS[n - 1]}", abstract=f"We attack explanations ({n}).",
                  authors=["Ada Lovelace", "Alan Turing"], published="2021-03-01",
                  url=f"https://arxiv.org/abs/2101.{n:05d}v1", venue="arXiv")
    return RankedPaper(paper, score, section, 0.7, [SectionGuess("Defenses", 0.2)],
                       [Neighbor("Interpretation of Neural Networks is Fragile", 0.8, "Attacks")],
                       ["saliency"], rank=n)


@pytest.fixture
def gh() -> Iterator[GitHubServer]:
    with GitHubServer(token=TOKEN) as server:
        server.add_repo(REPO, {"README.md": LIST}, default_branch="main")
        yield server


@pytest.fixture
def forge(gh: GitHubServer) -> Forge:
    return Forge(REPO, TOKEN, api_url=gh.url, retries=2, timeout=10, backoff_factor=0,
                 secondary_rate_wait=0.1, seconds_between_requests=None, seconds_between_writes=None)


@pytest.fixture
def state(tmp_path: Path) -> Iterator[State]:
    with State(tmp_path / "state") as s:
        yield s


def make_config(**github: object) -> Config:
    gh = {"labels": ["litbot", "papers"], "reviewers": ["alice"], "max_open_prs": 5, "max_new_prs_per_run": 2}
    gh.update(github)
    return Config.model_validate({"list": {"repo": REPO, "path": "README.md"}, "github": gh,
                                  "ranking": {"min_score": 0.5}})


def run(forge: Forge, state: State, candidates: list[RankedPaper], config: Config
        ) -> list[propose.ProposalResult]:
    """One scheduled run: reconcile, choose, submit."""
    propose.reconcile(forge, state, config.github.branch_prefix)
    chosen = select(candidates, state, config)
    return propose.submit(forge, state, LIST, chosen, len(candidates), config, dry_run=False)


def run_killed_before_pr(forge: Forge, state: State, monkeypatch: pytest.MonkeyPatch,
                         candidates: list[RankedPaper] | None = None, config: Config | None = None) -> None:
    """A run (for paper 1 by default) that dies after its branches and commits, before a PR is opened."""
    def die(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt("killed")

    with monkeypatch.context() as m:
        m.setattr(Forge, "open_pull", die)
        with pytest.raises(KeyboardInterrupt):
            run(forge, state, candidates or [ranked(1)], config or make_config())


def run_killed_before_recording_the_pr(forge: Forge, state: State, monkeypatch: pytest.MonkeyPatch,
                                       candidates: list[RankedPaper], config: Config) -> None:
    """A run that dies after opening its PR, before writing it to state."""
    real = propose._record

    def record(state: State, group: object, status: str, pr: object) -> None:
        if status == "open":
            raise KeyboardInterrupt("killed")
        real(state, group, status, pr)  # type: ignore[arg-type]

    with monkeypatch.context() as m:
        m.setattr(propose, "_record", record)
        with pytest.raises(KeyboardInterrupt):
            run(forge, state, candidates, config)


def titles_on(gh: GitHubServer, branch: str | None = None) -> list[str]:
    return [e.title for e in parse_list(gh.file_text(REPO, "README.md", branch) or "", "README.md").entries]


def test_happy_path_opens_draft_prs_with_entry_labels_reviewers(gh: GitHubServer, forge: Forge,
                                                                state: State) -> None:
    results = run(forge, state, [ranked(1), ranked(2, 0.8, "Defenses")], make_config())
    assert [(r.action, r.pr_number, r.branch) for r in results] == [
        ("opened", 1, "litbot/arxiv-2101.00001"), ("opened", 2, "litbot/arxiv-2101.00002")]
    pr = gh.pull(REPO, 1)
    assert pr.draft and pr.labels == ["litbot", "papers"] and pr.reviewers == ["alice"]
    assert pr.title == 'Add "Fooling saliency maps" to Attacks'
    assert "<!-- litbot:key=arxiv:2101.00001 title=Fooling%20saliency%20maps -->" in pr.body
    assert "rank 1 of 2" in pr.body
    assert results[0].body == pr.body and "+* [Fooling saliency maps]" in results[0].diff
    doc = parse_list(gh.file_text(REPO, "README.md", "litbot/arxiv-2101.00002"), "README.md")
    assert doc.find(ranked(2).paper).section == "Defenses"
    assert gh.file_text(REPO, "README.md") == LIST
    assert {(p.key, p.status, p.pr_number) for p in state.proposals()} == {
        ("arxiv:2101.00001", "open", 1), ("arxiv:2101.00002", "open", 2)}
    assert state.integrity_problems() == []


def test_two_runs_in_a_row_open_no_duplicates(gh: GitHubServer, forge: Forge, state: State) -> None:
    cands = [ranked(1), ranked(2)]
    run(forge, state, cands, make_config())
    assert run(forge, state, cands, make_config()) == []
    # Even when handed the same papers again, the step finds its own PRs instead of opening more.
    again = propose.submit(forge, state, LIST, cands, 2, make_config(), dry_run=False)
    assert [r.action for r in again] == ["exists", "exists"]
    assert len(gh.pulls(REPO)) == 2 and gh.count("POST", r"/pulls$") == 2


def test_closed_pr_is_never_proposed_again(gh: GitHubServer, forge: Forge, state: State) -> None:
    run(forge, state, [ranked(1)], make_config())
    gh.close_pull(1)
    assert propose.reconcile(forge, state)["closed"] == 1
    assert "arxiv:2101.00001" in {p.key for p in state.proposals("closed")}
    assert run(forge, state, [ranked(1)], make_config()) == []
    forced = propose.submit(forge, state, LIST, [ranked(1)], 1, make_config(), dry_run=False)
    assert [r.action for r in forced] == ["skipped"]
    assert len(gh.pulls(REPO)) == 1
    assert [p.key for p in state.feedback()[1]] == ["arxiv:2101.00001"]


def _as_ranked(paper: Paper) -> RankedPaper:
    return RankedPaper(paper, 0.9, "Attacks", 0.7, rank=1)


def test_a_closed_paper_is_not_proposed_again_under_another_identity(gh: GitHubServer, forge: Forge,
                                                                    state: State, tmp_path: Path) -> None:
    run(forge, state, [ranked(1)], make_config())
    gh.close_pull(1)
    with State(tmp_path / "fresh") as fresh:  # state lost: the closed paper is known from its PR only
        propose.reconcile(forge, fresh)
        # Its journal version arrives from a feed, by DOI; then an export gives its arXiv DOI.
        journal = Paper(title="Fooling Saliency Maps", doi="10.1145/3372297.3417231", venue="CCS")
        datacite = Paper(title="Fooling saliency maps (preprint)", doi="10.48550/arXiv.2101.00001")
        assert datacite.key == "arxiv:2101.00001"
        assert select([_as_ranked(journal), _as_ranked(datacite)], fresh, make_config()) == []
    # A feed paper closed by DOI, then its arXiv copy with its title spelt a little otherwise.
    feed = Paper(title="Fooling Saliency Maps with Adversarial Patches", doi="10.1145/3372297.3417231")
    state.upsert_proposal(feed, "closed", "Attacks", "litbot/doi-x", 7, 0.9)
    copy = Paper(title="Fooling saliency maps with adversarial patch", arxiv_id="2111.01234")
    assert select([_as_ranked(copy)], state, make_config()) == []
    # A different paper is still proposed, and one batch never carries one paper twice.
    other = Paper(title="Certified attribution robustness", arxiv_id="2111.05555")
    twin = Paper(title="Certified Attribution Robustness", doi="10.1000/car")
    assert [r.paper.key for r in select([_as_ranked(other), _as_ranked(twin)], state, make_config())] == [
        "arxiv:2111.05555"]


def test_a_paper_no_entry_can_link_to_is_not_proposed_and_stops_nothing(gh: GitHubServer, forge: Forge,
                                                                         state: State) -> None:
    linkless = _as_ranked(Paper(title="Backdoors in concept explanations", url="/tml2024/paper/17"))
    assert select([linkless, ranked(1)], state, make_config()) == [ranked(1)]
    # One left pending by an older version (select let it through then): the others still go ahead.
    state.upsert_proposal(linkless.paper, "pending", "Attacks", "litbot/title-x", None, 0.9)
    results = run(forge, state, [ranked(2)], make_config())
    assert [(r.key, r.action) for r in results] == [(linkless.paper.key, "failed"),
                                                    ("arxiv:2101.00002", "opened")]
    assert "no http(s) URL, arXiv id or DOI" in results[0].error and "litbot state drop" in results[0].error


def test_merged_pr_is_positive_feedback(gh: GitHubServer, forge: Forge, state: State) -> None:
    run(forge, state, [ranked(1)], make_config())
    gh.merge_pull(1, delete_branch=True)
    assert propose.reconcile(forge, state) == {"merged": 1, "closed": 0, "listed": 0, "open": 0,
                                               "discovered": 0}
    positives, negatives = state.feedback()
    assert [p.title for p in positives] == ["Fooling saliency maps"] and negatives == []
    assert "Fooling saliency maps" in titles_on(gh)


def test_a_pr_whose_head_branch_was_renamed_still_counts_when_merged(gh: GitHubServer, forge: Forge,
                                                                    state: State) -> None:
    run(forge, state, [ranked(1)], make_config())
    # Renamed by the maintainer: the PR follows its branch out of litbot's prefix, out of its listing.
    repo = gh.repos[REPO]
    repo.refs["refs/heads/fooling-saliency"] = repo.refs.pop("refs/heads/litbot/arxiv-2101.00001")
    gh.pull(REPO, 1).head = "fooling-saliency"
    gh.merge_pull(1)
    assert propose.reconcile(forge, state)["merged"] == 1
    assert [p.key for p in state.feedback()[0]] == ["arxiv:2101.00001"]


def test_a_pr_reopened_after_closing_counts_by_its_latest_verdict(gh: GitHubServer, forge: Forge,
                                                                  state: State) -> None:
    run(forge, state, [ranked(1)], make_config())
    gh.close_pull(1)
    assert propose.reconcile(forge, state)["closed"] == 1
    gh.reopen_pull(1)  # closed by mistake
    assert propose.reconcile(forge, state)["open"] == 1
    assert state.get_proposal("arxiv:2101.00001").status == "open"
    gh.merge_pull(1)
    assert propose.reconcile(forge, state)["merged"] == 1
    positives, negatives = state.feedback()
    assert [p.key for p in positives] == ["arxiv:2101.00001"] and negatives == []


def test_an_open_pr_outranks_a_newer_closed_one_of_the_same_branch_and_paper(
        gh: GitHubServer, forge: Forge, state: State, tmp_path: Path) -> None:
    # A maintainer closes litbot's PR, a second PR is opened from the same branch and closed too, then
    # the first is reopened: the newest PR of that branch and paper is closed, yet one is open. Taking
    # the newest would record the paper as declined (never proposed again, learnt from as a rejection)
    # while its PR is still open for review, and would skip relabelling the open PR.
    run(forge, state, [ranked(1)], make_config())
    first = gh.pull(REPO, 1)
    gh.close_pull(1)
    second = forge.open_pull(first.head, first.title, first.body)
    gh.close_pull(second.number)
    gh.reopen_pull(1)
    first.labels.clear()  # a run died between opening and labelling
    assert [(p.number, p.state) for p in gh.pulls(REPO)] == [(1, "open"), (2, "closed")]

    with State(tmp_path / "fresh") as fresh:  # state lost: every PR is found by its key
        propose.reconcile(forge, fresh, labels=["litbot"])
        found = fresh.get_proposal("arxiv:2101.00001")
        assert (found.status, found.pr_number) == ("open", 1)
        assert "arxiv:2101.00001" not in {p.key for p in fresh.proposals("closed")}
    assert gh.pull(REPO, 1).labels == ["litbot"]


def test_lost_state_is_rebuilt_from_github(gh: GitHubServer, forge: Forge, state: State,
                                           tmp_path: Path) -> None:
    run(forge, state, [ranked(1), ranked(2), ranked(3)], make_config(max_new_prs_per_run=3))
    gh.merge_pull(1)
    gh.close_pull(2)
    with State(tmp_path / "fresh") as fresh:
        assert propose.reconcile(forge, fresh)["discovered"] == 3
        got = {p.key: (p.status, p.pr_number, p.section) for p in fresh.proposals()}
        assert got == {"arxiv:2101.00001": ("merged", 1, "Attacks"),
                       "arxiv:2101.00002": ("closed", 2, "Attacks"),
                       "arxiv:2101.00003": ("open", 3, "Attacks")}
        assert fresh.get_proposal("arxiv:2101.00001").paper.title == "Fooling saliency maps"
        # With the abstract the PR quotes (found by a feedback trial: rebuilt as titles alone, closed
        # papers were weak negatives, and their retitled copies were not known as them).
        assert fresh.get_proposal("arxiv:2101.00002").paper.abstract == "We attack explanations (2)."
        assert select([ranked(2), ranked(4)], fresh, make_config())[0].paper.key == "arxiv:2101.00004"
        assert fresh.integrity_problems() == []


def test_a_pr_lost_state_cannot_find_is_recorded_when_its_paper_is_chosen_again(
        gh: GitHubServer, forge: Forge, state: State, tmp_path: Path) -> None:
    run(forge, state, [ranked(1)], make_config())
    gh.pull(REPO, 1).body = "Not for this list."  # its marker gone, the PR is known by its branch only
    gh.close_pull(1)
    with State(tmp_path / "fresh") as fresh:
        assert [r.action for r in run(forge, fresh, [ranked(1)], make_config())] == ["skipped"]
        found = fresh.get_proposal("arxiv:2101.00001")
        assert (found.status, found.pr_number) == ("closed", 1)
        assert run(forge, fresh, [ranked(1)], make_config()) == []


def test_crash_between_branch_and_pr_is_finished_next_run(gh: GitHubServer, forge: Forge, state: State,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    run_killed_before_pr(forge, state, monkeypatch)
    assert state.get_proposal("arxiv:2101.00001").status == "pending"
    assert "litbot/arxiv-2101.00001" in gh.branches(REPO) and gh.pulls(REPO) == []

    results = run(forge, state, [], make_config())  # the paper left the feed: resumed from state alone
    assert [(r.action, r.pr_number) for r in results] == [("opened", 1)]
    # The ranker's confidence died with the run: the body says so rather than "confidence 0.00".
    assert "**Attacks** (chosen by an earlier run)" in results[0].body and "confidence" not in results[0].body
    assert gh.count("PATCH", r"/git/refs/heads/litbot/arxiv-2101\.00001$") == 1  # 422 -> branch reused
    assert titles_on(gh, "litbot/arxiv-2101.00001").count("Fooling saliency maps") == 1
    assert state.get_proposal("arxiv:2101.00001").status == "open"
    assert run(forge, state, [ranked(1)], make_config()) == [] and len(gh.pulls(REPO)) == 1


def test_a_left_branch_someone_committed_to_is_kept_and_its_pr_waits_until_it_is_deleted(
        gh: GitHubServer, forge: Forge, state: State, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    # A run died after pushing its branch; someone took the branch for their own edits before the PR
    # was opened. Resuming reset it to the base head, and their commits were gone with no word.
    run_killed_before_pr(forge, state, monkeypatch)
    branch = "litbot/arxiv-2101.00001"
    theirs = gh.set_file(REPO, "NOTES.md", "my notes\n", branch=branch, message="Notes on the entry\n\nWIP")
    results = run(forge, state, [], make_config())
    assert [(r.action, r.pr_number) for r in results] == [("failed", None)]
    assert results[0].error == (
        "it exists with 1 commit litbot did not make (latest: 'Notes on the entry'); kept as it is: delete "
        "the branch for litbot to open its PR there; left pending, retried next run "
        "(`litbot state drop arxiv:2101.00001` stops it)")
    assert f"PR not opened on branch {branch}: it exists with 1 commit" in caplog.text
    assert forge.branch_sha(branch) == theirs and gh.file_text(REPO, "NOTES.md", branch) == "my notes\n"
    assert gh.pulls(REPO) == [] and state.get_proposal("arxiv:2101.00001").status == "pending"

    forge.delete_branch(branch)  # they moved their notes elsewhere: the next run opens the PR
    assert [r.action for r in run(forge, state, [], make_config())] == ["opened"]
    assert titles_on(gh, branch).count("Fooling saliency maps") == 1


def test_a_pr_left_pending_by_a_refusal_does_not_hold_the_new_papers_back(
        gh: GitHubServer, forge: Forge, state: State, monkeypatch: pytest.MonkeyPatch) -> None:
    # Counted among a run's new PRs, a PR that keeps failing (its branch is someone's) took the run's
    # one new PR, every run, until the maintainer acted.
    one = make_config(max_new_prs_per_run=1)
    run_killed_before_pr(forge, state, monkeypatch, [ranked(1)], one)
    gh.set_file(REPO, "NOTES.md", "mine\n", branch="litbot/arxiv-2101.00001", message="Notes")
    assert select([ranked(2)], state, one) == []  # a crash left it: this run's one new PR
    assert [r.action for r in run(forge, state, [ranked(2)], one)] == ["failed"]
    assert state.refused_branches() == {"litbot/arxiv-2101.00001"}
    assert [(r.key, r.action) for r in run(forge, state, [ranked(2)], one)] == [
        ("arxiv:2101.00001", "failed"), ("arxiv:2101.00002", "opened")]
    forge.delete_branch("litbot/arxiv-2101.00001")
    # Refused last time, it was not expected to open: the run that finds it unblocked opens it beside
    # its own one (a cap passed by one, once, against new papers held back for as long as it failed).
    assert [(r.key, r.action) for r in run(forge, state, [ranked(3)], one)] == [
        ("arxiv:2101.00001", "opened"), ("arxiv:2101.00003", "opened")]
    assert state.refused_branches() == set()


def test_a_pr_github_refuses_or_no_entry_can_be_made_for_is_noted_as_refused(
        gh: GitHubServer, forge: Forge, state: State, monkeypatch: pytest.MonkeyPatch) -> None:
    # Not noted, either would be counted among every run's new PRs, holding new papers back.
    run_killed_before_pr(forge, state, monkeypatch)
    gh.fail_next("POST", r"/pulls$", 422, body={"message": "Validation Failed"}, times=5)
    assert [r.action for r in run(forge, state, [], make_config())] == ["failed"]
    assert state.refused_branches() == {"litbot/arxiv-2101.00001"}
    linkless = _as_ranked(Paper(title="Backdoors in concept explanations", url="/tml2024/paper/17"))
    state.upsert_proposal(linkless.paper, "pending", "Attacks", "litbot/title-x", None, 0.9)
    gh._faults.clear()
    run(forge, state, [], make_config())  # GitHub takes the first PR now; the linkless one cannot be made
    assert state.refused_branches() == {"litbot/title-x"}


def test_a_left_branch_with_only_litbots_commits_is_reset_whatever_the_base_did_since(
        gh: GitHubServer, forge: Forge, state: State, monkeypatch: pytest.MonkeyPatch) -> None:
    run_killed_before_pr(forge, state, monkeypatch)
    gh.set_file(REPO, "CONTRIBUTING.md", "be kind\n")  # the base moved on: its commit is not the branch's
    results = run(forge, state, [], make_config())
    assert [r.action for r in results] == ["opened"]
    assert gh.count("GET", r"/compare/main\.\.\.litbot/arxiv-2101\.00001$") == 1
    assert gh.file_text(REPO, "CONTRIBUTING.md", "litbot/arxiv-2101.00001") == "be kind\n"


@pytest.mark.parametrize("mode", ["per_paper", "digest"])
def test_a_crash_left_paper_chosen_again_is_submitted_once(
        gh: GitHubServer, forge: Forge, state: State, monkeypatch: pytest.MonkeyPatch, mode: str) -> None:
    # A paper left pending by a dead run and handed to submit() again must travel in one PR: resumed
    # on its old branch and again in this run's group, a digest would carry it twice (two PRs, one
    # paper), and merging both would list it twice.
    config = make_config(mode=mode, max_new_prs_per_run=5)
    run_killed_before_pr(forge, state, monkeypatch, [ranked(1), ranked(2, 0.8)], config)
    pending = {p.key for p in state.proposals("pending")}  # the digest: 1 and 2; one PR at a time: 1
    assert "arxiv:2101.00001" in pending and len(state.proposals()) == len(pending) and gh.pulls(REPO) == []

    results = propose.submit(forge, state, LIST, [ranked(1), ranked(3, 0.7)], 3, config, dry_run=False)
    expected = sorted(pending | {"arxiv:2101.00003"})
    assert sorted(k for p in gh.pulls(REPO) for k in keys_from_body(p.body)) == expected
    assert sorted(r.key for r in results) == expected
    assert {r.action for r in results} == {"opened"}
    for pr in gh.pulls(REPO):
        assert all(titles_on(gh, pr.head).count(t) <= 1 for t in titles_on(gh, pr.head))
    assert {p.status for p in state.proposals()} == {"open"}


def test_a_digest_left_by_a_dead_run_opens_as_a_digest(gh: GitHubServer, forge: Forge, state: State,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    config = make_config(mode="digest")
    run_killed_before_pr(forge, state, monkeypatch, [ranked(1), ranked(2, 0.8)], config)
    results = propose.submit(forge, state, LIST, [], 2, config, dry_run=False)
    assert [r.action for r in results] == ["opened"] * 2
    (pr,) = gh.pulls(REPO)
    assert pr.title == "Add 2 papers to the list"
    assert sorted(keys_from_body(pr.body)) == ["arxiv:2101.00001", "arxiv:2101.00002"]


def test_crash_after_pr_before_state_write(gh: GitHubServer, forge: Forge, state: State,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    run_killed_before_recording_the_pr(forge, state, monkeypatch, [ranked(1)], make_config())
    assert state.get_proposal("arxiv:2101.00001").status == "pending" and len(gh.pulls(REPO)) == 1
    assert run(forge, state, [ranked(1)], make_config()) == []
    assert state.get_proposal("arxiv:2101.00001").status == "open" and len(gh.pulls(REPO)) == 1


def test_a_digest_a_dead_run_never_recorded_is_judged_once_its_description_was_rewritten(
        gh: GitHubServer, forge: Forge, state: State, monkeypatch: pytest.MonkeyPatch) -> None:
    # No marker and no PR number to go by: only the branch ties the PR to its papers. Left pending, the
    # papers would be recorded as their PR is, merged, the one the maintainer took out included.
    config = make_config(mode="digest")
    run_killed_before_recording_the_pr(forge, state, monkeypatch, [ranked(1), ranked(2, 0.8, "Defenses")],
                                       config)
    pr = gh.pull(REPO, 1)
    pr.body = "Two attacks on explanations; I dropped the second one."
    gh.set_file(REPO, "README.md", without_entry(gh.file_text(REPO, "README.md", pr.head), ranked(2).paper),
                branch=pr.head)
    gh.merge_pull(1)
    propose.reconcile(forge, state, list_path="README.md")
    assert propose.submit(forge, state, LIST, [], 2, config, dry_run=False) == []
    assert {p.key: (p.status, p.pr_number) for p in state.proposals()} == {
        "arxiv:2101.00001": ("merged", 1), "arxiv:2101.00002": ("closed", 1)}


def test_5xx_on_pr_creation_then_next_run(gh: GitHubServer, forge: Forge, state: State) -> None:
    gh.fail_next("POST", r"/pulls$", 502, times=3)  # more than the 2 retries
    with pytest.raises(ForgeError, match=r"HTTP 502"):
        run(forge, state, [ranked(1)], make_config())
    assert state.get_proposal("arxiv:2101.00001").status == "pending"
    results = run(forge, state, [ranked(1)], make_config())
    assert [r.action for r in results] == ["opened"] and len(gh.pulls(REPO)) == 1


# Refused on creating the branch, or on labelling the PR just opened: a label is decoration, yet a
# token that may not add one would fail at every PR and every reconcile alike.
@pytest.mark.parametrize("path, opened", [(r"/git/refs$", 0), (r"/issues/\d+/labels$", 1)])
@pytest.mark.parametrize("status", [401, 403])
def test_a_write_refused_for_want_of_rights_stops_the_run(gh: GitHubServer, forge: Forge, state: State,
                                                          status: int, path: str, opened: int) -> None:
    # A revoked token, or one without write access ("Resource not accessible by integration"), fails
    # every PR alike: the run stops with GitHub's answer, it does not record each paper as refused.
    message = "Bad credentials" if status == 401 else "Resource not accessible by integration"
    gh.fail_next("POST", path, status, body={"message": message}, times=5)
    with pytest.raises(ForgeError, match=rf"\({status}\)"):
        run(forge, state, [ranked(1), ranked(2, 0.8, "Defenses")], make_config())
    assert len(gh.pulls(REPO)) == opened and gh.count("POST", path) == 1
    assert [(p.key, p.status) for p in state.proposals()] == [("arxiv:2101.00001", "pending")]


def test_409_on_file_update_is_retried(gh: GitHubServer, forge: Forge, state: State) -> None:
    gh.fail_next("PUT", r"/contents/README\.md$", 409, body={"message": "README.md does not match"})
    assert [r.action for r in run(forge, state, [ranked(1)], make_config())] == ["opened"]
    assert gh.count("PUT", r"/contents/README\.md$") == 2


def test_secondary_rate_limit_on_pr_creation_is_waited_out(gh: GitHubServer, forge: Forge,
                                                            state: State) -> None:
    # No wait asked: that the wait is kept is test_forge's (a second each here added up).
    gh.fail_next("POST", r"/pulls$", 403, headers={"Retry-After": "0"})
    assert [r.action for r in run(forge, state, [ranked(1)], make_config())] == ["opened"]
    assert len(gh.pulls(REPO)) == 1


def test_labels_are_put_back_on_an_open_pr_a_dead_run_left_unlabelled(
        gh: GitHubServer, forge: Forge, state: State, monkeypatch: pytest.MonkeyPatch) -> None:
    run(forge, state, [ranked(2, 0.8)], make_config())
    gh.pull(REPO, 1).labels.clear()
    gh.close_pull(1)  # the maintainer's closed PR, labels and all, is theirs
    run_killed_before_recording_the_pr(forge, state, monkeypatch, [ranked(1)], make_config())
    gh.pull(REPO, 2).labels.clear()  # it died before labelling, too
    propose.reconcile(forge, state, "litbot/", labels=["litbot"])
    assert gh.pull(REPO, 2).labels == ["litbot"] and gh.pull(REPO, 1).labels == []
    assert sorted((p.key, p.status) for p in state.proposals()) == [("arxiv:2101.00001", "open"),
                                                                     ("arxiv:2101.00002", "closed")]
    asked = gh.count("POST", r"/issues/\d+/labels$")
    propose.reconcile(forge, state, "litbot/", labels=["litbot"])  # nothing missing: nothing sent
    assert gh.count("POST", r"/issues/\d+/labels$") == asked


def test_a_pr_adopted_by_a_run_that_failed_to_label_it_is_labelled_by_the_next(
        gh: GitHubServer, forge: Forge, state: State) -> None:
    # The run that opened the PR and the run that adopted it both failed on the labels (502s): the
    # adoption was recorded first, and no later run labelled the PR.
    gh.fail_next("POST", r"/issues/\d+/labels$", 502, times=3)
    with pytest.raises(LitbotError):
        run(forge, state, [ranked(1)], make_config())
    assert state.get_proposal("arxiv:2101.00001").status == "pending"
    gh.fail_next("POST", r"/issues/\d+/labels$", 502, times=3)
    with pytest.raises(LitbotError):
        propose.reconcile(forge, state, "litbot/", labels=["litbot"])
    assert gh.pull(REPO, 1).labels == []
    propose.reconcile(forge, state, "litbot/", labels=["litbot"])
    assert gh.pull(REPO, 1).labels == ["litbot"]
    assert state.get_proposal("arxiv:2101.00001").status == "open"


def test_a_label_the_maintainer_took_off_stays_off(gh: GitHubServer, forge: Forge, state: State) -> None:
    # Labels can be a triage workflow ("new paper" taken off once looked at): litbot labels a PR once.
    config = make_config(labels=["litbot", "new paper"])
    run(forge, state, [ranked(1)], config)
    gh.pull(REPO, 1).labels.remove("new paper")
    propose.reconcile(forge, state, "litbot/", labels=config.github.labels)
    assert gh.pull(REPO, 1).labels == ["litbot"]
    gh.pull(REPO, 1).labels.clear()
    propose.reconcile(forge, state, "litbot/", labels=config.github.labels)
    assert gh.pull(REPO, 1).labels == []


def test_a_pr_state_lost_is_labelled_when_it_is_found_again(gh: GitHubServer, forge: Forge, state: State,
                                                            tmp_path: Path) -> None:
    run(forge, state, [ranked(1)], make_config())
    gh.pull(REPO, 1).labels.clear()
    with State(tmp_path / "fresh") as fresh:  # the state was lost with the labels never added
        counts = propose.reconcile(forge, fresh, "litbot/", labels=["litbot"])
    assert counts["discovered"] == 1 and gh.pull(REPO, 1).labels == ["litbot"]


def test_a_refused_label_neither_hides_the_pr_nor_stops_later_runs(gh: GitHubServer, forge: Forge,
                                                                   state: State) -> None:
    # GitHub refuses labels with a 422 (a name it rejects, a label a repository rule forbids): labels
    # are decoration, so the PRs stand, are recorded open, and the next run's reconcile goes on.
    refused = {"message": "Validation Failed", "errors": [{"resource": "Label", "code": "invalid"}]}
    gh.fail_next("POST", r"/issues/\d+/labels$", 422, body=refused, times=100)
    results = run(forge, state, [ranked(1), ranked(2, 0.8)], make_config())
    assert [(r.action, r.pr_number) for r in results] == [("opened", 1), ("opened", 2)]
    assert [(p.status, p.pr_number) for p in state.proposals()] == [("open", 1), ("open", 2)]
    counts = propose.reconcile(forge, state, "litbot/", labels=["litbot"])
    assert counts == {"merged": 0, "closed": 0, "listed": 0, "open": 0, "discovered": 0}
    # Asked once per PR, at opening: a refused label is not asked for again at every run.
    assert gh.count("POST", r"/issues/\d+/labels$") == 2


def test_bad_token_is_one_clear_line(gh: GitHubServer, state: State) -> None:
    forge = Forge(REPO, "nope", api_url=gh.url, retries=0, seconds_between_requests=None)
    with pytest.raises(LitbotError, match=r"^GitHub rejected the token \(401\): check GITHUB_TOKEN$"):
        run(forge, state, [ranked(1)], make_config())
    assert state.proposals() == []


def test_caps_hold_across_runs(gh: GitHubServer, forge: Forge, state: State) -> None:
    cands = [ranked(i, 0.9 - i / 100) for i in range(1, 6)]
    config = make_config(max_open_prs=3, max_new_prs_per_run=2)
    assert len(run(forge, state, cands, config)) == 2
    assert len(run(forge, state, cands, config)) == 1
    assert run(forge, state, cands, config) == []
    gh.merge_pull(1)
    # Merging #1 changed the list under #2 and #3: they are rebuilt on the new base, and #4 opens.
    assert [(r.action, r.pr_number) for r in run(forge, state, cands, config)] == [
        ("refreshed", 2), ("refreshed", 3), ("opened", 4)]
    assert len(gh.pulls(REPO, "open")) == 3


@pytest.mark.parametrize("mode", ["per_paper", "digest"])
def test_a_pr_whose_section_the_maintainer_deleted_is_left_as_it_is(gh: GitHubServer, forge: Forge,
                                                                    state: State, mode: str) -> None:
    # Rebuilding it on the new list cannot work: the branch must keep its entries (it was reset to the
    # base first, then the rebuild failed) and the run must go on (it stopped every later run, exit 2).
    config = make_config(mode=mode)
    run(forge, state, [ranked(1), ranked(2, 0.8, section="Defenses")], config)
    branches = sorted({p.branch for p in state.proposals()})
    before = {b: gh.file_text(REPO, "README.md", b) for b in branches}
    gh.set_file(REPO, "README.md", LIST[:LIST.index("### Attacks")] + LIST[LIST.index("### Defenses"):])
    results = run(forge, state, [ranked(3, 0.7, section="Defenses")], config)
    attacks = [r for r in results if r.key == "arxiv:2101.00001"]
    assert [r.action for r in attacks] == ["failed"]
    assert "no section named 'Attacks'" in attacks[0].error and "left as it is" in attacks[0].error
    assert {b: gh.file_text(REPO, "README.md", b) for b in branches} == before
    assert gh.count("PATCH", r"/git/refs/heads/litbot/") == 0
    assert "opened" in [r.action for r in results if r.key == "arxiv:2101.00003"]
    assert state.get_proposal("arxiv:2101.00001").status == "open"


def test_a_branch_the_maintainer_committed_to_is_never_reset(gh: GitHubServer, forge: Forge,
                                                            state: State) -> None:
    # The PR footer invites edits on the branch: a conflict later must not throw them away. Like
    # Renovate with a PR someone else edited, litbot leaves the branch to the maintainer.
    run(forge, state, [ranked(1)], make_config())
    branch = "litbot/arxiv-2101.00001"
    text = gh.file_text(REPO, "README.md", branch)
    doc = parse_list(text, "README.md")
    entry = doc.find(ranked(1).paper)
    lines = text.splitlines(keepends=True)
    block = "".join(lines[entry.start_line:entry.end_line])
    edited = block.replace("</summary>", "</summary>\n    Our reading: a strong attack.", 1)
    moved = text.replace(block, "").rstrip("\n") + "\n" + edited  # moved to Defenses, and annotated
    gh.set_file(REPO, "README.md", moved, branch=branch)
    # ...then another entry lands at the end of main's list, right where the moved entry now sits.
    gh.set_file(REPO, "README.md", LIST + "* [Now on main](https://example.org/main)\n")
    assert gh._pull_json(gh.repos[REPO], gh.pull(REPO, 1))["mergeable"] is False

    assert run(forge, state, [], make_config()) == []
    assert gh.file_text(REPO, "README.md", branch) == moved  # the maintainer's work, untouched
    assert gh.count("PATCH", r"/git/refs/heads/litbot/") == 0
    assert state.get_proposal("arxiv:2101.00001").status == "open"


def without_entry(text: str, paper: Paper) -> str:
    entry = parse_list(text, "README.md").find(paper)
    lines = text.splitlines(keepends=True)
    return "".join(lines[: entry.start_line] + lines[entry.end_line :])


def test_a_paper_removed_from_a_digest_is_not_put_back(gh: GitHubServer, forge: Forge, state: State) -> None:
    config = make_config(mode="digest")
    run(forge, state, [ranked(1), ranked(2, 0.8, "Defenses")], config)
    branch = gh.pulls(REPO)[0].head
    kept = without_entry(gh.file_text(REPO, "README.md", branch), ranked(2).paper)
    gh.set_file(REPO, "README.md", kept, branch=branch)  # "not this one"
    assert run(forge, state, [], config) == []
    assert gh.file_text(REPO, "README.md", branch) == kept


def test_a_digest_merged_without_one_paper_declines_that_paper(gh: GitHubServer, forge: Forge,
                                                               state: State) -> None:
    config = make_config(mode="digest")
    run(forge, state, [ranked(1), ranked(2, 0.8, "Defenses")], config)
    branch = gh.pulls(REPO)[0].head
    gh.set_file(REPO, "README.md", without_entry(gh.file_text(REPO, "README.md", branch), ranked(2).paper),
                branch=branch)  # the maintainer takes one paper out, and merges the rest
    gh.merge_pull(1)
    gh.fail_next("GET", r"/contents/README\.md", 502, times=5)  # more than the retries
    with pytest.raises(ForgeError):  # the list is read before any merge is recorded
        propose.reconcile(forge, state, list_path="README.md")
    counts = propose.reconcile(forge, state, list_path="README.md")
    assert (counts["merged"], counts["closed"]) == (1, 1)
    assert propose.reconcile(forge, state, list_path="README.md")["merged"] == 0  # and it stays so
    # A reconcile with no list to judge by cannot tell a declined paper from a reopened-and-merged one.
    assert propose.reconcile(forge, state)["merged"] == 0
    positives, negatives = state.feedback()
    assert [p.key for p in positives] == ["arxiv:2101.00001"]
    assert [p.key for p in negatives] == ["arxiv:2101.00002"]


def test_a_digest_merged_while_a_run_ranks_still_declines_the_paper_taken_out(gh: GitHubServer, forge: Forge,
                                                                             state: State) -> None:
    # A run reconciles, then fetches and ranks for minutes, then submits: the maintainer may take a
    # paper out of a digest and merge it in between. The merge is the next reconcile's to judge.
    config = make_config(mode="digest")
    propose.submit(forge, state, LIST, [ranked(1), ranked(2, 0.8, "Defenses")], 2, config, dry_run=False)
    propose.reconcile(forge, state, list_path="README.md")  # the run starts
    branch = gh.pull(REPO, 1).head
    gh.set_file(REPO, "README.md", without_entry(gh.file_text(REPO, "README.md", branch), ranked(2).paper),
                branch=branch)
    gh.merge_pull(1)
    propose.submit(forge, state, LIST, select([], state, config), 2, config, dry_run=False)
    propose.reconcile(forge, state, list_path="README.md")  # the next run
    assert {p.key: p.status for p in state.proposals()} == {"arxiv:2101.00001": "merged",
                                                           "arxiv:2101.00002": "closed"}


def test_a_digest_reopened_and_merged_without_a_paper_still_declines_it(gh: GitHubServer, forge: Forge,
                                                                        state: State) -> None:
    config = make_config(mode="digest")
    run(forge, state, [ranked(1), ranked(2, 0.8, "Defenses")], config)
    branch = gh.pulls(REPO)[0].head
    gh.close_pull(1)
    propose.reconcile(forge, state, list_path="README.md")
    gh.reopen_pull(1)
    propose.reconcile(forge, state, list_path="README.md")
    gh.set_file(REPO, "README.md", without_entry(gh.file_text(REPO, "README.md", branch), ranked(2).paper),
                branch=branch)
    gh.merge_pull(1)
    propose.reconcile(forge, state, list_path="README.md")
    assert [(p.key, p.status) for p in state.proposals()] == [("arxiv:2101.00001", "merged"),
                                                             ("arxiv:2101.00002", "closed")]


def test_a_branch_updated_by_githubs_button_is_still_litbots_to_rebuild(gh: GitHubServer, forge: Forge,
                                                                        state: State) -> None:
    run(forge, state, [ranked(1)], make_config())
    gh.set_file(REPO, "README.md", gh.file_text(REPO, "README.md") + "\n<!-- footer -->\n")
    gh.update_branch(1)  # "Merge branch 'main' into litbot/...": no entry touched
    anchor = "    Small perturbations change saliency maps.\n  </details>\n"
    base = gh.file_text(REPO, "README.md")
    gh.set_file(REPO, "README.md", base.replace(anchor, anchor + "* [Landed first](https://example.org/x)\n"))
    assert gh._pull_json(gh.repos[REPO], gh.pull(REPO, 1))["mergeable"] is False
    assert [r.action for r in run(forge, state, [], make_config())] == ["refreshed"]


def test_a_one_parent_commit_titled_like_a_merge_is_the_maintainers(gh: GitHubServer, forge: Forge,
                                                                      state: State) -> None:
    # E.g. `git merge --squash main` committed with git's message: no merge of the base to vouch for.
    run(forge, state, [ranked(1)], make_config())
    branch = "litbot/arxiv-2101.00001"
    gh.set_file(REPO, "README.md", gh.file_text(REPO, "README.md") + "\n<!-- footer -->\n")
    squashed = gh.file_text(REPO, "README.md", branch) + "\n<!-- footer -->\n"
    gh.set_file(REPO, "README.md", squashed, branch=branch, message=f"Merge branch 'main' into {branch}")
    anchor = "    Small perturbations change saliency maps.\n  </details>\n"
    base = gh.file_text(REPO, "README.md")
    gh.set_file(REPO, "README.md", base.replace(anchor, anchor + "* [Landed first](https://example.org/x)\n"))
    assert gh._pull_json(gh.repos[REPO], gh.pull(REPO, 1))["mergeable"] is False
    assert run(forge, state, [], make_config()) == []
    assert gh.file_text(REPO, "README.md", branch) == squashed


def test_a_pr_whose_mergeability_github_is_still_working_out_is_left_alone(gh: GitHubServer, forge: Forge,
                                                                          state: State) -> None:
    # Right after a push to main GitHub answers mergeable: null for a while. Unknown is not a conflict:
    # rebuilding on it would force-push every open PR after each merge.
    run(forge, state, [ranked(1)], make_config())
    gh.set_file(REPO, "README.md", gh.file_text(REPO, "README.md") + "\n<!-- footer -->\n")
    gh.computing.add(1)
    assert run(forge, state, [], make_config()) == []
    assert gh.count("PATCH", r"/git/refs/heads/litbot/") == 0
    assert state.get_proposal("arxiv:2101.00001").status == "open"


# Resolved in GitHub's editor (the commit reads like "Update branch"), with an edit on the way: to
# litbot's entry (the venue), or to another line of the list (a typo further down).
@pytest.mark.parametrize("old, new, where", [("<em>arXiv</em>, 2021", "<em>ICLR</em>, 2022", "entry"),
                                             ("Softplus makes", "A softplus makes", "elsewhere")])
def test_a_conflict_the_maintainer_resolved_with_an_edit_is_never_reset(
        gh: GitHubServer, forge: Forge, state: State, old: str, new: str, where: str) -> None:
    run(forge, state, [ranked(1)], make_config())
    anchor = "    Small perturbations change saliency maps.\n  </details>\n"
    branch_text = gh.file_text(REPO, "README.md", "litbot/arxiv-2101.00001")
    entry = branch_text[branch_text.index("* [Fooling saliency maps]"):branch_text.index("\n### Defenses")]
    hand = "* [Landed first](https://example.org/x)\n"
    gh.set_file(REPO, "README.md", gh.file_text(REPO, "README.md").replace(anchor, anchor + hand))
    assert gh._pull_json(gh.repos[REPO], gh.pull(REPO, 1))["mergeable"] is False
    resolved = gh.file_text(REPO, "README.md").replace(hand, hand + entry)
    assert old in (entry if where == "entry" else resolved.replace(entry, ""))
    gh.resolve_conflict(1, "README.md", resolved.replace(old, new))
    assert run(forge, state, [], make_config()) == []  # mergeable: nothing to do
    # A second conflict: rebuilding would throw the maintainer's edit away, so the PR is left to them.
    gh.set_file(REPO, "README.md", gh.file_text(REPO, "README.md").replace(hand, hand + "* [Second](u)\n"))
    assert run(forge, state, [], make_config()) == []
    assert new in gh.file_text(REPO, "README.md", "litbot/arxiv-2101.00001")


def test_a_conflict_resolved_by_dropping_a_digest_paper_is_never_reset(gh: GitHubServer, forge: Forge,
                                                                       state: State) -> None:
    config = make_config(mode="digest")
    run(forge, state, [ranked(1), ranked(2, 0.8, "Defenses")], config)
    branch = gh.pull(REPO, 1).head
    anchor = "    Small perturbations change saliency maps.\n  </details>\n"
    hand = "* [Landed first](https://example.org/x)\n"
    gh.set_file(REPO, "README.md", gh.file_text(REPO, "README.md").replace(anchor, anchor + hand))
    # Resolved in GitHub's editor, keeping the first paper's entry and leaving the second one out.
    first = parse_list(gh.file_text(REPO, "README.md", branch), "README.md").find(ranked(1).paper)
    lines = gh.file_text(REPO, "README.md", branch).splitlines(keepends=True)
    entry = "".join(lines[first.start_line:first.end_line])
    gh.resolve_conflict(1, "README.md", gh.file_text(REPO, "README.md").replace(hand, hand + entry))
    gh.set_file(REPO, "README.md", gh.file_text(REPO, "README.md").replace(hand, hand + "* [Second](u)\n"))
    assert run(forge, state, [], config) == []  # a rebuild would put the second paper back
    assert parse_list(gh.file_text(REPO, "README.md", branch), "README.md").find(ranked(2).paper) is None


@pytest.mark.parametrize("mode, with_digest", [("per_paper", False), ("per_paper", True), ("digest", False)])
def test_a_one_paper_pr_merged_with_its_entry_edited_is_accepted(gh: GitHubServer, forge: Forge, state: State,
                                                                 mode: str, with_digest: bool) -> None:
    # Digest mode with one candidate opens a one-paper PR on a digest branch: it is no digest either.
    run(forge, state, [ranked(1)], make_config(mode=mode))
    if with_digest:  # merged in the same run, it makes reconcile read the list: only its papers are judged
        digest = [ranked(2, 0.8, "Defenses"), ranked(3, 0.8, "Defenses")]
        run(forge, state, digest, make_config(mode="digest"))
    branch = gh.pull(REPO, 1).head
    # The camera-ready title and the proceedings link: the list no longer knows it as the arXiv paper.
    edited = gh.file_text(REPO, "README.md", branch).replace(
        "[Fooling saliency maps](https://arxiv.org/abs/2101.00001v1)",
        "[Manipulating Saliency Maps at Scale](https://proceedings.neurips.cc/paper/2021/abc.html)")
    gh.set_file(REPO, "README.md", edited, branch=branch, message="Use the NeurIPS version")
    for number in (1, 2) if with_digest else (1,):
        gh.merge_pull(number)
    assert propose.reconcile(forge, state, list_path="README.md")["merged"] == (3 if with_digest else 1)
    positives, negatives = state.feedback()
    accepted = [f"arxiv:2101.0000{n}" for n in ((1, 2, 3) if with_digest else (1,))]
    assert sorted(p.key for p in positives) == accepted and negatives == []


def test_state_lost_a_paper_taken_out_of_a_merged_digest_is_still_declined(
        gh: GitHubServer, forge: Forge, state: State, tmp_path: Path) -> None:
    config = make_config(mode="digest")
    run(forge, state, [ranked(1), ranked(2, 0.8, "Defenses")], config)
    branch = gh.pulls(REPO)[0].head
    gh.set_file(REPO, "README.md", without_entry(gh.file_text(REPO, "README.md", branch), ranked(2).paper),
                branch=branch)
    gh.merge_pull(1)
    with State(tmp_path / "fresh") as fresh:  # a fresh Action cache
        assert propose.reconcile(forge, fresh, list_path="README.md")["discovered"] == 2
        assert {p.key: p.status for p in fresh.proposals()} == {"arxiv:2101.00001": "merged",
                                                                "arxiv:2101.00002": "closed"}


def test_a_pr_from_a_fork_never_speaks_for_litbot(gh: GitHubServer, forge: Forge, state: State) -> None:
    from servers.github_server import Pull

    from bot.proposal import marker

    # Anyone may open PRs from a fork with a branch named like litbot's and litbot's markers in the
    # body: closed, one would ban the paper for ever; open, the run read its branch here and failed.
    for number, status in ((1, "closed"), (2, "open")):
        body = f"Please\n{marker(ranked(number).paper.key)}"
        gh.repos[REPO].pulls.append(Pull(number, "Add my paper", body, "litbot/arxiv-2101.00001", "main",
                                         False, head_repo="stranger/awesome", state=status))
    gh.repos[REPO].pulls.append(Pull(3, "Gone", marker(ranked(3).paper.key), "litbot/x", "main", False,
                                     head_repo="", state="closed"))  # from a fork since deleted
    assert propose.reconcile(forge, state) == {"merged": 0, "closed": 0, "listed": 0, "open": 0,
                                               "discovered": 0}
    results = run(forge, state, [ranked(1), ranked(2)], make_config())
    assert [(r.key, r.action) for r in results] == [("arxiv:2101.00001", "opened"),
                                                    ("arxiv:2101.00002", "opened")]
    assert sum(p.status == "open" for p in forge.find_pulls("litbot/")) == 2


def test_a_reconcile_makes_no_request_per_old_pr(gh: GitHubServer, forge: Forge, state: State) -> None:
    from servers.github_server import Pull

    from bot.proposal import marker

    # GitHub lists PRs without ``merged`` and ``mergeable``: reading them fetched each PR on its own,
    # every run, for every PR litbot ever opened.
    for i in range(1, 121):
        key = f"arxiv:2101.{i:05d}"
        gh.repos[REPO].pulls.append(Pull(i, f'Add "Paper {i}" to Attacks', marker(key), f"litbot/p{i}",
                                         "main", True, state="closed", merged=i % 2 == 0,
                                         merged_at="2024-01-01T00:00:00Z" if i % 2 == 0 else None))
    assert propose.reconcile(forge, state)["discovered"] == 120
    assert len(state.feedback()[0]) == 60
    before = len(gh.requests)
    propose.reconcile(forge, state)
    assert [r.path for r in gh.requests[before:]] == ["/repos/owner/awesome/pulls"] * 2  # two pages of 100


# GitHub may merge the old path's change into the moved file (rename detection) and call the PR
# mergeable: its branch still lacks the list where it is now.
@pytest.mark.parametrize("mergeable", [False, True])
def test_a_moved_list_rebuilds_open_prs_where_it_is_now(gh: GitHubServer, forge: Forge, state: State,
                                                        monkeypatch: pytest.MonkeyPatch,
                                                        mergeable: bool) -> None:
    run(forge, state, [ranked(1)], make_config())
    gh.move_file(REPO, "README.md", "docs/papers.md")
    if mergeable:
        monkeypatch.setattr(gh, "_mergeable", lambda *args: True)
    moved = make_config()
    moved.list.path = "docs/papers.md"
    # The PR's branch has no docs/papers.md: that was a 404 stopping every run until the PR was closed.
    assert [r.action for r in run(forge, state, [ranked(2)], moved)] == ["refreshed", "opened"]
    for branch in ("litbot/arxiv-2101.00001", "litbot/arxiv-2101.00002"):
        assert gh.file_text(REPO, "README.md", branch) is None
        assert len(parse_list(gh.file_text(REPO, "docs/papers.md", branch), "docs/papers.md").entries) == 3


def test_a_conflict_the_maintainer_resolved_before_the_list_moved_is_never_reset(
        gh: GitHubServer, forge: Forge, state: State) -> None:
    # The resolution (an edit to the entry on the way) is at the list's old path: nothing there tells
    # GitHub's own merge from the maintainer's work, so the PR is theirs.
    run(forge, state, [ranked(1)], make_config())
    branch = "litbot/arxiv-2101.00001"
    anchor = "    Small perturbations change saliency maps.\n  </details>\n"
    branch_text = gh.file_text(REPO, "README.md", branch)
    entry = branch_text[branch_text.index("* [Fooling saliency maps]"):branch_text.index("\n### Defenses")]
    hand = "* [Landed first](https://example.org/x)\n"
    gh.set_file(REPO, "README.md", gh.file_text(REPO, "README.md").replace(anchor, anchor + hand))
    resolved = gh.file_text(REPO, "README.md").replace(hand, hand + entry)
    gh.resolve_conflict(1, "README.md", resolved.replace("<em>arXiv</em>, 2021", "<em>ICLR</em>, 2022"))
    gh.move_file(REPO, "README.md", "docs/papers.md")
    moved = make_config()
    moved.list.path = "docs/papers.md"
    assert run(forge, state, [], moved) == []
    assert "<em>ICLR</em>, 2022" in gh.file_text(REPO, "README.md", branch)
    assert state.get_proposal("arxiv:2101.00001").status == "open"


def test_a_button_merge_that_kept_the_entry_where_git_put_it_is_still_litbots(gh: GitHubServer, forge: Forge,
                                                                            state: State) -> None:
    run(forge, state, [ranked(1)], make_config())
    top = ("* [A 2023 attack on saliency](https://example.org/2023)\n  <details>\n"
           "  <summary> B. Author et al. <em>ICML</em>, 2023 </summary>\n    New.\n  </details>\n")
    # Newest first now: litbot would put its 2021 entry second, the merge keeps it last. Still no edit.
    gh.set_file(REPO, "README.md", gh.file_text(REPO, "README.md").replace("### Attacks\n\n",
                                                                          "### Attacks\n\n" + top, 1))
    gh.update_branch(1)
    anchor = "    Small perturbations change saliency maps.\n  </details>\n"
    gh.set_file(REPO, "README.md", gh.file_text(REPO, "README.md").replace(
        anchor, anchor + "* [Landed first](https://example.org/x)\n"))
    assert [r.action for r in run(forge, state, [], make_config())] == ["refreshed"]


def test_a_digest_paper_listed_by_hand_is_taken_out_only_when_the_pr_is_rebuilt(
        gh: GitHubServer, forge: Forge, state: State) -> None:
    config = make_config(mode="digest")
    run(forge, state, [ranked(1), ranked(2, 0.8, "Defenses")], config)
    branch = gh.pulls(REPO)[0].head
    hand = LIST.replace("## Papers\n\n", "## Papers\n\n### Highlights\n\n"
                        "* [Fooling saliency maps](https://arxiv.org/abs/2101.00001)\n\n", 1)
    # The button first (no one's edit: the PR is still litbot's to rebuild), then the listing by hand.
    gh.set_file(REPO, "README.md", LIST.replace("# Test list\n", "# Test list\n\nA curated list.\n", 1))
    gh.update_branch(1)
    gh.set_file(REPO, "README.md", hand.replace("# Test list\n", "# Test list\n\nA curated list.\n", 1))
    assert [r.action for r in run(forge, state, [], config)] == ["refreshed", "skipped"]
    # A digest the maintainer committed to is theirs: a paper of it listed by hand, litbot neither
    # rebuilds the PR nor claims to have taken the paper out.
    config2 = make_config(mode="digest")
    run(forge, state, [ranked(3), ranked(4, 0.8, "Defenses")], config2)
    number = max(p.number for p in gh.pulls(REPO))
    branch = gh.pull(REPO, number).head
    text = gh.file_text(REPO, "README.md", branch)
    gh.set_file(REPO, "README.md", text.replace("(4).", "(4). Nice."), branch=branch)
    gh.pull(REPO, number).title = "Two papers, as the maintainer titled them"  # kept by the notice
    third = "* [Fooling counterfactual search](https://arxiv.org/abs/2101.00003)\n"
    base = gh.file_text(REPO, "README.md")
    gh.set_file(REPO, "README.md", base.replace("### Highlights\n\n", "### Highlights\n\n" + third, 1))
    assert run(forge, state, [], config2) == []
    assert "arxiv:2101.00003" in keys_from_body(gh.pull(REPO, number).body)
    assert state.get_proposal("arxiv:2101.00003").status == "open"
    # But merged as it is, the PR lists that paper twice: the maintainer is told so, once.
    pr = gh.pull(REPO, number)
    assert pr.body.count("**On the list by now, added by hand:** *Fooling counterfactual search*") == 1
    assert len(pr.comments) == 1 and "remove its entry from this PR before merging" in pr.comments[0]
    assert keys_from_body(pr.body) == ["arxiv:2101.00003", "arxiv:2101.00004"]
    assert pr.title == "Two papers, as the maintainer titled them"
    assert run(forge, state, [], config2) == []
    assert len(gh.pull(REPO, number).comments) == 1 and gh.pull(REPO, number).body == pr.body


def test_a_digest_the_maintainer_took_a_hand_listed_paper_out_of_is_not_commented_on(
        gh: GitHubServer, forge: Forge, state: State) -> None:
    config = make_config(mode="digest")
    run(forge, state, [ranked(1), ranked(2, 0.8, "Defenses")], config)
    branch = gh.pull(REPO, 1).head
    gh.set_file(REPO, "README.md", without_entry(gh.file_text(REPO, "README.md", branch), ranked(1).paper),
                branch=branch)  # the maintainer's own commit: the branch is theirs now
    gh.set_file(REPO, "README.md", LIST.replace("## Papers\n\n", "## Papers\n\n### Highlights\n\n"
                "* [Fooling saliency maps](https://arxiv.org/abs/2101.00001)\n\n", 1))
    body = gh.pull(REPO, 1).body
    assert run(forge, state, [], config) == []
    assert gh.pull(REPO, 1).comments == [] and gh.pull(REPO, 1).body == body


def test_a_digest_is_known_by_state_when_its_description_was_rewritten(gh: GitHubServer, forge: Forge,
                                                                       state: State) -> None:
    config = make_config(mode="digest")
    run(forge, state, [ranked(1), ranked(2, 0.8, "Defenses")], config)
    pr = gh.pull(REPO, 1)
    pr.body = "Two attacks on explanations; I dropped the second one."  # markers and all
    gh.set_file(REPO, "README.md", without_entry(gh.file_text(REPO, "README.md", pr.head), ranked(2).paper),
                branch=pr.head)
    gh.merge_pull(1)
    propose.reconcile(forge, state, list_path="README.md")
    assert {p.key: p.status for p in state.proposals()} == {"arxiv:2101.00001": "merged",
                                                           "arxiv:2101.00002": "closed"}


def test_a_paper_taken_out_of_a_digest_stays_out_of_its_merge(gh: GitHubServer, forge: Forge,
                                                              state: State) -> None:
    config = make_config(mode="digest")
    run(forge, state, [ranked(1), ranked(2, 0.8, "Defenses")], config)
    first = "### Highlights\n\n* [Fooling saliency maps](https://arxiv.org/abs/2101.00001)\n\n"
    gh.set_file(REPO, "README.md", LIST.replace("## Papers\n\n", f"## Papers\n\n{first}", 1))
    run(forge, state, [], config)
    gh.merge_pull(1)
    assert propose.reconcile(forge, state, list_path="README.md")["merged"] == 1
    assert {p.key: p.status for p in state.proposals()} == {"arxiv:2101.00001": "listed",
                                                           "arxiv:2101.00002": "merged"}


def test_a_one_paper_pr_reopened_with_its_description_rewritten_is_open_again(
        gh: GitHubServer, forge: Forge, state: State) -> None:
    run(forge, state, [ranked(1)], make_config())
    gh.close_pull(1)
    propose.reconcile(forge, state)
    gh.pull(REPO, 1).body = "Reopened: we do want this one."
    gh.reopen_pull(1)
    propose.reconcile(forge, state)
    assert state.get_proposal("arxiv:2101.00001").status == "open"


def test_a_marker_naming_an_arxiv_doi_is_discovered_once(gh: GitHubServer, forge: Forge,
                                                         state: State) -> None:
    from servers.github_server import Pull

    from bot.proposal import marker

    gh.repos[REPO].pulls.append(Pull(1, 'Add "Fooling saliency maps" to Attacks',
                                     marker("doi:10.48550/arxiv.2101.00001"), "litbot/doi-x", "main", True,
                                     state="closed"))
    assert [propose.reconcile(forge, state)["discovered"] for _ in range(2)] == [1, 0]
    assert [p.key for p in state.proposals()] == ["arxiv:2101.00001"]


def listed_by_hand(gh: GitHubServer, forge: Forge, state: State, config: Config | None = None) -> None:
    """Paper 1 proposed, then listed by hand (in Defenses): the next run closes its PR as listed."""
    from bot.lists import insert_entry

    run(forge, state, [ranked(1)], config or make_config())
    gh.set_file(REPO, "README.md", insert_entry(parse_list(LIST, "README.md"), ranked(1).paper, "Defenses"))
    run(forge, state, [], config or make_config())


def test_a_pr_whose_paper_was_listed_by_hand_is_closed(gh: GitHubServer, forge: Forge, state: State) -> None:
    from bot.lists import insert_entry

    run(forge, state, [ranked(1)], make_config())
    # Added by hand in another section: no conflict, but merging the PR would list the paper twice.
    gh.set_file(REPO, "README.md", insert_entry(parse_list(LIST, "README.md"), ranked(1).paper, "Defenses"))
    results = run(forge, state, [], make_config())
    assert [(r.action, r.pr_number) for r in results] == [("closed", 1)]
    pr = gh.pull(REPO, 1)
    assert pr.state == "closed" and "has this paper by now" in pr.comments[0]
    assert state.get_proposal("arxiv:2101.00001").status == "listed"


def test_a_paper_listed_by_hand_is_no_negative_once_taken_off_the_list(gh: GitHubServer, forge: Forge,
                                                                       state: State) -> None:
    # litbot closed its PR because the maintainers listed the paper by hand: no verdict against it.
    # Recorded "closed", it became a negative as soon as the maintainers pruned it from the list.
    listed_by_hand(gh, forge, state)
    gh.set_file(REPO, "README.md", LIST)  # pruned later
    assert propose.reconcile(forge, state, list_path="README.md")["closed"] == 0
    assert state.get_proposal("arxiv:2101.00001").status == "listed" and state.feedback() == ([], [])
    assert select([ranked(1)], state, make_config()) == []  # and never proposed again


@pytest.mark.parametrize("lost", [False, True])
def test_a_pr_the_maintainer_closed_after_listing_its_paper_by_hand_is_no_verdict(
        gh: GitHubServer, forge: Forge, state: State, tmp_path: Path, lost: bool) -> None:
    # Closed by the maintainer, who wrote the entry their own way (or found it in the list after a lost
    # state): the paper is wanted, not declined.
    from bot.lists import insert_entry

    run(forge, state, [ranked(1)], make_config())
    gh.set_file(REPO, "README.md", insert_entry(parse_list(LIST, "README.md"), ranked(1).paper, "Defenses"))
    gh.close_pull(1)
    with State(tmp_path / "fresh") if lost else contextlib.nullcontext(state) as st:
        counts = propose.reconcile(forge, st, list_path="README.md")
        assert (counts["listed"], counts["closed"]) == (0 if lost else 1, 0)
        assert [(p.key, p.status, p.pr_number) for p in st.proposals()] == [("arxiv:2101.00001", "listed", 1)]
        gh.set_file(REPO, "README.md", LIST)
        propose.reconcile(forge, st, list_path="README.md")
        assert st.get_proposal("arxiv:2101.00001").status == "listed" and st.feedback() == ([], [])


def test_a_declined_paper_listed_by_hand_later_is_listed_and_a_declined_one_stays_declined(
        gh: GitHubServer, forge: Forge, state: State) -> None:
    from bot.lists import insert_entry

    run(forge, state, [ranked(1), ranked(2, 0.8, "Defenses")], make_config())
    gh.close_pull(1)
    gh.close_pull(2)
    assert propose.reconcile(forge, state, list_path="README.md")["closed"] == 2
    assert len(state.feedback()[1]) == 2
    # The maintainers changed their mind about the first: its verdict goes with it.
    gh.set_file(REPO, "README.md", insert_entry(parse_list(LIST, "README.md"), ranked(1).paper, "Attacks"))
    assert propose.reconcile(forge, state, list_path="README.md")["listed"] == 1
    assert {p.key: p.status for p in state.proposals()} == {"arxiv:2101.00001": "listed",
                                                           "arxiv:2101.00002": "closed"}
    assert [p.key for p in state.feedback()[1]] == ["arxiv:2101.00002"]
    assert propose.reconcile(forge, state, list_path="README.md")["listed"] == 0  # recorded once


@pytest.mark.parametrize("hand_entry_kept", [False, True])
def test_a_pr_litbot_closed_as_listed_and_reopened_is_followed_again(
        gh: GitHubServer, forge: Forge, state: State, hand_entry_kept: bool) -> None:
    # The maintainers take their hand entry out and reopen litbot's PR to merge its entry instead (or
    # reopen it with the hand entry still there). Recorded "listed" for good, the reopened PR went
    # unseen: not counted as open, its merge no positive, or merged with the paper listed twice.
    config = make_config(max_open_prs=1)
    listed_by_hand(gh, forge, state, config)
    if not hand_entry_kept:
        gh.set_file(REPO, "README.md", LIST)
    gh.reopen_pull(1)
    results = run(forge, state, [ranked(2)], config)
    if hand_entry_kept:  # closed again, as before: merged, it would list the paper twice
        assert [(r.key, r.action) for r in results] == [("arxiv:2101.00001", "closed")]
        assert gh.pull(REPO, 1).state == "closed"
        assert state.get_proposal("arxiv:2101.00001").status == "listed"
        return
    assert results == [] and state.get_proposal("arxiv:2101.00001").status == "open"  # the cap holds
    gh.merge_pull(1)
    assert propose.reconcile(forge, state, list_path="README.md")["merged"] == 1


def test_a_declined_paper_stays_declined_when_another_paper_with_a_near_title_is_listed(
        gh: GitHubServer, forge: Forge, state: State) -> None:
    # "Attacks on" and "Attacks with" one method: `find` takes them for one paper, which hides a
    # negative while the other is listed; "listed" for good, the decline was lost once it was pruned.
    declined = Paper(title="Adversarial Attacks on Post hoc Explanation Methods", abstract="We attack LIME.",
                     url="https://arxiv.org/abs/2101.00009", published="2021-01-01")
    run(forge, state, [_as_ranked(declined)], make_config())
    gh.close_pull(1)
    other = "* [Adversarial Attacks with Post hoc Explanation Methods](https://openreview.net/forum?id=xyz)\n"
    gh.set_file(REPO, "README.md", LIST.replace("### Defenses\n", "### Defenses\n\n" + other))
    assert parse_list(gh.file_text(REPO, "README.md"), "README.md").find(declined) is not None
    assert propose.reconcile(forge, state, list_path="README.md")["closed"] == 1
    assert state.get_proposal(declined.key).status == "closed"


def test_a_paper_litbot_found_listed_is_known_so_after_a_lost_state_and_a_pruning(
        gh: GitHubServer, forge: Forge, state: State, tmp_path: Path) -> None:
    listed_by_hand(gh, forge, state)
    run(forge, state, [], make_config())  # the body says so once
    assert gh.pull(REPO, 1).body.count("litbot:listed=") == 1
    gh.set_file(REPO, "README.md", LIST)  # pruned, then the state is lost
    with State(tmp_path / "lost") as fresh:
        propose.reconcile(forge, fresh, list_path="README.md")
        assert [(p.key, p.status) for p in fresh.proposals()] == [("arxiv:2101.00001", "listed")]
        assert fresh.feedback() == ([], [])


def test_a_list_that_does_not_read_holds_back_no_merge_and_closes_wait_to_be_judged(
        gh: GitHubServer, forge: Forge, state: State, caplog: pytest.LogCaptureFixture) -> None:
    run(forge, state, [ranked(1), ranked(2, 0.8, "Defenses")], make_config())
    gh.set_file(REPO, "README.md", LIST.replace("### Attacks\n", "### Attacks\n\n* [Fooling saliency maps]"
                                                "(https://arxiv.org/abs/2101.00001)\n"))
    gh.close_pull(1)  # the maintainers wrote the entry their way
    gh.merge_pull(2)
    gh.move_file(REPO, "README.md", "OLD.md")
    with caplog.at_level(logging.WARNING, logger="bot.propose"):
        assert propose.reconcile(forge, state, list_path="README.md")["merged"] == 1
    assert state.get_proposal("arxiv:2101.00001").status == "closed" and "does not read" in caplog.text
    gh.move_file(REPO, "OLD.md", "README.md")
    assert propose.reconcile(forge, state, list_path="README.md")["listed"] == 1


@pytest.mark.parametrize("refused", ["the listed mark", "the close"])
def test_a_close_github_refuses_is_retried_without_a_second_comment(
        gh: GitHubServer, forge: Forge, state: State, monkeypatch: pytest.MonkeyPatch, refused: str) -> None:
    from bot.lists import insert_entry

    run(forge, state, [ranked(1)], make_config())
    gh.set_file(REPO, "README.md", insert_entry(parse_list(LIST, "README.md"), ranked(1).paper, "Defenses"))
    with monkeypatch.context() as m:
        if refused == "the close":  # the body's listed mark is written, the close after it refused
            real = Forge.close_pull

            def close_refused(self: Forge, *args: object, **kwargs: object) -> None:
                gh.fail_next("PATCH", r"/pulls/1$", 422)
                real(self, *args, **kwargs)  # type: ignore[arg-type]

            m.setattr(Forge, "close_pull", close_refused)
        else:
            gh.fail_next("PATCH", r"/pulls/1$", 422)
        assert [r.action for r in run(forge, state, [], make_config())] == ["failed"]
    assert [r.action for r in run(forge, state, [], make_config())] == ["closed"]
    pr = gh.pull(REPO, 1)
    assert len(pr.comments) == 1 and pr.state == "closed" and pr.body.count("litbot:listed=") == 1
    assert state.get_proposal("arxiv:2101.00001").status == "listed"


def test_a_listed_pr_reopened_and_then_declined_is_a_decline(gh: GitHubServer, forge: Forge,
                                                             state: State) -> None:
    # The listed mark litbot wrote when it closed the PR stays in its body: it told a known proposal's
    # later decline for a paper listed by hand. The list says which, for a PR state knows.
    listed_by_hand(gh, forge, state)
    gh.set_file(REPO, "README.md", LIST)
    gh.reopen_pull(1)
    propose.reconcile(forge, state, list_path="README.md")
    gh.close_pull(1)
    assert propose.reconcile(forge, state, list_path="README.md")["closed"] == 1
    assert [p.key for p in state.feedback()[1]] == ["arxiv:2101.00001"]


@pytest.mark.parametrize("lost", [False, True])
def test_a_pr_recorded_under_a_name_two_topics_share_now_is_rebuilt_where_its_entry_is(
        gh: GitHubServer, forge: Forge, state: State, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        lost: bool) -> None:
    # "Attacks" was one topic when the PR opened; then "Image > Attacks" joined it (or, after a lost
    # state, a digest's papers took their heading's bare name from the branch): the rebuild was refused
    # every run, and before that refusal it moved the paper into the first "Attacks".
    two = LIST.replace("### Defenses", "### Image attacks").replace("## Papers", "## Text")
    two = two.replace("### Image attacks", "## Image\n\n### Attacks")
    gh.set_file(REPO, "README.md", two)
    config = make_config(mode="digest")
    run(forge, state, [ranked(1, 0.9, "Text > Attacks"), ranked(2, 0.8, "Image > Attacks")], config)
    assert {p.section for p in state.proposals()} == {"Text > Attacks", "Image > Attacks"}
    if not lost:
        with state.transaction() as db:  # as an older litbot recorded it, before the second "Attacks"
            db.execute("UPDATE proposals SET section='Attacks' WHERE key='arxiv:2101.00002'")
    gh.set_file(REPO, "README.md", two.replace("## Image", "## Notes\n\nMore soon.\n\n## Image"))
    monkeypatch.setattr(gh, "_mergeable", lambda *args: False)  # and the branch conflicts with it
    with State(tmp_path / "fresh") if lost else contextlib.nullcontext(state) as st:
        propose.reconcile(forge, st, list_path="README.md")
        results = propose.submit(forge, st, "", [], 0, config, dry_run=False)
        assert [(r.key, r.action) for r in results] == [("arxiv:2101.00001", "refreshed"),
                                                         ("arxiv:2101.00002", "refreshed")]
        doc = parse_list(gh.file_text(REPO, "README.md", gh.pull(REPO, 1).head), "README.md")
        assert [doc.section_label(s) for s in doc.paper_sections() if any(
            e.title == "Fooling concept vectors" for e in s.entries)] == ["Image > Attacks"]


def test_a_digest_title_the_maintainer_wrote_stays_when_a_paper_is_taken_out(
        gh: GitHubServer, forge: Forge, state: State) -> None:
    config = make_config(mode="digest")
    run(forge, state, [ranked(1), ranked(2, 0.8, "Defenses"), ranked(3, 0.7)], config)
    assert gh.pull(REPO, 1).title == "Add 3 papers to the list"
    forge.edit_pull(1, lambda title, body: ("Saliency papers for the March release", body))
    hand = LIST.replace("## Papers\n\n", "## Papers\n\n### Highlights\n\n"
                        "* [Fooling saliency maps](https://arxiv.org/abs/2101.00001)\n\n", 1)
    gh.set_file(REPO, "README.md", hand)
    run(forge, state, [], config)
    assert gh.pull(REPO, 1).title == "Saliency papers for the March release"
    assert "litbot suggests adding 2 papers to the list, one section each below." in gh.pull(REPO, 1).body


# Then the button, maybe: the merge commit brings the hand-listed entry onto the branch, beside litbot's.
@pytest.mark.parametrize("button", [False, True])
def test_a_digest_paper_listed_by_hand_is_taken_out_of_the_pr(gh: GitHubServer, forge: Forge,
                                                              state: State, button: bool) -> None:
    config = make_config(mode="digest")
    run(forge, state, [ranked(1), ranked(2, 0.8, "Defenses")], config)
    # Listed by hand in a new section: no conflict, but merging the PR as it is would list it twice.
    hand = LIST.replace("## Papers\n\n", "## Papers\n\n### Highlights\n\n"
                        "* [Fooling saliency maps](https://arxiv.org/abs/2101.00001)\n\n", 1)
    gh.set_file(REPO, "README.md", hand)
    if button:
        gh.update_branch(1)
    assert [r.action for r in run(forge, state, [], config)] == ["refreshed", "skipped"]
    assert state.get_proposal("arxiv:2101.00001").status == "listed"
    assert keys_from_body(gh.pull(REPO, 1).body) == ["arxiv:2101.00002"]
    assert gh.pull(REPO, 1).body.startswith("<!-- litbot:listed=arxiv:2101.00001 title=Fooling%20saliency%20"
                                            "maps -->\n**Taken out of this PR:** *Fooling saliency maps*")
    # Title and intro count the papers left: "Add 2 papers" over one paper's section misled.
    assert gh.pull(REPO, 1).title == 'Add "Fooling concept vectors" to Defenses'
    assert "litbot suggests adding 1 paper to the list, its section below." in gh.pull(REPO, 1).body
    # Taken out once: later runs leave the PR be (each used to force-reset and rebuild its branch).
    resets = gh.count("PATCH", r"/git/refs/heads/litbot/")
    assert [run(forge, state, [], config) for _ in range(2)] == [[], []]
    assert gh.count("PATCH", r"/git/refs/heads/litbot/") == resets
    gh.merge_pull(1)
    titles = [e.title for e in parse_list(gh.file_text(REPO, "README.md"), "README.md").entries]
    assert titles.count("Fooling saliency maps") == 1 and "Fooling concept vectors" in titles


def test_a_digest_paper_taken_out_is_known_as_listed_after_a_lost_state_and_a_pruning(
        gh: GitHubServer, forge: Forge, state: State, tmp_path: Path) -> None:
    config = make_config(mode="digest")
    run(forge, state, [ranked(1), ranked(2, 0.8, "Defenses"), ranked(3)], config)
    gh.set_file(REPO, "README.md", LIST.replace("## Papers\n\n", "## Papers\n\n### Highlights\n\n"
                "* [Fooling saliency maps](https://arxiv.org/abs/2101.00001)\n\n", 1))
    assert [r.action for r in run(forge, state, [], config)] == ["refreshed", "refreshed", "skipped"]
    assert sorted(keys_from_body(gh.pull(REPO, 1).body)) == ["arxiv:2101.00002", "arxiv:2101.00003"]
    gh.set_file(REPO, "README.md", LIST)  # pruned, then the state is lost
    with State(tmp_path / "lost") as fresh:
        # Its paper marker went with it: a lost state knew nothing of it, and proposed it again.
        assert run(forge, fresh, [ranked(1, 0.95)], config) == []
        assert {p.key: p.status for p in fresh.proposals()} == {
            "arxiv:2101.00001": "listed", "arxiv:2101.00002": "open", "arxiv:2101.00003": "open"}
        assert propose.reconcile(forge, fresh, config.github.branch_prefix)["discovered"] == 0
        assert fresh.feedback() == ([], [])
        # Found by a review: the listed mark had no title, so the rebuilt state knew the paper by its arXiv
        # id alone, and its journal version (a DOI of its own, the same title) was a new paper to it.
        journal = Paper(title="Fooling saliency maps", doi="10.1234/jfsm.2021.1", abstract="We attack (1).",
                        authors=["Ada Lovelace", "Alan Turing"], published="2021-06-01", venue="J. Fooling")
        assert fresh.get_proposal("arxiv:2101.00001").paper.title == "Fooling saliency maps"
        assert select([_as_ranked(journal)], fresh, config) == []


def test_a_digest_with_one_paper_left_and_one_taken_out_is_judged_as_a_digest_after_a_lost_state(
        gh: GitHubServer, forge: Forge, state: State, tmp_path: Path) -> None:
    # Found by a review: one paper marker left, a lost state took the PR for a one-paper PR, and the
    # paper the maintainer deleted from it before merging for accepted.
    config = make_config(mode="digest")
    run(forge, state, [ranked(1), ranked(2, 0.8, "Defenses")], config)
    hand = LIST.replace("### Defenses\n\n", "### Defenses\n\n"
                        "* [Fooling saliency maps](https://arxiv.org/abs/2101.00001)\n\n", 1)
    gh.set_file(REPO, "README.md", hand)
    run(forge, state, [], config)
    gh.set_file(REPO, "README.md", hand, branch=gh.pull(REPO, 1).head)  # paper 2's entry deleted
    gh.merge_pull(1)
    with State(tmp_path / "lost") as fresh:
        propose.reconcile(forge, fresh, config.github.branch_prefix, list_path="README.md")
        assert {p.key: p.status for p in fresh.proposals()} == {"arxiv:2101.00001": "listed",
                                                                 "arxiv:2101.00002": "closed"}
    propose.reconcile(forge, state, config.github.branch_prefix, list_path="README.md")
    assert state.get_proposal("arxiv:2101.00002").status == "closed"


def test_a_pr_closed_as_listed_under_its_papers_key_of_the_day_is_followed_when_reopened(
        gh: GitHubServer, forge: Forge, state: State, tmp_path: Path) -> None:
    # Found by a review: its marker names the paper by its arXiv DOI, litbot marks it listed under its
    # arXiv key; the mark read as a paper taken out of a digest, and the reopened PR was never followed.
    config = make_config()
    run(forge, state, [ranked(1)], config)
    pr = gh.pull(REPO, 1)
    pr.body = pr.body.replace(marker("arxiv:2101.00001", "Fooling saliency maps"),
                              marker("doi:10.48550/arxiv.2101.00001", "Fooling saliency maps"))
    with State(tmp_path / "lost") as fresh:
        propose.reconcile(forge, fresh, config.github.branch_prefix)
        hand = "* [Fooling saliency maps](https://arxiv.org/abs/2101.00001)\n\n"
        gh.set_file(REPO, "README.md", LIST.replace("### Defenses\n\n", "### Defenses\n\n" + hand, 1))
        run(forge, fresh, [], config)
        assert gh.pull(REPO, 1).state == "closed"
        assert fresh.get_proposal("arxiv:2101.00001").status == "listed"
        gh.set_file(REPO, "README.md", LIST)  # taken off the list again; the maintainer reopens the PR
        gh.reopen_pull(1)
        propose.reconcile(forge, fresh, config.github.branch_prefix)
        assert fresh.get_proposal("arxiv:2101.00001").status == "open"
    with State(tmp_path / "lost again") as again:  # and a state lost now finds it open too
        propose.reconcile(forge, again, config.github.branch_prefix)
        assert [(p.key, p.status) for p in again.proposals()] == [("arxiv:2101.00001", "open")]


def test_a_paper_taken_out_of_a_digest_and_proposed_again_under_another_key_is_followed_after_a_lost_state(
        gh: GitHubServer, forge: Forge, state: State, tmp_path: Path) -> None:
    # Found by a review: digest #1's listed mark for the paper was recorded over open PR #2's proposal of
    # it (its marker names the paper by its arXiv DOI), and #2's merge would never have been recorded.
    from bot.proposal import listed_mark

    run(forge, state, [ranked(1), ranked(2, 0.8, "Defenses")], make_config(mode="digest"))
    pr1 = gh.pull(REPO, 1)
    taken = listed_mark("arxiv:2101.00001", "Fooling saliency maps") + "\n" + pr1.body.replace(
        marker("arxiv:2101.00001", "Fooling saliency maps") + "\n", "")
    pr1.body = "x"  # not there yet for the second state's run
    with State(tmp_path / "s2") as other:
        run(forge, other, [ranked(1)], make_config())
    pr1.body = taken
    gh.pull(REPO, 2).body = gh.pull(REPO, 2).body.replace(
        marker("arxiv:2101.00001", "Fooling saliency maps"),
        marker("doi:10.48550/arxiv.2101.00001", "Fooling saliency maps"))
    with State(tmp_path / "lost") as fresh:
        propose.reconcile(forge, fresh, "litbot/")
        prop = fresh.get_proposal("arxiv:2101.00001")
        assert (prop.status, prop.pr_number) == ("open", 2)


def _listed_by_hand_meanwhile(gh: GitHubServer, forge: Forge, state: State, edit: str, first: RankedPaper
                              ) -> Config:
    """A PR of ``first`` (with a second paper in a digest, unless ``edit`` is "the PR closed as listed"),
    whose first paper the maintainers then list by hand; for "a paper listed twice" its branch is the
    maintainer's. The config the next run takes it up with."""
    digest = edit != "the PR closed as listed"
    config = make_config(mode="digest" if digest else "per_paper")
    run(forge, state, [first] + ([ranked(2, 0.8, "Defenses")] if digest else []), config)
    if edit == "a paper listed twice":  # the branch is the maintainer's: litbot only says so
        branch = gh.pull(REPO, 1).head
        text = gh.file_text(REPO, "README.md", branch)
        gh.set_file(REPO, "README.md", text.replace("(2).", "(2). Nice."), branch=branch)
    hand = "* [Fooling saliency maps](https://arxiv.org/abs/2101.00001)\n\n"
    gh.set_file(REPO, "README.md", LIST.replace("### Defenses\n\n", "### Defenses\n\n" + hand, 1))
    return config


@pytest.mark.parametrize("edit", ["a paper taken out", "a paper listed twice", "the PR closed as listed"])
def test_a_description_litbot_marks_renders_and_keeps_a_titles_tags_inert(
        gh: GitHubServer, forge: Forge, state: State, edit: str) -> None:
    # Found by a review: a line that starts with a hidden mark is raw HTML to GitHub (an HTML block), so
    # the notice after the mark showed its markdown as written, and a feed title's tag was live.
    from markdown_it import MarkdownIt

    evil = RankedPaper(Paper(title="Fooling saliency maps <img/src=https://evil.example/p.png>",
                             abstract="We attack explanations (1).", authors=["Ada Lovelace"],
                             published="2021-03-01", url="https://arxiv.org/abs/2101.00001v1"),
                       0.9, "Attacks", 0.7)
    run(forge, state, [], _listed_by_hand_meanwhile(gh, forge, state, edit, evil))
    html = MarkdownIt("commonmark").render(gh.pull(REPO, 1).body)
    assert "<img" not in html
    assert html.split("\n", 2)[1].startswith("<p>")  # the line after the marks is markdown again


@pytest.mark.parametrize("edit", ["a paper taken out", "a paper listed twice", "the PR closed as listed"])
def test_a_description_litbot_edits_keeps_what_the_maintainer_wrote_since_litbot_read_it(
        gh: GitHubServer, forge: Forge, state: State, monkeypatch: pytest.MonkeyPatch, edit: str) -> None:
    config = _listed_by_hand_meanwhile(gh, forge, state, edit, ranked(1))
    real = Forge.get_pull

    def get_pull(self: Forge, number: int) -> object:
        info = real(self, number)
        pr = gh.pull(REPO, number)  # the maintainer, in GitHub's editor, just after litbot read the PR
        pr.title, pr.body = "Maintainer title", pr.body.replace("\n\nNOTE: check the venue.", "") \
            + "\n\nNOTE: check the venue."
        return info

    monkeypatch.setattr(Forge, "get_pull", get_pull)
    run(forge, state, [], config)
    pr = gh.pull(REPO, 1)
    assert pr.title == "Maintainer title" and pr.body.endswith("\n\nNOTE: check the venue.")
    assert pr.body.count("litbot:listed=") == 1 and list(listed_from_body(pr.body)) == ["arxiv:2101.00001"]
    assert state.get_proposal("arxiv:2101.00001").status == ("open" if edit == "a paper listed twice"
                                                               else "listed")


def test_a_run_that_died_taking_a_digest_paper_out_leaves_the_description_be(
        gh: GitHubServer, forge: Forge, state: State, monkeypatch: pytest.MonkeyPatch) -> None:
    config = make_config(mode="digest")
    run(forge, state, [ranked(1), ranked(2, 0.8, "Defenses")], config)
    gh.set_file(REPO, "README.md", LIST.replace("## Papers\n\n", "## Papers\n\n### Highlights\n\n"
                "* [Fooling saliency maps](https://arxiv.org/abs/2101.00001)\n\n", 1))

    def die(*args: object) -> None:
        raise KeyboardInterrupt("killed")

    with monkeypatch.context() as m:  # dies after editing the description, before recording the paper
        m.setattr(State, "set_proposal_status", die)
        with pytest.raises(KeyboardInterrupt):
            run(forge, state, [], config)
    body, edits = gh.pull(REPO, 1).body, gh.count("PATCH", r"/pulls/1$")
    assert [r.action for r in run(forge, state, [], config)] == ["refreshed", "skipped"]
    # Editing it again would change nothing there, yet could overwrite the maintainer's edit made since.
    assert gh.count("PATCH", r"/pulls/1$") == edits and gh.pull(REPO, 1).body == body
    assert state.get_proposal("arxiv:2101.00001").status == "listed"


def test_a_pr_found_on_github_keeps_its_title_and_section(gh: GitHubServer, forge: Forge, state: State,
                                                          tmp_path: Path) -> None:
    quoted = ranked(3)
    quoted.paper.title = 'Just say "no" to \\ell_1 saliency'
    run(forge, state, [quoted], make_config())
    with State(tmp_path / "fresh") as fresh:  # state lost: rebuilt from the PR
        propose.reconcile(forge, fresh)
        found = fresh.get_proposal(quoted.paper.key)
        assert (found.paper.title, found.section) == (quoted.paper.title, "Attacks")


def test_a_pr_titled_in_escaped_markdown_gives_back_the_plain_title(gh: GitHubServer, forge: Forge,
                                                                     state: State) -> None:
    from servers.github_server import Pull

    from bot.proposal import marker

    # Opened by a version whose PR titles were escaped markdown.
    title = 'Add "L\\_2 attacks on saliency\\!" to Attacks'
    gh.repos[REPO].pulls.append(Pull(1, title, marker("arxiv:2101.00001"), "litbot/arxiv-2101.00001", "main",
                                     True, state="closed"))
    propose.reconcile(forge, state)
    found = state.get_proposal("arxiv:2101.00001")
    assert (found.paper.title, found.section) == ("L_2 attacks on saliency!", "Attacks")


def test_a_retitled_pr_of_a_paper_known_by_title_keeps_its_key(gh: GitHubServer, forge: Forge, state: State,
                                                                tmp_path: Path) -> None:
    paper = Paper(title="Fooling saliency maps", url="https://example.org/fsm")  # no arXiv id, no DOI
    run(forge, state, [_as_ranked(paper)], make_config())
    gh.pull(REPO, 1).title = 'Add "Fooling Saliency Maps (ICML 2021)" to Attacks'
    gh.close_pull(1)
    with State(tmp_path / "fresh") as fresh:  # state lost: the paper is known from its marker's key
        propose.reconcile(forge, fresh)
        assert fresh.get_proposal(paper.key).status == "closed"
        assert select([_as_ranked(paper)], fresh, make_config()) == []


def test_a_digest_found_on_github_takes_no_title_or_section_from_its_title(
        gh: GitHubServer, forge: Forge, state: State, tmp_path: Path) -> None:
    config = make_config(mode="digest")
    run(forge, state, [ranked(1), ranked(2, 0.8, "Defenses")], config)
    pull = gh.pull(REPO, 1)
    pull.title = 'Add "Fooling saliency maps" and "Fooling concept vectors" to Attacks and Defenses'
    with State(tmp_path / "fresh") as fresh:  # what a digest's title names is no one paper's,
        propose.reconcile(forge, fresh)
        assert {p.key: (p.paper.title, p.section) for p in fresh.proposals()} == {
            "arxiv:2101.00001": ("Fooling saliency maps", ""),
            "arxiv:2101.00002": ("Fooling concept vectors", "")}
    pull.body = re.sub(r" title=\S*", "", pull.body)  # a PR opened before markers carried titles
    with State(tmp_path / "older") as older:
        propose.reconcile(forge, older)
        assert {p.key: (p.paper.title, p.section) for p in older.proposals()} == {
            "arxiv:2101.00001": ("2101.00001", ""), "arxiv:2101.00002": ("2101.00002", "")}


def test_a_closed_paper_keyed_by_a_title_normalised_otherwise_before_is_still_closed(
        gh: GitHubServer, forge: Forge, state: State, tmp_path: Path) -> None:
    # A paper with no arXiv id or DOI is keyed by its normalised title, and normalising has changed
    # ("$\\ell_p$" read "ell p", now "lp"). Its PR, opened and closed before that, after a lost state:
    # rebuilt from the old key's text, it no longer matched the paper, which was proposed again.
    title = r"$\ell_p$-Robust Classifiers via Randomized Smoothing"
    paper = Paper(title=title, url="https://example.org/lp-robust")
    run(forge, state, [_as_ranked(paper)], make_config())
    pull = gh.pull(REPO, 1)
    old_key = "title:ell_p%20robust%20classifiers%20via%20randomized%20smoothing"
    pull.body = re.sub(r"<!-- litbot:key=\S+ title=\S* -->", f"<!-- litbot:key={old_key} -->", pull.body)
    pull.state = "closed"
    with State(tmp_path / "fresh") as fresh:
        assert propose.reconcile(forge, fresh)["discovered"] == 1
        assert select([_as_ranked(Paper(title=title, url="https://example.org/lp-robust"))], fresh,
                      make_config()) == []


def test_a_retitled_pr_of_a_title_keyed_paper_is_rebuilt_under_its_key(
        gh: GitHubServer, forge: Forge, state: State, tmp_path: Path) -> None:
    # A PR opened before markers carried titles, which the maintainer retitled and closed: its title
    # names no other paper. Taken as the paper's, the closed paper went under another key, and after a
    # lost state it was proposed again.
    paper = Paper(title="Fooling saliency maps", url="https://example.org/fooling")
    run(forge, state, [_as_ranked(paper)], make_config())
    pull = gh.pull(REPO, 1)
    pull.body = re.sub(r"(<!-- litbot:key=\S+) title=\S* -->", r"\1 -->", pull.body)
    pull.title = 'Add "Fooling Saliency Maps (ICML 2021)" to Attacks'
    pull.state = "closed"
    with State(tmp_path / "fresh") as fresh:
        propose.reconcile(forge, fresh)
        assert [(p.key, p.status) for p in fresh.proposals()] == [("title:fooling saliency maps", "closed")]
        again = Paper(title="Fooling saliency maps", url="https://example.org/fooling")
        assert select([_as_ranked(again)], fresh, make_config()) == []


def test_a_closed_paper_is_known_by_its_title_after_state_is_lost(
        gh: GitHubServer, forge: Forge, state: State, tmp_path: Path) -> None:
    # A closed digest (or a one-paper PR the maintainer retitled) and a lost state: the journal version
    # of a paper in it comes back under a DOI of its own and the preprint's title. It is that paper.
    run(forge, state, [ranked(1), ranked(2, 0.8, "Defenses")], make_config(mode="digest"))
    gh.pull(REPO, 1).state = "closed"
    with State(tmp_path / "fresh") as fresh:
        assert propose.reconcile(forge, fresh)["discovered"] == 2
        closed = {p.key: p.status for p in fresh.proposals()}
        assert closed == {"arxiv:2101.00001": "closed", "arxiv:2101.00002": "closed"}
        assert [p.paper.abstract for p in fresh.proposals()] == [f"We attack explanations ({n})."
                                                                for n in (1, 2)]
        journal = ranked(3, 0.9)
        journal.paper = Paper(title="Fooling Saliency Maps", doi="10.1234/jmls.2024.77")
        assert select([journal], fresh, make_config()) == []


def test_pr_whose_branch_lost_its_entry_is_rebuilt(gh: GitHubServer, forge: Forge, state: State) -> None:
    # A run that died (or was refused) between resetting a conflicting PR's branch and re-committing
    # leaves an open, mergeable PR that adds nothing: the next run must put the entry back.
    run(forge, state, [ranked(1)], make_config())
    branch = "litbot/arxiv-2101.00001"
    forge.reset_branch(branch)
    assert gh.file_text(REPO, "README.md", branch) == LIST
    results = run(forge, state, [], make_config())
    assert [(r.action, r.pr_number, r.section) for r in results] == [("refreshed", 1, "Attacks")]
    assert parse_list(gh.file_text(REPO, "README.md", branch), "README.md").find(ranked(1).paper)
    assert run(forge, state, [], make_config()) == []  # whole again: left alone
    assert len(gh.pulls(REPO)) == 1


def test_refused_refresh_is_reported_and_rebuilt_next_run(gh: GitHubServer, forge: Forge,
                                                          state: State) -> None:
    run(forge, state, [ranked(1)], make_config())
    branch = "litbot/arxiv-2101.00001"
    # Another entry lands on main exactly where the PR adds its own: the PR now conflicts.
    anchor = "    Small perturbations change saliency maps.\n  </details>\n"
    gh.set_file(REPO, "README.md", LIST.replace(anchor, anchor + "* [Landed first](https://example.org/x)\n"))
    assert gh._pull_json(gh.repos[REPO], gh.pull(REPO, 1))["mergeable"] is False
    gh.fail_next("PUT", r"/contents/", 422, times=1)  # the re-commit after the branch reset
    results = run(forge, state, [], make_config())
    assert [(r.action, r.pr_number) for r in results] == [("failed", None)]
    assert "HTTP 422" in results[0].error and "PR #1 tried again on the next run" in results[0].error
    assert run(forge, state, [], make_config())[0].action == "refreshed"
    text = gh.file_text(REPO, "README.md", branch)
    assert "Landed first" in text and parse_list(text, "README.md").find(ranked(1).paper)
    assert gh._pull_json(gh.repos[REPO], gh.pull(REPO, 1))["mergeable"] is True


def test_a_branch_gone_while_its_pr_is_rebuilt_fails_that_pr_only(gh: GitHubServer, forge: Forge,
                                                                   state: State) -> None:
    run(forge, state, [ranked(1)], make_config())
    # Deleted after GitHub last called its PR open (GitHub closes the PR soon after).
    del gh.repos[REPO].refs["refs/heads/litbot/arxiv-2101.00001"]
    results = run(forge, state, [ranked(2)], make_config())
    assert [(r.action, r.pr_number) for r in results] == [("failed", None), ("opened", 2)]
    assert "PR #1 tried again on the next run" in results[0].error
    assert state.get_proposal("arxiv:2101.00001").status == "open"


def test_digest_mode_one_pr_for_all(gh: GitHubServer, forge: Forge, state: State) -> None:
    config = make_config(mode="digest", max_open_prs=1)
    results = run(forge, state, [ranked(1), ranked(2, 0.8, "Defenses"), ranked(3, 0.3)], config)
    assert {r.pr_number for r in results} == {1} and len(results) == 2
    pr = gh.pull(REPO, 1)
    assert pr.title == "Add 2 papers to the list" and pr.head.startswith("litbot/digest-")
    assert "arxiv:2101.00001" in pr.body and "arxiv:2101.00002" in pr.body
    on_branch = titles_on(gh, pr.head)
    assert "Fooling saliency maps" in on_branch and "Fooling concept vectors" in on_branch
    assert run(forge, state, [ranked(4)], config) == []  # one digest open at a time
    gh.merge_pull(1)
    assert propose.reconcile(forge, state)["merged"] == 2
    assert len(state.feedback()[0]) == 2


def test_dry_run_needs_no_token_and_writes_nothing(state: State) -> None:
    chosen = select([ranked(1), ranked(2)], state, make_config())
    results = propose.submit(None, state, LIST, chosen, 2, make_config(), dry_run=True)
    assert [r.action for r in results] == ["would-open", "would-open"]
    assert all(r.pr_number is None and r.url == "" for r in results)
    assert "+* [Fooling saliency maps](https://arxiv.org/abs/2101.00001v1)" in results[0].diff
    assert results[0].diff.startswith("--- a/README.md\n+++ b/README.md\n")
    assert "<!-- litbot:key=arxiv:2101.00001 title=Fooling%20saliency%20maps -->" in results[0].body
    assert state.proposals() == []


def test_real_run_without_forge_is_refused(state: State) -> None:
    with pytest.raises(LitbotError, match="GITHUB_TOKEN"):
        propose.submit(None, state, LIST, [ranked(1)], 1, make_config(), dry_run=False)


def test_paper_listed_meanwhile_is_skipped(gh: GitHubServer, forge: Forge, state: State) -> None:
    from bot.lists import insert_entry

    gh.set_file(REPO, "README.md", insert_entry(parse_list(LIST, "README.md"), ranked(1).paper, "Attacks"))
    results = propose.submit(forge, state, LIST, [ranked(1)], 1, make_config(), dry_run=False)
    assert [r.action for r in results] == ["skipped"] and gh.pulls(REPO) == []
    assert state.proposals() == []


def test_crashed_proposal_listed_meanwhile_is_dropped(gh: GitHubServer, forge: Forge, state: State,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.lists import insert_entry

    run_killed_before_pr(forge, state, monkeypatch)
    # The maintainer adds the paper by hand before the next run.
    gh.set_file(REPO, "README.md", insert_entry(parse_list(LIST, "README.md"), ranked(1).paper, "Attacks"))
    results = run(forge, state, [], make_config())
    assert [r.action for r in results] == ["skipped"]
    assert state.proposals() == [] and gh.pulls(REPO) == []
    assert gh.branches(REPO) == ["main"]  # the orphan branch is cleaned up
    assert len(select([ranked(i) for i in range(2, 7)], state, make_config(max_open_prs=2))) == 2


def test_a_pr_closed_then_reopened_and_merged_between_runs_counts_as_merged(
        gh: GitHubServer, forge: Forge, state: State) -> None:
    # The maintainer closed it, litbot recorded the rejection, and before the next run the PR was
    # reopened and merged: the paper is in the list now, so it is an accepted paper, not a rejected one.
    run(forge, state, [ranked(1)], make_config())
    gh.close_pull(1)
    assert propose.reconcile(forge, state, list_path="README.md")["closed"] == 1
    gh.reopen_pull(1)
    gh.merge_pull(1)
    assert propose.reconcile(forge, state, list_path="README.md")["merged"] == 1
    assert propose.reconcile(forge, state, list_path="README.md")["merged"] == 0  # and it stays so
    positives, negatives = state.feedback()
    assert [p.key for p in positives] == ["arxiv:2101.00001"] and negatives == []


@pytest.mark.parametrize("mode", ["per_paper", "digest"])
def test_a_pr_state_lost_is_rebuilt_whole_from_the_runs_papers(gh: GitHubServer, forge: Forge, state: State,
                                                               tmp_path: Path, mode: str) -> None:
    # From its title alone a rebuilt entry lost its names, year and summary, and a digest's papers had no
    # section ("no section named ''"): the PR could never be rebuilt, every run.
    config = make_config(mode=mode)
    run(forge, state, [ranked(1), ranked(2)], config)
    anchor = "    Small perturbations change saliency maps.\n  </details>\n"
    gh.set_file(REPO, "README.md", LIST.replace(anchor, anchor + "* [Landed first](https://example.org/x)\n"))
    with State(tmp_path / "fresh") as fresh:
        propose.reconcile(forge, fresh, config.github.branch_prefix)
        fetched = {rp.paper.key: rp.paper for rp in (ranked(1), ranked(2))}  # this run's fetch
        results = propose.submit(forge, fresh, LIST, [], 2, config, dry_run=False, fetched=fetched)
        assert {(r.action, r.section) for r in results} == {("refreshed", "Attacks")}
        branch = gh.pull(REPO, 1).head
        entry = parse_list(gh.file_text(REPO, "README.md", branch), "README.md").find(ranked(1).paper)
        assert entry is not None and entry.authors and entry.year == "2021"
        # Kept: next run the papers are seen, not fetched again, and the PR may conflict again.
        kept = fresh.get_proposal("arxiv:2101.00001")
        assert kept.paper.authors == ["Ada Lovelace", "Alan Turing"] and kept.section == "Attacks"


# -- two lists in one repository ------------------------------------------------------------------

VISION = "papers/vision.md"
VISION_LIST = """# Vision list

## Papers

### Attacks

* [Adversarial patches against detectors](https://arxiv.org/abs/1712.09665)

### Benchmarks

* [ImageNet-C: a corruption benchmark](https://arxiv.org/abs/1903.12261)
"""


def run_on(forge: Forge, state: State, candidates: list[RankedPaper], config: Config
           ) -> list[propose.ProposalResult]:
    """One scheduled run of the list ``config`` names, as run_cycle does it (reconcile knows the list)."""
    path = config.list.path
    propose.reconcile(forge, state, config.github.branch_prefix, config.github.labels, list_path=path,
                      read_list=lambda: parse_list(forge.read_file(path)[0], path))
    chosen = select(candidates, state, config)
    text = forge.read_file(path)[0]
    return propose.submit(forge, state, text, chosen, len(candidates), config, dry_run=False)


def record_home(gh: GitHubServer, forge: Forge, state: State, config: Config) -> None:
    """What a real run's check_home records: the list's home, and a file it moved out of."""
    from bot.pipeline import check_home

    path = config.list.path
    check_home(state, forge, config, record=True, current=lambda: parse_list(gh.file_text(REPO, path), path))


def vision_config(**github: object) -> Config:
    data = make_config(**github).model_dump()
    data["list"]["path"] = VISION
    return Config.model_validate(data)


def test_a_pr_names_the_list_it_adds_to() -> None:
    from bot.proposal import digest_body, list_from_body, pr_body

    for path in ("README.md", "docs/a--b list.md", "x/-->.md"):
        body = pr_body(ranked(1), 3, path)
        assert list_from_body(body) == path and "--" not in body.split("<!-- litbot:list=")[1][:-4]
        assert list_from_body(digest_body([ranked(1), ranked(2)], 3, path)) == path
    assert list_from_body(pr_body(ranked(1), 3)) is None


def test_two_lists_under_one_prefix_keep_to_their_own_prs(gh: GitHubServer, forge: Forge, tmp_path: Path,
                                                          caplog: pytest.LogCaptureFixture) -> None:
    # Found by a trial: each litbot took the other's PRs for its own, rebuilt them into its own file
    # every run, learnt from the other's merges and closes, and counted them against its caps.
    gh.set_file(REPO, VISION, VISION_LIST)
    readme, vision = make_config(max_open_prs=2), vision_config(max_open_prs=2)
    with State(tmp_path / "a") as a, State(tmp_path / "b") as b:
        run_on(forge, a, [ranked(1), ranked(2, 0.8, "Defenses")], readme)
        gh.merge_pull(1)
        gh.close_pull(2)
        run_on(forge, a, [ranked(3)], readme)  # PR #3, open
        with caplog.at_level(logging.WARNING, logger="bot.propose"):
            results = run_on(forge, b, [ranked(4), ranked(5, 0.8, "Benchmarks")], vision)
        # Its caps count its own PRs.
        assert [(r.action, r.pr_number) for r in results] == [("opened", 4), ("opened", 5)]
        assert [(p.key, p.status) for p in b.proposals()] == [("arxiv:2101.00004", "open"),
                                                              ("arxiv:2101.00005", "open")]
        assert b.feedback() == ([], [])
        assert "PRs #3 on branches under 'litbot/' add to README.md" in caplog.text
        run_on(forge, b, [], vision)
        run_on(forge, a, [], readme)
        assert {p.key for p in a.proposals()} == {f"arxiv:2101.0000{n}" for n in (1, 2, 3)}
        # Nobody rebuilt anybody's PR into their own file.
        assert parse_list(gh.file_text(REPO, "README.md", "litbot/arxiv-2101.00003"), "README.md").find(
            ranked(3).paper) is not None
        assert parse_list(gh.file_text(REPO, VISION, "litbot/arxiv-2101.00004"), VISION).find(
            ranked(4).paper) is not None
        assert gh.file_text(REPO, VISION, "litbot/arxiv-2101.00003") == VISION_LIST


def test_the_same_paper_for_two_lists_under_one_prefix_gets_a_branch_each(
        gh: GitHubServer, forge: Forge, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    gh.set_file(REPO, VISION, VISION_LIST)
    with State(tmp_path / "a") as a, State(tmp_path / "b") as b:
        run_on(forge, a, [ranked(1)], make_config())
        with monkeypatch.context() as m:  # B's run dies before opening its PR: the next one resumes it
            m.setattr(Forge, "open_pull", lambda *args, **kwargs: (_ for _ in ()).throw(KeyboardInterrupt()))
            with pytest.raises(KeyboardInterrupt):
                run_on(forge, b, [ranked(1)], vision_config())
        results = run_on(forge, b, [], vision_config())
        assert [(r.action, r.pr_number, r.branch) for r in results] == [
            ("opened", 2, "litbot/arxiv-2101.00001-" + hashlib.sha1(VISION.encode()).hexdigest()[:6])]
        assert gh.file_text(REPO, VISION, results[0].branch) != VISION_LIST
        assert gh.file_text(REPO, "README.md", results[0].branch) == LIST
        assert [p.status for p in a.proposals()] == ["open"] and [p.status for p in b.proposals()] == ["open"]


@contextlib.contextmanager
def _held_by_an_older_litbot(gh: GitHubServer, forge: Forge, tmp_path: Path) -> Iterator[tuple[State, State]]:
    """States ``a`` and ``b`` of README.md's and VISION's litbots; a's PR for paper 1 is held by b as its
    own, as a litbot that could not tell two lists' PRs apart took it."""
    gh.set_file(REPO, VISION, VISION_LIST)
    with State(tmp_path / "a") as a, State(tmp_path / "b") as b:
        run_on(forge, a, [ranked(1)], make_config())
        b.upsert_proposal(ranked(1).paper, "open", "Attacks", "litbot/arxiv-2101.00001", 1, 0.9)
        yield a, b


def test_a_proposal_an_older_litbot_took_from_another_list_is_forgotten(gh: GitHubServer, forge: Forge,
                                                                         tmp_path: Path) -> None:
    with _held_by_an_older_litbot(gh, forge, tmp_path) as (a, b):
        gh.pull(REPO, 1).head = "renamed"  # found by its number alone
        run_on(forge, b, [], vision_config())
        assert b.proposals() == [] and a.get_proposal("arxiv:2101.00001").status == "open"


@pytest.mark.parametrize("lost", [False, True])
def test_a_moved_lists_prs_stay_its_own(gh: GitHubServer, forge: Forge, tmp_path: Path, lost: bool) -> None:
    from bot.pipeline import check_home

    config = make_config()
    with State(tmp_path / "a") as a:
        run_on(forge, a, [ranked(1)], config)
        check_home(a, forge, config, record=True, current=lambda: parse_list(LIST, "README.md"))
        gh.move_file(REPO, "README.md", VISION)
        moved = vision_config()
        check_home(a, forge, moved, record=True, current=lambda: parse_list(LIST, VISION))
        if not lost:  # and the old file holds a list again
            gh.set_file(REPO, "README.md", LIST.replace("Test list", "Another list"))
        with State(tmp_path / "fresh") if lost else contextlib.nullcontext(a) as st:
            run_on(forge, st, [], moved)
            assert [(p.key, p.status, p.pr_number) for p in st.proposals()] == [
                ("arxiv:2101.00001", "open", 1)]


def test_a_moved_lists_prs_stay_its_own_with_a_leftover_at_its_old_place_after_a_lost_state(
        gh: GitHubServer, forge: Forge, tmp_path: Path) -> None:
    # Found by a review: a README left with one of the papers when the list moved out is a leftover
    # (as check_home reads it), not another list; taken for one, a lost state reopened every PR on a
    # branch of its own and proposed the declined papers again.
    with State(tmp_path / "a") as a:
        run_on(forge, a, [ranked(1), ranked(2, 0.8, "Defenses")], make_config())
    gh.close_pull(2)
    gh.move_file(REPO, "README.md", VISION)
    gh.set_file(REPO, "README.md", "# Our lab\n\n## Papers\n\n"
                "* [Interpretation of Neural Networks is Fragile](https://arxiv.org/abs/1710.10547)\n")
    with State(tmp_path / "lost") as fresh:
        results = run_on(forge, fresh, [ranked(1), ranked(2)], vision_config())
        assert [(r.key, r.action) for r in results] == [("arxiv:2101.00001", "refreshed")]  # on its new path
        assert len(gh.pulls(REPO)) == 2
        assert {(p.key, p.status) for p in fresh.proposals()} == {("arxiv:2101.00001", "open"),
                                                                  ("arxiv:2101.00002", "closed")}


@pytest.mark.parametrize("gone", ["moved", "deleted"])
def test_another_lists_prs_stay_its_own_once_that_list_moves_or_goes(gh: GitHubServer, forge: Forge,
                                                                      tmp_path: Path, gone: str) -> None:
    # Found by a review: their file holding no list any more, the other list's PRs were adopted.
    gh.set_file(REPO, VISION, VISION_LIST)
    with State(tmp_path / "a") as a, State(tmp_path / "b") as b:
        run_on(forge, a, [ranked(1)], make_config())
        run_on(forge, b, [ranked(2, 0.8, "Benchmarks")], vision_config())
        gh.merge_pull(2)
        if gone == "moved":
            gh.move_file(REPO, VISION, "docs/vision.md")
        else:
            gh.delete_file(REPO, VISION)
        run_on(forge, a, [], make_config())
        assert [p.key for p in a.proposals()] == ["arxiv:2101.00001"] and a.feedback() == ([], [])


def test_every_record_of_another_lists_pr_is_forgotten(gh: GitHubServer, forge: Forge,
                                                        tmp_path: Path) -> None:
    # Taken by a litbot that could not tell them apart: merges and closes too, not only open PRs.
    gh.set_file(REPO, VISION, VISION_LIST)
    with State(tmp_path / "a") as a, State(tmp_path / "b") as b:
        run_on(forge, a, [ranked(1), ranked(2, 0.8, "Defenses")], make_config())
        gh.merge_pull(1)
        gh.close_pull(2)
        run_on(forge, b, [ranked(3, 0.8, "Benchmarks")], vision_config())
        for n, status in ((1, "merged"), (2, "closed")):
            b.upsert_proposal(ranked(n).paper, status, "Attacks", f"litbot/arxiv-2101.0000{n}", n, 0.9)
        run_on(forge, b, [], vision_config())
        assert [p.key for p in b.proposals()] == ["arxiv:2101.00003"] and b.feedback() == ([], [])


def test_a_file_a_list_moved_out_of_and_another_list_took_is_that_lists(gh: GitHubServer, forge: Forge,
                                                                        tmp_path: Path) -> None:
    from bot.pipeline import check_home

    with State(tmp_path / "a") as a, State(tmp_path / "b") as b:
        run_on(forge, a, [ranked(1)], make_config())
        gh.pull(REPO, 1).created_at = "2021-03-01T09:00:00Z"  # long before the list moved
        check_home(a, forge, make_config(), record=True, current=lambda: parse_list(LIST, "README.md"))
        gh.move_file(REPO, "README.md", VISION)
        check_home(a, forge, vision_config(), record=True, current=lambda: parse_list(LIST, VISION))
        assert list(a.past_list_paths()) == ["README.md"]
        a.set_meta(PAST_PATHS_META, json.dumps({"README.md": 1640995200.0}))  # moved 2022-01-01
        gh.set_file(REPO, "README.md", VISION_LIST.replace("Vision list", "A new list"))
        run_on(forge, b, [ranked(2, 0.8, "Benchmarks")], make_config())  # another litbot, README.md now
        gh.close_pull(2)
        run_on(forge, a, [], vision_config())
        assert [p.key for p in a.proposals()] == ["arxiv:2101.00001"] and a.feedback() == ([], [])


def test_a_moved_lists_own_pr_its_state_does_not_know_stays_its_own(gh: GitHubServer, forge: Forge,
                                                                    tmp_path: Path) -> None:
    # Found by a review: a state restored from an older backup (or a run that died before recording
    # its PR) does not know PRs the list opened at its old file; taken for another list's, they were
    # opened again on branches of their own and a declined paper was proposed again.
    import shutil

    with State(tmp_path / "a") as a:
        record_home(gh, forge, a, make_config())
        run_on(forge, a, [ranked(1)], make_config())
    shutil.copytree(tmp_path / "a", tmp_path / "backup")
    with State(tmp_path / "a") as a:
        run_on(forge, a, [ranked(2, 0.8, "Defenses"), ranked(3)], make_config())
    gh.close_pull(2)  # paper 3's (the better score opened first)
    gh.move_file(REPO, "README.md", VISION)
    with State(tmp_path / "backup") as st:
        record_home(gh, forge, st, vision_config())
        results = run_on(forge, st, [ranked(2, 0.8, "Defenses"), ranked(3)], vision_config())
        assert {r.action for r in results} == {"refreshed"} and len(gh.pulls(REPO)) == 3
        assert {(p.key, p.status) for p in st.proposals()} == {
            ("arxiv:2101.00001", "open"), ("arxiv:2101.00002", "open"), ("arxiv:2101.00003", "closed")}


def test_a_listed_close_is_known_as_such_by_an_older_backup(gh: GitHubServer, forge: Forge,
                                                             tmp_path: Path) -> None:
    # Found by a review: litbot closed the PR as listed by `find` (a near title, a DOI link); a backup
    # that knew the PR as open judged it by the paper itself, and recorded a decline.
    import shutil

    with State(tmp_path / "a") as a:
        run_on(forge, a, [ranked(1)], make_config())
    shutil.copytree(tmp_path / "a", tmp_path / "backup")
    hand = "* [Fooling saliency map](https://doi.org/10.1234/fsm)\n"
    gh.set_file(REPO, "README.md", LIST.replace("### Defenses\n", "### Defenses\n\n" + hand))
    with State(tmp_path / "a") as a:
        assert [r.action for r in run_on(forge, a, [], make_config())] == ["closed"]
    with State(tmp_path / "backup") as st:
        propose.reconcile(forge, st, list_path="README.md")
        assert st.get_proposal("arxiv:2101.00001").status == "listed" and st.feedback() == ([], [])


def test_a_pr_whose_section_name_the_base_came_to_share_is_rebuilt_where_it_was(
        gh: GitHubServer, forge: Forge, state: State, monkeypatch: pytest.MonkeyPatch) -> None:
    # Found by a review: "Attacks" was one topic when the PR opened, so its older branch knows one
    # "Attacks" too: the label had to come from the heading path, told apart on the base.
    one = LIST.replace("## Papers", "## Text")
    gh.set_file(REPO, "README.md", one)
    run_on(forge, state, [ranked(1)], make_config())
    assert state.get_proposal("arxiv:2101.00001").section == "Attacks"
    image = "## Image\n\n### Attacks\n\n* [Fairwashing explanations](https://arxiv.org/abs/2007.09969)\n"
    gh.set_file(REPO, "README.md", one + "\n" + image)
    monkeypatch.setattr(gh, "_mergeable", lambda *args: False)
    assert [r.action for r in run_on(forge, state, [], make_config())] == ["refreshed"]
    assert state.get_proposal("arxiv:2101.00001").section == "Text > Attacks"
    doc = parse_list(gh.file_text(REPO, "README.md", "litbot/arxiv-2101.00001"), "README.md")
    assert doc.section_label(next(s for s in doc.sections if any(
        e.title == "Fooling saliency maps" for e in s.entries))) == "Text > Attacks"


@pytest.mark.parametrize("lost", [False, True])
def test_a_digest_paper_the_maintainer_moved_out_of_every_section_fails_no_run(
        gh: GitHubServer, forge: Forge, state: State, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        lost: bool) -> None:
    # Found by a review: its entry an unread link on the branch, in no section, the relabel raised
    # StopIteration, and every run failed.
    two = LIST.replace("## Papers", "## Text").replace("### Defenses", "## Image\n\n### Attacks")
    gh.set_file(REPO, "README.md", two)
    config = make_config(mode="digest")
    run_on(forge, state, [ranked(1, 0.9, "Text > Attacks"), ranked(2, 0.8, "Image > Attacks")], config)
    if not lost:
        with state.transaction() as db:  # as an older litbot recorded it
            db.execute("UPDATE proposals SET section='Attacks' WHERE key='arxiv:2101.00002'")
    branch = gh.pull(REPO, 1).head
    text = gh.file_text(REPO, "README.md", branch)
    start = text.index("* [Fooling concept vectors]")
    end = text.index("</details>", start) + len("</details>\n")
    moved = (text[:start] + text[end:] + "\n## Also\n\n<ul>\n<li><a href=\"https://arxiv.org/abs/2101.00002\">"
             "Fooling concept vectors</a></li>\n</ul>\n")
    gh.set_file(REPO, "README.md", moved, branch=branch)
    monkeypatch.setattr(gh, "_mergeable", lambda *args: False)
    with State(tmp_path / "fresh") if lost else contextlib.nullcontext(state) as st:
        results = run_on(forge, st, [], config)  # the branch is the maintainer's now: left to them
        assert results == [] and gh.file_text(REPO, "README.md", branch) == moved


def test_a_list_that_moves_out_back_and_out_again_keeps_its_prs(gh: GitHubServer, forge: Forge,
                                                                 tmp_path: Path) -> None:
    # Found by a review: the first time the list left README.md was kept, so PRs opened there after it
    # came back read as another list's and were opened again.
    with State(tmp_path / "a") as a:
        record_home(gh, forge, a, make_config())
        gh.move_file(REPO, "README.md", VISION)
        record_home(gh, forge, a, vision_config())
        a.set_meta(PAST_PATHS_META, json.dumps({"README.md": 1640995200.0}))  # left 2022-01-01
        gh.move_file(REPO, VISION, "README.md")
        record_home(gh, forge, a, make_config())
        run_on(forge, a, [ranked(1)], make_config())  # opened after it came back
        gh.move_file(REPO, "README.md", VISION)
        record_home(gh, forge, a, vision_config())
        assert a.past_list_paths()["README.md"] > 1640995200.0
        assert [r.action for r in run_on(forge, a, [ranked(1)], vision_config())] == ["refreshed"]
        assert len(gh.pulls(REPO)) == 1


def test_a_pr_rebuilt_where_its_list_moved_names_that_file_and_the_list_taking_the_old_one_leaves_it(
        gh: GitHubServer, forge: Forge, tmp_path: Path) -> None:
    # Found by a review: its marker still named README.md, and a new list there took it for its own;
    # the two litbots rebuilt its branch in turn, each into its own file.
    with State(tmp_path / "a") as a, State(tmp_path / "b") as b:
        run_on(forge, a, [ranked(1)], make_config())
        gh.move_file(REPO, "README.md", VISION)
        assert [r.action for r in run_on(forge, a, [], vision_config())] == ["refreshed"]
        assert "<!-- litbot:list=papers/vision.md -->" in gh.pull(REPO, 1).body
        gh.set_file(REPO, "README.md", VISION_LIST.replace("Vision list", "A new list"))
        assert run_on(forge, b, [], make_config()) == [] and b.proposals() == []


def test_naming_the_moved_list_keeps_the_maintainers_edits_and_is_done_on_a_later_run(
        gh: GitHubServer, forge: Forge, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Found by a review: the marker's edit wrote back the title and description read before the
    # rebuild, over the maintainer's edit meanwhile; and where it failed, no later run made it.
    with State(tmp_path / "a") as a:
        run_on(forge, a, [ranked(1)], make_config())
        gh.move_file(REPO, "README.md", VISION)
        real = Forge.reset_branch

        def reset(self: Forge, branch: str) -> object:
            pr = gh.pull(REPO, 1)  # the maintainer, in GitHub's editor, meanwhile
            pr.title, pr.body = "Maintainer title", pr.body + "\n\nNOTE: check the venue."
            return real(self, branch)

        with monkeypatch.context() as m:
            m.setattr(Forge, "reset_branch", reset)
            m.setattr(Forge, "edit_pull", lambda *args: (_ for _ in ()).throw(
                ForgeError("GitHub failed while editing a pull request (HTTP 502)", 502)))
            with pytest.raises(ForgeError):
                run_on(forge, a, [], vision_config())
        assert run_on(forge, a, [], vision_config()) == []  # rebuilt already: only its marker is fixed
        pr = gh.pull(REPO, 1)
        assert pr.title == "Maintainer title" and pr.body.endswith("\n\nNOTE: check the venue.")
        assert "<!-- litbot:list=papers/vision.md -->" in pr.body and "litbot:list=README.md" not in pr.body


IMAGE_TOO = LIST.replace("## Papers", "## Text") + "\n## Image\n\n### Attacks\n\n" \
    "* [Fairwashing explanations](https://arxiv.org/abs/2007.09969)\n"


@pytest.mark.parametrize("change", [
    # Found by a review: rebuilt into Text's "Attacks" (the shortest name that found a section), its
    # title still naming Image.
    "Image deleted",
    # Found by the next: "Attacks" names the PR's own topic alone now; read as deleted, the PR was left
    # to the maintainer.
    "Image renamed, and Text's Attacks",
    # And by the next: a topic the branch does not know was taken for the PR's own, renamed.
    "Image deleted, Text renamed", "Image deleted, Audio added",
])
def test_a_pr_is_rebuilt_in_its_own_topic_or_left_to_the_maintainer(
        gh: GitHubServer, forge: Forge, state: State, monkeypatch: pytest.MonkeyPatch, change: str) -> None:
    gh.set_file(REPO, "README.md", IMAGE_TOO)
    run_on(forge, state, [ranked(1, 0.9, "Image > Attacks")], make_config())
    without_image = IMAGE_TOO[:IMAGE_TOO.index("\n## Image")] + "\n"
    if change == "Image deleted":
        gh.set_file(REPO, "README.md", without_image)
    elif change == "Image deleted, Text renamed":
        gh.set_file(REPO, "README.md", without_image.replace("## Text", "## NLP"))
    elif change == "Image deleted, Audio added":
        gh.set_file(REPO, "README.md", without_image.replace("### Attacks", "### Text attacks") +
                    "\n## Audio\n\n### Attacks\n\n* [Fooling ears](https://arxiv.org/abs/2001.00009)\n")
    else:
        gh.set_file(REPO, "README.md", IMAGE_TOO.replace("## Image", "## Computer vision").replace(
            "### Attacks\n\n* [Interp", "### Adversarial text\n\n* [Interp"))
    monkeypatch.setattr(gh, "_mergeable", lambda *args: False)
    results = run_on(forge, state, [], make_config())
    if change.startswith("Image deleted"):
        assert [r.action for r in results] == ["failed"]
        assert "no section named 'Image > Attacks'" in results[0].error
        assert state.get_proposal("arxiv:2101.00001").section == "Image > Attacks"
        return
    assert [r.action for r in results] == ["refreshed"]
    doc = parse_list(gh.file_text(REPO, "README.md", "litbot/arxiv-2101.00001"), "README.md")
    homes = [s.path[-1] for s in doc.sections if any(e.title == "Fooling saliency maps" for e in s.entries)]
    assert homes == ["Computer vision"]


@pytest.mark.parametrize("status", [422, 403])
def test_a_marker_edit_github_refuses_for_good_fails_no_run_and_holds_back_no_rebuild(
        gh: GitHubServer, forge: Forge, state: State, monkeypatch: pytest.MonkeyPatch, status: int) -> None:
    # Found by a review: refused for good ("Resource not accessible by integration"), the edit failed
    # every run, or the PR's line of it, and a conflicted PR was never rebuilt.
    run_on(forge, state, [ranked(1)], make_config())
    gh.move_file(REPO, "README.md", VISION)
    assert [r.action for r in run_on(forge, state, [], vision_config())] == ["refreshed"]  # marker edited
    gh.pull(REPO, 1).body = gh.pull(REPO, 1).body.replace("papers/vision.md", "README.md")
    gh.fail_next("PATCH", r"/pulls/1$", status, times=99)
    for _ in range(2):
        assert run_on(forge, state, [], vision_config()) == []
    gh.set_file(REPO, VISION, gh.file_text(REPO, VISION).replace("# Test list", "# Test list!"))
    monkeypatch.setattr(gh, "_mergeable", lambda *args: False)
    assert [r.action for r in run_on(forge, state, [], vision_config())] == ["refreshed"]


# Pinned by a mutation round: each fails on one mutant of the code it names.


def test_a_digest_names_its_list_and_another_lists_litbot_leaves_it_alone(gh: GitHubServer, forge: Forge,
                                                                        tmp_path: Path) -> None:
    # Mutant P1 (_Group.body: digest_body without list_path): a digest named no list, so the other
    # list's litbot took it for its own, as before PRs named their lists.
    gh.set_file(REPO, VISION, VISION_LIST)
    with State(tmp_path / "a") as a, State(tmp_path / "b") as b:
        results = run_on(forge, a, [ranked(1), ranked(2)], make_config(mode="digest"))
        assert [r.action for r in results] == ["opened", "opened"] and len(gh.pulls(REPO)) == 1
        assert list_from_body(gh.pull(REPO, 1).body) == "README.md"
        run_on(forge, b, [], vision_config(mode="digest"))
        assert b.proposals() == [] and b.feedback() == ([], [])


def test_a_pr_naming_a_folder_is_this_lists(gh: GitHubServer, forge: Forge, state: State) -> None:
    # Mutant P5 (theirs: a 200 "is a directory" re-raised): a marker naming a path that is a folder now
    # failed every reconcile, instead of reading as a file that holds no list.
    listing = [{"type": "file", "name": "vision.md", "path": VISION, "sha": "0" * 40, "size": 1}]
    gh.fail_next("GET", r"/contents/papers$", 200, body=listing)  # "papers" is a folder
    gh.repos[REPO].pulls.append(Pull(1, 'Add "Fooling saliency maps" to Attacks',
                                     marker(ranked(1).paper.key, ranked(1).paper.title) + "\n"
                                     + list_marker("papers"), "litbot/arxiv-2101.00001", "main", True))
    counts = propose.reconcile(forge, state, list_path="README.md")
    assert counts["discovered"] == 1
    assert [(p.key, p.status, p.pr_number) for p in state.proposals()] == [("arxiv:2101.00001", "open", 1)]


def test_a_moved_lists_prs_stay_its_own_when_its_old_file_holds_prose(gh: GitHubServer, forge: Forge,
                                                                      tmp_path: Path) -> None:
    # Mutant P7 (theirs: any readable file counts as a list): the README the list moved out of now says
    # where it went; after a lost state the moved list's old PRs were taken for another list's.
    with State(tmp_path / "a") as a:
        run_on(forge, a, [ranked(1)], make_config())
    gh.move_file(REPO, "README.md", VISION)
    gh.set_file(REPO, "README.md", "# Project\n\nThe papers are listed in papers/vision.md.\n")
    with State(tmp_path / "fresh") as fresh:
        run_on(forge, fresh, [], vision_config())
        assert [(p.key, p.status, p.pr_number) for p in fresh.proposals()] == [
            ("arxiv:2101.00001", "open", 1)]


def test_the_warning_about_many_other_lists_prs_says_there_are_more(gh: GitHubServer, forge: Forge,
                                                                   state: State,
                                                                   caplog: pytest.LogCaptureFixture) -> None:
    # Mutant P9 (warn: no ", ..." after the first five): six PRs read as five.
    gh.set_file(REPO, VISION, VISION_LIST)
    for n in range(1, 7):
        body = marker(ranked(n).paper.key) + "\n" + list_marker(VISION)
        gh.repos[REPO].pulls.append(Pull(n, f"PR {n}", body, f"litbot/arxiv-2101.0000{n}", "main", True))
    with caplog.at_level(logging.WARNING, logger="bot.propose"):
        propose.reconcile(forge, state, list_path="README.md")
    assert "PRs #1, #2, #3, #4, #5, ... on branches under 'litbot/' add to papers/vision.md" in caplog.text
    assert state.proposals() == []


def test_a_paper_listed_by_hand_under_another_title_is_no_verdict(gh: GitHubServer, forge: Forge,
                                                                  state: State) -> None:
    # Mutant L1 (_listed_itself without the arXiv id): the maintainers listed the paper by hand under its
    # new title, linking the same arXiv paper, and closed litbot's PR: recorded as declined, a negative.
    run(forge, state, [ranked(1)], make_config())
    hand = "* [Saliency explanations can be manipulated](https://arxiv.org/abs/2101.00001)\n"
    gh.set_file(REPO, "README.md", LIST.replace("### Defenses\n", "### Defenses\n\n" + hand))
    gh.close_pull(1)
    counts = propose.reconcile(forge, state, list_path="README.md")
    assert (counts["listed"], counts["closed"]) == (1, 0)
    assert state.get_proposal("arxiv:2101.00001").status == "listed" and state.feedback() == ([], [])


def test_a_pr_closed_again_as_listed_says_so_once(gh: GitHubServer, forge: Forge, state: State) -> None:
    # Mutant CL2 (_close_listed: the marks added whether or not the body has them): reopened with the hand
    # entry still there, litbot's PR was closed again and its description edited to say so twice.
    from bot.lists import insert_entry

    run(forge, state, [ranked(1)], make_config())
    gh.set_file(REPO, "README.md", insert_entry(parse_list(LIST, "README.md"), ranked(1).paper, "Defenses"))
    assert [r.action for r in run(forge, state, [], make_config())] == ["closed"]
    body, edits = gh.pull(REPO, 1).body, gh.count("PATCH", r"/pulls/1$")
    gh.reopen_pull(1)
    assert [r.action for r in run(forge, state, [], make_config())] == ["closed"]
    assert gh.pull(REPO, 1).body == body and body.count("litbot:listed=") == 1
    assert gh.count("PATCH", r"/pulls/1$") == edits + 1  # the close alone


def test_a_dry_run_shows_the_body_a_pr_would_have(gh: GitHubServer, forge: Forge, state: State,
                                                  tmp_path: Path) -> None:
    # Mutant D1 (_dry_run: group.body("")): the preview lacked the marker naming the list, so it was not
    # the body the real run opens the PR with.
    chosen = [ranked(1)]
    preview = propose.submit(None, state, LIST, chosen, 1, make_config(), dry_run=True)
    opened = propose.submit(forge, state, LIST, chosen, 1, make_config(), dry_run=False)
    assert list_from_body(preview[0].body) == "README.md"
    assert preview[0].body == opened[0].body == gh.pull(REPO, 1).body


def _closed_after_a_hand_entry(gh: GitHubServer, forge: Forge, state: State, paper: Paper, hand: str) -> str:
    """Proposes ``paper``, lists it by hand (``hand``, an entry line) and closes its PR: its status then."""
    run(forge, state, [_as_ranked(paper)], make_config())
    gh.set_file(REPO, "README.md", LIST.replace("### Defenses\n", "### Defenses\n\n" + hand))
    gh.close_pull(1)
    counts = propose.reconcile(forge, state, list_path="README.md")
    status = state.get_proposal(paper.key).status
    assert counts[status] == 1
    return status


@pytest.mark.parametrize(("ids", "hand"), [
    # Mutant L2 (_listed_itself without the DOI): a journal paper listed by hand under its final title.
    ({"doi": "10.1145/3442188.3445922"},
     "* [Saliency maps can be fooled, and how](https://doi.org/10.1145/3442188.3445922)\n"),
    # Mutant L4 (_listed_itself compares DOIs as written): DOIs are case-insensitive, and a hand-written
    # link often has the publisher's capitals ("10.1109/CVPR..."), the proposed paper Crossref's lower case.
    ({"doi": "10.1109/cvpr.2021.00001"},
     "* [Saliency maps can be fooled, and how](https://doi.org/10.1109/CVPR.2021.00001)\n"),
    # Mutant L3 (_listed_itself without the title): an OpenReview paper, listed by hand with its PDF link.
    ({"url": "https://openreview.net/forum?id=abc123"},
     "* [Fooling Saliency Maps](https://openreview.net/pdf?id=abc123)\n"),
    # Mutant L5 (_normal without plain_text): a feed's title with HTML in it ("<i>...</i>") is not the
    # entry's plain title, and the paper listed by hand was recorded as declined.
    ({"url": "https://openreview.net/forum?id=abc123", "title": "Fooling <i>saliency</i> maps"},
     "* [Fooling saliency maps](https://openreview.net/pdf?id=abc123)\n"),
])
def test_a_paper_listed_by_hand_as_itself_is_no_verdict(gh: GitHubServer, forge: Forge, state: State,
                                                        ids: dict[str, str], hand: str) -> None:
    paper = Paper(**{"title": "Fooling saliency maps", "abstract": "We attack explanations.",
                     "authors": ["Ada Lovelace"], "published": "2021-03-01", **ids})
    assert _closed_after_a_hand_entry(gh, forge, state, paper, hand) == "listed"


def test_a_decline_is_counted_once(gh: GitHubServer, forge: Forge, state: State) -> None:
    # Mutant R15 (closing: a proposal already "closed" written and counted again): every later run
    # reported the old declines as closed anew.
    run(forge, state, [ranked(1)], make_config())
    gh.close_pull(1)
    assert propose.reconcile(forge, state, list_path="README.md")["closed"] == 1
    assert propose.reconcile(forge, state, list_path="README.md")["closed"] == 0
    assert state.get_proposal("arxiv:2101.00001").status == "closed"


def test_a_pr_of_another_list_is_never_rebuilt_into_this_one(gh: GitHubServer, forge: Forge,
                                                            tmp_path: Path) -> None:
    # Mutant C1 (refresh_conflicts without the _OtherLists check): a state that holds another list's PR as
    # its own (an older litbot took it) and a submit() not preceded by a reconcile that knows the list,
    # as the `run` helper of test_propose.py calls it: the other list's PR was rebuilt into this file.
    with _held_by_an_older_litbot(gh, forge, tmp_path) as (_, b):
        gh.set_file(REPO, VISION, VISION_LIST.replace("# Vision list", "# Vision list, edited"))
        propose.submit(forge, b, gh.file_text(REPO, VISION), [], 0, vision_config(), dry_run=False)
        assert gh.file_text(REPO, VISION, "litbot/arxiv-2101.00001") == VISION_LIST
        assert "Fooling saliency maps" in gh.file_text(REPO, "README.md", "litbot/arxiv-2101.00001")
