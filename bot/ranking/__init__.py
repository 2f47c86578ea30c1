"""Rank candidate papers by how likely the maintainers are to add them, and suggest a section.

Steps: embed curated entries, candidates and the remembered stream (one cached encode); score each
candidate with the PU classifier (score.py); apply the keyword watchlist; suggest a section
(sections.py; at the top of the ranking on vectors from a copy of the model tuned on the list's own
titles, tuning.py); put listed and excluded papers last.
"""

from __future__ import annotations

import logging
from typing import Protocol

import numpy as np

from bot.config import Config
from bot.errors import InputError
from bot.identity import normalize_title
from bot.lists import CuratedList
from bot.lists.model import Section, starts_with_words, uncounted_path, undated
from bot.lists.venues import VenueHome, venue_home, venue_sections
from bot.paper import Paper
from bot.ranked import LIKELY_SAME_WORK, Neighbor, RankedPaper, SectionGuess
from bot.ranking.genre import shared_genre
from bot.ranking.score import ScoreParams, relevance_scores
from bot.ranking.sections import (
    SectionWeights,
    TextCues,
    build_section_model,
    guesses,
    heading_text,
    section_probabilities,
)
from bot.ranking.tuning import TuningFailed
from bot.state import State
from bot.watchlist import Watchlist, boosted_score

log = logging.getLogger(__name__)

# Candidates (best first) placed by the list-tuned model: each costs a second encode of its title and
# abstract (~0.015 s in bf16, ~0.04 s in float32, on 2 cores). A run's proposals and the 20 rows `rank`
# shows by default are far inside; the rest are placed by the frozen model's signals.
TUNED_SECTIONS_TOP = 100
_WITHOUT_TUNING = "%s; sections use the frozen model's signals this run"
# A text counts as an abstract from this many words; a one-line note or teaser (5-15) reads as a title.
ABSTRACT_WORDS = 25


def has_abstract(text: str) -> bool:
    return len(text.split()) >= ABSTRACT_WORDS


class TextEncoder(Protocol):
    """``Embedder`` or a stand-in. One with a ``key`` attribute (the model's key in the state's
    embedding cache) also gets the seen papers' cached vectors as background."""

    def encode(self, texts: list[str], progress: bool = False) -> np.ndarray: ...


def _fresh(papers: list[Paper], skip: set[str]) -> list[int]:
    """Indices of the papers sharing no identity with ``skip`` nor with an earlier one."""
    out, seen = [], set(skip)
    for i, p in enumerate(papers):
        if not p.identity_keys & seen:
            seen |= p.identity_keys
            out.append(i)
    return out


def _dedupe(papers: list[Paper], skip: set[str]) -> list[Paper]:
    return [papers[i] for i in _fresh(papers, skip)]


def _tuned_encoder(
    embedder: TextEncoder, entries: list, entry_labels: list[str], names: list[str], config: Config,
    progress: bool,
) -> TextEncoder | None:
    """The list-tuned encoder (tuning.py), where the config asks for it and the list can teach it."""
    from bot.embeddings import Embedder
    from bot.ranking.tuning import TunedEmbedder, can_tune

    index = {n: i for i, n in enumerate(names)}
    mine = [(e.plain_title, index[s]) for e, s in zip(entries, entry_labels, strict=True) if s in index]
    # Only a real model can be tuned; test stand-ins and lists too small to learn from go without.
    if not config.sections.tune or not isinstance(embedder, Embedder) or not can_tune([s for _, s in mine]):
        return None
    if config.sections.tune == "auto" and embedder.precision != "bfloat16":
        # In float32 (a CPU without hardware bf16) tuning costs ~30 s of a cold run (a 1,000-candidate
        # `rank` on 2 cores: 94 s against 62 s), for +0.04-0.08 top-1 on the backtest's folds.
        log.debug("sections.tune: auto: not tuning, the model runs in float32 here")
        return None
    return TunedEmbedder(embedder, [t for t, _ in mine], [s for _, s in mine], progress=progress)


