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
