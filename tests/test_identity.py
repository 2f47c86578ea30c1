"""Paper identity: the forms an arXiv id or a DOI comes in, and by title, where near-same titles of two
papers end and variants of one paper begin."""

from __future__ import annotations

import pytest
from rapidfuzz import fuzz

from bot.identity import IdentityIndex, arxiv_id_from, doi_from, normalize_title, titles_match
from bot.paper import Paper

# Real, different papers whose titles score 85-93 with the ratio identity.py uses (no number or negation
# tells them apart): at a looser threshold the second would be taken for the listed first, and never proposed.
DIFFERENT_PAPERS = [
    ("Sanity Checks for Saliency Maps", "Sanity Checks for Saliency Metrics"),  # 89.2
    ("Deep Learning with Differential Privacy", "Deep Learning with Label Differential Privacy"),  # 92.9
    ("Deep Residual Learning for Image Recognition", "Deep Residual Learning for Image Compression"),  # 86.4
]
# One paper under two spellings: its arXiv and venue titles, a typo, British spelling, "&" for "and".
SAME_PAPER = [
    ("Generative Adversarial Nets", "Generative Adversarial Networks"),  # 93.1
    ("Distilling the Knowledge in a Neural Network", "Distilling Knowledge in a Neural Network"),
    ("Intriguing properties of neural networks", "Intriguing properties of neural netwroks"),
    ("Visualizing and Understanding Convolutional Networks",
     "Visualising and Understanding Convolutional Networks"),
    ("Explaining and Harnessing Adversarial Examples", "Explaining & Harnessing Adversarial Examples"),
    ("Gödel Machines", "Godel Machines"),  # an ASCII-only export drops accents; too short for fuzzy matching
]


@pytest.mark.parametrize(("listed", "other"), DIFFERENT_PAPERS)
def test_near_same_titles_of_different_papers_are_not_one_paper(listed: str, other: str) -> None:
    # Both lookups are used: titles_match (list entries) and the index's fuzzy fallback (seen papers).
    assert 85 <= fuzz.ratio(normalize_title(listed), normalize_title(other)) < 93  # the range in question
    assert not titles_match(listed, other)
    index = IdentityIndex()
    index.add("title:listed", None, None, listed)
    assert index.find(None, None, other) is None


@pytest.mark.parametrize(("listed", "other"), SAME_PAPER)
def test_spelling_variants_of_one_title_are_one_paper(listed: str, other: str) -> None:
    assert titles_match(listed, other)
    index = IdentityIndex()
    index.add("title:listed", None, None, listed)
    assert index.find(None, None, other) == "title:listed"


# Each pair at least as close (fuzzy ratio >= 93) as one paper's spelling variants.
@pytest.mark.parametrize(("listed", "other"), [
    # Two real papers, closer (93.2) than "Generative Adversarial Nets" / "Networks" (93.1), one paper:
    # only the declared kind tells them apart, so the survey is not taken for the listed review.
    ("Deep Learning for Anomaly Detection: A Review", "Deep Learning for Anomaly Detection: A Survey"),
    # A kind written in two words is still a declared kind.
    ("Explaining Image Classifiers under Natural and Adversarial Distribution Shift: A Data Set",
     "Explaining Image Classifiers under Natural and Adversarial Distribution Shift: A Survey"),
    # Real papers, the second a reply to the first (93.3): one "not" more is the whole difference.
    ("Attention is not Explanation", "Attention is not not Explanation"),
    ("Mathematical Foundations of Machine Learning, Part VI",
     "Mathematical Foundations of Machine Learning, Part VII"),
    # Two real ICCV 2021 papers (94.1): in a short title one letter is a word, not a typo. Whichever is
    # listed, the answer is the same (a 19-letter title against a 20-letter one).
    ("Point Transformer", "Paint Transformer"),
    ("Robust saliency map", "Robust saliency maps"), ("Robust saliency maps", "Robust saliency map"),
])
def test_close_titles_that_are_two_papers(listed: str, other: str) -> None:
    assert fuzz.ratio(normalize_title(listed), normalize_title(other)) >= 93
    assert not titles_match(listed, other)
    index = IdentityIndex()
    index.add("title:listed", None, None, listed)
    assert index.find(None, None, other) is None


