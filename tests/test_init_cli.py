"""`litbot init`: a config that validates, sections filled in, no silent overwrite."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from bot.commands.init_cmd import heading_words
from bot.config import Config, load_config

LIST = """# My list

## Tools

* **Captum** [library](https://captum.ai)

## Papers

### Attacks on explanations

* [Fooling LIME and SHAP](https://arxiv.org/abs/1911.02508)
  <details>
  <summary> D. Slack et al. <em>AIES</em>, 2020 </summary>
    Scaffolding hides bias from perturbation-based explainers.
  </details>

### Defenses: robust attributions

* [Robust Attribution Regularization](https://arxiv.org/abs/1905.09957)
  <details>
  <summary> J. Chen et al. <em>NeurIPS</em>, 2019 </summary>
    Training keeps integrated gradients stable.
  </details>
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "lists").mkdir()
    (tmp_path / "lists" / "README.md").write_text(LIST, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("remote, repo, expected", [
    ("git@github.com:me/awesome.git", "me/awesome", "docs/papers.md"),
    ("https://github.com/me/awesome", None, "docs/papers.md"),
    # A copy of the list kept in another project's checkout (litbot's own): its path there says nothing.
    ("https://github.com/someone/litbot", "me/awesome", "papers.md"),
])
def test_init_takes_the_lists_path_from_its_git_checkout(tmp_path: Path, capsys, remote: str,
                                                         repo: str | None, expected: str) -> None:
    # Written as "README.md" whatever the list: a real run would have read and edited the README.
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config").write_text(f'[remote "origin"]\n\turl = {remote}\n', encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "papers.md").write_text(LIST, encoding="utf-8")
    out = tmp_path / "config" / "litbot.yaml"
    argv = ["init", str(tmp_path / "docs" / "papers.md"), "--out", str(out)]
    argv += ["--repo", repo] if repo else []
    assert main(argv) == 0
    assert load_config(str(out)).list.path == expected
    # A list that is not the repository's README gets a branch prefix of its own: a second list's
    # litbot in the same repository took the PRs under the one they shared for its own.
    assert load_config(str(out)).github.branch_prefix == f"litbot-{expected[:-3].replace('/', '-')}/"
    assert f"list.path: '{expected}'" in capsys.readouterr().out
    assert main([*argv, "--force", "--path", "lists/README.md"]) == 0
    assert load_config(str(out)).list.path == "lists/README.md"


def test_init_reads_a_worktrees_remotes_from_its_main_repository(tmp_path: Path, capsys) -> None:
    # In a worktree (or a submodule) ".git" is a file: the path fell back to the file name alone.
    main_git = tmp_path / "main" / ".git"
    (main_git / "worktrees" / "wt").mkdir(parents=True)
    (main_git / "config").write_text('[remote "origin"]\n\turl = git@github.com:me/awesome.git\n')
    (main_git / "worktrees" / "wt" / "commondir").write_text("../..\n")
    wt = tmp_path / "wt"
    (wt / "docs").mkdir(parents=True)
    (wt / ".git").write_text(f"gitdir: {main_git / 'worktrees' / 'wt'}\n")
    (wt / "docs" / "papers.md").write_text(LIST, encoding="utf-8")
    out = tmp_path / "config" / "litbot.yaml"
    assert main(["init", str(wt / "docs" / "papers.md"), "--repo", "me/awesome", "--out", str(out)]) == 0
    assert load_config(str(out)).list.path == "docs/papers.md"


def test_init_writes_a_config_that_loads_with_the_lists_sections(project: Path, capsys) -> None:
    out = project / "config" / "litbot.yaml"
    code = main(["init", str(project / "lists" / "README.md"), "--repo", "me/awesome", "--out", str(out)])
    assert code == 0, capsys.readouterr().err
    config = load_config(str(out))
    assert config.list.repo == "me/awesome" and config.list.path == "README.md"
    assert config.github.branch_prefix == "litbot/"
    # local_path is relative to the project root (the folder holding config/) and points at the list.
    assert config.list.local_path == "lists/README.md"
    assert config.resolve(config.list.local_path).read_text(encoding="utf-8") == LIST
    assert config.sections.hints == {
        "Attacks on explanations": ["attack", "explanation"],
        "Defenses: robust attributions": ["defense", "robust", "attribution"],
    }
    assert config.sections.skip == ["Tools"]
    text = out.read_text(encoding="utf-8")
    # Annotated: every top-level key block carries comments.
    assert text.count("# ") > 20 and "GITHUB_TOKEN" in text
    assert '"attribution"]  # 1 entry now' in text


def test_init_refuses_to_overwrite_without_force(project: Path, capsys) -> None:
    out = project / "litbot.yaml"
    out.write_text("# mine\n", encoding="utf-8")
    assert main(["init", str(project / "lists" / "README.md"), "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert "--force" in err and "\n" not in err
    assert out.read_text(encoding="utf-8") == "# mine\n"
    assert main(["init", str(project / "lists" / "README.md"), "--out", str(out), "--force"]) == 0
    assert load_config(str(out)).list.repo is None


def test_init_rejects_bad_repo_and_missing_list_without_writing(project: Path, capsys) -> None:
    out = project / "c.yaml"
    assert main(["init", str(project / "lists" / "README.md"), "--repo", "noslash", "--out", str(out)]) == 2
    assert main(["init", str(project / "nope.md"), "--out", str(out)]) == 2
    errs = capsys.readouterr().err.strip().splitlines()
    assert len(errs) == 2 and "--repo" in errs[0] and "nope.md" in errs[1]
    assert not out.exists() and list(project.glob(".c.yaml.*")) == []


@pytest.mark.parametrize("out", ["adir", "afile/c.yaml"])
def test_init_to_an_unwritable_path_is_one_line_and_writes_nothing(project: Path, out: str, capsys) -> None:
    (project / "adir").mkdir()
    (project / "afile").write_text("mine\n")
    argv = ["init", str(project / "lists" / "README.md"), "--out", str(project / out), "--force"]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"litbot: error: {project / out}: ") and err.count("\n") == 1, err
    assert "give a writable file path" in err
    assert list((project / "adir").iterdir()) == [] and (project / "afile").read_text() == "mine\n"
    assert sorted(p.name for p in project.iterdir()) == ["adir", "afile", "lists"]  # no temp file left


def test_heading_words_drop_filler_and_plurals() -> None:
    assert heading_words("Defense from the attacks & robust explanations") == [
        "defense", "attack", "robust", "explanation"]
    assert heading_words("Fairness") == ["fairness"]
    assert heading_words("Further related") == []
    # A chronological section's heading names no topic: "arxiv" would be a hint nearly no text has.
    assert heading_words("Latest arXiv") == [] and heading_words("Newest Preprints") == []


def test_init_on_the_real_list_validates(shared_data: Path, tmp_path: Path) -> None:
    out = tmp_path / "litbot.yaml"
    assert main(["init", str(shared_data / "lists" / "awesome-advxai-2021-12-17.md"), "--out", str(out)]) == 0
    config = load_config(str(out))
    assert set(config.sections.skip) == {"Conferences", "Workshops", "Software"}
    hints = config.sections.hints
    # A word of two headings stays where it starts one, and points there only ("attack" pointed to
    # Defense too); a heading of filler words gets an empty list to fill, not its own text as a phrase.
    assert hints["Attacks on explainability and fairness"] == ["attack", "explainability", "fairness"]
    assert hints["Defense from the attacks & robust explanations"] == ["defense", "robust", "explanation"]
    assert hints["Further related"] == []
    assert "add words that point here" in out.read_text(encoding="utf-8")


def test_init_leaves_out_a_word_half_the_lists_titles_hold() -> None:
    from bot.commands.init_cmd import telling_words
    from bot.lists import parse_list

    entries = "".join(f"* [Saliency method {i} explained](https://arxiv.org/abs/200{i}.00001)\n"
                      for i in range(4))
    doc = parse_list(f"# L\n\n## Saliency attacks\n\n{entries}\n## Saliency defenses\n\n{entries}")
    assert list(telling_words(doc).values()) == [["attack"], ["defense"]]


def test_init_names_sections_that_share_a_name_by_their_label(tmp_path: Path, capsys) -> None:
    # One "hints:" key per section name wrote "Papers" twice, a config the loader refuses.
    (tmp_path / "config").mkdir()
    entry = ("* [{t}](https://arxiv.org/abs/{i})\n  <details>\n"
             "  <summary> A. B. <em>V</em>, 2020 </summary>\n    About it.\n  </details>\n")
    text = "# L\n\n## Attacks\n\n### Papers\n\n" + entry.format(t="Fooling saliency", i="2001.00001") + \
           "\n## Defenses\n\n### Papers\n\n" + entry.format(t="Robust saliency", i="2001.00002")
    (tmp_path / "list.md").write_text(text, encoding="utf-8")
    out = tmp_path / "config" / "litbot.yaml"
    assert main(["init", str(tmp_path / "list.md"), "--out", str(out)]) == 0
    assert set(load_config(str(out)).sections.hints) == {"Attacks > Papers", "Defenses > Papers"}


def test_init_writes_no_hints_for_a_list_filed_by_venue(tmp_path: Path, capsys) -> None:
    # Hints never decide there, and "security" for "USENIX Security 2024" pointed every paper at it.
    from test_venues import BY_YEAR
    (tmp_path / "config").mkdir()
    text = BY_YEAR.replace("### ACL 2025", "### USENIX Security 2025")
    (tmp_path / "list.md").write_text(text, encoding="utf-8")
    out = tmp_path / "config" / "litbot.yaml"
    assert main(["init", str(tmp_path / "list.md"), "--out", str(out)]) == 0
    assert load_config(str(out)).sections.hints == {}
    assert "# 5 sections name venues or preprints: a paper goes to its venue's" in out.read_text()


def test_a_branch_prefix_of_its_own_for_every_list_that_is_not_the_readme() -> None:
    from bot.commands.init_cmd import branch_prefix

    assert branch_prefix("README.md") == branch_prefix("readme.md") == branch_prefix("Readme.md") == "litbot/"
    # A README in a folder is a second list beside the repository's.
    assert branch_prefix("docs/README.md") == "litbot-docs-readme/"
    assert branch_prefix("papers-readme.md") == "litbot-papers-readme/"
    # No dash left at either end of the name ("litbot--drafts-/").
    assert branch_prefix("_drafts_.md") == "litbot-drafts/"
    assert branch_prefix("papers/(vision).md") == "litbot-papers-vision/"
    assert branch_prefix("docs/Awesome List (2024).md") == "litbot-docs-awesome-list-2024/"
    assert branch_prefix("papers/x.lock.md") == "litbot-papers-x-lock/"  # no ".lock" for git to refuse
    # A name that loses its letters is told apart by its path ("论文.md" read "litbot/", the README's).
    prefixes = [branch_prefix(p) for p in ("论文.md", "综述.md", "papers/论文.md", "papers.md")]
    assert len(set(prefixes)) == 4 and "litbot/" not in prefixes and prefixes[2].startswith("litbot-papers-")
    for prefix in prefixes:
        assert Config.model_validate({"github": {"branch_prefix": prefix}}).github.branch_prefix == prefix
