"""Names the entry reader cannot read by their shape, found by comparing a layout's entries
(bot/lists/unread_names.py): a new entry carries its own authors, never a neighbour's."""

from __future__ import annotations

import difflib

import pytest

from bot.lists import insert_entry, parse_list
from bot.lists.entry import MARK
from bot.lists.unread_names import mark_unread
from bot.paper import Paper

PAPER = Paper(title="Certified Robustness of Saliency Maps", url="https://arxiv.org/abs/2103.00001",
              authors=["Ada Lovelace", "Alan M. Turing", "Grace Hopper"], venue="ICML",
              published="2021-03-04", arxiv_id="2103.00001")


def _added(text: str, paper: Paper = PAPER, section: str = "Attacks") -> list[str]:
    """The lines a new entry adds; every other line of the list must stay as it was."""
    new = insert_entry(parse_list(text), paper, section)
    diff = list(difflib.ndiff(text.splitlines(), new.splitlines()))
    assert not [d for d in diff if d.startswith("- ")], "a line of the list changed"
    return [d[2:] for d in diff if d.startswith("+ ")]


def _list(*entries: str) -> str:
    return "# Papers\n\n## Attacks\n\n" + "".join(f"{e}\n" for e in entries)


LONE_NAMES = _list(
    "- Ivo Jansen. [Fooling saliency with tiny patches](https://arxiv.org/abs/2101.00011). In *ICLR*, 2021.",
    "- Maria Keller. [Manipulating explanations by fine-tuning](https://arxiv.org/abs/2001.00012). "
    "In *NeurIPS*, 2020.",
    "- Tom Berg. [Explanations can lie](https://arxiv.org/abs/1901.00013). In *ICML*, 2019.",
)


def test_a_single_authors_name_before_the_title_is_the_new_papers_names_not_a_neighbours():
    # One name and no initial has no shape of names to the reader; the new entry copied "Ivo Jansen".
    assert _added(LONE_NAMES) == [
        "- Ada Lovelace, Alan M. Turing & Grace Hopper. [Certified Robustness of Saliency Maps]"
        "(https://arxiv.org/abs/2103.00001). In *ICML*, 2021."]


def test_family_first_names_before_the_title_are_never_copied_into_a_new_entry():
    text = _list(
        "- Dombrowski, A., Alber, M., Anders, C. J., Müller, K.-R., & Kessel, P. (2019). "
        "[Explanations can be manipulated and geometry is to blame](https://arxiv.org/abs/1906.07983). "
        "*NeurIPS*.",
        "- Ghorbani, A., Abid, A., & Zou, J. (2019). [Interpretation of neural networks is fragile]"
        "(https://arxiv.org/abs/1710.10547). *AAAI*.",
        "- Heo, J. (2019). [Fooling neural network interpretations via adversarial model manipulation]"
        "(https://arxiv.org/abs/1902.02041). *NeurIPS*.",
    )
    (line,) = _added(text)
    for neighbour in ("Dombrowski", "Ghorbani", "Zou", "Heo", "Kessel"):
        assert neighbour not in line
    assert all(name in line for name in ("Lovelace", "Turing", "Hopper"))
    assert line.startswith("- ") and "(2021). [Certified Robustness of Saliency Maps](" in line
    assert line.endswith("*ICML*.")