# A long title passes the ratio with a whole word more or another in its place: each pair is two papers
# (the first a real, much-cited one) at 93 or over.
@pytest.mark.parametrize(("listed", "other"), [
    ("Towards Evaluating the Robustness of Neural Networks",
     "Towards Evaluating the Robustness of Graph Neural Networks"),  # 94.5
    ("Adversarial Attacks on Neural Networks for Graph Data",
     "Adversarial Attacks on Graph Neural Networks for Graph Data"),  # 94.6
    ("Adversarial Explanations for Understanding Image Classification Decisions and Improved NN Robustness",
     "Adversarial Explanations for Understanding Text Classification Decisions and Improved NN Robustness"),
    ("Proper Network Interpretability Helps Adversarial Robustness in Classification",
     "Proper Network Interpretability Hurts Adversarial Robustness in Classification"),  # 96.2
    ("Evaluating and Aggregating Feature-based Model Explanations",
     "Evaluating and Aggregating Feature-based Model Explanations for NLP"),  # 93.7
    # A word more that is no acronym of the words before it ("AE" would be of "Adversarial Examples").
    ("Robustness of Explanation Methods against Adversarial Examples",
     "Robustness of Explanation Methods against Adversarial Examples in NLP"),
])
def test_a_word_more_or_another_word_is_another_paper(listed: str, other: str) -> None:
    assert fuzz.ratio(normalize_title(listed), normalize_title(other)) >= 93
    for a, b in ((listed, other), (other, listed)):
        assert not titles_match(a, b)
        index = IdentityIndex()
        index.add("title:listed", None, None, a)
        assert index.find(None, None, b) is None


_TCAV = "Interpretability Beyond Feature Attribution: Quantitative Testing with Concept Activation Vectors"


