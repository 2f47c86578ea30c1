"""Bold-title bullets with labelled sub-items, as medical and GNN lists write them ("- **Title**" over
"  - Authors: ...", "  - Venue: MICCAI, 2019", "  - Links: [[Paper](u)] [[Code](c)]"): the labels are the
list's, read out of the fields and written back on a new entry, which has its neighbours' sub-items, its
own names, venue and year, and no neighbour's code link, brackets and all."""

from __future__ import annotations

import re

import pytest

from bot.lists import insert_entry, parse_list
from bot.paper import Paper

ARXIV = "https://arxiv.org/abs/"

# {a}, {v}, {k}: the Authors, Venue and Links labels, in each form a list writes them.
LIST = f"""# Awesome Medical Image Segmentation

## Foundation Models

- **SAM-Med3D: Towards General-purpose Segmentation Models for Volumetric Medical Images**
  - {{a}}Haoyu Wang, Sizheng Guo, Jin Ye, et al.
  - {{v}}ECCV Workshops, 2024
  - {{k}}[[Paper]({ARXIV}2310.15161)] [[Code](https://github.com/uni-medical/SAM-Med3D)]

## Semi-Supervised Learning

- **Uncertainty-aware Self-ensembling Model for Semi-supervised 3D Left Atrium Segmentation**
  - {{a}}Lequan Yu, Shujun Wang, Xiaomeng Li, Chi-Wing Fu, Pheng-Ann Heng
  - {{v}}MICCAI, 2019
  - {{k}}[[Paper]({ARXIV}1907.07034)] [[Code](https://github.com/yulequan/UA-MT)]
- **Semi-supervised Medical Image Segmentation through Dual-task Consistency**
  - {{a}}Xiangde Luo, Jieneng Chen, Tao Song, Guotai Wang
  - {{v}}AAAI, 2021
  - {{k}}[[Paper]({ARXIV}2009.10448)] [[Code](https://github.com/HiLab-git/DTC)]

## Contributing

Pull requests welcome.
"""

LABELS = {
    "plain": ("Authors: ", "Venue: ", "Links: "),
    "bold": ("**Authors:** ", "**Venue:** ", "**Links:** "),
    "none": ("", "", ""),
}

NEW = Paper(title="Semi-Supervised Medical Image Segmentation via Dual Networks", url=f"{ARXIV}2505.17690",
            published="2025-05-26", authors=["Yunyao Lu", "Yihang Wu", "Ahmad Chaddad", "Tareef Daqqaq"],
            venue="MICCAI")


def _list(form: str) -> str:
    a, v, k = LABELS[form]
    return LIST.format(a=a, v=v, k=k)


@pytest.mark.parametrize("form", LABELS)
def test_a_new_entry_has_its_neighbours_sub_items_and_labels(form: str) -> None:
    # It had a blank line after its title, no Authors sub-item, a "Venue:" label lost and "[]" where the
    # code link was; with bold labels it opened a bold it never closed.
    a, v, k = LABELS[form]
    text = _list(form)
    entry = (f"- **{NEW.title}**\n  - {a}Yunyao Lu, Yihang Wu, Ahmad Chaddad, Tareef Daqqaq\n"
             f"  - {v}MICCAI, 2025\n  - {k}[[Paper]({ARXIV}2505.17690)]\n")
    # Every other byte stays: the entry goes after its section's last, before the blank line.
    assert insert_entry(parse_list(text), NEW, "Semi-Supervised Learning") == text.replace(
        "\n\n## Contributing", f"\n{entry}\n## Contributing")


@pytest.mark.parametrize("form", LABELS)
def test_labelled_sub_items_are_read_without_their_labels(form: str) -> None:
    # The labels were in the names and venue ("Authors: Haoyu Wang, ..."), and a full list of names (no
    # "et al.") read as no names at all.
    sam, ua_mt, dtc = parse_list(_list(form)).entries
    assert (sam.authors_text, sam.authors, sam.et_al, sam.venue, sam.year) == (
        "Haoyu Wang, Sizheng Guo, Jin Ye, et al.", ["Haoyu Wang", "Sizheng Guo", "Jin Ye"], True,
        "ECCV Workshops", "2024")
    assert (ua_mt.authors_text, ua_mt.venue, ua_mt.year) == (
        "Lequan Yu, Shujun Wang, Xiaomeng Li, Chi-Wing Fu, Pheng-Ann Heng", "MICCAI", "2019")
    assert dtc.authors == ["Xiangde Luo", "Jieneng Chen", "Tao Song", "Guotai Wang"]
    assert (dtc.url, dtc.venue, dtc.year) == (f"{ARXIV}2009.10448", "AAAI", "2021")


