"""Genre: a paper's declared kind (survey, dataset, tool) and the headings that name a kind."""

from __future__ import annotations

import numpy as np
import pytest

from bot.ranking.genre import genre_match, heading_genres, paper_genres, shared_genre
from bot.ranking.sections import (
    SectionWeights,
    TextCues,
    build_section_model,
    heading_text,
    section_probabilities,
)


@pytest.mark.parametrize("title, abstract", [
    ("A Survey on the Robustness of Feature Importance and Counterfactual Explanations", ""),
    ("SoK: Explanation Attacks", ""),
    ("Deep Learning for Crack Detection: A Review of Learning Paradigms", ""),
    ("Generation of Synthetic Clinical Text: A Systematic Review", ""),
    ("Notions of explainability", "This systematic review contributes to the body of knowledge."),
    ("XAI: Concepts and challenges", "The overview presented in this article examines the literature."),
    ("Attacks and defenses", "In this paper, we review recent work on adversarial attacks."),
    ("Robust explanations", "Here we provide a comprehensive survey of robustness notions."),
    ("Attacks on explanations", "This paper surveys attacks on explanations and their defenses."),
    ("Defenses for explanations", "This article reviews recent defenses."),
    ("A Comprehensive Literature Survey of Explanation Attacks", ""),  # two words before "survey"
    ("Explanations", "The present review covers attribution methods."),
    ("Explanations", "This systematic literature review examines 60 studies."),  # two qualifiers
])
def test_a_survey_is_told_by_its_title_or_by_what_its_abstract_says_of_itself(title: str, abstract: str):
    assert paper_genres(title, abstract) == {"survey"}


@pytest.mark.parametrize("title, abstract", [
    ("Towards Practical Defect-Focused Automated Code Review", ""),
    ("UPME: An Unsupervised Peer Review Framework", ""),
    ("Explanations for clinicians", "We surveyed 40 clinicians about the explanations they trust."),
    ("Fooling LIME", "To our knowledge, numerous review articles miss this attack."),
    ("Fooling LIME", "Prior surveys and reviews of explanation methods ignore manipulation."),
    ("Fooling LIME", ""),
    ("Learning from Survey Data with Missing Labels", ""),
    ("Primer: Searching for Efficient Transformers for Language Modeling", ""),
    ("Fooling LIME", "We review the threat model and then propose an attack."),
    ("Explanations in practice", "In this survey of 500 users, explanations rarely helped."),
    ("Explanations in practice", "Our survey of practitioners shows that saliency maps are trusted."),
    # "We present/provide a survey" declares a review only when it is not a survey of people.
    ("Explanations in practice", "We present a survey of 500 users on saliency maps."),
    ("Explanations in practice", "We provide a survey among clinicians about the explanations they trust."),
    # A survey of a number of anyone is a survey of people.
    ("Explanations in practice", "Our survey of 1,200 drivers shows that explanations rarely help."),
])
def test_a_paper_that_only_mentions_surveys_or_reviews_is_not_one(title: str, abstract: str):
    assert "survey" not in paper_genres(title, abstract)


@pytest.mark.parametrize("title, genre", [
    ("Can MLLMs Read the Room? A Multimodal Benchmark for Assessing Deception", "dataset"),
    ("The Linguistics Olympiads: Towards a New Corpus for Linguistics Research?", "dataset"),
    ("Human Activity Recognition: A Heat Conduction Model and A Benchmark Dataset", "dataset"),
    ("Explainable AI: Review and Outlook", "survey"), ("Survey on Robust Explanations", "survey"),
    ("A Primer on Neural Network Explanations", "survey"),
    ("Concept-Based Explanations: Overview", "survey"), ("Tutorials on Explainable Recommendation", "survey"),
    ("Paraconsistent-Lib: an intuitive PAL2v algorithm Python Library", "tool"),
])
def test_a_title_declares_its_genre_at_its_start_colon_or_question(title: str, genre: str):
    assert paper_genres(title, "") == {genre}


def test_datasets_and_tools_are_genres_too():
    assert paper_genres("XAI-Bench", "We introduce a large-scale benchmark for attribution.") == {"dataset"}
    assert paper_genres("Captum: a model interpretability library for PyTorch", "") == {"tool"}
    assert paper_genres("Quantus", "We present an open-source toolkit to evaluate explanations.") == {"tool"}
    assert paper_genres("Zennit", "An open-source Python library accompanies this paper.") == {"tool"}
    big = "We introduce a new large-scale multimodal dataset of explanations."
    assert paper_genres("XAI-Bench", big) == {"dataset"}
    for offered in ("We introduce a new dataset collected with 3D laser scans.", "We propose a new benchmark "
                    "FRAMES-VQA for robustness.", "We release a dataset collection of 40 tasks.",
                    "We construct a high-quality dual-spectrum dataset captured on campus."):
        assert paper_genres("X", offered) == {"dataset"}, offered
    assert paper_genres("The Dataset Collection of Explanations", "") == {"dataset"}
    # A noun after it that is no process done to data: still one offered.
    assert paper_genres("FooBench: A Benchmark Environment for Web Agents", "") == {"dataset"}
    assert paper_genres("X", "We introduce a new benchmark evaluation suite for agents.") == {"dataset"}