@pytest.mark.parametrize(("listed", "other"), [
    # A word respelled, split, in the plural, or a filler word gained or lost is the same paper still,
    ("Interpretation of Neural Networks Is Fragile", "Interpretations of Neural Networks Are Fragile"),
    ("Fooling LIME and SHAP: Adversarial Attacks on Post hoc Explanation Methods",
     "Fooling LIME and SHAP: Adversarial Attacks on Posthoc Explanation Methods"),
    ("Explanations can be manipulated and geometry is to blame",
     "Explanations can be manipulated and geometry is the blame"),
    ("The (Un)reliability of Saliency Methods", "The Unreliability of Saliency Methods"),
    ("Attention vs. Saliency in Transformer Explanations of Sentiment",
     "Attention versus Saliency in Transformer Explanations of Sentiment"),
    # and so is one title marked up, as a JSONL file of candidates may give it, or its symbol in LaTeX.
    ("Fooling LIME and SHAP: Adversarial Attacks on Post hoc Explanation Methods",
     "<i>Fooling LIME and SHAP</i>: Adversarial Attacks on Post hoc Explanation Methods"),
    ("Fooling LIME and SHAP: Adversarial Attacks on Post hoc Explanation Methods",
     r"\emph{Fooling LIME and SHAP}: Adversarial Attacks on Post hoc Explanation Methods"),
    ("Robustness of Saliency Maps under ε-bounded Perturbations in Image Classification",
     r"Robustness of Saliency Maps under $\epsilon$-bounded Perturbations in Image Classification"),
    # A symbol with a subscript: "$\ell_2$" is "ℓ2", "$L_\infty$" is "L∞"; numbers are _markers' to compare.
    ("Certified Robustness to ℓ2 Adversarial Perturbations via Randomized Smoothing",
     r"Certified Robustness to $\ell_2$ Adversarial Perturbations via Randomized Smoothing"),
    ("Provable Robustness against ℓ∞-bounded Adversarial Perturbations of Images",
     r"Provable Robustness against $\ell_\infty$-bounded Adversarial Perturbations of Images"),
    ("Provable Robustness against L∞-bounded Adversarial Perturbations of Images",
     r"Provable Robustness against $L_\infty$-bounded Adversarial Perturbations of Images"),
    # A subscript a journal's feed sets as a letter after the symbol, or as a subscript letter, and a
    # short title, where the spelled-out "ell"/"infty" once cost the ratio too much.
    ("Provably ℓp-Robust Explanation Constraints for Neural Networks",
     r"Provably $\ell_p$-Robust Explanation Constraints for Neural Networks"),
    ("Provably ℓₚ-Robust Explanation Constraints for Neural Networks",
     r"Provably $\ell_p$-Robust Explanation Constraints for Neural Networks"),
    ("ℓ∞-Robust Saliency Maps against Adversarial Perturbations",
     r"$\ell_\infty$-Robust Saliency Maps against Adversarial Perturbations"),
    ("Σ-Attention: Robust Saliency for Transformers",
     r"$\Sigma$-Attention: Robust Saliency for Transformers"),
    # An acronym in brackets after the words it shortens, which a list often leaves out (real titles),
    (_TCAV + " (TCAV)", _TCAV),
    ("Peeking Inside the Black-Box: A Survey on Explainable Artificial Intelligence (XAI)",
     "Peeking Inside the Black-Box: A Survey on Explainable Artificial Intelligence"),
    ("Explaining Classifiers with Causal Concept Effect (CaCE)",
     "Explaining Classifiers with Causal Concept Effect"),
    ("Explaining Machine Learning Classifiers through Diverse Counterfactual Explanations (DiCE)",
     "Explaining Machine Learning Classifiers through Diverse Counterfactual Explanations"),
    # "through" for "via", as "by" or "with" for it,
    ("Fooling Neural Network Interpretations via Adversarial Model Manipulation",
     "Fooling Neural Network Interpretations through Adversarial Model Manipulation"),
    ("Fooling Partial Dependence via Data Poisoning", "Fooling Partial Dependence through Data Poisoning"),
    # and an ampersand left escaped ("&amp;"), as an entry of a list written in HTML keeps it.
    ("Fooling LIME & SHAP: Adversarial Attacks on Post hoc Explanation Methods",
     "Fooling LIME &amp; SHAP: Adversarial Attacks on Post hoc Explanation Methods"),
])
def test_a_word_respelled_is_still_one_paper(listed: str, other: str) -> None:
    for a, b in ((listed, other), (other, listed)):
        assert titles_match(a, b)
        index = IdentityIndex()
        index.add("title:listed", None, None, a)
        assert index.find(None, None, b) == "title:listed"


def test_a_paper_listed_twice_is_found_at_its_first_entry() -> None:
    # Lists often give a paper in two sections; "already listed" must name the first of them.
    index = IdentityIndex()
    index.add("0", "1706.03762", None, "Attention Is All You Need")
    index.add("1", "1706.03762", None, "Attention is all you need")
    assert index.find("1706.03762", None, "Attention Is All You Need") == "0"


@pytest.mark.parametrize(("listed", "other"), [
    # A journal version often adds ": A Survey" to the preprint's title; one declared kind is no conflict,
    ("Explainable Artificial Intelligence for Adversarial Machine Learning Systems",
     "Explainable Artificial Intelligence for Adversarial Machine Learning Systems: A Survey"),
    # nor is a kind word that is part of the topic,
    ("Explanation Methods for Survey Data in the Social Sciences and Official Statistics",
     "Explanation Methods for Survey Data in the Social Sciences and Official Statistics: A Review"),
    # nor a kind written two ways or in the plural.
    ("A Large-Scale Benchmark Dataset for Explanation Robustness",
     "A Large-Scale Benchmark Data Set for Explanation Robustness"),
    ("Adversarial Attacks on Explanations: A Survey and Benchmark",
     "Adversarial Attacks on Explanations: A Survey and Benchmarks"),
])
def test_titles_sharing_a_declared_kind_are_still_one_paper(listed: str, other: str) -> None:
    assert titles_match(listed, other)
    index = IdentityIndex()
    index.add("title:listed", None, None, listed)
    assert index.find(None, None, other) == "title:listed"