def rank_papers(
    doc: CuratedList,
    candidates: list[Paper],
    config: Config,
    state: State | None = None,
    progress: bool = False,
    embedder: TextEncoder | None = None,
    params: ScoreParams | None = None,
    section_weights: SectionWeights | None = None,
    tuned_top: int = TUNED_SECTIONS_TOP,
) -> list[RankedPaper]:
    """Score and order ``candidates`` (best first, ``rank`` 1-based); listed and excluded ones last.
    ``tuned_top``: how many of the best the list-tuned model places (at most ``TUNED_SECTIONS_TOP``;
    `rank` asks for the rows it shows, as each costs a second encode)."""
    entries = doc.entries
    if not entries:
        raise InputError(f"{doc.path}: the list has no paper entries to learn from; add a few papers first")
    if embedder is None:
        from bot.embeddings import Embedder

        r = config.ranking
        embedder = Embedder(config.embedding_model(), state, r.batch_size, r.precision)
    params = params or ScoreParams()

    found = [doc.find(p) for p in candidates]
    listed = [entry is not None for entry in found]
    merged, closed = state.feedback() if state else ([], [])
    # A merge teaches through the list: its entry is a curated positive like any other. A merged paper the
    # list does not find is one the maintainers rewrote past recognition (its entry counts already), took
    # out again, or merged after the list file given to `rank` was written: as a positive of its own it
    # counted twice, overrode their later word, or leaked later merges into a ranking of the past.
    # A listed paper is no negative either (found as `find` finds it, fuzzy titles included).
    closed = [p for p in closed if doc.find(p) is None]
    # Listed by hand and taken off the list since: no verdict to learn from, but never proposed again,
    # in another version either (``like_closed``).
    pruned = [p.paper for p in state.proposals("listed") if doc.find(p.paper) is None] if state else []
    curated_keys = {e.key for e in entries} | {"title:" + normalize_title(e.plain_title) for e in entries}
    fresh = [p for p, is_listed in zip(candidates, listed, strict=True) if not is_listed]
    known = curated_keys | {p.key for p in merged} | {p.key for p in closed}
    limit = config.ranking.background_limit
    fresh = _dedupe(fresh, known)
    closed = _dedupe(closed, curated_keys)
    closed_or_pruned = closed + pruned  # negatives first
    pos_papers = [e.to_paper() for e in entries]
    model = getattr(embedder, "key", None)

    def embed(titles: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """The vectors of the positives, candidates, background and negatives (then the pruned papers):
        of titles and abstracts, or of titles alone."""
        # Seen papers were embedded when they were candidates; only their cached vectors are used (after
        # a model change there are none, and re-encoding 20k of them would stall the run).
        recent, recent_vecs = (state.background(model, limit, titles=titles) if state and limit and model
                               else ([], None))
        seen = _fresh(recent, known | {k for p in fresh for k in p.identity_keys})
        # The list's entries exactly (Embedder.encode_exactly): the classifier stands on these few.
        # The rest in one call: cache look-ups and writes are batched, the bar covers it all.
        exact = getattr(embedder, "encode_exactly", embedder.encode)
        pos = exact([p.title if titles else p.text for p in pos_papers], progress=progress)
        groups = [candidates, fresh, closed_or_pruned]
        texts = [p.title if titles else p.text for g in groups for p in g]
        # (Nothing to encode needs no model: an empty call would load it for its width.)
        vecs = embedder.encode(texts, progress=progress) if texts else np.zeros((0, pos.shape[1]), np.float32)
        bounds = np.cumsum([0] + [len(g) for g in groups])
        cand, bg, neg = (vecs[bounds[i] : bounds[i + 1]] for i in range(3))
        if seen and recent_vecs is not None:
            bg = np.vstack([bg, recent_vecs[seen]])
        return pos, cand, bg, neg

    pos, cand, bg, twins = embed(False)
    neg = twins[: len(closed)]
    scores, raw = relevance_scores(pos, bg, neg, cand, params)
    log.debug("scored %d candidates against %d positives, %d background (%d seen), %d negatives",
              len(cand), len(pos), len(bg), len(bg) - len(fresh), len(neg))
    # A candidate without an abstract (a feed that gives none, or a line of teaser) is scored by a
    # classifier on everyone's titles, calibrated as the other is ("as typical of the list as of the
    # stream"): its title alone looks like neither side of the first. Against a list of titles alone
    # (most awesome lists), the first learnt the form, and such stream papers crowded the top (a dev
    # backtest with the 2020 list's abstracts cut and a tenth of the stream bare: MRR 0.26, 45 of those
    # 300 over 0.5; now 0.59 and 12; benchmarks/README.md, "Lists of titles alone").
    bare = [i for i, p in enumerate(candidates) if not has_abstract(p.abstract)]
    if bare:
        t_pos, t_cand, t_bg, t_twins = embed(True)
        scores[bare], raw[bare] = relevance_scores(t_pos, t_bg, t_twins[: len(closed)], t_cand[bare], params)
        log.debug("scored %d candidates without an abstract on titles, against %d positives, %d "
                  "background (%d seen)", len(bare), len(t_pos), len(t_bg), len(t_bg) - len(fresh))

    # The final order first: the list-tuned model places the candidates at its top.
    watch = Watchlist(config.watchlist.must, config.watchlist.boost, config.watchlist.exclude)
    verdicts = [watch.judge(p.text) for p in candidates]
    excluded = [bool(reason) for _, reason in verdicts]
    final = [boosted_score(float(scores[i]), watch.boosts(p.text), config.ranking.boost_weight)
             for i, p in enumerate(candidates)]
    order = sorted(range(len(candidates)), key=lambda i: (listed[i], excluded[i], -final[i], -raw[i], i))

    entry_texts = [p.text for p in pos_papers[: len(entries)]]
    # In a list filed by venue, a paper's venue places it: the tuned model need not place those.
    venues = venue_sections(doc)
    homes = [venue_home(doc, p, venues) for p in candidates] if venues else [None] * len(candidates)
    placed = [i for i in order[: min(tuned_top, TUNED_SECTIONS_TOP)] if not (homes[i] and homes[i].label)]
    probs, names, headings = _section_probabilities(doc, entry_texts, pos[: len(entries)], candidates, cand,
                                                    placed, config, embedder, section_weights, progress)
    by_venue = _venue_homes(homes, probs, names)
    section_guesses = guesses(probs, names)
    heading_of = dict(zip(names, headings, strict=True))
    # Cached vectors are unit vectors rounded to float16: a paper's text against itself came to 1.0002.
    sims = np.clip(cand @ pos[: len(entries)].T, -1.0, 1.0)
    # Another version of a closed paper: the bar holds for title and abstract on both sides (titles alone
    # put a rebuttal, "Attention is not not Explanation", at 0.99 to the paper it answers).
    like_closed = [""] * len(candidates)
    told = [j for j, p in enumerate(closed_or_pruned) if has_abstract(p.abstract)]
    if told:
        twin_sims = cand @ twins[told].T
        for i in sorted(set(range(len(candidates))) - set(bare)):
            j = int(twin_sims[i].argmax())
            if twin_sims[i, j] >= LIKELY_SAME_WORK:
                like_closed[i] = closed_or_pruned[told[j]].title
    # A listed paper's section is where the list has it, not a guess.
    listed_in = {id(e): doc.section_label(s) for s in doc.paper_sections() for e in s.entries}
    result: list[RankedPaper] = []
    for n, i in enumerate(order, 1):
        near = np.argsort(-sims[i])[:3]
        best, *alts = section_guesses[i]
        if found[i] is not None and id(found[i]) in listed_in:
            best, alts = SectionGuess(listed_in[id(found[i])], 1.0), []
        elif found[i] is not None:
            # Linked outside the paper sections ("## Workshops", a sentence): listed there, not a guess.
            best, alts = SectionGuess(found[i].section or best.section, 1.0 if found[i].section else 0.0), []
        terms, excluded_by = verdicts[i]
        result.append(RankedPaper(
            # An exclude term is the maintainers' own "never": their likelihood of adding the paper is 0,
            # and the order stays the order of the scores (only listed papers go last whatever theirs).
            paper=candidates[i], score=0.0 if excluded[i] else final[i], section=best.section,
            section_confidence=best.confidence,
            alternatives=alts,
            neighbors=[Neighbor(entries[j].plain_title, float(sims[i, j]), entries[j].section) for j in near],
            keywords=terms, listed=listed[i], excluded=excluded[i], rank=n,
            excluded_by=excluded_by, score_without_watchlist=final[i],
            score_before_boost=float(scores[i]) if final[i] != scores[i] else 0.0,
            keywords_in_title=watch.judge(candidates[i].title)[0] if terms else [],
            genre=shared_genre(candidates[i].title, candidates[i].abstract, heading_of.get(best.section, "")),
            by_venue=by_venue[i], like_closed=like_closed[i],
        ))
    return result


# A venue's own heading is near-certain, not certain: a maintainer may keep a workshop paper elsewhere.
# The preprints' heading for a venue the list has no heading for is a guess, under the PR body's
# "unsure" mark (proposal.UNSURE_SECTION): the maintainer may open the venue's heading instead.
VENUE_CONFIDENCE = 0.95
NO_VENUE_HEADING_CONFIDENCE = 0.45


def _venue_homes(homes: list[VenueHome | None], probs: np.ndarray, names: list[str]) -> list[str]:
    """In a list filed by venue (venues.py), each paper's section is its venue's heading (``homes``,
    or the preprints'), whatever the topical signals say: ``probs`` rows are set so (in place). Returns
    why, per paper ("its venue is ICLR 2026"), "" for a paper placed by the signals."""
    reasons = [""] * len(homes)
    for i, home in enumerate(homes):
        if home is not None and not home.label:
            reasons[i] = home.reason  # no heading for it: placed by the signals, and the PR says why
        if home is None or home.label not in names:  # a section sections.skip leaves out
            continue
        j = names.index(home.label)
        sure = VENUE_CONFIDENCE if home.sure else NO_VENUE_HEADING_CONFIDENCE
        rest = np.delete(probs[i], j)
        # The others share the rest in their order, each below the home's share, so the home stays the
        # suggestion at the confidence said (with two sections, the other gets less than the rest).
        rest = rest / max(rest.sum(), 1e-12) * (1 - sure)
        if rest.max(initial=0.0) >= sure:
            rest *= (sure - 0.01) / rest.max()
        probs[i] = np.insert(rest, j, sure)
        reasons[i] = home.reason
    return reasons


def _key(text: str) -> str:
    """A config key or heading path as compared: any case, "A>B" and "A  >  B" alike."""
    return " > ".join(p.strip() for p in text.casefold().split(">")).strip()


def _path_keys(path: tuple[str, ...]) -> list[str]:
    """A section's path from each heading above it down: "papers > evaluations" and the longer ones."""
    return [_key(" > ".join(path[i:])) for i in range(len(path) - 1)]


def _kind(key: str, config: Config) -> str:
    return "skip" if key in config.sections.skip else "hints"


def _section_probabilities(
    doc: CuratedList, entry_texts: list[str], entry_vecs: np.ndarray, candidates: list[Paper],
    cand: np.ndarray, placed: list[int], config: Config, embedder: TextEncoder,
    section_weights: SectionWeights | None, progress: bool,
) -> tuple[np.ndarray, list[str], list[str]]:
    """(n_candidates, n_sections) probabilities, the section names and their heading texts (with
    hints), learnt from the list's own entries (merged papers carry no trustworthy section)."""
    # Two sections may share a name ("Images > Attacks", "Text > Attacks"): each is told apart by its label.
    label = {id(s): doc.section_label(s) for s in doc.paper_sections()}
    # Config names a section by its label (that one), by its path ("Papers > Evaluations", as `list add
    # --section` takes it), by its name (every section of that name), by the start of its name when
    # that picks one section ("Attacks" for "Attacks on explainability"), or by a heading above it
    # (every section under "## Applications", such as its "**Medical**" group). The first key a
    # section has in that order wins: its own before its parent's.
    keys = {id(s): [_key(label[id(s)]), *_path_keys((*s.path, s.name)), _key(s.name)]
            for s in doc.paper_sections()}
    parents = {id(s): [_key(p) for p in reversed(s.path)] for s in doc.paper_sections()}
    for key in [*config.sections.skip, *config.sections.hints]:
        k = _key(key)
        if any(k in ks for ks in keys.values()):
            continue
        # "Attacks (12)" or "Images (12) > Attacks", as `init` wrote it, where the heading now reads
        # "(13)": the one section (or the heading above sections) that is it but for the counts; not
        # "Llama (2)" for "Llama (3)", each a key of its own.
        bare = uncounted_path(k.split(" > "))
        recounted = [s for s in doc.paper_sections()
                     if any(uncounted_path(key.split(" > ")) == bare for key in keys[id(s)])]
        above = [s for s in doc.paper_sections()
                 if any(uncounted_path(key.split(" > ")) == bare for key in parents[id(s)])]
        if len(recounted) == 1:
            keys[id(recounted[0])].append(k)
            continue
        if above and not recounted:
            for s in above:
                parents[id(s)].append(k)
            continue
        starts = [s for s in doc.paper_sections() if starts_with_words(s.name, k)]
        if len(starts) == 1:
            keys[id(starts[0])].append(k)
        elif any(k in ps for ps in parents.values()):
            continue
        elif len(starts) > 1:
            log.warning("sections.%s: %r starts %d headings of %s (%s); write the whole heading",
                        _kind(key, config), key, len(starts), doc.path,
                        ", ".join(repr(label[id(s)]) for s in starts))
        # (skipping a section that lists no papers, such as "Software", is harmless, if needless; it
        # is named as any key names one: "Libraries" for "🛠️ Libraries")
        elif not any(_key(s.name) == k or starts_with_words(s.name, k)
                     for s in doc.sections if not s.is_paper_section):
            log.warning("sections.%s: %r names no section of %s; paper sections are: %s",
                        _kind(key, config), key, doc.path, doc.paper_labels())
        elif _kind(key, config) == "hints":
            log.warning("sections.hints: %r names a section of %s that lists no papers, where none is "
                        "placed: the hint does nothing; paper sections are: %s", key, doc.path,
                        doc.paper_labels())
    for s in doc.paper_sections():
        keys[id(s)] += parents[id(s)]
    skip = {_key(s) for s in config.sections.skip}
    for key in config.sections.hints:
        if _key(key) in skip:
            log.warning("sections.hints: %r is in sections.skip too, where no paper is placed: the hint "
                        "does nothing", key)
    # One place per label: a topic in several years ("2021 > Attacks", "2020 > Attacks") is one section
    # here, with the entries of all; placing the paper picks the year's (CuratedList.section).
    first: dict[str, Section] = {}
    for s in doc.paper_sections():
        if not skip & set(keys[id(s)]):
            first.setdefault(label[id(s)], s)
    eligible = list(first.values())
    if not eligible:
        raise InputError(f"{doc.path}: every paper section is in sections.skip; leave at least one")
    hints = {_key(k): v for k, v in config.sections.hints.items()}
    topics = [undated((*s.path, s.name)) for s in eligible]
    headings = [heading_text(t[-1], tuple(t[:-1]), next((hints[n] for n in keys[id(s)] if n in hints), []))
                for s, t in zip(eligible, topics, strict=True)]
    label_of_entry = {id(e): label[id(s)] for s in doc.paper_sections() for e in s.entries}
    entries = doc.entries
    entry_labels = [label_of_entry.get(id(e), e.section) for e in entries]
    names = [label[id(s)] for s in eligible]
    weights = section_weights or SectionWeights()
    frozen = build_section_model(
        names, headings, entry_vecs, entry_labels, embedder.encode,
        entry_titles=[e.plain_title for e in entries], entry_abstracts=[e.abstract for e in entries],
        weights=weights,
    )
    cues = TextCues.of(headings, [p.title for p in candidates], [p.abstract for p in candidates])
    probs = section_probabilities(frozen, cand, cues)
    # With nothing to place, tuning would be all cost.
    tuned = _tuned_encoder(embedder, entries, entry_labels, names, config, progress) if placed else None
    if tuned is not None:
        top = np.array(placed, dtype=int)
        try:
            model = build_section_model(names, headings, tuned.encode(entry_texts), entry_labels,
                                        tuned.encode, weights=weights, temperature=frozen.temperature)
            vecs = tuned.encode([candidates[i].text for i in top], progress=progress)
        except TuningFailed as exc:
            log.warning(_WITHOUT_TUNING, exc)
        else:
            probs[top] = section_probabilities(model, vecs, cues[top])
    return probs, names, headings


__all__ = ["rank_papers", "ScoreParams", "SectionWeights", "TextEncoder"]