@pytest.mark.parametrize("title, abstract", [
    ("Robust Attributions on Imbalanced Datasets", "We evaluate on three benchmarks."),
    ("Tool Calling for Small Language Models", "An open-source tool calling agent."),
    ("Learning a Skill Library", ""),
    ("Building a Skill Library for Embodied Agents", ""),
    ("Training Robust Classifiers on a Small Dataset", ""),
    ("Membership Inference Attacks against a Medical Imaging Dataset", ""),
    ("Evaluating LLMs on a Hard Benchmark Reveals Contamination", ""),
    ("Dataset Distillation via Trajectory Matching", "We propose a benchmark-agnostic method."),
    ("Explanation Quality: A Dataset-Centric View", ""),
    # The noun naming a process done to data: "as it calls itself a dataset" was said of these.
    ("Do Feature Attribution Methods Correctly Attribute Features?",
     "We propose a dataset modification procedure to induce ground truth."),
    ("Book Writing", "We present a dataset construction and training framework for long texts."),
    ("FineWeb2", "We introduce a new pre-training dataset curation pipeline."),
    ("L-ReLF: A Framework for Lexical Dataset Creation", ""),
    ("Condensing Data", "We propose a dataset distillation method and a benchmark-based evaluation."),
    ("Who Trained on It?", "We propose a dataset inference attack and a dataset ownership verification."),
    ("A Dataset Annotation Tool", "We propose a dataset valuation method."),
])
def test_a_paper_that_uses_data_or_tools_does_not_offer_them(title: str, abstract: str):
    assert paper_genres(title, abstract) == set()


def test_headings_name_a_genre_or_a_topic():
    assert heading_genres("Surveys") == {"survey"}
    assert heading_genres("Papers / Reviews and tutorials") == {"survey"}
    assert heading_genres("Datasets & benchmarks") == {"dataset"}
    assert heading_genres("Tools and libraries") == {"tool"}
    assert heading_genres("Survey papers") == {"survey"} and heading_genres("Benchmark") == {"dataset"}
    assert heading_genres("SoKs") == {"survey"}
    for topic in ("Attacks on explainability and fairness", "Evaluations", "Further related", "Background",
                  "Tool Use", "Code Review", "Peer review", "Dataset Distillation", "Corpus Poisoning",
                  "Software Engineering", "Survey Data"):  # a genre word as a modifier names a topic
        assert heading_genres(topic) == set()
    assert heading_genres("Further related: attack, survey") == {"survey"}  # a hint names it whole
    # The hints follow the last ": "; a section's own name may hold one too.
    named = heading_text("Images: attacks", ("List", "Images: attacks"), ["survey"])
    assert heading_genres(named) == {"survey"}


def test_a_hint_that_names_a_genre_makes_its_section_that_genres_home():
    """A maintainer who files surveys under "Further related" says so with a hint."""
    headings = [heading_text("Attacks", ("List", "Attacks"), []),
                heading_text("Further related", ("List", "Further related"), ["survey"])]
    assert genre_match(headings, ["A survey of explanation attacks"], [""]).tolist() == [[0.0, 1.0]]


def test_only_the_genres_a_heading_names_are_looked_for_and_named():
    # A paper declaring two genres, filed under "Datasets": the PR body must say it is there as a
    # dataset, not as "a survey" (the first genre it declares), which no heading of the list names.
    title, abstract = "A Survey of Explanation Attacks", "We introduce a benchmark of 40 attacks."
    assert paper_genres(title, abstract) == {"survey", "dataset"}
    assert paper_genres(title, abstract, among={"dataset", "tool"}) == {"dataset"}
    assert paper_genres(title, abstract, among={"tool"}) == set()
    assert shared_genre(title, abstract, "Datasets and benchmarks") == "a dataset or benchmark"


def test_genre_match_marks_the_sections_that_name_the_papers_genre():
    m = genre_match(["Attacks", "Surveys", "Evaluations"],
                    ["A survey of explanation attacks", "Fooling LIME"], ["", "We attack LIME."])
    assert m.tolist() == [[0.0, 1.0, 0.0], [0.0, 0.0, 0.0]]
    # A list without genre headings: nothing to match, whatever the papers are.
    assert not genre_match(["Attacks", "Defenses"], ["A survey of attacks"], [""]).any()