@pytest.mark.parametrize("text", [
    "2101.00001", "2101.00001v2", "arXiv:2101.00001", "arXiv: 2101.00001v3", "oai:arXiv.org:2101.00001",
    "https://arxiv.org/abs/2101.00001v1", "http://export.arxiv.org/pdf/2101.00001",
    "10.48550/arXiv.2101.00001",
    # arXiv's "cite as", Google Scholar's and a DOI suffix's forms: a harness's candidates file took
    # them for ids of no arXiv paper, so a listed paper under another title came back not listed.
    "arXiv:2101.00001v2 [cs.LG]", "arXiv:2101.00001 [stat.ML]", "arXiv preprint arXiv:2101.00001",
    "arXiv.2101.00001",
])
def test_an_arxiv_id_is_read_from_the_forms_sources_write(text):
    assert arxiv_id_from(text) == "2101.00001"


@pytest.mark.parametrize("text", ["2101.00001 and more", "see 2101.00001", "arXiv:21010.0001",
                                  "arXiv:2101.00001 [cs.LG] and more", "a preprint arXiv:2101.00001"])
def test_a_bare_id_must_be_the_whole_text(text):
    assert arxiv_id_from(text) is None


@pytest.mark.parametrize("text, found", [("arXiv:hep-th/9901001 [hep-th]", "hep-th/9901001"),
                                         ("arXiv:2101.00001 [cond-mat.stat-mech]", "2101.00001")])
def test_a_cite_as_form_with_a_hyphenated_category_is_an_arxiv_id(text, found):
    assert arxiv_id_from(text) == found


@pytest.mark.parametrize("text, doi", [
    # "%3C" is part of these two Wiley DOIs (papers of one issue): cut there, they were one paper.
    ("https://doi.org/10.1002/(SICI)1097-4571(199806)49:8%3C693::AID-ASI4%3E3.0.CO;2-0",
     "10.1002/(sici)1097-4571(199806)49:8%3c693::aid-asi4%3e3.0.co;2-0"),
    ("https://doi.org/10.1002/(SICI)1097-4571(199806)49:8%3C710::AID-ASI6%3E3.0.CO;2-Z",
     "10.1002/(sici)1097-4571(199806)49:8%3c710::aid-asi6%3e3.0.co;2-z"),
    ("https://example.org/?doi=10.1145/3375627.3375830", "10.1145/3375627.3375830"),
    ("https://dl.acm.org/doi/10.1145/3375627.3375830", "10.1145/3375627.3375830"),
    # The list's own links write "(" as "%28": read back, the entry's DOI is the paper's.
    ("https://doi.org/10.1016/S0140-6736%2820%2930183-5", "10.1016/s0140-6736(20)30183-5"),
    ("10.1016/S0140-6736(20)30183-5", "10.1016/s0140-6736(20)30183-5"),
    ("https://doi.org/10.1093%2Fmnras%2Fstz1234", "10.1093/mnras/stz1234"),
    # A control character stays escaped, and so does what ends a DOI in text ("[").
    ("https://doi.org/10.1234/abc%1B%5B2J", "10.1234/abc%1b%5b2j"),
    # In a query, decoded escapes would take "&utm_source=..." into the DOI: a query stays as written.
    ("https://t.example.org/c?u=https%3A%2F%2Fdoi.org%2F10.1016%2Fj.ai.2024.01.001&utm_source=rss", None),
    # A link to the PDF, or to a preprint's version, names the paper's DOI.
    ("https://link.springer.com/content/pdf/10.1007/s10994-021-06019-3.pdf", "10.1007/s10994-021-06019-3"),
    ("https://www.biorxiv.org/content/10.1101/2021.01.01.425001v2.full.pdf", "10.1101/2021.01.01.425001"),
    ("https://www.biorxiv.org/content/10.1101/2021.01.01.425001v1", "10.1101/2021.01.01.425001"),
    # and so does a link to its full text or abstract page, bioRxiv's usual link; a journal's DOI under
    # the same prefix (Genome Research's) keeps its letters.
    ("https://www.biorxiv.org/content/10.1101/2021.01.01.425001v2.full", "10.1101/2021.01.01.425001"),
    ("https://www.biorxiv.org/content/10.1101/2021.01.01.425001v1.abstract", "10.1101/2021.01.01.425001"),
    ("https://medrxiv.org/content/10.1101/2020.03.03.20030593v1.full-text", "10.1101/2020.03.03.20030593"),
    ("https://www.biorxiv.org/content/10.1101/425001.full", "10.1101/425001"),
    ("https://genome.cshlp.org/content/10.1101/gr.275870.121", "10.1101/gr.275870.121"),
    # Oxford Academic's page and PDF links: its own article number (and file) after the DOI.
    ("https://academic.oup.com/bioinformatics/article/doi/10.1093/bioinformatics/btae512/7740000",
     "10.1093/bioinformatics/btae512"),
    ("https://academic.oup.com/bioinformatics/article-pdf/doi/10.1093/bioinformatics/btae512/58793232/"
     "btae512.pdf", "10.1093/bioinformatics/btae512"),
    ("https://doi.org/10.1093/law:epil/9780199231690/law-9780199231690-e1301",
     "10.1093/law:epil/9780199231690/law-9780199231690-e1301"),
])
def test_one_doi_is_one_key_however_a_link_escapes_it(text, doi):
    found = doi_from(text)
    assert (found and found.lower()) == doi  # DOIs are case-insensitive: keys compare them lower-cased


