"""A venue as a source gives it, written as lists write it."""

from __future__ import annotations

import pytest

from bot.paper import Paper
from bot.sources.normalize import make_paper
from bot.venue_names import accepted_venue, conventional_venue


@pytest.mark.parametrize("given,expected", [
    # Conferences: their acronym and year, as lists write them.
    ("Advances in Neural Information Processing Systems 38 (NeurIPS 2025)", "NeurIPS 2025"),
    ("Proceedings of the 42nd International Conference on Machine Learning, PMLR 267:52612-52631, 2025",
     "ICML 2025"),
    ("Proceedings of the 42nd International Conference on Machine Learning, PMLR 267:52612-52631",
     "ICML 2025"),
    # A known conference's edition gives its year: OpenReview's booktitle, a NeurIPS volume.
    ("The Twelfth International Conference on Learning Representations", "ICLR 2024"),
    ("Advances in Neural Information Processing Systems 36", "NeurIPS 2023"),
    ("Proceedings of the Thirty-Eighth AAAI Conference on Artificial Intelligence", "AAAI 2024"),
    ("Proceedings of the IEEE 112 (2024)", "Proceedings of the IEEE 2024"),
    ("Proceedings of Machine Learning Research 235 (2024)", "Proceedings of Machine Learning Research 2024"),
    ("Proceedings of the 63rd Annual Meeting of the Association for Computational Linguistics (Volume 1: "
     "Long Papers), 2025", "ACL 2025"),
    ("Proceedings of the IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR) 2025",
     "CVPR 2025"),
    ("In Proc. ACM SIGSOFT International Symposium on Software Testing and Analysis (ISSTA 2020), pages "
     "14-26. ACM, 2020", "ISSTA 2020"),
    ("Proc. 2023 IEEE International Conference on Software Testing, Verification and Validation Workshops "
     "(ICSTW), pp. 66-69", "ICSTW 2023"),
    ("Proceedings of AAAI 2026", "AAAI 2026"),
    # A track is a venue of its own, and stays.
    ("Advances in Neural Information Processing Systems 36 (NeurIPS 2023) Datasets and Benchmarks Track",
     "NeurIPS 2023 Datasets and Benchmarks"),
    ("Findings of the Association for Computational Linguistics: EMNLP 2025", "Findings of EMNLP 2025"),
    ("Proceedings of the 1st Workshop on Safe NLP at the Annual Meeting of the Association for "
     "Computational Linguistics, 2025", "ACL 2025 Workshop"),
    # A conference with no acronym known: its name, without its pages.
    ("Proceedings of the 31st ACM SIGSOFT International Symposium on Software Testing and Analysis 2022 "
     "(pp. 289-301)", "Proceedings of the 31st ACM SIGSOFT International Symposium on Software Testing and "
     "Analysis 2022"),
    # Journals: their name and year, without volume, issue and pages; a name alone as it is.
    ("Information Fusion 58 (2020) 82-115", "Information Fusion 2020"),
    ("Nature Machine Intelligence 2, 476-486 (2020)", "Nature Machine Intelligence 2020"),
    ("IEEE Transactions on Information Forensics and Security, vol. 19, pp. 1-12, 2024",
     "IEEE Transactions on Information Forensics and Security 2024"),
    ("Medical Image Analysis, Volume 95, 2024, 103176", "Medical Image Analysis 2024"),
    ("Phys. Rev. Lett. 125, 123456 (2020)", "Phys. Rev. Lett. 2020"),
    ("Transactions on Machine Learning Research (01/2026)", "TMLR 2026"),
    ("IEEE Transactions on Information Forensics and Security",
     "IEEE Transactions on Information Forensics and Security"),
    ("Journal of Machine Learning Research (JMLR)", "Journal of Machine Learning Research (JMLR)"),
    # Already short, or a name with its own remark or track: as given.
    ("ICLR 2026", "ICLR 2026"), ("ACL 2025 Findings", "ACL 2025 Findings"),
    ("ICLR 2025 Oral", "ICLR 2025 Oral"),
    ("NeurIPS 2024 Datasets and Benchmarks Track", "NeurIPS 2024 Datasets and Benchmarks Track"),
    ("ICML 2025 Workshop on Reliable and Responsible Foundation Models",
     "ICML 2025 Workshop on Reliable and Responsible Foundation Models"),
    ("Nature", "Nature"), ("arXiv", "arXiv"), ("", ""),
    # Not a venue yet.
    ("Submitted to ICLR 2026", ""), ("Under review at NeurIPS 2025", ""),
    # Sister venues are not the flagship: the acronym in brackets first, spelled names only whole.
    ("ACM Asia Conference on Computer and Communications Security (AsiaCCS '24), pp. 1-15, 2024",
     "AsiaCCS 2024"),
    ("2024 IEEE 9th European Symposium on Security and Privacy (EuroS&P), pp. 1-18", "EuroS&P 2024"),
    ("International Conference on Machine Learning and Applications (ICMLA 2023)", "ICMLA 2023"),
    ("Pacific-Asia Conference on Knowledge Discovery and Data Mining (PAKDD 2024)", "PAKDD 2024"),
    ("International Conference on Computer Vision Theory and Applications",
     "International Conference on Computer Vision Theory and Applications"),
    ("Proceedings of the Thirty-Eighth AAAI Conference on Artificial Intelligence (AAAI-24)", "AAAI 2024"),
    # A journal named "Proceedings of ...", a workshop named by its venue first, BibTeX's arXiv.
    ("Proceedings of the IEEE 112(1), 2024", "Proceedings of the IEEE 2024"),
    ("ICML 2024 Workshop on Trustworthy Multi-modal Foundation Models and AI Agents (TiFA)",
     "ICML 2024 Workshop on Trustworthy Multi-modal Foundation Models and AI Agents (TiFA)"),
    ("arXiv preprint arXiv:2401.12345", "arXiv"),
    ("Advances in Physics 73, 1-100 (2024)", "Advances in Physics 2024"),
    ("JMLR 25(1), 2024", "JMLR 2024"), ("TMLR (2025)", "TMLR 2025"),
    # IEEE Xplore's own brackets; a name followed by its track; an acronym and year then the long name.
    ("2024 IEEE Symposium on Security and Privacy (SP), pp. 1-18", "S&P 2024"),
    ("2024 IEEE/CVF Conference on Computer Vision and Pattern Recognition Workshops (CVPRW), pp. 1-10",
     "CVPR Workshops 2024"),
    ("Thirty-seventh Conference on Neural Information Processing Systems Datasets and Benchmarks Track",
     "NeurIPS 2023 Datasets and Benchmarks"),
    ("ICASSP 2023 - 2023 IEEE International Conference on Acoustics, Speech and Signal Processing (ICASSP)",
     "ICASSP 2023"),
    ("AAAI 2024, 38(1), 1234-1242", "AAAI 2024"),
    ("30th USENIX Security Symposium (USENIX Security 24)", "USENIX Security 2024"),
    ("KDD '24: Proceedings of the 30th ACM SIGKDD Conference on Knowledge Discovery and Data Mining",
     "KDD 2024"),
    ("ICLR 2025 Workshop on Learning with Noisy Labels", "ICLR 2025 Workshop on Learning with Noisy Labels"),
    # A named track keeps its track without the pages; "D&B" is NeurIPS's Datasets and Benchmarks.
    ("EMNLP 2024 Findings, pages 1-10", "EMNLP 2024 Findings"),
    ("ICML 2024 Workshop on Data-centric ML, pp. 1-5", "ICML 2024 Workshop on Data-centric ML"),
    ("NeurIPS 2024 D&B Track", "NeurIPS 2024 Datasets and Benchmarks Track"),
    # What follows the pages goes with them; "D&B" is NeurIPS's only beside NeurIPS or a track.
    ("EMNLP 2024 Demo, pages 100-110, Miami", "EMNLP 2024 Demo"),
    ("ACL 2024 Findings, Volume 1: Long Papers, pages 1-10", "ACL 2024 Findings"),
    ("Journal of D&B Research 12(3):1-10, 2024", "Journal of D&B Research 2024"),
    # A workshop's name may hold commas; a place, volume or series after the name is the proceedings'.
    ("ICML 2021 Workshop on Theoretic Foundation, Criticism, and Application Trend of Explainable AI, "
     "pages 1-6", "ICML 2021 Workshop on Theoretic Foundation, Criticism, and Application Trend of "
     "Explainable AI"),
    ("EMNLP 2024 Findings, Miami, Florida, USA, pages 1-10", "EMNLP 2024 Findings"),
    ("CVPR 2024 Workshops (CVPRW), Seattle, WA, USA, pages 1-10", "CVPR 2024 Workshops (CVPRW)"),
    ("ICML 2024 Workshop on XAI, Vol. 3, Vienna, pp. 1-4", "ICML 2024 Workshop on XAI"),
    ("ECCV 2024 Workshops, Lecture Notes in Computer Science", "ECCV 2024 Workshops"),
    ("NeurIPS 2023 Workshop on Robustness, Interpretability and Privacy, pp. 1-8",
     "NeurIPS 2023 Workshop on Robustness, Interpretability and Privacy"),
    ("ICML 2024 Workshop on Safety, Fairness, Privacy, and Ethics",
     "ICML 2024 Workshop on Safety, Fairness, Privacy, and Ethics"),
    ("ICCV 2023 Workshop on Vision, Language, Reasoning",
     "ICCV 2023 Workshop on Vision, Language, Reasoning"),
    ("ICLR 2024 Workshop on Reliable and Responsible Foundation Models, Vienna, Austria",
     "ICLR 2024 Workshop on Reliable and Responsible Foundation Models"),
])
def test_a_venue_is_written_as_lists_write_it(given: str, expected: str) -> None:
    assert conventional_venue(given) == expected
    assert conventional_venue(expected) == expected  # and stays so: state and candidates are re-read


