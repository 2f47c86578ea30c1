"""Backtest by git-history replay, on a tiny real git repository built per test."""

from __future__ import annotations

import json
import subprocess
from datetime import date
from pathlib import Path

import pytest

from bot import history
from bot.cli import main
from bot.config import Config
from bot.errors import InputError
from bot.history import in_repo, list_commits, replay
from bot.lists import CuratedList, parse_list
from bot.paper import Paper, write_jsonl
from bot.ranked import RankedPaper
from bot.state import State


def entry(title: str, arxiv: str, year: int = 2020) -> str:
    return (f"* [{title}](https://arxiv.org/abs/{arxiv})\n  <details>\n  <summary> A. Author et al. "
            f"<em>Venue (V)</em>, {year} </summary>\n    About {title.lower()}.\n  </details>\n")


A0 = entry("Interpretation of Neural Networks is Fragile", "1710.10547", 2019)
D0 = entry("Robust Attribution Regularization", "1905.09957", 2019)
A1 = entry("Fooling SHAP with Stealthily Biased Sampling", "2205.15419", 2022)
D1 = entry("Robust Explanation Constraints for Neural Networks", "2212.08507", 2022)
E1 = entry("Rethinking Stability for Attribution-based Explanations", "2203.06877", 2022)


def doc(intro: str, attacks: list[str], defenses: list[str], evaluations: list[str] | None = None) -> str:
    text = f"# List\n\n{intro}\n\n## Papers\n\n### Attacks\n\n{''.join(attacks)}"
    text += f"\n### Defenses\n\n{''.join(defenses)}"
    if evaluations is not None:
        text += f"\n### Evaluations\n\n{''.join(evaluations)}"
    return text


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = tmp_path / "list"
    repo.mkdir()
    git(repo, "init", "-q")
    versions = [
        ("2021-01-05", "start the list", doc("Intro.", [A0], [D0])),
        ("2022-06-01", "add two papers", doc("Intro.", [A0, A1], [D0, D1])),
        ("2022-07-01", "reword the intro", doc("A better intro.", [A0, A1], [D0, D1])),
        ("2022-09-01", "new section", doc("A better intro.", [A0, A1], [D0, D1], [E1])),
    ]
    for when, message, text in versions:
        (repo / "README.md").write_text(text, encoding="utf-8")
        (repo / "other.txt").write_text(message, encoding="utf-8")
        git(repo, "add", "README.md", "other.txt")
        env_date = f"{when}T12:00:00"
        subprocess.run(
            ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q",
             "-m", message],
            check=True, capture_output=True,
            env={"GIT_AUTHOR_DATE": env_date, "GIT_COMMITTER_DATE": env_date, "PATH": "/usr/bin:/bin"},
        )
    return repo


HAYSTACK = [
    Paper(title="Segment Anything", id="2304.02643"),
    Paper(title="Mistral 7B", id="2310.06825"),
    Paper(title="Flow Matching for Generative Modeling", id="2210.02747"),
    Paper(title="Consistency Models", id="2303.01469"),
    Paper(title="Interpretation of Neural Networks is Fragile", id="1710.10547"),  # already listed
]
SCORES = {
    "Segment Anything": 0.9, "Mistral 7B": 0.5, "Flow Matching for Generative Modeling": 0.2,
    "Consistency Models": 0.1, "Interpretation of Neural Networks is Fragile": 0.99,
    "Fooling SHAP with Stealthily Biased Sampling": 0.95,
    "Robust Explanation Constraints for Neural Networks": 0.3,
    "Rethinking Stability for Attribution-based Explanations": 0.6,
}


class FakeRanker:
    """Fixed scores, always suggests "Attacks"; records what it was asked to rank against."""

    def __init__(self) -> None:
        self.calls: list[tuple[int, int]] = []

    def __call__(self, before: CuratedList, candidates: list[Paper], config: Config,
                 state: State | None) -> list[RankedPaper]:
        assert state is not None
        self.calls.append((len(before.entries), len(candidates)))
        out = [RankedPaper(paper=p, score=SCORES[p.title], section="Attacks", section_confidence=0.8,
                           listed=before.find(p) is not None) for p in candidates]
        out.sort(key=lambda r: (r.listed, -r.score))
        for i, r in enumerate(out, 1):
            r.rank = i
        return out


def test_list_commits_oldest_first_with_dates(repo: Path) -> None:
    commits = list_commits(repo, "README.md")
    assert [c.subject for c in commits] == [
        "start the list", "add two papers", "reword the intro", "new section"]
    assert commits[1].date == "2022-06-01" and len(commits[0].rev) == 40
    assert [c.subject for c in list_commits(repo, "README.md", since=date(2022, 6, 15))] == [
        "reword the intro", "new section"]