def test_a_doi_keeps_its_case_and_its_key_does_not() -> None:
    assert doi_from("https://doi.org/10.1016/S0140-6736%2820%2930183-5") == "10.1016/S0140-6736(20)30183-5"
    assert doi_from("https://www.biorxiv.org/content/10.1101/2021.01.01.425001V2.Full.PDF") == \
        "10.1101/2021.01.01.425001"
    upper = Paper(title="A", doi="10.1109/CVPR.2020.00123")
    lower = Paper(title="B", url="https://doi.org/10.1109/cvpr.2020.00123")
    assert upper.doi == "10.1109/CVPR.2020.00123" and upper.key == lower.key == "doi:10.1109/cvpr.2020.00123"
    index = IdentityIndex()
    index.add("listed", None, upper.doi, "")
    assert index.find(None, lower.doi, "") == "listed"
    # DataCite's capitals on an arXiv DOI: the key its arXiv link gives.
    assert arxiv_id_from("https://doi.org/10.48550/ARXIV.HEP-TH/9901001") == "hep-th/9901001"
    assert Paper(title="C", doi="10.48550/ARXIV.HEP-TH/9901001").key == "arxiv:hep-th/9901001"
    assert arxiv_id_from("https://doi.org/10.48550/arXiv.2111.00358") == "2111.00358"


@pytest.mark.parametrize("text, expected", [
    ("https://arxiv.org/abs/1412.6980v9", "1412.6980"),  # before 2015: four digits after the dot
    ("https://arxiv.org/abs/hep-th/9711200", "hep-th/9711200"),
    ("https://arxiv.org/abs/cond-mat/0102536v1", "cond-mat/0102536"),
    ("https://arxiv.org/html/2401.00001v2", "2401.00001"),
])
def test_arxiv_ids_of_every_age_and_page(text: str, expected: str) -> None:
    assert arxiv_id_from(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("(https://doi.org/10.1145/3375627.3375830)", "10.1145/3375627.3375830"),
    ("https://doi.org/10.1000/a%2541", "10.1000/a%2541"),
    # A non-ASCII character's UTF-8 bytes stay escaped: decoded one by one they were mojibake ("cafã©").
    ("https://doi.org/10.1000/caf%C3%A9", "10.1000/caf%c3%a9"),
])
def test_dois_in_prose_and_escaped_links(text: str, expected: str) -> None:
    assert doi_from(text).lower() == expected
    assert doi_from(doi_from(text)) == doi_from(text)  # a key read again stays the same key


