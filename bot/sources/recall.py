"""The near misses of a lowered ``ranking.min_score``, fetched again from arXiv by id.

A paper judged under the threshold keeps only its identity (title, arXiv id, DOI): a stream's worth of
whole records would not fit a state branch. So a maintainer who lowers the threshold, expecting the
papers of the last weeks that just missed it, would get none of them from state; arXiv serves them again
by id. A paper only a feed knew (no arXiv id) cannot be asked for, and stays out.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import arxiv

from bot.config import Config
from bot.paper import Paper
from bot.sources.arxiv_api import arxiv_unanswered, fetch_arxiv_ids
from bot.sources.dedupe import merge
from bot.sources.report import SourceReport
from bot.state import State

log = logging.getLogger(__name__)

MIN_SCORE_META = "min_score"  # the ranking.min_score of the last run that recorded what it saw
# The best near misses asked for again: ten id_list requests at the default page_size (100), half a
# minute at arXiv's 3 s delay.
RECALL_LIMIT = 1000


@dataclass
class Recall:
    earlier: float  # the min_score the near misses were judged under
    between: int  # papers seen lately that scored in [min_score, earlier) and keep only their identity
    # Of those, the ones served again: whole from arXiv, or (served by this run's sources) the
    # identity record, for the caller to merge with its copy.
    papers: list[Paper] = field(default_factory=list)
    error: str | None = None  # arXiv could not be asked: the next run asks again
    skipped: str | None = None  # why none was asked for (arXiv off), if so
    no_arxiv_id: int = 0  # of the near misses, papers only a feed served: nothing to ask arXiv by
    over_limit: int = 0  # of the near misses, papers past the best RECALL_LIMIT, not asked for


def recall_near_misses(config: Config, state: State, served: dict[str, Paper],
                       reports: list[SourceReport], client: arxiv.Client | None = None) -> Recall | None:
    """The near misses of a ``min_score`` lowered since the last recording run, or None if it was not.
    ``served``: papers seen before that this run's sources served again, by their state keys (no need
    to ask for those); ``reports``: this run's source reports (an arXiv that stopped answering is not
    asked again); ``client``: the run's arXiv client."""
    min_score = config.ranking.min_score
    try:
        earlier = float(state.get_meta(MIN_SCORE_META) or min_score)
    except ValueError:  # edited by hand: `state check` names it; the run goes on without the recall
        log.warning("state: meta %s is no number; the near misses of a lowered min_score are not recalled",
                    MIN_SCORE_META)
        return None
    if earlier <= min_score:
        return None
    near = state.cut_down_between(min_score, earlier)
    recall = Recall(earlier=earlier, between=len(near))
    # Served again today: the caller merges the copy into the record, as for any waiting paper (the
    # copy of a journal record may be its arXiv preprint, under another key).
    recall.papers = [p for p in near if p.key in served and served[p.key].abstract]
    have = {p.key for p in recall.papers}
    ask = [p.arxiv_id for p in near if p.arxiv_id and p.key not in have]
    recall.no_arxiv_id = sum(1 for p in near if not p.arxiv_id and p.key not in have)
    recall.over_limit = max(0, len(ask) - RECALL_LIMIT)
    if not ask:
        return recall
    if not config.sources.arxiv.enabled:
        recall.skipped = "sources.arxiv is disabled"
        return recall
    down = arxiv_unanswered(reports)
    if down:
        recall.error = f"arXiv API {down}"
        return recall
    fetched = fetch_arxiv_ids(config, ask[:RECALL_LIMIT], client)
    # Merged into the identity record: it may hold the DOI a journal's copy once gave.
    identity = {p.key: p for p in near}
    recall.papers += [merge(identity[key], p) for key, p in
                      {p.key: p for p in fetched.papers if p.key in identity}.items()]
    recall.error = fetched.error
    if fetched.error:
        log.warning("arxiv: could not ask again for the near misses of the lowered ranking.min_score (%s); "
                    "the next run asks again", fetched.error)
    log.info("ranking.min_score lowered from %s to %s: %d of %d near misses served again", earlier,
             min_score, len(recall.papers), len(near))
    return recall