def test_one_name_beside_entries_whose_names_were_read_is_no_template_text():
    # The newest entry, whose one name the reader cannot read, set the layout ("- Karla Lind. [T](u)")
    # against one entry of two names: the new entry copied "Karla Lind".
    text = _list(
        "- Ivo Jansen, Maria Keller. [Fooling saliency](https://arxiv.org/abs/2001.00011). In *ICLR*, 2020.",
        "- Tom Berg. [Manipulating explanations](https://arxiv.org/abs/2002.00012). In *NeurIPS*, 2020.",
        "- Karla Lind. [Explanations can lie](https://arxiv.org/abs/2101.00013). In *ICML*, 2021.",
    )
    assert _added(text) == [
        "- Ada Lovelace, Alan M. Turing, Grace Hopper. [Certified Robustness of Saliency Maps]"
        "(https://arxiv.org/abs/2103.00001). In *ICML*, 2021."]
    # Author-year citations: "He et al." is read, "Ioffe and Szegedy" (two family names) is not.
    text = _list(
        "- He et al. (2015) [Deep residual learning](https://arxiv.org/abs/1512.03385)",
        "- Ioffe and Szegedy (2015) [Batch normalization](https://arxiv.org/abs/1502.03167)",
        "- Kingma and Ba (2014) [A method for stochastic optimization](https://arxiv.org/abs/1412.6980)",
    )
    assert _added(text) == [
        "- Lovelace et al. (2021) [Certified Robustness of Saliency Maps](https://arxiv.org/abs/2103.00001)"]


def _layout(*heads: str) -> list[str]:
    return [f"- {head}. [{MARK}title{MARK}]({MARK}url{MARK}). *{MARK}venue{MARK}*" for head in heads]


def test_names_at_one_place_in_most_of_a_layouts_entries_become_its_authors_field():
    layout = _layout("Ivo Jansen", "Maria Keller", "Tom Berg", "Ann Lee")
    line, names = mark_unread(layout[0], layout[0], layout)
    assert line == f"- {MARK}authors{MARK}. [{MARK}title{MARK}]({MARK}url{MARK}). *{MARK}venue{MARK}*"
    # How the entries write names joins the list's author style: full names here.
    assert [p.names for p in names] == [["Ivo Jansen"], ["Maria Keller"], ["Tom Berg"], ["Ann Lee"]]
    assert {p.observed["name_format"] for p in names} == {"full"}


def test_what_is_not_names_in_most_entries_stays_the_lists_own_text():
    # One entry's tag, in a layout whose others show nothing there: no field of the layout.
    layout = _layout("Best Paper", "Note", "Note", "Note")
    assert mark_unread(layout[0], layout[0], layout) == (layout[0], [])
    # A word every entry writes is the list's ("Read More. [Title](u)"), however capitalised.
    layout = _layout("Read More", "Read More", "Read More")
    assert mark_unread(layout[0], layout[0], layout) == (layout[0], [])


def test_a_papers_short_name_before_its_title_is_left_out_not_taken_for_names():
    # One word, or words in capitals, is a paper's short name ("ResNet", "BERT GPT"), not a person's.
    untitled = f"- [{MARK}title{MARK}]({MARK}url{MARK}). *{MARK}venue{MARK}*"
    for heads in (("ResNet", "BatchNorm", "Transformer"), ("BERT GPT", "VGG NET", "YOLO SSD")):
        layout = _layout(*heads)
        assert mark_unread(layout[0], layout[0], layout) == (untitled, [])
    # The same before a title that is not the first field: "- Adam — **Title** [pdf](u)".
    bold = f"**{MARK}title{MARK}** [pdf]({MARK}url{MARK})"
    layout = [f"- {head} — {bold}" for head in ("Adam", "AdaGrad", "RMSProp")]
    assert mark_unread(layout[1], layout[1], layout) == (f"- {bold}", [])
    # A word most entries write there is the list's own: "- Paper: [Title](u)".
    layout = [f"- Paper: [{MARK}title{MARK}]({MARK}url{MARK})"] * 3
    assert mark_unread(layout[0], layout[0], layout) == (layout[0], [])