@pytest.mark.parametrize("text, doi", [
    # Research Square's and Preprints.org's DOIs end in their version: it is part of the DOI there, and
    # a DOI cut to "10.21203/rs.3.rs-2345678/" resolves nowhere.
    ("https://doi.org/10.21203/rs.3.rs-2345678/v1", "10.21203/rs.3.rs-2345678/v1"),
    ("https://doi.org/10.20944/preprints202401.0123.v1", "10.20944/preprints202401.0123.v1"),
])
def test_a_version_is_cut_from_biorxivs_dois_only(text, doi):
    assert doi_from(text) == doi


_SHORT = "Fooling SHAP with Stealthily Biased Sampling"


@pytest.mark.parametrize("version", [
    f"{_SHORT} (Extended Version)", f"{_SHORT} [Extended Abstract]", f"{_SHORT} - Full Version",
    f"Towards {_SHORT}", f"Towards {_SHORT} (Extended Version)",
])
def test_another_versions_title_is_one_paper_however_short(version: str) -> None:
    # Under ~60 characters such a change falls under the ratio (84 for "(Extended Version)"), and a
    # closed paper's journal version was proposed again, or listed twice.
    assert titles_match(_SHORT, version) and titles_match(version, _SHORT)
    index = IdentityIndex()
    index.add("arxiv:2205.15419", "2205.15419", None, _SHORT)
    assert index.find(None, "10.1145/3600000.1", version) == "arxiv:2205.15419"
    assert index.find("2301.00001", None, version) is None  # another arXiv id is another paper


@pytest.mark.parametrize("version,bare", [
    ("Certified Robustness for Graph Neural Networks (Journal Version)",
     "Certified Robustness for Graph Neural Networks"),
    ("Toward Faithful Saliency Map Evaluation", "Faithful Saliency Map Evaluation"),
    (f"{_SHORT} \u2014 Extended Version", _SHORT),
    ("Towards Robust Image Saliency Maps", "Robust Image Saliency Maps"),  # four words are enough
])
def test_each_kind_of_version_note_is_read_as_one(version: str, bare: str) -> None:
    # A journal version's note, "Toward" as well as "Towards", a note after a dash, a bare title of
    # four words: each is the same paper as the title without it.
    assert titles_match(version, bare) and titles_match(bare, version)


@pytest.mark.parametrize("listed,other", [
    ("Robust Models", "Towards Robust Models"),  # too few words left to name one paper
    ("Robust Saliency Maps", "Towards Robust Saliency Maps"),  # three are too few, too
    ("Context Transformers for Saliency Maps", "Long-Context Transformers for Saliency Maps"),
    (_SHORT, f"Towards {_SHORT} 2"),
    ("Graph Neural Networks for Recommendation", "A Survey of Graph Neural Networks for Recommendation"),
    (_SHORT, "Fooling LIME with Stealthily Biased Sampling (Extended Version)"),
    ("Deep Learning for Anomaly Detection: A Review",
     "Towards Deep Learning for Anomaly Detection: A Survey"),
    # A survey of a paper's topic is another paper (of other authors and years).
    ("Learning from Noisy Labels with Deep Neural Networks",
     "Learning from Noisy Labels with Deep Neural Networks: A Survey"),
    ("Deep Learning on Graphs", "Deep Learning on Graphs: A Survey"),
])
def test_what_versions_add_is_read_only_where_versions_add_it(listed: str, other: str) -> None:
    assert not titles_match(listed, other)
    index = IdentityIndex()
    index.add("k", None, None, listed)
    assert index.find(None, None, other) is None