def test_replay_ranks_each_added_paper_against_the_list_before_it(repo: Path) -> None:
    ranker = FakeRanker()
    report = replay(repo, "README.md", HAYSTACK, Config(), ranker=ranker)
    # Commit 2 ranks against the 2-entry list, commit 4 against the 4-entry list; the haystack is the
    # four papers no version lists, plus the added papers.
    assert ranker.calls == [(2, 6), (4, 5)]
    cases = {c.title: c for c in report.cases}
    assert set(cases) == {
        "Fooling SHAP with Stealthily Biased Sampling", "Robust Explanation Constraints for Neural Networks",
        "Rethinking Stability for Attribution-based Explanations"}
    # The listed haystack paper (0.99) never competes; the other added paper doesn't either.
    assert cases["Fooling SHAP with Stealthily Biased Sampling"].rank == 1
    assert cases["Robust Explanation Constraints for Neural Networks"].rank == 3
    assert cases["Rethinking Stability for Attribution-based Explanations"].rank == 2
    assert cases["Fooling SHAP with Stealthily Biased Sampling"].section_match is True
    assert cases["Robust Explanation Constraints for Neural Networks"].section_match is False
    new = cases["Rethinking Stability for Attribution-based Explanations"]
    assert (new.section, new.section_known, new.section_match) == ("Evaluations", False, False)
    s = report.summary()
    assert (s["papers"], s["commits"], s["commits_without_additions"], s["haystack"]) == (3, 2, 1, 4)
    assert (s["hr@1"], s["hr@5"], s["hr@10"]) == (round(1 / 3, 4), 1.0, 1.0)
    assert s["mrr"] == round((1 + 1 / 3 + 1 / 2) / 3, 4) and s["median_rank"] == 2
    assert s["section_accuracy"] == 0.5  # the new section is not held against the ranker


def test_a_candidate_the_list_adds_later_never_competes_with_an_earlier_addition(
        repo: Path, caplog: pytest.LogCaptureFixture) -> None:
    # A candidates file from the period holds the later additions: as stream papers they outranked the
    # earlier ones ("Rethinking Stability", 0.6, added in commit 4, beat "Robust Explanation
    # Constraints", 0.3, added in commit 2), and the earlier ones read as missed.
    later = Paper(title="Rethinking Stability for Attribution-based Explanations", id="2203.06877")
    report = replay(repo, "README.md", [*HAYSTACK, later], Config(), ranker=FakeRanker())
    cases = {c.title: c for c in report.cases}
    assert cases["Robust Explanation Constraints for Neural Networks"].rank == 3  # below 0.9 and 0.5 only
    assert report.summary()["haystack"] == 4
    assert "2 of the candidates are papers README.md lists in some version" in caplog.text


def test_sections_that_count_their_papers_are_judged_by_their_names(tmp_path: Path) -> None:
    from bot.history import score_commit
    from bot.lists import parse_list

    before = parse_list("# L\n\n## Attacks (1)\n\n- [Old](https://arxiv.org/abs/2101.00001)\n")
    after = parse_list("# L\n\n## Attacks (2)\n\n- [Old](https://arxiv.org/abs/2101.00001)\n"
                       "- [New](https://arxiv.org/abs/2101.00002)\n")
    added = [e for e in after.entries if e.plain_title == "New"]

    def ranker(doc, candidates, config, state):
        return [RankedPaper(p, score=0.9, section="Attacks (1)", section_confidence=0.8) for p in candidates]

    (case,) = score_commit(before, after, added, [], Config(), None, ranker, "abc", "2022-01-01")
    assert (case.section_known, case.section_match) == (True, True)  # not "a new section"


def test_a_section_is_judged_by_its_label_where_two_share_a_name(tmp_path: Path) -> None:
    from bot.history import score_commit
    from bot.lists import parse_list

    def entry(title: str, n: int) -> str:
        return f"- [{title}](https://arxiv.org/abs/2101.{n:05d}) - A. B., ICML 2021\n"

    head = "# L\n\n## Images\n\n### Attacks\n\n" + entry("Old image attack", 1)
    tail = "\n## Text\n\n### Attacks\n\n" + entry("Old text attack", 2)
    before = parse_list(head + tail, "README.md")
    after = parse_list(head + tail + entry("New text attack", 3), "README.md")
    added = [e for e in after.entries if e.plain_title == "New text attack"]

    def suggest(label: str):
        def ranker(doc, candidates, config, state):
            return [RankedPaper(p, score=0.9, section=label, section_confidence=0.8) for p in candidates]
        return ranker

    with State(tmp_path) as state:
        for label, match in (("Text > Attacks", True), ("Images > Attacks", False)):
            [case] = score_commit(before, after, added, [], Config(), state, suggest(label), "r" * 40, "2022")
            assert (case.section, case.section_known, case.section_match) == ("Text > Attacks", True, match)


