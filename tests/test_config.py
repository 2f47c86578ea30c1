"""Config loading: every mistake is one line naming the key, exit code 2 through the CLI."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.cli import main
from bot.config import Config, github_token, load_config
from bot.errors import ConfigError

REPO = Path(__file__).resolve().parent.parent


def _write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "litbot.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    ("text", "fragments"),
    [
        ("github:\n  max_open_pr: 3\n", ["unknown key 'github.max_open_pr'", "spelling"]),
        ("colour: blue\n", ["unknown key 'colour'"]),
        ("ranking:\n  min_score: high\n", ["key 'ranking.min_score'", "number"]),
        ("ranking:\n  min_score: 1.5\n", ["key 'ranking.min_score'", "less than or equal to 1"]),
        ("ranking:\n  precision: fp16\n", ["key 'ranking.precision'", "'auto', 'float32' or 'bfloat16'"]),
        ("github:\n  branch_prefix: ''\n", ["key 'github.branch_prefix'"]),  # would adopt every PR
        ("github:\n  branch_prefix: 'a b/'\n", ["key 'github.branch_prefix'"]),
        ("github:\n  branch_prefix: /\n", ["key 'github.branch_prefix'"]),  # no branch name starts with "/"
        ("github:\n  labels: litbot\n", ["key 'github.labels'", "list"]),
        (f"github:\n  labels: [litbot, {'x' * 51}]\n", ["key 'github.labels.1'", "at most 50"]),
        ("list:\n  repo: justaname\n", ["key 'list.repo'", "owner/name"]),
        # Half a name fails only at the first real run, minutes in, as GitHub's 404 for "repos/owner/".
        ("list:\n  repo: 'owner/'\n", ["key 'list.repo'", "owner/name"]),
        ("list:\n  repo: /name\n", ["key 'list.repo'", "owner/name"]),
        ("list:\n  repo: a/b/c\n", ["key 'list.repo'", "owner/name"]),
        # Characters GitHub never allows in a name: the same late 404 (or an API path walked by "..").
        ("list:\n  repo: own er/name\n", ["key 'list.repo'", "owner/name"]),
        ("list:\n  repo: \"'owner/name'\"\n", ["key 'list.repo'", "owner/name"]),
        ("list:\n  repo: owner/..\n", ["key 'list.repo'", "owner/name"]),
        # A path out of the repository, or none, reads no list.
        ("list:\n  path: ../other/README.md\n", ["key 'list.path'", "inside the repository"]),
        ("list:\n  path: ''\n", ["key 'list.path'", "inside the repository"]),
        # A zone that does not exist would otherwise fail only when the worker builds its schedule.
        ("schedule:\n  timezone: Mars/Olympus\n", ["key 'schedule.timezone'", "IANA name"]),
        ("schedule:\n  timezone: ''\n", ["key 'schedule.timezone'", "IANA name"]),
        # A negative cap would silently mean "never propose" (the room left is clamped to 0): no PRs and
        # no error. Over 100 is refused as a typo.
        ("github:\n  max_open_prs: -1\n", ["key 'github.max_open_prs'", "greater than or equal to 0"]),
        ("github:\n  max_open_prs: 101\n", ["key 'github.max_open_prs'", "less than or equal to 100"]),
        # Infinite timeouts and waits passed every bound, then failed every request at run time.
        ("sources:\n  feed_timeout_seconds: .inf\n", ["key 'sources.feed_timeout_seconds'", "finite number"]),
        ("github:\n  backoff_factor: .inf\n", ["key 'github.backoff_factor'", "finite number"]),
        ("ranking:\n  min_score: .nan\n", ["key 'ranking.min_score'", "finite number"]),
        # "": the project root itself, where the state would sit beside the list's files.
        ("state:\n  dir: ''\n", ["key 'state.dir'", "at least 1 character"]),
        ("schedule:\n  cron: '0 25 * * *'\n", ["key 'schedule.cron'", "cron"]),
        ("schedule:\n  cron: daily\n", ["key 'schedule.cron'", "cron", "e.g. '0 6 * * *'"]),
        # 31 February: the worker waited for ever ("next cycle at None") and looked healthy.
        ("schedule:\n  cron: '0 6 31 2 *'\n", ["key 'schedule.cron'", "never fires"]),
        ("schedule:\n  cron: '0 6 31 4,6 *'\n", ["key 'schedule.cron'", "never fires"]),
        ("sources:\n  feeds:\n    - url: https://x.org/rss\n", ["key 'sources.feeds.0.name'"]),
        ("sources:\n  feeds:\n    - {name: a, url: https://x.org/rss, kind: atom}\n",
         ["key 'sources.feeds.0.kind'"]),
        # Warned about and skipped at every run, never refused: now refused at once.
        ("sources:\n  feeds:\n    - {name: a, url: not a url}\n", ["key 'sources.feeds.0.url'", "https://"]),
        ("sources:\n  feeds:\n    - {name: a, url: 'export.arxiv.org/rss'}\n", ["is not an http(s) URL"]),
        ("github:\n  api_url: api.github.com\n", ["key 'github.api_url'", "is not an http(s) URL"]),
        ("github:\n  api_url: 'https:///api/v3'\n", ["key 'github.api_url'", "is not an http(s) URL"]),
        ("list:\n  repo: [unclosed\n", ["invalid YAML at line", "indentation"]),
        ("- just\n- a list\n", ["top level must be a mapping"]),
        # Only an empty file means "all defaults": these are a file written wrong.
        ("[]\n", ["top level must be a mapping"]),
        ("false\n", ["top level must be a mapping"]),
        # A key given twice: YAML keeps the last, so the first block's settings were silently lost.
        ("github:\n  max_open_prs: 1\nlist:\n  path: R.md\ngithub:\n  reviewers: [alice]\n",
         ["key 'github' appears twice (lines 1 and 5)", "merge the two"]),
        ("watchlist:\n  boost: [a]\n  boost: [b]\n", ["key 'boost' appears twice (lines 2 and 3)"]),
        ("github: {mode: digest, max_open_prs: 3, mode: per_paper}\n", ["key 'mode' appears twice (line 1)"]),
        # 2019 and "2019" are one section name once read.
        ("sections:\n  hints:\n    2019: [survey]\n    '2019': [benchmark]\n", ["key '2019' appears twice"]),
        # litbot's own field, which the file must not set: it was taken and silently ignored.
        ("base_dir: /elsewhere\n", ["unknown key 'base_dir'", "relative to the folder holding config/"]),
        # An empty model name became the config's folder, "unknown model '/path/to/config'" at run time.
        ("ranking:\n  model: ''\n", ["key 'ranking.model'", "name a sentence-transformers model"]),
        ("ranking:\n  model: '  '\n", ["key 'ranking.model'", "name a sentence-transformers model"]),
        # pydantic says what is wrong; the line also says how to write it.
        ("watchlist:\n  must: explanation\n", ["key 'watchlist.must'", "write a list: [a, b]"]),
        ("sections:\n  tune: maybe\n", ["key 'sections.tune'", "write true, false or auto"]),
        # A number is a section's name, but YAML's true/yes is no name anyone wrote on purpose.
        ("sections:\n  skip: [yes]\n", ["key 'sections.skip.0'", "write text"]),
        ("ranking:\n  min_score: 1.5\n", ["give a smaller value"]),
        # GitHub answers 422 to these and the PR goes without its review request.
        ("github:\n  reviewers: ['@alice']\n", ["key 'github.reviewers'", "without '@'"]),
        ("github:\n  reviewers: [org/team]\n", ["key 'github.reviewers'", "teams cannot be requested"]),
        # Terms are words, not regular expressions: these were taken and could never match (a must
        # term of the kind dropped every paper), with no word about it.
        ("watchlist:\n  boost: [graph, 'equivarian.*']\n", ["key 'watchlist.boost.1'", "regular expression",
                                                            "plain words"]),
        ("watchlist:\n  must: ['\\bGNNs?\\b']\n", ["key 'watchlist.must.0'", "regular expression"]),
        ("watchlist:\n  exclude: ['(knowledge|scene) graph']\n", ["key 'watchlist.exclude.0'"]),
    ],
)
def test_each_error_kind_is_one_line_naming_the_key(tmp_path: Path, text: str, fragments: list[str]) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(ConfigError) as err:
        load_config(path)
    msg = str(err.value)
    assert "\n" not in msg and msg.startswith(path)
    for fragment in fragments:
        assert fragment in msg


def test_merge_keys_share_settings_and_an_explicit_key_beside_one_overrides_it(tmp_path: Path) -> None:
    text = ("sources:\n  feeds:\n"
            "    - &rss {name: cs-lg, url: 'https://rss.arxiv.org/rss/cs.LG', kind: arxiv}\n"
            "    - <<: *rss\n      name: cs-cr\n      url: 'https://rss.arxiv.org/rss/cs.CR'\n")
    feeds = load_config(_write(tmp_path, text)).sources.feeds
    assert [(f.name, f.kind) for f in feeds] == [("cs-lg", "arxiv"), ("cs-cr", "arxiv")]


@pytest.mark.parametrize("value", ["HTTPS://api.github.com", "http://localhost:8080/api/v3",
                                   "https://github.example.com/api/v3?x=1"])
def test_api_addresses_of_any_case_host_or_query_are_taken(tmp_path: Path, value: str) -> None:
    assert load_config(_write(tmp_path, f"github:\n  api_url: '{value}'\n")).github.api_url == value


def test_a_managed_users_login_with_an_underscore_is_a_reviewer(tmp_path: Path) -> None:
    assert load_config(_write(tmp_path, "github:\n  reviewers: [ada_acme, bob-1]\n")).github.reviewers == [
        "ada_acme", "bob-1"]


@pytest.mark.parametrize(("text", "fragments"), [
    # A list of paths where a list of mappings is meant: pydantic named its class ("instance of
    # FileSourceConfig"), which says nothing to a maintainer; the line now names the keys to write.
    ("sources:\n  files: [../candidates.jsonl]\n", ["key 'sources.files.0'", "path (required), name"]),
    ("sources:\n  feeds: ['https://x.org/rss']\n", ["key 'sources.feeds.0'",
                                                    "name (required), url (required)"]),
    ("list: README.md\n", ["key 'list'", "repo, path, branch, local_path"]),
])
def test_a_value_where_a_mapping_is_meant_names_the_keys_to_write(tmp_path: Path, text: str,
                                                                 fragments: list[str]) -> None:
    with pytest.raises(ConfigError) as err:
        load_config(_write(tmp_path, text))
    msg = str(err.value)
    assert "Config" not in msg and "\n" not in msg
    for fragment in fragments:
        assert fragment in msg


def test_watchlist_terms_with_plain_punctuation_are_taken(tmp_path: Path) -> None:
    # Not regular expressions: a planning list's "A* search", a language's "C++", an abbreviation.
    terms = ["A* search", "C++", "e.g. GNN", "3D (point) clouds", "Ph.D.", "$k$-NN"]
    config = load_config(_write(tmp_path, f"watchlist:\n  boost: {terms!r}\n"))
    assert config.watchlist.boost == terms


def test_watchlist_terms_with_a_token_a_symbol_or_a_question_are_taken(tmp_path: Path) -> None:
    # Each matched its own text before 99b36b8 and is no regular expression: a model's special token,
    # a LaTeX symbol as arXiv abstracts write it, a question a paper's title asks. Refused, the whole
    # config would not load.
    terms = ["[CLS] token", "[MASK]", "$\\epsilon$-DP", "\\LaTeX", "Why Should I Trust You?",
             "Is Attention Interpretable?"]
    config = load_config(_write(tmp_path, "watchlist:\n  boost:\n" + "".join(map(_yaml_item, terms))))
    assert config.watchlist.boost == terms


def _yaml_item(term: str) -> str:
    """A YAML list item, single-quoted: a backslash stays one (Python's repr would double it)."""
    return "    - '" + term.replace("'", "''") + "'\n"


@pytest.mark.parametrize("term", ["GNNs?", "colou?r", "[Gg]raph", "GNN[s]", "\\d+ layers", "\\bGNN\\b",
                                  "graph\\s+networks"])
def test_a_term_still_written_as_a_regular_expression_is_refused(tmp_path: Path, term: str) -> None:
    with pytest.raises(ConfigError, match="regular expression"):
        load_config(_write(tmp_path, "watchlist:\n  boost:\n" + _yaml_item(term)))


@pytest.mark.parametrize(("term", "what"), [
    ("watermark*", "a wildcard"), ("*mark", "a wildcard"), ("attack(s)", "an optional plural"),
    ("LLM(s)", "an optional plural"), ("watermark OR fingerprint", "a boolean search"),
    ("robust AND NOT adversarial", "a boolean search"), ("LLM*", "a wildcard"),
    ("adversarial ML*", "a wildcard"),
    ("attack (s)", "an optional plural"), ("water*mark", "a wildcard"), ("study(ies)", "an optional plural"),
 ("all:watermark", "arXiv query syntax"),
    ("ti:saliency", "arXiv query syntax"), ("", "has no word in it"), ("(", "has no word in it"),
])
def test_a_term_in_another_tools_search_syntax_is_refused(tmp_path: Path, term: str, what: str) -> None:
    # Matched as literal words, each matched nothing: a must term of the kind dropped every paper unsaid.
    message = what if what.startswith("has") else f"is {what}"
    with pytest.raises(ConfigError, match=re.escape(f"key 'watchlist.must.0': {term!r} {message}")):
        load_config(_write(tmp_path, "watchlist:\n  must:\n" + _yaml_item(term)))


def test_a_term_quoted_whole_is_the_phrase_and_a_star_of_a_name_stays(tmp_path: Path) -> None:
    terms = ['"watermark removal"', "\u201cpost hoc\u201d", "IDA* search", "D* Lite", "RRT* planning",
             "Search OR-trees", "OR scheduling", "NOT gate", "CAT: causal attention", "Q* learning",
             "C*-algebra", "BIT* planner", "ABIT* planner", "k*n grid", "3*3 convolutions",
             "Ti:sapphire laser"]
    config = load_config(_write(tmp_path, "watchlist:\n  boost:\n" + "".join(map(_yaml_item, terms))))
    assert config.watchlist.boost == ["watermark removal", "post hoc", *terms[2:]]


@pytest.mark.parametrize(("watchlist", "message"), [
    ("must: [watermark]\n  exclude: [Watermarks]", "must term 'watermark' holds exclude term(s) Watermarks"),
    ("must: [watermark removal]\n  exclude: [watermark]", "must term 'watermark removal' holds"),
    ("boost: [quantum-safe]\n  exclude: [quantum]",
     "boost term 'quantum-safe' holds exclude term(s) quantum"),
    # An acronym is judged as written: "US" in "US policy" is the exclude term, whatever its case rule.
    ("must: [US policy]\n  exclude: [US]", "must term 'US policy' holds exclude term(s) US"),
])
def test_a_must_or_boost_term_the_exclude_terms_drop_is_refused(tmp_path: Path, watchlist: str,
                                                                 message: str) -> None:
    # With one must term, nothing could ever be proposed; a boost term would raise only dropped papers.
    with pytest.raises(ConfigError, match=re.escape(message)):
        load_config(_write(tmp_path, f"watchlist:\n  {watchlist}\n"))


def test_exclude_terms_apart_from_must_and_boost_terms_are_taken(tmp_path: Path) -> None:
    config = load_config(_write(tmp_path, "watchlist:\n  must: [watermark]\n  boost: [medical imaging]\n"
                                          "  exclude: [quantum, biomedical]\n"))
    assert config.watchlist.exclude == ["quantum", "biomedical"]


def test_a_section_or_term_that_yaml_reads_as_a_number_is_its_name(tmp_path: Path) -> None:
    # A list with year sections ("## 2019"): `skip: [2019]` was refused as "Input should be a valid string".
    config = load_config(_write(tmp_path, "sections:\n  skip: [2019]\n  hints: {2024: [survey, 2023]}\n"))
    assert config.sections.skip == ["2019"] and config.sections.hints == {"2024": ["survey", "2023"]}


def test_cli_exits_2_with_one_error_line(tmp_path: Path, capsys) -> None:
    path = _write(tmp_path, "github:\n  max_open_pr: 3\n")
    assert main(["state", "show", "--config", path]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"litbot: error: {path}: unknown key 'github.max_open_pr': did you mean 'max_open_prs'? "
                   "remove it or check its spelling (see config/litbot.yaml for every key)"]


@pytest.mark.parametrize("text,guess", [
    ("watchlst:\n  must: [x]\n", "did you mean 'watchlist'?"),
    ("sources:\n  feedz: []\n", "did you mean 'feeds'?"),
    ("sources:\n  files:\n    - pth: a.jsonl\n", "did you mean 'path'?"),
    ("colour: blue\n", ": remove it"),  # nothing near: no guess
])
def test_an_unknown_key_near_a_known_one_is_named(tmp_path: Path, text: str, guess: str) -> None:
    with pytest.raises(ConfigError) as err:
        load_config(_write(tmp_path, text))
    assert guess in str(err.value)


def test_missing_file_and_defaults(tmp_path: Path, monkeypatch) -> None:
    with pytest.raises(ConfigError, match="config file not found; create one with `litbot init"):
        load_config(str(tmp_path / "nope.yaml"))
    monkeypatch.chdir(tmp_path)  # no config/litbot.yaml here: defaults
    monkeypatch.setenv("LITBOT_CONFIG", "")  # set but empty (a blank `ENV` line) counts as unset
    config = load_config(None)
    assert config == Config(base_dir=config.base_dir)
    assert config.schedule.cron == "0 6 * * *" and config.ranking.model == "all-MiniLM-L6-v2"
    assert load_config(_write(tmp_path, "")).github.max_open_prs == 5  # empty file = all defaults


def test_relative_paths_resolve_against_the_project_root(tmp_path: Path) -> None:
    (tmp_path / "config").mkdir()
    cfg = tmp_path / "config" / "litbot.yaml"
    cfg.write_text("state:\n  dir: var/state\n", encoding="utf-8")
    config = load_config(str(cfg))
    assert config.resolve(config.state.dir) == tmp_path.resolve() / "var" / "state"
    assert config.resolve("/abs/path") == Path("/abs/path")


def test_github_token_required_only_for_real_runs(monkeypatch) -> None:
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    assert github_token(required=False) is None
    with pytest.raises(ConfigError) as err:
        github_token(required=True)
    assert "GITHUB_TOKEN" in str(err.value) and "--dry-run" in str(err.value) and "\n" not in str(err.value)
    assert err.value.exit_code == 2
    monkeypatch.setenv("GITHUB_TOKEN", "ghp_exampletoken123")
    assert github_token(required=True) == "ghp_exampletoken123"


def test_shipped_config_validates_and_every_key_is_commented() -> None:
    path = REPO / "config" / "litbot.yaml"
    config = load_config(str(path))
    assert config.list.repo == "hbaniecki/adversarial-explainable-ai" and config.list.path == "README.md"
    assert config.resolve(config.list.local_path).is_file()
    assert "stat.ML" in config.sources.arxiv.categories
    assert {f.kind for f in config.sources.feeds} >= {"arxiv"} and any(f.venue for f in config.sources.feeds)
    assert "fairwashing" in config.watchlist.boost and "quantum" in config.watchlist.exclude
    # Each key line (not list items or hint entries) is preceded by a comment line or is a section header.
    lines = path.read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        stripped = line.strip()
        feed_keys = ("name:", "url:", "venue:", "kind:", "announce_types:")
        if not stripped or stripped.startswith(("#", "-", *feed_keys)):
            continue
        if line.startswith("    ") and line.split(":")[0].strip() in config.sections.hints:
            continue
        if stripped.endswith(":") and not stripped.startswith("#"):  # a block header (list:, sources:)
            continue
        assert lines[i - 1].strip().startswith("#"), f"line {i + 1} has no comment: {line}"


@pytest.mark.parametrize("name, reason", [
    ("afile/litbot.yaml", "Not a directory"), ("x" * 300 + ".yaml", "File name too long"),
])
def test_an_unopenable_config_path_is_named_with_the_os_reason(
    tmp_path: Path, name: str, reason: str
) -> None:
    (tmp_path / "afile").write_text("")
    with pytest.raises(ConfigError, match=f"{reason}; give the path of a readable config file"):
        load_config(str(tmp_path / name))


def test_litbot_config_naming_a_missing_file_is_the_same_error_as_config(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    # The Dockerfile sets LITBOT_CONFIG: a wrong path there must not quietly run on defaults.
    missing = str(tmp_path / "nope.yaml")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LITBOT_CONFIG", missing)
    assert main(["state", "show"]) == 2
    from_env = capsys.readouterr().err
    monkeypatch.delenv("LITBOT_CONFIG")
    assert main(["state", "show", "--config", missing]) == 2
    assert from_env == capsys.readouterr().err and from_env.count("\n") == 1
    assert "config file not found" in from_env


@pytest.mark.parametrize("value", [0, 100])
def test_max_open_prs_accepts_its_bounds(tmp_path: Path, value: int) -> None:
    # 0 is how a maintainer pauses new PRs without stopping the worker; refusing it would take that away.
    assert load_config(_write(tmp_path, f"github:\n  max_open_prs: {value}\n")).github.max_open_prs == value


@pytest.mark.parametrize(("term", "says"), [
    ("LLM(S)", "an optional plural"), ("watermark NOT fingerprint", "a boolean search"),
    ("watermark* OR fingerprint", "a wildcard"),  # the first kind named is the wildcard
])
def test_search_syntax_in_capitals_is_refused_too(tmp_path: Path, term: str, says: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(says)):
        load_config(_write(tmp_path, f"watchlist:\n  boost: ['{term}']\n"))


@pytest.mark.parametrize("written", ["./docs/papers.md", "/docs/papers.md", "docs//papers.md",
                                     "docs/./papers.md"])
def test_a_lists_path_has_one_spelling(written: str) -> None:
    # The state and each PR name the list by its path: a spelling fixed later read as another list's file.
    assert Config.model_validate({"list": {"path": written}}).list.path == "docs/papers.md"