def test_short_names_are_dropped_from_a_new_entry_and_every_other_byte_stays():
    text = _list(
        "- ResNet. [Deep residual learning for image recognition](https://arxiv.org/abs/1512.03385)",
        "- BatchNorm. [Batch normalization](https://arxiv.org/abs/1502.03167)",
        "- Adam. [A method for stochastic optimization](https://arxiv.org/abs/1412.6980)",
    )
    assert _added(text) == ["- [Certified Robustness of Saliency Maps](https://arxiv.org/abs/2103.00001)"]
    # Behind a mark of the paper's own ("🔥"), the short name was looked for where the line without the
    # mark has it, not found there, and "Adam" was copied into the new entry.
    assert _added(text.replace("- ", "- 🔥 ")) == [
        "- [Certified Robustness of Saliency Maps](https://arxiv.org/abs/2103.00001)"]


def test_a_line_alone_in_its_layout_or_with_its_authors_read_is_left_as_it_is():
    # Nothing to compare with: a word of the list's own and a paper's name look the same.
    (alone,) = _layout("Ivo Jansen")
    assert mark_unread(alone, alone, [alone]) == (alone, [])
    read = f"- {MARK}authors{MARK}. Ivo Jansen. [{MARK}title{MARK}]({MARK}url{MARK})"
    assert mark_unread(read, read, [read] * 4) == (read, [])
    # Two entries, each with two capitalised words of its own there, may hold two names as well as two
    # tags ("Best Paper", "Oral Talk"); beside an entry whose names were read, that place holds names.
    layout = _layout("Ivo Jansen", "Maria Keller")
    assert mark_unread(layout[1], layout[1], layout) == (layout[1], [])
    names = _layout(f"{MARK}authors{MARK}")[0]
    assert mark_unread(layout[1], layout[1], [names, layout[1]])[0] == names
    # The same words in three entries are the list's own.
    layout = _layout("Otto Pahl", "Otto Pahl", "Otto Pahl")
    assert mark_unread(layout[0], layout[0], layout) == (layout[0], [])


def test_a_prolific_authors_name_is_names_where_the_layout_writes_names():
    # "Otto Pahl" is in two of the five entries, so not rare; the place holds names in all five.
    layout = _layout("Otto Pahl", "Ivo Jansen", "Otto Pahl", "Maria Keller", "Tom Berg")
    line, names = mark_unread(layout[0], layout[0], layout)
    assert line.startswith(f"- {MARK}authors{MARK}. [")
    assert [p.names for p in names][:2] == [["Otto Pahl"], ["Ivo Jansen"]]
    # "By" is in every entry: the list's word before the names, which stays.
    by = f": [{MARK}title{MARK}]({MARK}url{MARK})"
    layout = [f"- By {name}{by}" for name in ("Ivo Jansen", "Maria Keller", "Tom Berg")]
    assert mark_unread(layout[2], layout[2], layout)[0] == f"- By {MARK}authors{MARK}{by}"


def test_names_in_one_entry_alone_are_no_field_even_where_they_read_as_names():
    layout = _layout("Ivo Jansen", "Note", "Note", "Note", "Note")
    # "Note" is in most entries, so only the first holds rare words: one entry of five is no layout's field.
    assert mark_unread(layout[0], layout[0], layout) == (layout[0], [])


def test_words_of_ones_own_in_the_names_place_give_way_to_the_new_papers_names():
    # The newer entry wrote "Technical Report" where the other wrote its names: copied, every new entry
    # called itself a technical report and named no one.
    text = ("# L\n\n## Papers\n\n"
            "- **Alpha**. Ye Yuan and Siqi Liu. *arXiv*, 2021. [[paper]](https://arxiv.org/abs/2101.00001)\n"
            "- **Beta**. Technical Report. *arXiv*, 2021. [[paper]](https://arxiv.org/abs/2101.00002)\n")
    assert _added(text, section="Papers") == [
        "- **Certified Robustness of Saliency Maps**. Ada Lovelace, Alan M. Turing and Grace Hopper. *ICML*, "
        "2021. [[paper]](https://arxiv.org/abs/2103.00001)"]


