"""`litbot init LIST.md`: write a commented starter config for a list, with its sections filled in."""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
from pathlib import Path

from bot.commands import entries_count
from bot.config import DEFAULT_CONFIG_PATH, config_from_text, is_repo_name
from bot.errors import ConfigError, InputError
from bot.fsutil import atomic_write_text
from bot.lists import CuratedList, read_list
from bot.lists.venues import venue_sections

# Heading words that say nothing about a section's topic.
_STOPWORDS = {
    "a", "an", "and", "are", "as", "at", "by", "for", "from", "in", "into", "is", "of", "on", "or", "other",
    "the", "to", "via", "with", "papers", "paper", "related", "further", "misc", "miscellaneous", "more",
    "etc", "general", "new", "recent", "some",
    # Where or when papers came out, not what they are about ("Latest arXiv", "Newest preprints").
    "latest", "newest", "arxiv", "preprint", "preprints",
}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("init", help="write a commented config for a curated list")
    p.add_argument("list_path", metavar="LIST.md", help="a local copy of the curated list")
    p.add_argument("--repo", help="owner/name of the GitHub repository that holds the list")
    p.add_argument("--path", default=None,
                   help="the list's path inside that repository (default: its path in the git checkout "
                        "it is in, else its file name)")
    p.add_argument("--out", default=DEFAULT_CONFIG_PATH,
                   help=f"where to write (default: {DEFAULT_CONFIG_PATH})")
    p.add_argument("--force", action="store_true", help="overwrite an existing config")
    p.set_defaults(func=init)


def heading_words(name: str) -> list[str]:
    """Topic words of a section heading, in order, without duplicates or filler words."""
    words = re.findall(r"[a-z][a-z0-9-]+", name.casefold())
    seen: list[str] = []
    for w in words:
        # Plural headings ("Attacks") should still match singular text ("an attack on ...").
        if len(w) > 4 and w.endswith("s") and not w.endswith(("ss", "is", "us")):
            w = w[:-1]
        if w not in _STOPWORDS and w not in seen:
            seen.append(w)
    return seen


def telling_words(doc: CuratedList) -> dict[int, list[str]]:
    """Per paper section (by id), its heading words that tell it from the others: a word of several
    headings stays only where it starts the heading ("attack" in "Attacks on explainability", not in
    "Defense from the attacks"), and a word in half the list's titles is the whole list's topic
    ("explanation" in a list of attacks on explanations), which points nowhere."""
    words = {id(s): heading_words(s.name) for s in doc.paper_sections()}
    owners: dict[str, list[int]] = {}
    for key, ws in words.items():
        for w in ws:
            owners.setdefault(w, []).append(key)
    titles = [set(heading_words(e.plain_title)) for e in doc.entries]
    common = {w for w in owners if len(titles) >= 4 and sum(w in t for t in titles) * 2 >= len(titles)}

    def telling(key: int, w: str) -> bool:
        return w not in common and (len(owners[w]) == 1 or words[key][0] == w)

    return {key: [w for w in ws if telling(key, w)] for key, ws in words.items()}


def skipped_sections(doc: CuratedList) -> list[str]:
    """Leaf sections that hold no papers (Conferences, Software, ...): never a place for a new paper."""
    ancestors = {name for s in doc.paper_sections() for name in s.path}
    return [
        s.name for s in doc.sections
        if not s.is_paper_section and not s.has_children and s.name not in ancestors and s.level > 1
    ]


def _q(value: str) -> str:
    # JSON strings are valid YAML scalars: safe for any heading text (colons, '&', quotes).
    return json.dumps(value, ensure_ascii=False)


def _flow(values: list[str]) -> str:
    return "[" + ", ".join(_q(v) for v in values) + "]"


def project_root_for(out: Path) -> Path:
    """The folder config paths resolve against (mirrors load_config)."""
    parent = out.resolve().parent
    return parent.parent if parent.name == "config" else parent


