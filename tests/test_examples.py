"""The bundled offline example: list, candidate stream and config fit together."""

from __future__ import annotations

import json
from pathlib import Path

from bot.config import load_config
from bot.identity import arxiv_id_from
from bot.lists import read_list
from bot.paper import read_jsonl

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
ON_TOPIC = ("explanation", "attribution", "explainab", "saliency", "shap", "feature visualization")


def test_example_list_parses_into_the_expected_sections() -> None:
    doc = read_list(str(EXAMPLES / "awesome-xai-attacks.md"))
    assert [s.name for s in doc.paper_sections()] == ["Attacks", "Defenses", "Evaluations"]
    assert 12 <= len(doc.entries) <= 15
    software = doc.section("Software")
    assert not software.is_paper_section
    for e in doc.entries:
        assert e.title and e.authors and e.venue and e.year.isdigit() and e.arxiv_id
        sentences = [s for s in e.abstract.split(". ") if s.strip()]
        assert 2 <= len(sentences) <= 4, e.title
    assert len({e.key for e in doc.entries}) == len(doc.entries)


def test_every_candidate_line_parses_and_is_well_formed() -> None:
    path = EXAMPLES / "candidates.jsonl"
    papers = read_jsonl(str(path))
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(papers) == len(lines) >= 35
    for line, p in zip(lines, papers, strict=True):
        assert set(json.loads(line)) >= {"id", "title", "abstract", "authors", "categories", "published",
                                         "url"}
        assert p.arxiv_id and p.arxiv_id == arxiv_id_from(p.url)
        assert p.published[:2] == "20" and p.abstract and p.authors and p.categories
    assert len({p.key for p in papers}) == len(papers)
    on_topic = [p for p in papers if any(t in p.text.casefold() for t in ON_TOPIC)]
    assert 6 <= len(on_topic) <= 12  # a realistic stream: few relevant papers among many


def test_no_candidate_is_already_in_the_example_list() -> None:
    doc = read_list(str(EXAMPLES / "awesome-xai-attacks.md"))
    assert all(doc.find(p) is None for p in read_jsonl(str(EXAMPLES / "candidates.jsonl")))


def test_config_points_at_the_example_and_hints_name_real_sections() -> None:
    config = load_config(str(REPO / "config" / "litbot.yaml"))
    doc = read_list(str(config.resolve(config.list.local_path)))
    names = {s.name for s in doc.sections}
    assert set(config.sections.hints) == {s.name for s in doc.paper_sections()}
    assert set(config.sections.skip) <= names
    files = [config.resolve(f.path) for f in config.sources.files]
    assert files == [EXAMPLES / "candidates.jsonl"] and all(f.is_file() for f in files)