def test_a_short_name_beside_names_is_own_text_too():
    # Entries that begin with a paper's short name and entries that begin with names: either way the
    # text there is each paper's own, so a new entry ending up with a short name line drops it.
    text = _list(
        "- Ivo Jansen. [Fooling saliency](https://arxiv.org/abs/2001.00011). In *ICLR*, 2020.",
        "- Maria Keller. [Manipulating explanations](https://arxiv.org/abs/2002.00012). In *NeurIPS*, 2020.",
        "- SmoothGrad. [Removing noise by adding noise](https://arxiv.org/abs/2101.00013). In *ICML*, 2021.",
    )
    (line,) = _added(text)
    assert "SmoothGrad" not in line and "Jansen" not in line and "Keller" not in line
    assert line.endswith("[Certified Robustness of Saliency Maps](https://arxiv.org/abs/2103.00001). "
                         "In *ICML*, 2021.")


def _three(fmt: str) -> str:
    """A section of three entries in ``fmt``, one name each."""
    return _list(*(fmt.format(name=name, title=title, url=f"https://arxiv.org/abs/2101.0001{i}")
                   for i, (name, title) in enumerate([("Ivo Jansen", "Fooling saliency"),
                                                      ("Maria Keller", "Manipulating explanations"),
                                                      ("Tom Berg", "Explanations can lie")])))


def test_the_lists_word_after_the_names_full_stop_stays():
    # "Ivo Jansen. Preprint." holds one name and the list's own word: the names' run went on past the
    # full stop, and new entries lost "Preprint." with their neighbour's names.
    text = _three("- {name}. Preprint. [{title}]({url}). In *ICLR*, 2021.")
    assert _added(text) == [
        "- Ada Lovelace, Alan M. Turing & Grace Hopper. Preprint. [Certified Robustness of Saliency Maps]"
        "(https://arxiv.org/abs/2103.00001). In *ICML*, 2021."]
    # How the entries write their names joins the author style: the names alone.
    tail = f". Preprint. [{MARK}title{MARK}]({MARK}url{MARK})"
    layout = [f"- {name}{tail}" for name in ("Ivo Jansen", "Tom Berg", "Ann Lee")]
    line, names = mark_unread(layout[0], layout[0], layout)
    assert line == f"- {MARK}authors{MARK}{tail}"
    assert [p.names for p in names] == [["Ivo Jansen"], ["Tom Berg"], ["Ann Lee"]]


def test_names_after_a_label_every_entry_writes_are_found_past_the_label():
    # "Must Read" is in every entry, so the list's: the names were looked for in it alone, found none
    # there, and every new entry copied "Tom Berg".
    text = _three("- Must Read — {name}. [{title}]({url})")
    assert _added(text) == [
        "- Must Read — Ada Lovelace, Alan M. Turing & Grace Hopper. [Certified Robustness of Saliency Maps]"
        "(https://arxiv.org/abs/2103.00001)"]


def test_two_word_short_names_among_one_word_ones_are_short_names_not_authors():
    # Half the entries' short names are one word, so no one's name: the newest, "Swin Transformer", read as
    # a person's and the new entry showed authors in a list that names no one.
    shorts = ["ResNet", "Layer Norm", "Dropout", "Vision Transformer", "Adam", "Swin Transformer"]
    text = _list(*(f"- {s}. [Title {i}](https://arxiv.org/abs/2101.0001{i})" for i, s in enumerate(shorts)))
    assert _added(text) == ["- [Certified Robustness of Saliency Maps](https://arxiv.org/abs/2103.00001)"]


def test_a_label_every_entry_of_the_section_writes_is_the_sections_own():
    # A list by organisation: "Meta AI" is rare in the list, and reads as a name, but it is what every
    # entry under "## Meta" writes; the new entry there lost it for the paper's authors.
    orgs = [("Google", "Google Research"), ("Meta", "Meta AI"), ("Stanford", "Stanford University")]
    text = "# Papers\n\n" + "".join(
        f"## {section}\n\n" + "".join(f"- {org}. [{section} paper {i}](https://arxiv.org/abs/190{k}.0000{i})\n"
                                      for i in range(3)) + "\n"
        for k, (section, org) in enumerate(orgs, 1))
    assert _added(text, section="Meta") == [
        "- Meta AI. [Certified Robustness of Saliency Maps](https://arxiv.org/abs/2103.00001)"]