def render_config(doc: CuratedList, list_path: str, repo: str | None, repo_path: str, out: Path) -> str:
    """The commented YAML for ``doc``. Every key it writes is a real Config key."""
    root = project_root_for(out)
    local = os.path.relpath(Path(list_path).resolve(), root)
    if local.startswith(".."):  # outside the project: an absolute path survives moving the config
        local = str(Path(list_path).resolve())
    hint_lines = []
    labels: set[str] = set()
    telling = telling_words(doc)
    # Filed by venue, a paper goes to its venue's heading (or its year's preprints'): a hint for one
    # would never decide, and "security" for "USENIX Security 2024" points every paper there.
    venues = venue_sections(doc)
    venue_note = (f"  # {len(venues)} sections name venues or preprints: a paper goes to its venue's, "
                  "not where hints point" if venues else "")
    for s in doc.paper_sections():
        # By label: two sections may share a name ("Attacks > Papers", "Defenses > Papers"). Two with
        # the same whole path share a label too, and a hint for it reaches both: write it once.
        label = doc.section_label(s)
        if label in labels or label in venues:
            continue
        labels.add(label)
        words = telling[id(s)]
        note = "" if words else "; add words that point here"
        hint_lines.append(f"    {_q(label)}: {_flow(words)}  # {entries_count(len(s.entries))} now{note}")
    skip = skipped_sections(doc)
    repo_line = f"  repo: {_q(repo)}" if repo else "  repo: null  # set to owner/name before a real run"
    lines = [
        f"# litbot configuration for {doc.path} (written by `litbot init`).",
        "# Every key is optional; see config/litbot.yaml in the litbot repository for all keys and",
        "# defaults. The GitHub token is never read from this file: export GITHUB_TOKEN.",
        "",
        "list:",
        "  # owner/name of the repository holding the list. default: none (dry runs only)",
        repo_line,
        "  # Path of the list inside that repository. default: README.md",
        f"  path: {_q(repo_path)}",
        "  # Local copy, read by dry runs instead of the list on GitHub. default: none",
        f"  local_path: {_q(local)}",
        "",
        "sources:",
        "  arxiv:",
        "    # arXiv categories polled for new papers. default: [cs.LG, cs.AI, cs.CV, cs.CL, cs.CR]",
        "    categories: [cs.LG, cs.AI, cs.CV, cs.CL, cs.CR]",
        "    # Extra arXiv queries, e.g. 'all:\"adversarial\" AND all:\"explanation\"'. default: []",
        "    queries: []",
        "  # RSS/Atom feeds: [{name, url, venue, kind: auto|arxiv|generic}]. default: []",
        "  feeds: []",
        "  # JSONL candidate files in the ranking schema: [{path, name}]. default: []",
        "  files: []",
        "",
        "watchlist:",
        "  # A paper must match one of these to be considered (empty = no requirement). default: []",
        "  must: []",
        "  # Terms that raise a paper's score. default: []",
        "  boost: []",
        "  # Terms that drop a paper. default: []",
        "  exclude: []",
        "",
        "sections:",
        "  # Section -> words pointing to it; taken from the headings, edit them to taste. A genre word",
        "  # (survey, review, dataset, benchmark, toolkit) sends papers of that genre there. default: {}",
        *([venue_note] if venue_note else []),
        "  hints:" + ("" if hint_lines else " {}"),
        *hint_lines,
        "  # Sections never suggested: the list's sections without papers. default: []",
        f"  skip: {_flow(skip)}",
        "",
        "ranking:",
        "  # sentence-transformers model (the default ships with litbot). default: all-MiniLM-L6-v2",
        "  model: all-MiniLM-L6-v2",
        "  # Candidates scoring below this (0..1) are not proposed. default: 0.5",
        "  min_score: 0.5",
        "",
        "github:",
        "  # Prefix of litbot's branches: two lists in one repository need one each, neither the start",
        "  # of the other. default: litbot/",
        f"  branch_prefix: {_q(branch_prefix(repo_path))}",
        "  # Labels on every PR. default: [litbot]",
        "  labels: [litbot]",
        "  # No new PRs while this many are open. default: 5",
        "  max_open_prs: 5",
        "  # New PRs per run at most. default: 2",
        "  max_new_prs_per_run: 2",
        "",
        "schedule:",
        "  # When `litbot serve` runs (five-field cron). default: \"0 6 * * *\"",
        "  cron: \"0 6 * * *\"",
        "  # IANA time zone of the cron expression. default: UTC",
        "  timezone: UTC",
        "",
        "state:",
        "  # Folder of the SQLite state. default: state",
        "  dir: state",
        "",
    ]
    return "\n".join(lines)