@pytest.mark.parametrize("comment,expected", [
    ("Accepted at ICLR 2026", "ICLR 2026"),
    ("Accepted at ICLR 2026 (Oral). Code: https://github.com/o/r", "ICLR 2026"),
    ("Accepted as a spotlight at NeurIPS 2025", "NeurIPS 2025"),
    ("Accepted to NeurIPS 2025 main conference", "NeurIPS 2025"),
    ("Published as a conference paper at ICLR 2025", "ICLR 2025"),
    ("To appear in the Proceedings of AAAI 2026", "AAAI 2026"),
    ("Camera-ready version for ICML 2025", "ICML 2025"),
    ("CVPR 2025 Highlight", "CVPR 2025"),
    ("EMNLP 2025 Findings. 9 pages", "EMNLP 2025 Findings"),
    ("Accepted to Findings of EMNLP 2025", "Findings of EMNLP 2025"),
    ("Published in Transactions on Machine Learning Research (01/2026)", "TMLR 2026"),
    ("Accepted for publication in IEEE Transactions on Information Forensics and Security",
     "IEEE Transactions on Information Forensics and Security"),
    ("Accepted at the NeurIPS 2025 Workshop on Regulatable ML; 12 pages",
     "NeurIPS 2025 Workshop on Regulatable ML"),
    ("13 pages, 6 figures, In Proceedings of the 31st ACM SIGSOFT International Symposium on Software "
     "Testing and Analysis (ISSTA) 2022", "ISSTA 2022"),
    ("Accepted to the International Conference of Software Testing (ICST2023)", "ICST 2023"),
    ("The paper has been accepted for presentation at the 2025 IEEE Conference on Secure and Trustworthy "
     "Machine Learning (SaTML)", "SaTML 2025"),
    ("Accepted to ICML 2025. Extended version with appendix", "ICML 2025"),  # it was accepted
    ("Accepted at NeurIPS 2024. Previously submitted to ICLR 2024", "NeurIPS 2024"),
    ("Accepted to appear in NeurIPS 2024", "NeurIPS 2024"),
    ("Accepted to the main conference of ACL 2024", "ACL 2024"),
    ("Accepted as oral at ICLR 2025 and will be presented in Singapore", "ICLR 2025"),
    ("Published in Nature Communications 15, 1234 (2024)", "Nature Communications 2024"),
    ("Published in Phys. Rev. D 110, 012345 (2024)", "Phys. Rev. D 2024"),
    ("Accepted at Interspeech 2025", "Interspeech 2025"),
    # A track the comment gives stays a venue of its own.
    ("Published as a workshop paper at ICLR 2025", "ICLR 2025 Workshop"),
    ("Published as a Tiny Paper at ICLR 2025", "ICLR 2025 Tiny Papers"),
    ("NeurIPS 2024 (Datasets and Benchmarks Track)", "NeurIPS 2024 Datasets and Benchmarks"),
    ("EMNLP 2024 (Findings)", "EMNLP 2024 Findings"),
    ("NeurIPS 2024 Workshop on Safe Generative AI", "NeurIPS 2024 Workshop on Safe Generative AI"),
    # What follows the venue is none of it; a later sentence's "rejected" takes nothing back.
    ("Accepted to CVPR 2025. GitHub: https://github.com/x/y", "CVPR 2025"),
    ("Accepted at ICLR 2025. *Equal contribution", "ICLR 2025"),
    ("Published in Phys. Rev. D. Some typos corrected", "Phys. Rev. D"),
    ("ECCV 2024. Extended version of our conference paper", "ECCV 2024"),
    ("ICLR 2025 (Spotlight). An earlier version was rejected from NeurIPS 2024", "ICLR 2025"),
    ("Accepted to ICLR 2025 as a workshop paper", "ICLR 2025 Workshop"),
    ("Accepted to the Datasets and Benchmarks track of NeurIPS 2024", "NeurIPS 2024 Datasets and Benchmarks"),
    ("Findings of EMNLP 2024", "Findings of EMNLP 2024"),
    ("Accepted at Google Research", ""), ("Accepted in principle at Nature Human Behaviour", ""),
    ("Code published at GitHub", ""), ("Presented at the MIT AI Lab seminar", ""),
    ("Presented at ICML 2024 Workshop on Mechanistic Interpretability (non-archival)",
     "ICML 2024 Workshop on Mechanistic Interpretability"),
    # A journal named in ordinary words, an abbreviated one; a sentence ending after a short word.
    ("Accepted by Pattern Recognition", "Pattern Recognition"),
    ("Accepted in Information Fusion", "Information Fusion"),
    ("Accepted for publication in Astron. Astrophys.", "Astron. Astrophys."),
    ("Published in Proc. Natl. Acad. Sci. USA", "Proc. Natl. Acad. Sci. USA"),
    ("Accepted at NeurIPS 2024 Datasets and Benchmarks Track. We release the data",
     "NeurIPS 2024 Datasets and Benchmarks Track"),
    ("Accepted at the ICML 2025 Workshop on Trustworthy LLMs. 8 pages",
     "ICML 2025 Workshop on Trustworthy LLMs"),
    ("Accepted at ICLR 2025 with oral presentation", "ICLR 2025"),
    ("Accepted at the ICML 2024 Workshop on LLMs as Agents", "ICML 2024 Workshop on LLMs as Agents"),
    ("Accepted to the Industry Track of NAACL 2025", "NAACL 2025 Industry"),
    ("Accepted at NeurIPS 2024 as a Datasets and Benchmarks paper", "NeurIPS 2024 Datasets and Benchmarks"),
    ("Accepted to NeurIPS 2024 D&B Track", "NeurIPS 2024 Datasets and Benchmarks Track"),
    ("NeurIPS 2025 D&B track (spotlight). Data: https://example.org",
     "NeurIPS 2025 Datasets and Benchmarks track"),
    ("Accepted in Journal of Machine Learning Research", "Journal of Machine Learning Research"),
    ("Published in Proceedings of the National Academy of Sciences",
     "Proceedings of the National Academy of Sciences"),
    ("Accepted for publication in Phys. Rev. Lett.", "Phys. Rev. Lett."),
    # Nothing said, or not accepted (yet): no venue.
    ("ICLR 2025 (under review)", ""), ("ICML 2025 (rejected)", ""), ("NeurIPS 2025. Under review", ""),
    ("20 pages, 3 figures", ""), ("Submitted to ICLR 2026", ""), ("accepted in principle", ""),
    ("Under review. Accepted at the ICML 2025 workshop on X", ""),
    ("This technical report is an extended version of conference paper: [H. Zhu, The 1st IEEE International "
     "Conference On Artificial Intelligence Testing (IEEE AITest 2019)]", ""),
    ("Web Testing, GUI Testing, front-end, survey, SBST, AI, fuzzing", ""),
])
def test_an_arxiv_comment_says_where_a_paper_was_accepted(comment: str, expected: str) -> None:
    assert accepted_venue(comment) == expected


def test_every_source_and_every_candidate_gives_the_venue_as_lists_write_it() -> None:
    long = "Advances in Neural Information Processing Systems 38 (NeurIPS 2025)"
    made = make_paper(title="T", venue=long, source="feed")
    assert made is not None and made.venue == "NeurIPS 2025"
    assert Paper.from_dict({"title": "T", "venue": long}).venue == "NeurIPS 2025"
    assert Paper.from_dict({"title": "T", "venue": "Submitted to ICLR 2026"}).venue == ""
