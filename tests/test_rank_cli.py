"""`litbot rank` end to end through the CLI, with the fake embedder injected (no model load)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from test_ranking import FakeEmbedder, make_list, stream

import bot.ranking as ranking
from bot.cli import main
from bot.paper import Paper, write_jsonl


@pytest.fixture(autouse=True)
def fake_model(monkeypatch: pytest.MonkeyPatch) -> None:
    real = ranking.rank_papers

    def with_fake(*args, **kwargs):
        kwargs.setdefault("embedder", FakeEmbedder())
        return real(*args, **kwargs)

    monkeypatch.setattr(ranking, "rank_papers", with_fake)


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    lst = tmp_path / "list.md"
    lst.write_text(make_list(), encoding="utf-8")
    cands = tmp_path / "c.jsonl"
    dup = Paper(title="Attack paper number 0 on explanations", abstract="x", id="dup")
    on = Paper(title="Attack on saliency explanation", abstract="adversarial attack fools saliency", id="on")
    write_jsonl(stream(40) + [dup, on], str(cands))
    return lst, cands


def test_json_schema_and_order(files, tmp_path, capsys):
    lst, cands = files
    rc = main(["rank", "--list", str(lst), "--candidates", str(cands), "--json", "--top", "0",
               "--state", str(tmp_path / "st")])
    out = capsys.readouterr().out
    assert rc == 0 and out.endswith("]\n")  # a line, for shells and `jq`
    rows = json.loads(out)  # stdout is pure JSON
    assert len(rows) == 42 and rows[0]["id"] == "on" and rows[-1]["id"] == "dup" and rows[-1]["listed"]
    for r in rows:
        assert isinstance(r["id"], str) and 0 <= r["score"] <= 1
        assert r["section"] in {"Attacks on explanations", "Defense"}
        assert 0 <= r["section_confidence"] <= 1
        assert all(set(a) == {"section", "confidence"} for a in r["alternatives"])
        assert all(set(n) == {"title", "similarity"} for n in r["neighbors"]) and len(r["neighbors"]) == 3
        assert isinstance(r["keywords"], list) and isinstance(r["listed"], bool)
    unlisted = [r["score"] for r in rows if not r["listed"]]
    assert unlisted == sorted(unlisted, reverse=True)


def test_a_paper_given_twice_is_ranked_twice_with_a_warning(tmp_path, capsys):
    # Two sources' JSONL joined: the same arXiv paper by its URL and its DOI. One object per candidate
    # stays the contract; that they are one paper was said nowhere.
    lst = tmp_path / "list.md"
    lst.write_text(make_list(), encoding="utf-8")
    cands = tmp_path / "c.jsonl"
    twice = [Paper(title="Saliency attacks", id="https://arxiv.org/abs/2602.13172v2"),
             Paper(title="Saliency attacks", id="10.48550/arXiv.2602.13172")]
    write_jsonl(stream(30) + twice, str(cands))
    assert main(["rank", "--list", str(lst), "--candidates", str(cands), "--json", "--top", "0",
                 "--state", str(tmp_path / "st")]) == 0
    out, err = capsys.readouterr()
    ids = [r["id"] for r in json.loads(out)]
    assert len(ids) == 32 and {"https://arxiv.org/abs/2602.13172v2", "10.48550/arXiv.2602.13172"} <= set(ids)
    assert "1 candidates repeat a paper another line gives" in err


def test_an_excluded_paper_scores_0_so_the_order_is_the_scores(files, tmp_path, capsys):
    lst, cands = files
    config = tmp_path / "litbot.yaml"
    config.write_text("watchlist:\n  exclude: [saliency]\n", encoding="utf-8")
    rc = main(["rank", "--list", str(lst), "--candidates", str(cands), "--json", "--top", "0",
               "--state", str(tmp_path / "st"), "--config", str(config)])
    rows = json.loads(capsys.readouterr().out)
    assert rc == 0 and [(r["score"], r["excluded"]) for r in rows if r["id"] == "on"] == [(0.0, True)]
    assert [r["excluded_by"] for r in rows if r["id"] == "on"] == ["exclude: saliency"]
    assert {r["excluded_by"] for r in rows if not r["excluded"]} == {""}
    unlisted = [r["score"] for r in rows if not r["listed"]]
    assert unlisted == sorted(unlisted, reverse=True) and rows[-1]["listed"]


def test_the_table_says_why_an_excluded_paper_scores_0(files, tmp_path, capsys, monkeypatch):
    lst, cands = files
    monkeypatch.setenv("COLUMNS", "200")  # the reason on one line of the table
    config = tmp_path / "litbot.yaml"
    config.write_text("watchlist:\n  exclude: [saliency]\n", encoding="utf-8")
    assert main(["rank", "--list", str(lst), "--candidates", str(cands), "--top", "0", "--state",
                 str(tmp_path / "st"), "--config", str(config)]) == 0
    # Which term: a config found in the working folder can exclude papers the maintainer did not expect.
    assert "(excluded; exclude: saliency)" in capsys.readouterr().out
    config.write_text("watchlist:\n  must: [nothing-matches-this]\n", encoding="utf-8")
    assert main(["rank", "--list", str(lst), "--candidates", str(cands), "--top", "1", "--json", "--state",
                 str(tmp_path / "st"), "--config", str(config)]) == 0
    assert json.loads(capsys.readouterr().out)[0]["excluded_by"] == "no must term"


def test_rank_names_the_config_whose_watchlist_excluded_papers(files, tmp_path, capsys, monkeypatch):
    # Run from a project root, rank read its config/litbot.yaml unasked, and a paper scored 0 for a word
    # in another list's watchlist, with nothing to say so.
    lst, cands = files
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "litbot.yaml").write_text("watchlist:\n  exclude: [saliency]\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("LITBOT_CONFIG", raising=False)
    assert main(["rank", "--list", str(lst), "--candidates", str(cands), "--json", "--state", "st"]) == 0
    assert "1 of these papers excluded by the watchlist of config/litbot.yaml, found in the working" \
        in capsys.readouterr().err
    # Named on the command line, the config is the maintainer's choice: nothing to say.
    assert main(["rank", "--list", str(lst), "--candidates", str(cands), "--json", "--state", "st",
                 "--config", "config/litbot.yaml"]) == 0
    assert "excluded by the watchlist" not in capsys.readouterr().err


@pytest.mark.parametrize("its_list", ["another list", "another version of this list", "none named"])
def test_a_config_found_in_the_working_folder_about_another_list_is_not_used(
        files, tmp_path, capsys, monkeypatch, its_list: str):
    # Run from litbot's own folder, rank read the bundled config of the example list: that list's
    # watchlist excluded and boosted papers of any list it was given.
    lst, cands = files
    (tmp_path / "config").mkdir()
    config = "watchlist:\n  exclude: [saliency]\n"
    if its_list != "none named":
        config += "list:\n  local_path: examples/list.md\n"
        (tmp_path / "examples").mkdir()
        other = "# Other\n\n## Graphs\n\n* [Graph neural networks at scale](https://arxiv.org/abs/2001.00001)\n"
        copy = lst.read_text(encoding="utf-8").replace("Defense", "Defenses")
        (tmp_path / "examples" / "list.md").write_text(other if its_list == "another list" else copy,
                                                       encoding="utf-8")
    (tmp_path / "config" / "litbot.yaml").write_text(config, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("LITBOT_CONFIG", raising=False)
    assert main(["rank", "--list", str(lst), "--candidates", str(cands), "--json", "--top", "0",
                 "--state", "st"]) == 0
    out, err = capsys.readouterr()
    excluded = [r["id"] for r in json.loads(out) if r["excluded"]]
    if its_list == "another list":
        assert excluded == [] and "shares no paper with" in err and "without its watchlist" in err
    else:  # a config about this list (another copy of it), or one that names none, is used
        assert excluded == ["on"] and "shares no paper" not in err
    # Named on the command line, or in LITBOT_CONFIG, the config is the maintainer's choice.
    monkeypatch.setenv("LITBOT_CONFIG", "config/litbot.yaml")
    assert main(["rank", "--list", str(lst), "--candidates", str(cands), "--json", "--top", "0",
                 "--state", "st"]) == 0
    assert [r["id"] for r in json.loads(capsys.readouterr().out) if r["excluded"]] == ["on"]


def test_a_config_about_another_list_keeps_what_is_no_lists_own(files, tmp_path, capsys, monkeypatch):
    # Found by a review: left aside whole, the found config's model, state folder and pruning policy went
    # too, and the defaults pruned the maintainer's state after a read-only `rank`.
    import bot.pipeline as pipeline

    lst, cands = files
    (tmp_path / "config").mkdir()
    (tmp_path / "models" / "mini").mkdir(parents=True)
    (tmp_path / "config" / "litbot.yaml").write_text(
        "list:\n  local_path: other.md\nwatchlist:\n  exclude: [saliency]\n"
        "sections:\n  hints:\n    Graphs: [graph]\n  tune: false\n"
        "ranking:\n  model: models/mini\n  background_limit: 100000\n"
        "state:\n  dir: var/st\n  forget_after_days: 0\n", encoding="utf-8")
    (tmp_path / "other.md").write_text(
        "# Other\n\n## Graphs\n\n* [Graph neural networks at scale](https://arxiv.org/abs/2001.00001)\n",
        encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("LITBOT_CONFIG", raising=False)
    used = []
    real_prune = pipeline.prune_state
    monkeypatch.setattr(pipeline, "prune_state", lambda state, config, doc: (
        used.append(config), real_prune(state, config, doc))[1])
    assert main(["rank", "--list", str(lst), "--candidates", str(cands), "--json", "--top", "3"]) == 0
    assert "shares no paper with" in capsys.readouterr().err
    [config] = used
    assert config.watchlist.exclude == [] and config.sections.hints == {} and config.sections.tune is False
    assert config.embedding_model() == str(tmp_path / "models" / "mini")
    assert (config.ranking.background_limit, config.state.forget_after_days) == (100000, 0)
    assert (tmp_path / "var" / "st").is_dir() and not (tmp_path / "state").exists()


@pytest.mark.parametrize("local_path", ['"mine\\0.md"', "adir", "missing.md", "binary.md"])
def test_a_found_configs_list_that_does_not_read_never_fails_rank(files, tmp_path, capsys, monkeypatch,
                                                                  local_path: str):
    # Found by a review: a path with a NUL in it was a traceback; the check is a hint and says nothing.
    lst, cands = files
    (tmp_path / "config").mkdir()
    (tmp_path / "adir").mkdir()
    (tmp_path / "binary.md").write_bytes(b"\0\1\2\xff")
    (tmp_path / "config" / "litbot.yaml").write_text(
        f"list:\n  local_path: {local_path}\nwatchlist:\n  exclude: [saliency]\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("LITBOT_CONFIG", raising=False)
    assert main(["rank", "--list", str(lst), "--candidates", str(cands), "--json", "--top", "0",
                 "--state", "st"]) == 0
    assert [r["id"] for r in json.loads(capsys.readouterr().out) if r["excluded"]] == ["on"]


def test_a_list_whose_entries_litbot_cannot_tell_apart_is_never_another_list(tmp_path) -> None:
    # Found by a review: entries linked by an icon have no title to find them by, so the maintainer's
    # own list, given as --list, read as another list's.
    from bot.commands.rank_cmd import _another_lists
    from bot.config import load_config
    from bot.lists import read_list

    icons = "# Mine\n\n## Papers\n\n* [📄](https://example.org/a.pdf) Robust attribution maps\n"
    (tmp_path / "README.md").write_text(icons, encoding="utf-8")
    (tmp_path / "copy.md").write_text((tmp_path / "README.md").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "litbot.yaml").write_text("list:\n  local_path: README.md\n", encoding="utf-8")
    config = load_config(str(tmp_path / "config" / "litbot.yaml"))
    for given in ("README.md", "copy.md"):  # the very file, and a copy of it
        assert not _another_lists(config, read_list(str(tmp_path / given)))


def test_top_and_table(files, tmp_path, capsys):
    lst, cands = files
    args = ["rank", "--list", str(lst), "--candidates", str(cands), "--state", str(tmp_path / "st")]
    for top in (1, 5):
        assert main([*args, "--json", "--top", str(top)]) == 0
        assert len(json.loads(capsys.readouterr().out)) == top
    assert main(args) == 0
    table = capsys.readouterr().out
    assert "litbot rank" in table and "Attacks on" in table and "(listed)" not in table  # listed is 42nd


@pytest.mark.parametrize(
    "content, message",
    [("{not json}\n", "c.jsonl:1: not valid JSON"), ("", "no candidates"),
     ('{"title": "ok"}\n{"abstract": "no title"}\n', "c.jsonl:2: field 'title'"),
     ('{"title": 3}\n', "c.jsonl:1: field 'title' must be a string, got int"),
     ('{"title": "ok", "authors": [1, 2]}\n', "c.jsonl:1: field 'authors' must be a list of strings"),
     # NaN is no JSON: it was read as the abstract "nan".
     ('{"title": "ok"}\n{"title": "b", "abstract": NaN}\n', "c.jsonl:2: not valid JSON (NaN is not a JSON"),
     # The line to fix in a file of thousands: "not UTF-8 text" named none.
     (b'{"title": "ok"}\n{"title": "caf\xe9"}\n', "c.jsonl:2: not UTF-8 text")],
)
def test_bad_candidates_exit_2(files, tmp_path, capsys, content, message):
    lst, cands = files
    if isinstance(content, bytes):
        cands.write_bytes(content)
    else:
        cands.write_text(content, encoding="utf-8")
    rc = main(["rank", "--list", str(lst), "--candidates", str(cands), "--state", str(tmp_path / "st")])
    err = capsys.readouterr().err
    assert rc == 2 and message in err and err.count("\n") == 1


def test_list_without_entries_exit_2(files, tmp_path, capsys):
    lst, cands = files
    empty = tmp_path / "empty.md"
    empty.write_text("# Empty\n\n## Papers\n", encoding="utf-8")
    assert main(["rank", "--list", str(empty), "--candidates", str(cands), "--state", str(tmp_path)]) == 2
    assert "empty.md" in capsys.readouterr().err


def test_json_keeps_non_ascii_titles_readable_and_a_bad_date_drops_only_the_date(files, tmp_path, capsys):
    lst, _ = files
    cands = tmp_path / "odd.jsonl"
    cands.write_text('{"title": "Naïve attacks on saliency", "published": "someday", "id": "n"}\n'
                     '{"title": "Attack on explanations", "published": "2024-01-02", "id": "o"}\n',
                     encoding="utf-8")
    rc = main(["rank", "--list", str(lst), "--candidates", str(cands), "--json",
               "--state", str(tmp_path / "st")])
    out = capsys.readouterr().out
    assert rc == 0 and "Naïve" in out and {r["id"] for r in json.loads(out)} == {"n", "o"}


def test_the_table_prints_bracketed_titles_as_they_are_and_html_as_text(files, tmp_path, capsys):
    lst, _ = files
    cands = tmp_path / "brackets.jsonl"
    title = "Attack through the [/INST] token [sic]"
    marked_up = Paper(title="<i>LIME</i> &amp; SHAP", abstract="adversarial attack", id="m")
    write_jsonl([Paper(title=title, abstract="adversarial attack", id="b"), marked_up], str(cands))
    args = ["rank", "--list", str(lst), "--candidates", str(cands), "--state", str(tmp_path / "st")]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "[/INST] token [sic]" in out and "LIME & SHAP" in out


def test_verbose_logs_say_what_litbot_does_not_how_markdown_is_parsed(files, tmp_path, capsys):
    lst, cands = files
    try:
        rc = main(["-v", "rank", "--list", str(lst), "--candidates", str(cands), "--json",
                   "--state", str(tmp_path / "st")])
        err = capsys.readouterr().err
        # markdown-it logs every parsing rule it tries at DEBUG: thousands of lines for one list.
        assert rc == 0 and "markdown_it" not in err and "entering" not in err
    finally:
        import logging

        logging.getLogger().handlers.clear()


@pytest.mark.parametrize("top, placed", [("5", 5), ("0", 42), ("20", 20)])
def test_the_tuned_model_places_only_the_rows_rank_shows(files, tmp_path, monkeypatch, capsys, top, placed):
    # Each placement costs a second encode of the paper's abstract (~0.06 s in float32): `rank --top 20`
    # placed 100, 80 of them never shown.
    seen: list[int] = []
    real = ranking._section_probabilities

    def spy(doc, texts, vecs, candidates, cand, chosen, *rest):
        seen.append(len(chosen))
        return real(doc, texts, vecs, candidates, cand, chosen, *rest)

    monkeypatch.setattr(ranking, "_section_probabilities", spy)
    lst, cands = files
    assert main(["rank", "--list", str(lst), "--candidates", str(cands), "--top", top, "--json",
                 "--state", str(tmp_path / "st")]) == 0
    assert seen == [placed]


def test_json_says_which_genre_sent_a_paper_to_its_section(tmp_path, capsys):
    lst = tmp_path / "list.md"
    lst.write_text(make_list() + "\n### Surveys\n\n* [A survey of attacks on explanations]"
                   "(https://arxiv.org/abs/2001.09999) - A. Bee, 2020\n", encoding="utf-8")
    cands = tmp_path / "c.jsonl"
    write_jsonl(stream(20) + [Paper(title="A Survey of Saliency Attacks", abstract="x", id="sv")], str(cands))
    assert main(["rank", "--list", str(lst), "--candidates", str(cands), "--json", "--top", "0",
                 "--state", str(tmp_path / "st")]) == 0
    rows = {r["id"]: r for r in json.loads(capsys.readouterr().out)}
    assert (rows["sv"]["section"], rows["sv"]["genre"]) == ("Surveys", "a survey")
    assert {r["genre"] for i, r in rows.items() if i != "sv"} == {""}


@pytest.mark.parametrize("columns, width", [(None, 160), ("100", 100)])
def test_the_table_into_a_file_is_wide_unless_columns_says_otherwise(tmp_path, capsys, monkeypatch,
                                                                      columns, width):
    # Piped, rich assumed 80 columns and folded every title into a narrow column.
    monkeypatch.delenv("COLUMNS", raising=False)
    if columns:
        monkeypatch.setenv("COLUMNS", columns)
    lst, cands = tmp_path / "list.md", tmp_path / "c.jsonl"
    lst.write_text(make_list(), encoding="utf-8")
    long = Paper(title="Attack on saliency explanation" + " with a long title" * 9, abstract="x", id="l")
    write_jsonl(stream(10) + [long], str(cands))
    assert main(["rank", "--list", str(lst), "--candidates", str(cands), "--state", str(tmp_path / "s")]) == 0
    assert max(len(line) for line in capsys.readouterr().out.splitlines()) == width


def test_json_into_a_stdout_of_a_narrower_encoding_is_utf8(files, tmp_path, monkeypatch, capsys):
    # Windows writes a redirected stdout in cp1252, PYTHONIOENCODING can ask for ASCII: the first
    # Chinese title stopped `rank --json > out.json` with a traceback, half the array written. JSON is
    # UTF-8 (RFC 8259), whatever the locale.
    import io
    import sys

    lst, _ = files
    cands = tmp_path / "zh.jsonl"
    write_jsonl([Paper(title="对抗性攻击解释方法 naïve", abstract="adversarial attack", id="zh")], str(cands))
    raw = io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(raw, encoding="ascii"))
    assert main(["rank", "--list", str(lst), "--candidates", str(cands), "--json",
                 "--state", str(tmp_path / "st")]) == 0
    sys.stdout.flush()
    assert json.loads(raw.getvalue().decode("utf-8"))[0]["title"] == "对抗性攻击解释方法 naïve"


def test_rank_drops_the_vectors_of_candidates_it_ranked_a_day_ago(files, tmp_path, capsys):
    # `rank` caches the vectors of the candidates it is given and records none of them as seen: without
    # a prune, a state used by `rank` alone grows by every candidates file for ever.
    from bot.state import State, text_hash

    lst, cands = files
    vector = np.ones(4, dtype=np.float32)
    old, new = text_hash("ranked last week"), text_hash("ranked a minute ago")
    with State(tmp_path / "st") as st:
        st.put_embeddings("m", {old: vector})
        st.db.execute("UPDATE embeddings SET added = added - 7 * 86400")
        st.db.commit()
        st.put_embeddings("m", {new: vector})  # maybe not recorded yet by the cycle that ranked it
    state = str(tmp_path / "st")
    assert main(["rank", "--list", str(lst), "--candidates", str(cands), "--state", state]) == 0
    with State(tmp_path / "st") as st:
        assert set(st.get_embeddings("m", [old, new])) == {new}


def test_each_rows_id_is_the_one_its_line_gave(files, tmp_path, capsys):
    # {"id": 17} came back as "17", and {"id": ""} as the paper's title: a caller matching rows on its
    # own ids found none. A line without an id gets the paper's own.
    lst, cands = files
    lines = [{"id": 17, "title": "Attack on saliency explanation", "abstract": "adversarial attack"},
             {"id": "", "title": "Defense of saliency maps", "abstract": "robust explanation"},
             {"title": "Fooling LIME", "url": "https://arxiv.org/abs/1911.02508v2"}]
    cands.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    assert main(["rank", "--list", str(lst), "--candidates", str(cands), "--json", "--top", "0",
                 "--state", str(tmp_path / "st")]) == 0
    ids = {r["title"]: r["id"] for r in json.loads(capsys.readouterr().out)}
    assert ids == {"Attack on saliency explanation": 17, "Defense of saliency maps": "",
                   "Fooling LIME": "1911.02508"}


def test_rank_reads_a_list_of_titles_with_the_abstracts_a_run_found_and_asks_no_one(tmp_path, monkeypatch,
                                                                                    capsys):
    from bot.lists import parse_list
    from bot.sources.abstracts import lookup_key
    from bot.state import State

    lst = tmp_path / "titles.md"
    lst.write_text("# List\n\n## Attacks\n\n* [Fooling saliency maps](https://arxiv.org/abs/2001.00001)\n"
                   "* [Attacks on counterfactual explanations](https://example.org/cf)\n", encoding="utf-8")
    cands = tmp_path / "c.jsonl"
    write_jsonl(stream(20), str(cands))
    found = "We fool saliency maps with imperceptible perturbations of the input image, " * 3
    with State(tmp_path / "st") as st:
        entries = parse_list(lst.read_text()).entries
        st.record_entry_abstracts({lookup_key(entries[0]): found, lookup_key(entries[1]): ""})
    seen: list[list[str]] = []
    faked = ranking.rank_papers

    def spy(doc, *args, **kwargs):
        seen.append([e.abstract for e in doc.entries])
        return faked(doc, *args, **kwargs)

    monkeypatch.setattr(ranking, "rank_papers", spy)
    assert main(["rank", "--list", str(lst), "--candidates", str(cands), "--json",
                 "--state", str(tmp_path / "st")]) == 0
    assert seen == [[found, ""]]
    assert lst.read_text(encoding="utf-8").count("fool saliency maps with") == 0  # the file as written