def test_a_neighbours_note_sub_item_is_not_copied_nor_left_as_a_blank_line() -> None:
    # "  - Oral presentation" is the paper's own: copied into every new entry, or where it was read as a
    # note, left as an empty line under the new entry's title.
    text = _list("plain").replace("  - Venue: AAAI, 2021\n", "  - Venue: AAAI, 2021\n  - Oral presentation\n")
    text = text.replace("  - Authors: Lequan Yu", "  - Best paper award\n  - Authors: Lequan Yu")
    new = insert_entry(parse_list(text), NEW, "Semi-Supervised Learning")
    entry = (f"- **{NEW.title}**\n  - Authors: Yunyao Lu, Yihang Wu, Ahmad Chaddad, Tareef Daqqaq\n"
             f"  - Venue: MICCAI, 2025\n  - Links: [[Paper]({ARXIV}2505.17690)]\n")
    assert new == text.replace("\n\n## Contributing", f"\n{entry}\n## Contributing")
    assert [e.note for e in parse_list(text).entries] == ["", "Best paper award", "Oral presentation"]


def test_a_new_entry_among_ones_with_a_note_sub_item_has_no_blank_line() -> None:
    # Every entry has a note sub-item: the new entry's note was removed with its bullet, and the empty
    # line left in its place showed under its title.
    text = re.sub(r"(  - \w+.*, 20\d\d\n)", r"\1  - Oral presentation\n", _list("none"))
    new = insert_entry(parse_list(text), NEW, "Semi-Supervised Learning")
    entry = (f"- **{NEW.title}**\n  - Yunyao Lu, Yihang Wu, Ahmad Chaddad, Tareef Daqqaq\n"
             f"  - MICCAI, 2025\n  - [[Paper]({ARXIV}2505.17690)]\n")
    assert text.count("Oral presentation") == 3
    assert new == text.replace("\n\n## Contributing", f"\n{entry}\n## Contributing")


# Bold links as titles ("- **[Title](u)**"), alone, over labelled sub-items, or with names and venue after.
BOLD_LINKS = f"""# Awesome Medical XAI

## Segmentation

- **[U-Net: Convolutional Networks for Biomedical Image Segmentation]({ARXIV}1505.04597)**{{u}}
- **[Attention U-Net: Learning Where to Look for the Pancreas]({ARXIV}1804.03999)**{{a}}
- **[nnU-Net: Self-adapting Framework for U-Net-Based Medical Image Segmentation]({ARXIV}1809.10486)**{{n}}

## Contributing

Pull requests welcome.
"""

TRANS_UNET = Paper(title="TransUNet: Transformers Make Strong Encoders for Medical Image Segmentation",
                   url=f"{ARXIV}2102.04306", published="2021-02-08", authors=["Jieneng Chen", "Yongyi Lu"],
                   venue="MICCAI")


def _bold_links(u: str = "", a: str = "", n: str = "", em: str = "**") -> str:
    return BOLD_LINKS.format(u=u, a=a, n=n).replace("**", em)


def _inserted(text: str, entry: str) -> str:
    """``text`` with ``entry`` after the Segmentation section's last, every other byte as it was."""
    return text.replace("\n\n## Contributing", f"\n{entry}\n\n## Contributing")


@pytest.mark.parametrize("em", ["**", "__"])
def test_a_bold_link_title_is_closed_in_a_new_entry(em: str) -> None:
    # The closing "**" was read as the paper's own note: a new entry, with none, left its bold unclosed.
    text = _bold_links(em=em)
    assert [e.note for e in parse_list(text).entries] == ["", "", ""]
    new = insert_entry(parse_list(text), TRANS_UNET, "Segmentation")
    assert new == _inserted(text, f"- {em}[{TRANS_UNET.title}]({TRANS_UNET.url}){em}")


def test_a_bold_link_title_has_its_neighbours_labelled_sub_items() -> None:
    # Read as a bold plain title with no link of its own, the entry was not read: a new one had no
    # sub-items, and its bold was unclosed. A neighbour's code link, label and all, and its note, are its own.
    text = _bold_links(
        u="\n  - Authors: Olaf Ronneberger, Philipp Fischer, Thomas Brox\n  - Venue: MICCAI, 2015\n"
          "  - Oral presentation",
        a="\n  - Authors: Ozan Oktay, Jo Schlemper\n  - Venue: MIDL, 2018\n"
          "  - Code: [github](https://github.com/ozan-oktay/Attention-Gated-Networks)",
        n="\n  - Authors: Fabian Isensee, Jens Petersen\n  - Venue: Nature Methods, 2021\n"
          "  - **Code:** [[code](https://github.com/MIC-DKFZ/nnUNet)]")
    u_net, attention, nn_u_net = parse_list(text).entries
    assert (u_net.authors, u_net.venue, u_net.year, u_net.note) == (
        ["Olaf Ronneberger", "Philipp Fischer", "Thomas Brox"], "MICCAI", "2015", "Oral presentation")
    assert (attention.authors_text, attention.venue, nn_u_net.venue, nn_u_net.year) == (
        "Ozan Oktay, Jo Schlemper", "MIDL", "Nature Methods", "2021")
    new = insert_entry(parse_list(text), TRANS_UNET, "Segmentation")
    assert new == _inserted(text, f"- **[{TRANS_UNET.title}]({TRANS_UNET.url})**\n"
                                  "  - Authors: Jieneng Chen, Yongyi Lu\n  - Venue: MICCAI, 2021")


