"""Abstracts for list entries written without one, from arXiv: by the entry's arXiv id, or by its title.

Most curated lists give a title and a link, no abstract; the ranker learns far less from titles than from
abstracts (the dev backtest, the 2020 list with its abstracts cut: MRR 0.59 against 0.88 as written).
Each entry is asked for once and the answer kept in state; an entry arXiv had nothing for is asked again
after ``ENTRY_LOOKUP_RETRY_DAYS``. The list file is never changed: the abstracts only feed the ranker.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable

import arxiv

from bot.config import Config
from bot.identity import titles_match
from bot.lists import CuratedList, Entry
from bot.paper import Paper
from bot.sources.arxiv_api import fetch_arxiv_ids, fetch_arxiv_titles, late_client
from bot.sources.report import SourceReport
from bot.state import State

log = logging.getLogger(__name__)

# Entries asked for in one run: with 100 ids a request and 5 titles a request, at most ~21 requests
# (a minute at arXiv's 3 s delay); a longer list is filled over the next runs.
LOOKUP_LIMIT = 100


def without_abstract(doc: CuratedList) -> list[Entry]:
    from bot.ranking import has_abstract

    return [e for e in doc.entries if not has_abstract(e.abstract)]


def look_up_abstracts(doc: CuratedList, state: State, config: Config, reports: list[SourceReport],
                      client: arxiv.Client | None = None) -> int:
    """Ask arXiv for the abstracts of up to ``LOOKUP_LIMIT`` entries without one and never asked for
    (or asked in vain long ago), and keep the answers in state. ``reports``: the run's source reports (an
    arXiv that stopped answering is not asked); ``client``: the run's arXiv client. Returns how many
    abstracts were found."""
    if not (config.list.abstracts_from_arxiv and config.sources.arxiv.enabled):
        return 0
    if any(r.name.startswith("arxiv") and r.stop_reason for r in reports):
        return 0
    bare = without_abstract(doc)
    todo = state.entries_to_look_up(e.key for e in bare)
    asking = [e for e in bare if e.key in todo][:LOOKUP_LIMIT]
    if not asking:
        return 0
    client = client or late_client(config)
    answers: dict[str, str] = {}
    by_id = [e for e in asking if e.arxiv_id]
    ids = fetch_arxiv_ids(config, [e.arxiv_id for e in by_id if e.arxiv_id], client)
    if not ids.error:
        answers.update(_match(by_id, ids.papers, lambda e, p: e.arxiv_id == p.arxiv_id))
    by_title = [e for e in asking if not e.arxiv_id]
    titles = fetch_arxiv_titles(config, [e.plain_title for e in by_title], client) if not ids.error else ids
    if not titles.error:
        answers.update(_match(by_title, titles.papers, lambda e, p: True))
    error = ids.error or titles.error
    if error:
        log.warning("arxiv: could not look up the abstracts of list entries (%s); the next run asks again",
                    error)
    state.record_entry_abstracts(answers)
    found = sum(1 for a in answers.values() if a)
    log.info("arxiv: abstracts found for %d of %d list entries asked for", found, len(answers))
    return found


def _match(entries: list[Entry], papers: list[Paper], same_record: Callable[[Entry, Paper], bool]
           ) -> dict[str, str]:
    """Each entry's abstract: the first paper that is its record (``same_record``) under its title ('' if
    none is). An id whose paper has another title is a mistyped link: that abstract would teach the
    ranker another paper."""
    answers = {}
    for e in entries:
        hit = next((p for p in papers if same_record(e, p) and p.abstract
                    and titles_match(e.plain_title, p.title)), None)
        answers[e.key] = hit.abstract if hit else ""
    return answers


def with_abstracts(doc: CuratedList, state: State, config: Config) -> CuratedList:
    """The list as the ranker should see it: entries without an abstract given the one state holds for
    them (unless ``list.abstracts_from_arxiv`` is off). A copy: the list read for editing keeps its
    entries as written."""
    if not config.list.abstracts_from_arxiv:
        return doc
    bare = {id(e): e.key for e in without_abstract(doc)}
    found = state.entry_abstracts(bare.values())
    if not found:
        return doc
    sections = [dataclasses.replace(s, entries=[
        dataclasses.replace(e, abstract=found[e.key]) if id(e) in bare and e.key in found else e
        for e in s.entries]) for s in doc.sections]
    return dataclasses.replace(doc, sections=sections, _index=None, _by_key={}, _topic_owners=None)