@pytest.mark.parametrize("names", [
    # "Jan van der Berg": the lower-case particles belong to the name; read as no name, the newest
    # entry's "Ludwig van Beethoven" was copied into the new one.
    ("Jan van der Berg", "Maria de la Cruz", "Ludwig van Beethoven"),
    # "Ann St. Clair": the full stop after "St" ends no sentence; cut there, "Clair" was left to the
    # template and copied into every new entry.
    ("Ivo Jansen", "Maria Keller", "Ann St. Clair"),
])
def test_a_name_with_a_particle_or_an_abbreviation_inside_is_one_persons_name(names: tuple[str, ...]):
    text = _list(*(f"- {name}. [Paper {i}](https://arxiv.org/abs/210{i}.0001{i}). In *ICLR*, 2021."
                   for i, name in enumerate(names)))
    assert _added(text) == [
        "- Ada Lovelace, Alan M. Turing & Grace Hopper. [Certified Robustness of Saliency Maps]"
        "(https://arxiv.org/abs/2103.00001). In *ICML*, 2021."]


def test_names_each_in_a_third_of_the_entries_are_still_names():
    # Three authors of two papers each: no name is in one entry alone, each in a third of them, rare
    # enough for an author (the list's own words are in most). The newest entry's name was copied.
    names = ("Ivo Jansen", "Maria Keller", "Tom Berg") * 2
    text = _list(*(f"- {name}. [Paper {i}](https://arxiv.org/abs/2{i}01.0001{i}). In *ICLR*, 202{i}."
                   for i, name in enumerate(names)))
    (line,) = _added(text)
    assert line.startswith("- Ada Lovelace, Alan M. Turing & Grace Hopper. [Certified")


_SURVEYS = ("## Surveys\n\n"
            "- Berg, A., & Dorn, C. (2020). [Alpha survey](https://arxiv.org/abs/2001.00001). *CSUR*.\n"
            "- Frey, E., & Hart, G. (2019). [Beta survey](https://arxiv.org/abs/1901.00001). *TPAMI*.\n"
            "- Lind, K. (2018). [Gamma survey](https://arxiv.org/abs/1801.00001). *JMLR*.\n\n")


def test_a_section_of_unread_names_keeps_its_layout_beside_a_section_written_otherwise():
    # Each entry's name made a layout of its own, so "## Attacks" had no majority layout and its new
    # entry took "## Surveys"' APA, names and all in another form than every neighbour's.
    text = LONE_NAMES.replace("## Attacks\n\n", _SURVEYS + "## Attacks\n\n")
    (line,) = _added(text)
    assert line.startswith("- Ada Lovelace, ")
    assert line.endswith(". [Certified Robustness of Saliency Maps](https://arxiv.org/abs/2103.00001). "
                         "In *ICML*, 2021.")
    # So did a section of short names ("- ResNet. [T](u)"), which a new entry leaves out.
    shorts = _list("- ResNet. [Deep residual learning](https://arxiv.org/abs/1512.03385). In *CVPR*, 2016.",
                   "- Adam. [A method](https://arxiv.org/abs/1412.6980). In *ICLR*, 2015.",
                   "- BatchNorm. [Batch normalization](https://arxiv.org/abs/1502.03167). In *ICML*, 2015.")
    assert _added(shorts.replace("## Attacks\n\n", _SURVEYS + "## Attacks\n\n")) == [
        "- [Certified Robustness of Saliency Maps](https://arxiv.org/abs/2103.00001). In *ICML*, 2021."]