def test_a_bold_link_title_keeps_the_names_and_venue_after_it() -> None:
    # One author's name before the venue ("Olaf Ronneberger, MICCAI 2015") was read as the venue's
    # words: the template had no names, and a new entry none.
    text = _bold_links(u=" - Olaf Ronneberger, MICCAI 2015", a=" - Ozan Oktay, Jo Schlemper, MIDL 2018",
                       n=" - Fabian Isensee, MedIA 2021")
    u_net, attention, nn_u_net = parse_list(text).entries
    assert (u_net.authors, u_net.venue, u_net.year) == (["Olaf Ronneberger"], "MICCAI", "2015")
    assert (attention.authors, attention.venue) == (["Ozan Oktay", "Jo Schlemper"], "MIDL")
    assert (nn_u_net.authors, nn_u_net.venue) == (["Fabian Isensee"], "MedIA")
    new = insert_entry(parse_list(text), TRANS_UNET, "Segmentation")
    entry = f"- **[{TRANS_UNET.title}]({TRANS_UNET.url})** - Jieneng Chen, Yongyi Lu, MICCAI 2021"
    assert new == _inserted(text, entry)


def test_subject_words_or_an_organisation_before_a_venue_are_no_name() -> None:
    # A single full name before a venue is read as one author; words that name a subject, or an
    # organisation by its acronym, are not one.
    text = _bold_links(u=" - Deep Learning, MICCAI 2015", a=" - Medical Vision, MIDL 2018",
                       n=" - Google AI, Nature 2021")
    assert [(e.authors_text, e.venue) for e in parse_list(text).entries] == [
        ("", "Deep Learning, MICCAI"), ("", "Medical Vision, MIDL"), ("", "Google AI, Nature")]
    # Nor a lab, a place or a label, which lists write there too.
    text = _bold_links(u=" - Google Brain, MICCAI 2015", a=" - Best Paper, MIDL 2018",
                       n=" - Microsoft Research, Nature 2021")
    assert [(e.authors_text, e.venue) for e in parse_list(text).entries] == [
        ("", "Google Brain, MICCAI"), ("", "Best Paper, MIDL"), ("", "Microsoft Research, Nature")]


@pytest.mark.parametrize(("tag", "label"), [("**[{v} {y}]** ", "Authors"), ("[{v} {y}] ", "Authors"),
                                            ("", "著者"), ("**[{v} {y}]** ", "作者"), ("", "저자")])
def test_a_tagged_link_title_has_its_names_sub_item(tag: str, label: str) -> None:
    # "- **[ICCV 2023]** [Title](u)" over "  - Authors: ...": the line alone read the venue and year, the
    # names were not read, and a new entry had no names line. A Japanese list's "著者" was no label.
    rows = (("U-Net: Convolutional Networks for Biomedical Image Segmentation", "1505.04597", "MICCAI", 2015),
            ("Attention U-Net: Learning Where to Look for the Pancreas", "1804.03999", "MIDL", 2018))
    text = "# L\n\n## Segmentation\n\n" + "".join(
        f"- {tag.format(v=v, y=y)}[{t}]({ARXIV}{i})\n  - {label}: Ann Doe, Bo Roe\n  - Note: 注.\n"
        for t, i, v, y in rows) + "\n## Contributing\n\nPull requests welcome.\n"
    first = parse_list(text).entries[0]
    assert (first.authors, first.note) == (["Ann Doe", "Bo Roe"], "Note: 注.")
    if tag:
        assert (first.venue, first.year) == ("MICCAI", "2015")
    new = insert_entry(parse_list(text), TRANS_UNET, "Segmentation")
    head = tag.format(v="MICCAI", y=2021)
    assert new == _inserted(text, f"- {head}[{TRANS_UNET.title}]({TRANS_UNET.url})\n"
                                  f"  - {label}: Jieneng Chen, Yongyi Lu")


def test_a_tag_without_a_year_before_a_linked_title_is_no_venue() -> None:
    # "**[Oral]** [Title](u)": no venue of the paper, so no "**[ICML]**" on a new entry either.
    rows = (("Alpha Paper", "2001.00001"), ("Beta Paper", "2101.00001"))
    text = "# L\n\n## P\n\n" + "".join(f"- **[Oral]** [{t}]({ARXIV}{i})\n  - Authors: Ann Doe, Bo Roe\n"
                                       for t, i in rows)
    assert [e.venue for e in parse_list(text).entries] == ["", ""]
    new = insert_entry(parse_list(text), TRANS_UNET, "P")
    assert "**[MICCAI" not in new and "[ICML" not in new