def test_a_pr_merged_with_a_merge_commit_counts_once(repo: Path) -> None:
    # Both sides touch the list, so `git log -- README.md` shows the merge too; its first parent lacks
    # the branch's additions, which were then counted a second time.
    def commit(message: str, text: str) -> None:
        (repo / "README.md").write_text(text, encoding="utf-8")
        git(repo, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qam", message)

    git(repo, "checkout", "-q", "-b", "pr")
    d2 = entry("Smoothed Geometry for Robust Attribution", "2006.06643", 2020)
    commit("add on a branch", doc("A better intro.", [A0, A1], [D0, D1, d2], [E1]))
    git(repo, "checkout", "-q", "-")
    commit("main rewords", doc("The best intro.", [A0, A1], [D0, D1], [E1]))
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.org", "merge", "-q", "--no-ff",
        "-m", "Merge pr", "pr")
    assert "2006.06643" in (repo / "README.md").read_text()  # the merge carries the addition
    subjects = [c.subject for c in list_commits(repo, "README.md")]
    assert "Merge pr" not in subjects and subjects.count("add on a branch") == 1


def test_since_limits_the_replay(repo: Path) -> None:
    report = replay(repo, "README.md", HAYSTACK, Config(), since=date(2022, 8, 1), ranker=FakeRanker())
    assert [c.title for c in report.cases] == ["Rethinking Stability for Attribution-based Explanations"]