def init(args: argparse.Namespace) -> int:
    out = Path(args.out)
    if out.exists() and not args.force:
        raise InputError(f"{out}: already exists; pass --force to overwrite it")
    if args.repo is not None and not is_repo_name(args.repo):
        raise InputError(f"--repo {args.repo!r}: must look like 'owner/name' "
                         "(letters, digits, '-', '_', '.')")
    doc = read_list(args.list_path)
    repo_path, how = (args.path, "") if args.path else repo_path_of(Path(args.list_path), args.repo)
    text = render_config(doc, args.list_path, args.repo, repo_path, out)
    # Never write a config that would not load: check it exactly as load_config will.
    try:
        config_from_text(text, str(out))
    except Exception as exc:  # a bug here, not user error; keep the old file intact
        raise ConfigError(f"{out}: generated config does not validate ({exc}); please report this") from None
    atomic_write_text(out, text)
    papers = sum(len(s.entries) for s in doc.paper_sections())
    print(f"wrote {out}: {len(doc.paper_sections())} paper sections ({papers} papers), "
          f"{len(skipped_sections(doc))} skipped; try `litbot run --dry-run --config {out}`")
    if how:
        print(f"list.path: {repo_path!r}, {how}; pass --path where the repository keeps the list elsewhere")
    return 0


def branch_prefix(repo_path: str) -> str:
    """The default prefix for the repository's README; for another file a prefix of its own
    ("papers/vision.md": "litbot-papers-vision/"), so that a second list's litbot never shares one."""
    if repo_path.casefold() == "readme.md":
        return "litbot/"
    # Letters, digits and dashes: no "..", "@{" or ".lock" end for git to refuse in a ref. A name that
    # loses letters on the way ("论文.md", nothing left) is told apart by a hash of the path.
    stem = repo_path.casefold().rsplit(".", 1)[0]
    name = re.sub(r"[^a-z0-9]+", "-", stem).strip("-")
    if not name or not stem.isascii():
        name = "-".join(filter(None, [name, hashlib.sha1(repo_path.encode("utf-8")).hexdigest()[:6]]))
    return f"litbot-{name}/"


def repo_path_of(list_path: Path, repo: str | None) -> tuple[str, str]:
    """(the list's path in its repository, how that was found): its path in the git checkout it is in,
    where that checkout is ``repo``'s (its remotes name it) or no ``repo`` is given; else its file name.
    A fixed "README.md" had a real run read and edit the repository's README instead of
    "docs/papers.md"; a copy of the list kept in another checkout (litbot's own) says nothing."""
    resolved = list_path.resolve()
    for folder in resolved.parents:
        git = folder / ".git"
        if git.exists():
            if repo is None or repo.casefold() in _remotes(git).casefold():
                return resolved.relative_to(folder).as_posix(), f"its path in the git checkout at {folder}"
            break
    return resolved.name, "its file name"


def _remotes(git: Path) -> str:
    """The text of the git config that names a checkout's remotes. In a worktree or a submodule ".git"
    is a file ("gitdir: ..."), and the config is the main repository's ("commondir" leads to it)."""
    folder = git
    if git.is_file():
        pointer = git.read_text(encoding="utf-8", errors="replace").strip()
        folder = (git.parent / pointer.removeprefix("gitdir:").strip()).resolve()
        common = folder / "commondir"
        if common.is_file():
            folder = (folder / common.read_text(encoding="utf-8", errors="replace").strip()).resolve()
    config = folder / "config"
    return config.read_text(encoding="utf-8", errors="replace") if config.is_file() else ""
