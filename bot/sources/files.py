"""The ``files`` source: candidates already in the ranking schema (JSONL), e.g. the offline example."""

from __future__ import annotations

import logging
from pathlib import Path

from bot.config import Config
from bot.errors import InputError
from bot.paper import read_jsonl
from bot.sources.normalize import make_paper
from bot.sources.report import SourceReport

log = logging.getLogger(__name__)


def fetch_files(config: Config) -> list[SourceReport]:
    reports = []
    for spec in config.sources.files:
        path = config.resolve(spec.path)
        name = f"file:{spec.name or Path(spec.path).stem}"
        report = SourceReport(name=name)
        skipped: list[InputError] = []
        try:
            raw = read_jsonl(str(path), bad_line=skipped.append)
        except InputError as exc:
            report.error = f"{name}: {exc}"
            log.warning("%s", report.error)
            reports.append(report)
            continue
        if skipped:
            # The file's good lines are read; the bad ones come back, and are warned about, every cycle.
            n = len(skipped) - 1
            more = f" with {n} more bad line{'s' if n > 1 else ''}" if n else ""
            report.error = f"{name}: {skipped[0]}. Skipped{more}; the file's other {len(raw)} read"
            log.warning("%s", report.error)
        for p in raw:
            # Files are as untrusted as feeds: the same cleaning applies.
            paper = make_paper(title=p.title, abstract=p.abstract, authors=p.authors, categories=p.categories,
                               published=p.published[:10], url=p.url, venue=p.venue, id=p.id, doi=p.doi,
                               arxiv_id=p.arxiv_id, source=name,
                               max_text_length=config.sources.max_text_length)
            if paper is not None:
                report.papers.append(paper)
        reports.append(report)
    return reports