def test_a_declared_survey_goes_to_surveys_however_strongly_its_topic_says_attacks():
    """Every topical signal points at Attacks (the paper sits on Attacks' entries, its heading words
    too); the genre outweighs them all, and without it the survey would be filed by topic."""
    d = 8
    entries = np.vstack([np.eye(d)[[0]].repeat(4, axis=0), np.eye(d)[[1]].repeat(4, axis=0),
                         np.eye(d)[[2]].repeat(2, axis=0)])
    names = ["Attacks", "Defenses", "Surveys"]
    sections = ["Attacks"] * 4 + ["Defenses"] * 4 + ["Surveys"] * 2

    def encode(texts: list[str]) -> np.ndarray:  # headings: each its section's direction
        return np.eye(d)[[names.index(t) for t in texts]]

    paper = np.eye(d)[[0]]
    words = np.array([[1.0, 0.0, 0.0]])  # "attacks" in its title
    survey = TextCues(words, genre_match(names, ["A survey of attacks"], [""]))
    for weights, expected in ((SectionWeights(), "Surveys"), (SectionWeights(genre=0.0), "Attacks")):
        model = build_section_model(names, names, entries, sections, encode, weights=weights, temperature=1.0)
        probs = section_probabilities(model, paper, survey)[0]
        assert names[int(np.argmax(probs))] == expected, probs


def test_a_dataset_declared_only_in_the_abstract_counts_half_as_one_its_title_declares():
    # "We construct a ... dataset" is as often a method paper's means as a dataset paper's point.
    heads = ["Graph RAG", "Evaluation and Benchmarks"]
    m = genre_match(heads, ["REBot: From RAG to CatRAG", "GraphBench: A Benchmark for Graph RAG"],
                    ["We construct a regulation specific dataset.", ""])
    assert m.tolist() == [[0.0, 0.5], [0.0, 1.0]]
    # A survey's abstract says what the paper is: it counts whole.
    assert genre_match(["Surveys"], ["Attacks"], ["This survey covers attacks."]).tolist() == [[1.0]]


def test_a_half_sure_genre_weighs_half_in_placing_the_paper():
    """Topic leans to Graph RAG; the title-declared benchmark still goes to Benchmarks, the paper whose
    abstract alone mentions building a dataset stays with its topic."""
    d = 8
    names = ["Graph RAG", "Benchmarks", "Retrieval"]
    entries = np.vstack([np.eye(d)[[i]].repeat(3, axis=0) for i in range(3)])
    sections = [n for n in names for _ in range(3)]

    def encode(texts: list[str]) -> np.ndarray:
        return np.eye(d)[[names.index(t) for t in texts]]

    paper = np.eye(d)[[0]] + 0.3 * np.eye(d)[[1]]
    model = build_section_model(names, names, entries, sections, encode, temperature=1.0)
    for strength, expected in ((1.0, "Benchmarks"), (0.5, "Graph RAG")):
        cues = TextCues(np.zeros((1, 3)), np.array([[0.0, strength, 0.0]]))
        probs = section_probabilities(model, paper, cues)[0]
        assert names[int(np.argmax(probs))] == expected, probs


def test_a_paper_of_two_genres_weighs_the_surer_one_more():
    from bot.ranking.sections import _genre_signal

    m = genre_match(["Surveys", "Datasets", "Attacks", "Defenses"], ["A Survey of Attacks on Vision Models"],
                    ["We review attacks. Finally, we construct a robustness benchmark."])
    assert m.tolist() == [[1.0, 0.5, 0.0, 0.0]]
    surveys, datasets, attacks, defenses = _genre_signal(m)[0]
    assert surveys > datasets > attacks == defenses


@pytest.mark.parametrize("heading, genres", [
    ("综述", {"survey"}), ("综述论文", {"survey"}), ("数据集与基准", {"dataset"}), ("工具", {"tool"}),
    ("サーベイ", {"survey"}), ("데이터셋", {"dataset"}), ("攻击方法", set()),
    # The noun modifying another is a topic: dataset distillation, tool learning, a baseline model.
    ("数据集蒸馏", set()), ("工具学习", set()), ("基准模型", set()), ("ツール学習", set()),
    ("도구 학습", set()),
])
def test_a_chinese_japanese_or_korean_heading_names_its_genre(heading: str, genres: set[str]) -> None:
    # No space sets the genre's noun apart there ("综述论文"): such a Surveys section got no survey.
    assert heading_genres(heading) == genres


@pytest.mark.parametrize(
    "title, abstract",
    [
        ("Trajectory Matching and a Dataset Distillation Method", ""),  # the "... and a <noun>" title form
        ("X", "We present a dataset labeling tool for medical images."),  # US spelling
    ],
)
def test_a_process_done_to_data_after_the_noun_offers_no_dataset(title: str, abstract: str) -> None:
    assert paper_genres(title, abstract) == set()


@pytest.mark.parametrize(
    "abstract",
    [
        "We introduce a dataset biased toward rare classes, on purpose.",
        "We release a benchmark shifted across five domains.",
    ],
)
def test_a_word_that_only_begins_like_such_a_process_is_still_a_dataset_offered(abstract: str) -> None:
    # "bias" and "shift" are whole words there: "biased", "shifted" say what the dataset is.
    assert paper_genres("X", abstract) == {"dataset"}