@pytest.mark.parametrize("text,doi", [
    # A DOI ends where markdown, "|", "@" or an invisible character begins: taken in, a feed's linked
    # the list's entry to another site, or reordered its line.
    ("10.1234/a](https://evil.example/phish)![t](https://evil.example/t.png)", "10.1234/a"),
    ("10.1234/b\u202eevil", "10.1234/b"), ("10.1234/c|x", "10.1234/c"), ("10.1234/d\x00e", "10.1234/d"),
    # Zero-width space, left-to-right mark, byte order mark, and each bidi isolate.
    ("10.1234/abc\u200bevil", "10.1234/abc"), ("10.1234/abc\u200eevil", "10.1234/abc"),
    ("10.1234/abc\ufeffevil", "10.1234/abc"), ("10.1234/abc\u2066evil\u2069", "10.1234/abc"),
    ("10.1234/abc\u2067evil", "10.1234/abc"), ("10.1234/abc\u2068evil", "10.1234/abc"),
    ("10.1234/abc\u2069evil", "10.1234/abc"),
    ("10.1234/x!y*z", "10.1234/x!y*z"),  # both are DOI characters
    ("*10.1145/3292500.3330701*", "10.1145/3292500.3330701"),
    ("see 10.1145/3292500.3330701!", "10.1145/3292500.3330701"),
    ("10.1002/(SICI)1097-4636(199707)36:1", "10.1002/(SICI)1097-4636(199707)36:1"),
    ("10.1234/" + "x" * 400, None),  # no DOI is so long: it went whole into the PR's marker
])
def test_a_doi_holds_no_markup_nor_invisible_characters(text: str, doi: str | None) -> None:
    assert doi_from(text) == doi


def test_a_journal_version_with_a_doi_of_its_own_is_still_the_paper() -> None:
    # Journal versions nearly always have their own DOI: two DOIs say nothing of two papers.
    index = IdentityIndex()
    index.add("doi:10.1/a", None, "10.1/A", _SHORT)
    assert index.find(None, "10.1/b", f"{_SHORT} (Extended Version)") == "doi:10.1/a"


@pytest.mark.parametrize(("latex", "unicode"), [
    (r"Provably $\ell_p$-Robust Explanations", "Provably ℓp-Robust Explanations"),
    (r"$\ell_\infty$-bounded Attacks", "ℓ∞-bounded Attacks"),
    (r"$\epsilon$-Robust Saliency", "ε-Robust Saliency"),
    (r"$\Delta$-Explanations under $\sigma$-Noise", "Δ-Explanations under σ-Noise"),
    (r"Attacks in $O(n^2)$ Time", "Attacks in O(n²) Time"),
    (r"$\mathcal{L}_{2}$ Attacks", "L₂ Attacks"),
])
def test_a_symbol_in_latex_is_the_symbol_a_feed_writes(latex: str, unicode: str) -> None:
    # arXiv writes a title's symbols in LaTeX, a journal's feed and a list in Unicode: one title.
    assert normalize_title(latex) == normalize_title(unicode)


def test_a_dollar_that_is_no_math_and_an_unknown_command_stay_words() -> None:
    assert normalize_title("Explanations for $5 and $10 Models") == "explanations for 5 and 10 models"
    assert normalize_title(r"The \textsc{Shap} Attack") == "the textsc shap attack"
    # Subscripts that are numbers stay numbers, which tell two papers apart.
    assert not titles_match(r"Certified $\ell_1$ Robustness of Saliency Maps for Image Classifiers",
                            r"Certified $\ell_2$ Robustness of Saliency Maps for Image Classifiers")


def test_a_symbol_written_outside_math_and_a_relation_are_read_as_typeset() -> None:
    assert normalize_title(r"On \alpha-Divergence Attacks") == normalize_title("On α-Divergence Attacks")
    assert normalize_title(r"Robust when $x \leq y$") == "robust when x y"
    assert normalize_title(r"Sorting in $O(n\log n)$") == "sorting in o n log n"
    assert titles_match("Fairness versus Accuracy in Saliency", "Fairness vs Accuracy in Saliency")