def test_bad_repo_and_file_are_input_errors(repo: Path, tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    with pytest.raises(InputError, match="not a git repository"):
        list_commits(plain, "README.md")
    with pytest.raises(InputError, match="not a folder"):
        list_commits(tmp_path / "missing", "README.md")
    with pytest.raises(InputError, match="no commits touch it"):
        replay(repo, "LIST.md", HAYSTACK, Config(), ranker=FakeRanker())


def test_backtest_command_json(repo: Path, tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setattr(history, "default_ranker", lambda progress=False: FakeRanker())
    hay = tmp_path / "hay.jsonl"
    write_jsonl(HAYSTACK, str(hay))
    code = main(["backtest", "--repo", str(repo), "--file", "README.md", "--candidates", str(hay), "--json"])
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert data["summary"]["papers"] == 3 and len(data["cases"]) == 3
    monkeypatch.delenv("COLUMNS", raising=False)
    assert main(["backtest", "--repo", str(repo), "--candidates", str(hay)]) == 0
    out = capsys.readouterr().out
    assert "HR@10 1.00" in out and "section accuracy 0.50" in out
    assert "a run would have proposed 2 of them (score >= ranking.min_score 0.5)" in out
    # Into a pipe the table was 80 columns wide: titles folded into 9-letter pieces over many lines.
    assert "Rethinking Stability for Attribution-based Explanations" in out
    assert "Attacks (new section)" in out  # "Attacks new" read as a section's name
    assert main(["backtest", "--repo", str(repo), "--candidates", str(hay), "--since", "June"]) == 2


def _moved_list(tmp_path: Path) -> Path:
    """A repository whose list gained a paper as README.md, was moved to docs/papers.md, then gained one."""
    repo = tmp_path / "list"
    _commit_versions(repo, [("start", doc("Intro.", [A0], [D0])), ("add", doc("Intro.", [A0, A1], [D0]))])
    (repo / "docs").mkdir()
    git(repo, "mv", "README.md", "docs/papers.md")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "move")
    (repo / "docs" / "papers.md").write_text(doc("Intro.", [A0, A1], [D0, D1]), encoding="utf-8")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qam", "add more")
    return repo


def test_a_list_moved_in_the_repository_is_replayed_from_before_the_move(tmp_path: Path) -> None:
    # `git log -- docs/papers.md` stops at the move: the papers added before it were dropped unsaid.
    repo = _moved_list(tmp_path)
    commits = list_commits(repo, "docs/papers.md")
    assert [(c.subject, c.parent_path, c.path) for c in commits] == [
        ("start", "README.md", "README.md"), ("add", "README.md", "README.md"),
        ("move", "README.md", "docs/papers.md"), ("add more", "docs/papers.md", "docs/papers.md")]
    report = replay(repo, "docs/papers.md", HAYSTACK, Config(), ranker=FakeRanker())
    assert [c.title for c in report.cases] == ["Fooling SHAP with Stealthily Biased Sampling",
                                               "Robust Explanation Constraints for Neural Networks"]


def test_a_replay_of_a_moved_lists_old_path_says_where_it_went(tmp_path: Path, caplog) -> None:
    # The old path replayed up to the move without a word, as if the list had stopped growing there.
    report = replay(_moved_list(tmp_path), "README.md", HAYSTACK, Config(), ranker=FakeRanker())
    assert [c.title for c in report.cases] == ["Fooling SHAP with Stealthily Biased Sampling"]
    assert "README.md was moved to docs/papers.md in " in caplog.text
    assert "--file docs/papers.md replays all of it" in caplog.text


def test_a_since_after_the_last_commit_names_the_date_not_the_path(repo: Path) -> None:
    with pytest.raises(InputError, match=r"--since 2030-01-01: no commits touch README.md from that date on"):
        replay(repo, "README.md", HAYSTACK, Config(), since=date(2030, 1, 1), ranker=FakeRanker())


def test_the_report_says_which_additions_a_run_would_have_proposed(repo: Path, capsys, monkeypatch) -> None:
    # Rank and score alone left the maintainer's question open: would litbot have drafted its PR?
    report = replay(repo, "README.md", HAYSTACK, Config(), ranker=FakeRanker())
    assert {c.title: c.proposed for c in report.cases} == {
        "Fooling SHAP with Stealthily Biased Sampling": True,  # 0.95
        "Robust Explanation Constraints for Neural Networks": False,  # 0.3, under min_score 0.5
        "Rethinking Stability for Attribution-based Explanations": True}  # 0.6
    assert report.summary()["proposed"] == 2
    strict = Config.model_validate({"ranking": {"min_score": 0.9}})
    assert replay(repo, "README.md", HAYSTACK, strict, ranker=FakeRanker()).summary()["proposed"] == 1


def test_backtest_reads_the_lists_path_from_the_config(tmp_path: Path, monkeypatch, capsys) -> None:
    # --file defaulted to README.md whatever list.path said: "no commits touch it".
    monkeypatch.setattr(history, "default_ranker", lambda progress=False: FakeRanker())
    repo = tmp_path / "list"
    repo.mkdir()
    git(repo, "init", "-q")
    (repo / "docs").mkdir()
    for message, text in [("start", doc("Intro.", [A0], [D0])), ("add", doc("Intro.", [A0, A1], [D0]))]:
        (repo / "docs" / "papers.md").write_text(text, encoding="utf-8")
        git(repo, "add", "docs/papers.md")
        git(repo, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", message)
    config = tmp_path / "c.yaml"
    config.write_text("list:\n  path: docs/papers.md\n", encoding="utf-8")
    hay = tmp_path / "hay.jsonl"
    write_jsonl(HAYSTACK, str(hay))
    argv = ["backtest", "--repo", str(repo), "--candidates", str(hay), "--config", str(config), "--json"]
    assert main(argv) == 0
    assert json.loads(capsys.readouterr().out)["summary"]["papers"] == 1


def test_a_list_named_in_other_letters_is_replayed(tmp_path: Path) -> None:
    # git quoted the name in its log ("\\350\\256\\272..."), and no commit was replayed, unsaid.
    repo = tmp_path / "list"
    repo.mkdir()
    git(repo, "init", "-q")
    for message, text in [("start", doc("Intro.", [A0], [D0])), ("add", doc("Intro.", [A0, A1], [D0]))]:
        (repo / "论文列表.md").write_text(text, encoding="utf-8")
        git(repo, "add", "论文列表.md")
        git(repo, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", message)
    report = replay(repo, "论文列表.md", HAYSTACK, Config(), ranker=FakeRanker())
    assert [c.title for c in report.cases] == ["Fooling SHAP with Stealthily Biased Sampling"]


def test_papers_a_broken_version_hid_are_no_additions_when_it_is_fixed(tmp_path: Path) -> None:
    # A stray code fence hid the Defenses section; the fix "added" its papers, listed all along.
    repo = tmp_path / "list"
    broken = doc("Intro.", [A0, A1], [D0, D1]).replace("### Defenses", "```\n### Defenses")
    _commit_versions(repo, [("start", doc("Intro.", [A0], [D0, D1])), ("add, break", broken),
                            ("fix", doc("Intro.", [A0, A1], [D0, D1]))])
    report = replay(repo, "README.md", HAYSTACK, Config(), ranker=FakeRanker())
    assert [(c.title, c.rev) for c in report.cases] == [
        ("Fooling SHAP with Stealthily Biased Sampling", list_commits(repo, "README.md")[1].rev[:12])]


def test_a_version_that_reads_far_fewer_entries_is_named(tmp_path: Path, caplog) -> None:
    repo = tmp_path / "list"
    broken = doc("Intro.", [A0], [D0, D1, A1]).replace("### Defenses", "```\n### Defenses")
    _commit_versions(repo, [("start", doc("Intro.", [A0], [D0, D1, A1])), ("break", broken),
                            ("fix, add", doc("Intro.", [A0], [D0, D1, A1, E1]))])
    with caplog.at_level("WARNING", logger="bot.history"):
        report = replay(repo, "README.md", HAYSTACK, Config(), ranker=FakeRanker())
    assert [c.title for c in report.cases] == ["Rethinking Stability for Attribution-based Explanations"]
    assert "reads 1 entries where its parent read 4 (broken markdown?)" in caplog.text


@pytest.mark.slow
def test_real_ranker_on_the_shared_list_history(shared_data: Path, tmp_path: Path) -> None:
    """The two real list snapshots as two commits; the real haystack; the real model."""
    from bot.paper import read_jsonl

    repo = tmp_path / "real"
    repo.mkdir()
    git(repo, "init", "-q")
    for name in ("awesome-advxai-2020-07-30.md", "awesome-advxai-2021-12-17.md"):
        (repo / "README.md").write_bytes((shared_data / "lists" / name).read_bytes())
        git(repo, "add", "README.md")
        git(repo, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", name)
    haystack = read_jsonl(str(shared_data / "backtest" / "haystack-dev.jsonl"))
    report = replay(repo, "README.md", haystack, Config())
    s = report.summary()
    assert s["papers"] >= 30
    assert s["hr@10"] >= 0.7 and s["mrr"] >= 0.4, s


def _commit_versions(repo: Path, versions: list[tuple[str, str]]) -> None:
    repo.mkdir()
    git(repo, "init", "-q")
    for message, text in versions:
        (repo / "README.md").write_text(text, encoding="utf-8")
        git(repo, "add", "README.md")
        git(repo, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", message)


def test_backtest_on_a_history_that_starts_with_an_empty_skeleton_list(tmp_path: Path, monkeypatch,
                                                                        capsys) -> None:
    # Many lists begin as a commit of headings only. The ranker cannot rank against a list with no
    # entries (rank_papers refuses it), so the first additions are skipped, not a failed backtest.
    from test_ranking import FakeEmbedder

    from bot.ranking import rank_papers

    repo = tmp_path / "list"
    _commit_versions(repo, [("skeleton", doc("Intro.", [], [])), ("first papers", doc("Intro.", [A0], [D0])),
                            ("more papers", doc("Intro.", [A0, A1], [D0, D1]))])
    def ranker(doc, candidates, config, state):
        return rank_papers(doc, candidates, config, state, embedder=FakeEmbedder())

    monkeypatch.setattr(history, "default_ranker", lambda progress=False: ranker)
    hay = tmp_path / "hay.jsonl"
    write_jsonl(HAYSTACK[:4], str(hay))
    code = main(["backtest", "--repo", str(repo), "--file", "README.md", "--candidates", str(hay), "--json"])
    assert code == 0, capsys.readouterr().err
    data = json.loads(capsys.readouterr().out)
    assert {c["title"] for c in data["cases"]} == {"Fooling SHAP with Stealthily Biased Sampling",
                                                   "Robust Explanation Constraints for Neural Networks"}
    # The first papers, added to a list with none, were skipped: not a commit "without additions".
    assert (data["summary"]["commits"], data["summary"]["commits_without_additions"]) == (1, 0)


def _score_one(tmp_path: Path, ranker, haystack: list[Paper], new_section: bool = False):
    from bot.history import score_commit
    from bot.lists import parse_list

    before = parse_list(doc("Intro.", [A0], [D0]), "README.md")
    after = parse_list(doc("Intro.", [A0], [D0], [A1]) if new_section else doc("Intro.", [A0, A1], [D0]),
                       "README.md")
    added = [e for e in after.entries if e.plain_title.startswith("Fooling SHAP")]
    with State(tmp_path) as state:
        [case] = score_commit(before, after, added, haystack, Config(), state, ranker, "r" * 40, "2022")
    return case


def _fixed(scores: dict[str, float], excluded: tuple[str, ...] = (), section: str = "Attacks"):
    def ranker(before, candidates, config, state):
        return [RankedPaper(p, score=scores[p.title], section=section, section_confidence=0.8,
                            listed=before.find(p) is not None, excluded=p.title in excluded)
                for p in candidates]
    return ranker


SHAP = "Fooling SHAP with Stealthily Biased Sampling"


def test_a_paper_the_watchlist_excludes_does_not_outrank_the_added_one(tmp_path: Path) -> None:
    # An excluded paper is never proposed, so it takes no place above the paper the maintainers added.
    hay = [Paper(title="Segment Anything", id="2304.02643"), Paper(title="Mistral 7B", id="2310.06825")]
    ranker = _fixed({SHAP: 0.8, "Segment Anything": 0.95, "Mistral 7B": 0.5}, excluded=("Segment Anything",))
    assert _score_one(tmp_path, ranker, hay).rank == 1


def test_a_tie_with_a_stream_paper_counts_for_the_added_paper(tmp_path: Path) -> None:
    # Rank is 1 + the papers scoring strictly higher: equal scores (common with saturated 0.999s)
    # would otherwise be read as misses.
    hay = [Paper(title="Segment Anything", id="2304.02643"), Paper(title="Mistral 7B", id="2310.06825")]
    ranker = _fixed({SHAP: 0.8, "Segment Anything": 0.8, "Mistral 7B": 0.9})
    assert _score_one(tmp_path, ranker, hay).rank == 2


def test_the_haystacks_copy_of_an_added_paper_is_left_out(tmp_path: Path) -> None:
    # The stream often holds the very paper the maintainers added (another version, other text): ranked
    # twice, the stream copy's score could stand for the added paper's.
    stream_copy = Paper(title="Fooling SHAP (v1)", id="2205.15419")
    seen: list[list[str]] = []

    def ranker(before, candidates, config, state):
        seen.append([p.key for p in candidates])
        return _fixed({SHAP: 0.8, "Fooling SHAP (v1)": 0.01, "Mistral 7B": 0.5})(before, candidates, config,
                                                                                   state)

    case = _score_one(tmp_path, ranker, [stream_copy, Paper(title="Mistral 7B", id="2310.06825")])
    assert seen == [["arxiv:2205.15419", "arxiv:2310.06825"]]
    assert (case.rank, case.score) == (1, 0.8)


def test_a_section_the_commit_created_never_counts_as_a_match(tmp_path: Path) -> None:
    # The list before the commit had no "Evaluations": a ranker naming it (say by a heading hint) was not
    # choosing among the sections it could see, and section accuracy only judges those.
    case = _score_one(tmp_path, _fixed({SHAP: 0.8}, section="Evaluations"), [], new_section=True)
    assert (case.section, case.section_known, case.section_match) == ("Evaluations", False, False)


def commit_all(repo: Path, when: str, message: str) -> None:
    git(repo, "add", "-A")
    subprocess.run(
        ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q",
         "-m", message],
        check=True, capture_output=True,
        env={"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when, "PATH": "/usr/bin:/bin", "TZ": "UTC"},
    )


@pytest.mark.parametrize("zone", ["UTC", "America/Los_Angeles", "Asia/Tokyo"])
def test_since_a_day_counts_that_days_early_commits(
        tmp_path: Path, monkeypatch, zone: str) -> None:
    # A bare date is "that date at the current time of day" to git: the morning's commits were lost.
    # And the day is the commit's own (the date the report shows), whatever this machine's zone.
    monkeypatch.setenv("TZ", zone)
    repo = tmp_path / "early"
    repo.mkdir()
    git(repo, "init", "-q")
    (repo / "README.md").write_text(doc("Intro.", [A0], [D0]), encoding="utf-8")
    commit_all(repo, "2022-06-01T00:00:01+00:00", "just after midnight")
    assert [c.subject for c in list_commits(repo, "README.md", since=date(2022, 6, 1))] == [
        "just after midnight"]


def test_the_list_may_be_named_by_an_absolute_path_or_from_a_folder_of_the_repo(tmp_path: Path) -> None:
    # `git log -- FILE` is relative to the folder, `git show REV:FILE` to the repository's root: every
    # commit was read as "no list" and the backtest found nothing to score.
    repo = tmp_path / "site"
    (repo / "docs").mkdir(parents=True)
    git(repo, "init", "-q")
    (repo / "docs" / "list.md").write_text(doc("Intro.", [A0], [D0]), encoding="utf-8")
    commit_all(repo, "2021-01-05T12:00:00+00:00", "start")
    (repo / "docs" / "list.md").write_text(doc("Intro.", [A0, A1], [D0, D1]), encoding="utf-8")
    commit_all(repo, "2022-06-01T12:00:00+00:00", "add two")
    absolute = str(repo / "docs" / "list.md")
    for where, file in ((repo / "docs", "list.md"), (repo, "docs/list.md"), (repo, absolute)):
        report = replay(where, file, HAYSTACK, Config(), ranker=FakeRanker())
        assert len(report.cases) == 2, (where, file)
    with pytest.raises(InputError, match="not inside --repo"):
        replay(repo / "docs", str(tmp_path / "elsewhere.md"), HAYSTACK, Config(), ranker=FakeRanker())
    assert in_repo(repo, str(repo / "..list.md")) == "..list.md"  # a name, not a way out


def test_a_shallow_clone_is_named_as_the_reason_not_reported_as_no_additions(repo: Path, tmp_path: Path,
                                                                             caplog) -> None:
    # actions/checkout clones one commit deep by default: its only commit has no parent to compare.
    one = tmp_path / "one"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", str(one))
    with pytest.raises(InputError, match="a shallow clone, too short to replay; fetch the whole history"):
        replay(one, "README.md", HAYSTACK, Config(), ranker=FakeRanker())
    three = tmp_path / "three"  # the last three commits: the one adding E1 is replayed, with a warning
    git(tmp_path, "clone", "-q", "--depth", "3", f"file://{repo}", str(three))
    report = replay(three, "README.md", HAYSTACK, Config(), ranker=FakeRanker())
    assert [c.title for c in report.cases] == ["Rethinking Stability for Attribution-based Explanations"]
    assert "shallow clone" in caplog.text


def test_a_history_without_additions_summarises_to_none_not_a_division_by_zero(tmp_path: Path,
                                                                              caplog) -> None:
    # Every commit rewords: nothing to score is a report of no papers (and no "shallow clone" story).
    repo = tmp_path / "list"
    _commit_versions(repo, [("start", doc("Intro.", [A0], [D0])), ("reword", doc("Better.", [A0], [D0]))])
    report = replay(repo, "README.md", HAYSTACK, Config(), ranker=FakeRanker())
    s = report.summary()
    assert (s["papers"], s["commits"], s["commits_without_additions"]) == (0, 0, 1)
    assert [s[k] for k in ("hr@1", "hr@5", "hr@10", "hr@50", "mrr", "median_rank", "section_accuracy")] == [
        None] * 7
    assert "shallow" not in caplog.text


def _case(rank: int, known: bool = True) -> history.BacktestCase:
    return history.BacktestCase(rev="r", date="2022", title="t", section="Attacks", rank=rank, score=0.5,
                                suggested="Attacks", section_known=known, section_match=known)


def test_the_median_rank_is_the_middle_one_not_the_mean() -> None:
    s = history.BacktestReport(cases=[_case(1), _case(1), _case(4)]).summary()
    assert (s["median_rank"], s["mrr"], s["hr@1"]) == (1, 0.75, round(2 / 3, 4))


def test_section_accuracy_is_none_when_every_paper_went_to_a_new_section() -> None:
    s = history.BacktestReport(cases=[_case(1, known=False), _case(2, known=False)]).summary()
    assert s["section_accuracy"] is None and s["papers"] == 2


def test_a_repository_without_commits_is_named_as_a_failed_git_log(tmp_path: Path) -> None:
    # One line from git, not a Python list of lines.
    empty = tmp_path / "empty"
    empty.mkdir()
    git(empty, "init", "-q")
    with pytest.raises(InputError, match=r"git log failed \(fatal: [^\[\]]*\)$"):
        list_commits(empty, "README.md")


def test_a_folder_outside_git_is_named_as_ours_not_gits(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a git repository; clone the list's repository first"):
        list_commits(tmp_path, "README.md")


def test_the_repositorys_own_parent_folder_is_not_inside_it(repo: Path) -> None:
    with pytest.raises(InputError, match="not inside --repo"):
        in_repo(repo, str(repo.parent))


def test_a_repository_reached_through_a_link_holds_its_files_by_either_path(repo: Path,
                                                                            tmp_path: Path) -> None:
    # As /tmp and /private/tmp on macOS: the same file is inside the same repository, by either name.
    link = tmp_path / "link"
    link.symlink_to(repo)
    assert in_repo(link, str(repo / "README.md")) == "README.md"
    assert in_repo(repo, str(link / "README.md")) == "README.md"


def test_a_commit_that_deletes_the_list_or_brings_it_back_is_skipped(tmp_path: Path) -> None:
    repo = tmp_path / "list"
    _commit_versions(repo, [("start", doc("Intro.", [A0], [D0])), ("add", doc("Intro.", [A0, A1], [D0]))])
    git(repo, "rm", "-q", "README.md")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "delete")
    (repo / "README.md").write_text(doc("Intro.", [A0, A1], [D0, D1]), encoding="utf-8")
    git(repo, "add", "README.md")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "restore")
    report = replay(repo, "README.md", HAYSTACK, Config(), ranker=FakeRanker())
    assert [c.title for c in report.cases] == [SHAP]
    assert (report.commits_replayed, report.commits_without_additions) == (1, 0)
    first = list_commits(repo, "README.md")[0].rev
    assert history.show_file(repo, f"{first}^", "README.md") is None
    assert history.show_file(repo, first, "LIST.md") is None


def test_a_heading_recased_by_the_commit_is_still_a_known_section(tmp_path: Path) -> None:
    from bot.history import score_commit
    from bot.lists import parse_list

    before = parse_list(doc("Intro.", [A0], [D0]).replace("### Attacks", "### attacks"), "README.md")
    after = parse_list(doc("Intro.", [A0, A1], [D0]), "README.md")
    added = [e for e in after.entries if e.plain_title == SHAP]
    ranker = _fixed({SHAP: 0.8}, section="attacks")  # the label it sees in the list before the commit
    with State(tmp_path) as state:
        [case] = score_commit(before, after, added, [], Config(), state, ranker, "r" * 40, "2022")
    assert (case.section, case.section_known, case.section_match) == ("Attacks", True, True)


def test_an_added_paper_the_watchlist_excludes_counts_as_missed_at_its_own_score(tmp_path: Path) -> None:
    # It would never have been proposed: ranked below every competing paper, whatever it scored.
    hay = [Paper(title="Segment Anything", id="2304.02643"), Paper(title="Mistral 7B", id="2310.06825")]
    ranker = _fixed({SHAP: 0.81234567, "Segment Anything": 0.2, "Mistral 7B": 0.5}, excluded=(SHAP,))
    case = _score_one(tmp_path, ranker, hay)
    assert (case.rank, case.score, case.suggested) == (3, 0.812346, "Attacks")


def test_an_added_paper_the_ranker_dropped_counts_as_missed(tmp_path: Path) -> None:
    hay = [Paper(title="Segment Anything", id="2304.02643"), Paper(title="Mistral 7B", id="2310.06825")]
    keep = _fixed({"Segment Anything": 0.2, "Mistral 7B": 0.5})

    def ranker(before, candidates, config, state):
        return keep(before, [p for p in candidates if p.title != SHAP], config, state)

    case = _score_one(tmp_path, ranker, hay)
    assert (case.rank, case.score, case.suggested) == (3, 0.0, "")


def test_each_replayed_commit_is_reported_with_its_own_additions(repo: Path, tmp_path: Path) -> None:
    # The backtest command's progress line per commit; the state (embedding cache) goes where asked.
    seen: list[tuple[str, int]] = []
    report = replay(repo, "README.md", HAYSTACK, Config(), ranker=FakeRanker(), cache_dir=tmp_path / "cache",
                    on_commit=lambda commit, n: seen.append((commit.subject, n)))
    assert seen == [("add two papers", 2), ("new section", 1)]
    assert {len(c.rev) for c in report.cases} == {12}
    assert (tmp_path / "cache" / "litbot.sqlite").is_file()


def test_a_list_moved_into_the_folder_from_above_it_is_replayed_from_before_the_move(tmp_path: Path) -> None:
    # With --repo the folder the list now lives in, the commits from before `git mv README.md docs/...`
    # named a path outside that folder, which git dropped: the papers added then were not replayed.
    repo = _moved_list(tmp_path)
    commits = list_commits(repo / "docs", "papers.md")
    assert [(c.subject, c.parent_path, c.path) for c in commits] == [
        ("start", "../README.md", "../README.md"), ("add", "../README.md", "../README.md"),
        ("move", "../README.md", "papers.md"), ("add more", "papers.md", "papers.md")]
    report = replay(repo / "docs", "papers.md", HAYSTACK, Config(), ranker=FakeRanker())
    assert [c.title for c in report.cases] == ["Fooling SHAP with Stealthily Biased Sampling",
                                               "Robust Explanation Constraints for Neural Networks"]


def plain_entry(title: str, arxiv: str) -> str:
    return f"* [{title}](https://arxiv.org/abs/{arxiv}) - A. Author, ICML 2022\n"


def test_an_addition_at_min_score_is_proposed_but_not_one_the_watchlist_drops_or_the_list_has() -> None:
    # A run drafts a PR for a paper at min_score exactly (the README's "at least"), and never for one an
    # exclude term drops or one already listed under another entry, whatever their scores.
    before = parse_list("# L\n\n## Attacks\n\n" + plain_entry("Old paper", "2101.00001"))
    after = parse_list(
        "# L\n\n## Attacks\n\n"
        + plain_entry("Old paper", "2101.00001")
        + plain_entry("At the bar", "2201.00001")
        + plain_entry("Dropped by a term", "2201.00002")
        + plain_entry("Listed already", "2201.00003")
    )
    added = after.entries[1:]

    def ranker(
        doc: CuratedList, candidates: list[Paper], config: Config, state: State | None
    ) -> list[RankedPaper]:
        return [
            RankedPaper(
                p,
                0.5,
                section="Attacks",
                section_confidence=0.8,
                excluded=p.title.startswith("Dropped"),
                listed=p.title.startswith("Listed"),
            )
            for p in candidates
        ]

    config = Config.model_validate({"ranking": {"min_score": 0.5}})
    cases = history.score_commit(before, after, added, [], config, None, ranker, "0" * 40, "2022-02-01")
    assert {c.title: c.proposed for c in cases} == {
        "At the bar": True,
        "Dropped by a term": False,
        "Listed already": False,
    }
