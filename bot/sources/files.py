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
MAX_LINES_NAMED = 10


def fetch_files(config: Config) -> list[SourceReport]:
    reports = []
    for i, spec in enumerate(config.sources.files):
        path = config.resolve(spec.path)
        name = f"file:{spec.name or Path(spec.path).stem}"
        report = SourceReport(name=name, local=True)
        skipped: list[tuple[int, InputError]] = []
        try:
            raw = read_jsonl(str(path), bad_line=skipped.append)
        except InputError as exc:
            # A file that is not there names the setting: a typo there is the likeliest cause.
            key = "" if path.is_file() else f" (sources.files[{i}].path)"
            report.error = f"{name}{key}: {exc}"
            log.warning("%s", report.error)
            reports.append(report)
            continue
        if skipped:
            # The file's good lines are read; the bad ones come back, and are warned about, every cycle.
            more = _more_lines([lineno for lineno, _ in skipped[1:]])
            report.error = f"{name}: {skipped[0][1]}. Skipped{more}; the file's other {len(raw)} read"
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


def _more_lines(numbers: list[int]) -> str:
    """" with 2 more bad lines (713, 714)": every bad line named, so that all are fixed in one go."""
    if not numbers:
        return ""
    shown = ", ".join(map(str, numbers[:MAX_LINES_NAMED])) + (", ..." if numbers[MAX_LINES_NAMED:] else "")
    return f" with {len(numbers)} more bad line{'s' if len(numbers) > 1 else ''} ({shown})"
