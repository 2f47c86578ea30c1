"""A loopback GitHub REST server with real state, for driving the unmodified PyGithub client in tests.

It answers with GitHub's response shapes and errors (modelled on the exchanges PyGithub's own tests
recorded, ../shared/data/github-api/): git refs, branches, contents (base64, git blob shas), pulls,
issue labels, review requests and the user endpoint. State is kept in memory per repository: commits
(full trees, parents), refs, pull requests.

Usage::

    with GitHubServer(token="t0ken") as gh:
        gh.add_repo("owner/list", {"README.md": "# List\\n"}, default_branch="main")
        forge = Forge("owner/list", "t0ken", api_url=gh.url)      # any PyGithub client works
        ...
        gh.merge_pull(1)                      # a maintainer merges PR #1 (applies head's changes)
        gh.close_pull(2)                      # ... or closes it unmerged
        gh.set_file("owner/list", "README.md", "new text")   # commits to the default branch
        gh.fail_next("POST", r"/pulls$", 502, times=3)       # the next 3 matching requests fail
        gh.requests                           # the request log: [Request(method, path, query, body)]

Fault injection: ``fail_next(method, path_regex, status, body=None, headers=None, times=1)`` makes the
next ``times`` requests whose method matches and whose path (no query) matches ``re.search`` fail with
``status`` before they touch any state. The default body is GitHub's for that status; e.g. a 403 with
``headers={"Retry-After": "1"}`` is a secondary rate limit PyGithub's GithubRetry waits out.

Mergeability: PRs are merged three-way, line by line, like git: a PR is unmergeable (``mergeable: false``,
``mergeable_state: "dirty"``) when head and base changed overlapping or adjacent lines of a file since
their merge base (two entries appended at the same spot conflict; edits far apart merge cleanly).
The numbers in ``computing`` answer ``mergeable: null`` (``mergeable_state: "unknown"``), as GitHub does
while it works mergeability out after a push to either side.
"""

from __future__ import annotations

import base64
import difflib
import hashlib
import json
import re
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from . import QuietServer

DOCS = "https://docs.github.com/rest"
# GitHub lists pull requests in a shorter form ("pull-request-simple") than it gives one: a client that
# reads these off a listed PR makes a request per PR to fetch the whole.
_NOT_LISTED = frozenset({"merged", "mergeable", "mergeable_state", "rebaseable", "merged_by", "comments",
                         "review_comments", "maintainer_can_modify", "commits", "additions", "deletions",
                         "changed_files"})

_DEFAULT_MESSAGES = {
    400: "Problems parsing JSON",
    401: "Bad credentials",
    403: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
    404: "Not Found",
    409: "Conflict",
    422: "Validation Failed",
    500: "Server Error",
    502: "Server Error",
    503: "Service Unavailable",
}


def blob_sha(data: bytes) -> str:
    """The git blob id of ``data``, as GitHub reports it in the contents API."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


@dataclass
class Commit:
    sha: str
    tree: dict[str, bytes]
    parents: list[str]
    message: str


@dataclass
class Pull:
    number: int
    title: str
    body: str
    head: str  # branch name
    base: str
    draft: bool
    # The head branch's repository: None is this one; "someone/fork" a fork (its branch is not here),
    # "" a fork since deleted (GitHub then answers ``"repo": null``).
    head_repo: str | None = None
    state: str = "open"
    merged: bool = False
    merged_at: str | None = None
    labels: list[str] = field(default_factory=list)
    reviewers: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    created_at: str = field(default_factory=lambda: _now())  # GitHub always dates a PR
    updated_at: str = field(default_factory=lambda: _now())


@dataclass
class Repo:
    full_name: str
    default_branch: str
    commits: dict[str, Commit] = field(default_factory=dict)
    refs: dict[str, str] = field(default_factory=dict)  # "refs/heads/main" -> commit sha
    pulls: list[Pull] = field(default_factory=list)
    id: int = 0  # GitHub's repository id: kept through renames and transfers


def _head_owner(repo: Repo, pr: Pull) -> str:
    """The owner in a PR's head label ("owner:branch"): the fork's, for a PR from a fork."""
    return pr.head_repo.split("/")[0] if pr.head_repo else repo.full_name.split("/")[0]


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, str]
    body: Any


@dataclass
class _Fault:
    method: str
    path: re.Pattern[str]
    status: int
    body: Any
    headers: dict[str, str]
    times: int


class ApiError(Exception):
    def __init__(self, status: int, message: str, errors: list[dict[str, Any]] | None = None):
        super().__init__(message)
        self.status, self.message, self.errors = status, message, errors


def _hunks(old: list[bytes], new: list[bytes]) -> list[tuple[int, int, list[bytes]]]:
    """(start, end, replacement) line ranges of ``old`` that ``new`` changes."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    return [(i1, i2, new[j1:j2]) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]


def _merge_text(base: bytes, ours: bytes, theirs: bytes) -> bytes | None:
    """Line-level three-way merge as git does it: hunks that overlap or touch conflict."""
    lines = base.splitlines(keepends=True)
    a, b = _hunks(lines, ours.splitlines(keepends=True)), _hunks(lines, theirs.splitlines(keepends=True))
    for s1, e1, _ in a:
        for s2, e2, _ in b:
            if s1 <= e2 and s2 <= e1:
                return None
    out, pos = [], 0
    for start, end, replacement in sorted(a + b, key=lambda h: h[0]):
        out += lines[pos:start] + replacement
        pos = end
    return b"".join(out + lines[pos:])


CONTENTS_LIMIT = 1024 * 1024  # bytes the contents API gives a file's content for


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


class GitHubServer:
    """In-memory GitHub on 127.0.0.1 (a free port); ``.url`` is the PyGithub ``base_url``."""

    def __init__(self, token: str = "test-token", login: str = "litbot-test"):
        self.token = token
        self.login = login
        self.repos: dict[str, Repo] = {}
        self.moved: dict[str, str] = {}  # an old full name -> the current one (renamed or transferred)
        self.requests: list[Request] = []
        self._faults: list[_Fault] = []
        self._lock = threading.RLock()
        self._counter = 0
        self._rate_remaining = 5000
        self.computing: set[int] = set()  # PRs whose mergeability GitHub has not worked out yet
        self._httpd: QuietServer | None = None
        self._thread: threading.Thread | None = None
        self.url = ""

    # -- lifecycle ------------------------------------------------------------------------------

    def start(self) -> GitHubServer:
        server = self

        class Handler(_Handler):
            gh = server

        self._httpd = QuietServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> GitHubServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- test-facing API ------------------------------------------------------------------------

    def add_repo(self, full_name: str, files: dict[str, str], default_branch: str = "main") -> Repo:
        """Create a repository whose default branch holds one commit with ``files``."""
        with self._lock:
            repo = Repo(full_name, default_branch, id=1000 + len(self.repos) + len(self.moved))
            tree = {p: t.encode("utf-8") for p, t in files.items()}
            sha = self._commit(repo, tree, [], "Initial commit")
            repo.refs[f"refs/heads/{default_branch}"] = sha
            self.repos[full_name] = repo
            return repo

    def move_repo(self, old: str, new: str) -> None:
        """Rename or transfer a repository, as GitHub does: the old name answers 301 to the new one."""
        with self._lock:
            repo = self.repos.pop(old)
            repo.full_name = new
            self.repos[new] = repo
            self.moved[old] = new

    def set_file(self, full_name: str, path: str, text: str, branch: str | None = None,
                 message: str = "Maintainer edit") -> str:
        """Commit ``text`` at ``path`` on ``branch`` (default branch if None), as a maintainer would."""
        with self._lock:
            repo = self.repos[full_name]
            ref = f"refs/heads/{branch or repo.default_branch}"
            head = repo.commits[repo.refs[ref]]
            tree = dict(head.tree)
            tree[path] = text.encode("utf-8")
            repo.refs[ref] = self._commit(repo, tree, [head.sha], message)
            return repo.refs[ref]

    def move_file(self, full_name: str, path: str, to: str, message: str = "Move the list") -> str:
        """``git mv path to`` on the default branch, committed, as a maintainer would."""
        with self._lock:
            repo = self.repos[full_name]
            ref = f"refs/heads/{repo.default_branch}"
            head = repo.commits[repo.refs[ref]]
            tree = dict(head.tree)
            tree[to] = tree.pop(path)
            repo.refs[ref] = self._commit(repo, tree, [head.sha], message)
            return repo.refs[ref]

    def delete_file(self, full_name: str, path: str, message: str = "Remove the list") -> str:
        """``git rm path`` on the default branch, committed."""
        with self._lock:
            repo = self.repos[full_name]
            ref = f"refs/heads/{repo.default_branch}"
            head = repo.commits[repo.refs[ref]]
            tree = dict(head.tree)
            del tree[path]
            repo.refs[ref] = self._commit(repo, tree, [head.sha], message)
            return repo.refs[ref]

    def file_text(self, full_name: str, path: str, branch: str | None = None) -> str | None:
        with self._lock:
            repo = self.repos[full_name]
            sha = repo.refs.get(f"refs/heads/{branch or repo.default_branch}")
            if sha is None or path not in repo.commits[sha].tree:
                return None
            return repo.commits[sha].tree[path].decode("utf-8")

    def branches(self, full_name: str) -> list[str]:
        with self._lock:
            return sorted(r.removeprefix("refs/heads/") for r in self.repos[full_name].refs)

    def pulls(self, full_name: str, state: str = "all") -> list[Pull]:
        with self._lock:
            return [p for p in self.repos[full_name].pulls if state == "all" or p.state == state]

    def pull(self, full_name: str, number: int) -> Pull:
        with self._lock:
            return self._pull(self.repos[full_name], number)

    def merge_pull(self, number: int, full_name: str | None = None, delete_branch: bool = False) -> str:
        """Merge PR ``number`` into its base (a merge commit); raises if it conflicts."""
        with self._lock:
            repo = self._only_repo(full_name)
            pr = self._pull(repo, number)
            if pr.state != "open":
                raise ValueError(f"PR #{number} is not open")
            base_sha = repo.refs[f"refs/heads/{pr.base}"]
            head_sha = repo.refs[f"refs/heads/{pr.head}"]
            tree = self._merge_trees(repo, head_sha, base_sha)
            if tree is None:
                raise ValueError(f"PR #{number} conflicts with {pr.base}")
            repo.refs[f"refs/heads/{pr.base}"] = self._commit(
                repo, tree, [base_sha, head_sha], f"Merge pull request #{number}"
            )
            pr.state, pr.merged, pr.merged_at, pr.updated_at = "closed", True, _now(), _now()
            if delete_branch:
                repo.refs.pop(f"refs/heads/{pr.head}", None)
            return repo.refs[f"refs/heads/{pr.base}"]

    def close_pull(self, number: int, full_name: str | None = None) -> None:
        """Close PR ``number`` without merging, as a maintainer rejecting it."""
        with self._lock:
            pr = self._pull(self._only_repo(full_name), number)
            pr.state, pr.updated_at = "closed", _now()

    def update_branch(self, number: int, full_name: str | None = None) -> str:
        """GitHub's "Update branch" button: merge the base into PR ``number``'s head (a merge commit)."""
        with self._lock:
            repo = self._only_repo(full_name)
            pr = self._pull(repo, number)
            head, base = repo.refs[f"refs/heads/{pr.head}"], repo.refs[f"refs/heads/{pr.base}"]
            tree = self._merge_trees(repo, head, base)
            if tree is None:
                raise ValueError(f"PR #{number} conflicts with {pr.base}")
            message = f"Merge branch '{pr.base}' into {pr.head}"
            repo.refs[f"refs/heads/{pr.head}"] = self._commit(repo, tree, [head, base], message)
            return repo.refs[f"refs/heads/{pr.head}"]

    def reopen_pull(self, number: int, full_name: str | None = None) -> None:
        """Reopen closed, unmerged PR ``number``, as a maintainer who closed it by mistake."""
        with self._lock:
            pr = self._pull(self._only_repo(full_name), number)
            if pr.merged:
                raise ValueError(f"PR #{number} is merged")
            pr.state, pr.updated_at = "open", _now()

    def fail_next(self, method: str, path_regex: str, status: int, body: Any = None,
                  headers: dict[str, str] | None = None, times: int = 1) -> None:
        """The next ``times`` matching requests answer ``status`` (GitHub's body for it by default)."""
        if body is None:
            body = {"message": _DEFAULT_MESSAGES.get(status, "Error"), "documentation_url": DOCS}
        with self._lock:
            self._faults.append(
                _Fault(method.upper(), re.compile(path_regex), status, body, dict(headers or {}), times)
            )

    def count(self, method: str, path_regex: str) -> int:
        """How many logged requests match (for asserting retries and absence of duplicates)."""
        rx = re.compile(path_regex)
        with self._lock:
            return sum(1 for r in self.requests if r.method == method.upper() and rx.search(r.path))

    # -- git model ------------------------------------------------------------------------------

    def resolve_conflict(self, number: int, path: str, text: str, full_name: str | None = None) -> str:
        """GitHub's "Resolve conflicts" editor: a merge commit of the base into PR ``number``'s head,
        with ``path`` as the maintainer left it (their resolution, and any edit made while there)."""
        with self._lock:
            repo = self._only_repo(full_name)
            pr = self._pull(repo, number)
            head, base = repo.refs[f"refs/heads/{pr.head}"], repo.refs[f"refs/heads/{pr.base}"]
            tree = dict(repo.commits[base].tree, **{path: text.encode("utf-8")})
            message = f"Merge branch '{pr.base}' into {pr.head}"
            repo.refs[f"refs/heads/{pr.head}"] = self._commit(repo, tree, [head, base], message)
            return repo.refs[f"refs/heads/{pr.head}"]

    def _commit(self, repo: Repo, tree: dict[str, bytes], parents: list[str], message: str) -> str:
        self._counter += 1
        digest = hashlib.sha1(
            json.dumps([self._counter, parents, message, sorted((p, blob_sha(b)) for p, b in tree.items())])
            .encode()
        ).hexdigest()
        repo.commits[digest] = Commit(digest, tree, parents, message)
        return digest

    @staticmethod
    def _ancestors(repo: Repo, sha: str) -> list[str]:
        seen, order, todo = set(), [], [sha]
        while todo:
            s = todo.pop(0)
            if s in seen:
                continue
            seen.add(s)
            order.append(s)
            todo.extend(repo.commits[s].parents)
        return order

    def _merge_base(self, repo: Repo, a: str, b: str) -> str:
        of_b = set(self._ancestors(repo, b))
        return next(s for s in self._ancestors(repo, a) if s in of_b)

    def _mergeable(self, repo: Repo, head: str, base: str) -> bool:
        return self._merge_trees(repo, head, base) is not None

    def _merge_trees(self, repo: Repo, head: str, base: str) -> dict[str, bytes] | None:
        """The three-way merge of two commits' trees, or None when a file conflicts."""
        mb = repo.commits[self._merge_base(repo, head, base)].tree
        ht, bt = repo.commits[head].tree, repo.commits[base].tree
        merged: dict[str, bytes] = {}
        for path in set(mb) | set(ht) | set(bt):
            o, h, b = mb.get(path), ht.get(path), bt.get(path)
            if h == b or h == o:
                result = b
            elif b == o:
                result = h
            elif o is None or h is None or b is None:
                return None  # added on both sides, or deleted on one and changed on the other
            else:
                result = _merge_text(o, h, b)
                if result is None:
                    return None
            if result is not None:
                merged[path] = result
        return merged

    def _only_repo(self, full_name: str | None) -> Repo:
        if full_name:
            return self.repos[full_name]
        if len(self.repos) != 1:
            raise ValueError("several repositories: pass full_name")
        return next(iter(self.repos.values()))

    @staticmethod
    def _pull(repo: Repo, number: int) -> Pull:
        for p in repo.pulls:
            if p.number == number:
                return p
        raise ApiError(404, "Not Found")

    # -- JSON shapes ----------------------------------------------------------------------------

    def _repo_json(self, repo: Repo) -> dict[str, Any]:
        owner, name = repo.full_name.split("/")
        api = f"{self.url}/repos/{repo.full_name}"
        return {
            "id": repo.id or abs(hash(repo.full_name)) % 10**8, "node_id": "R_test", "name": name,
            "full_name": repo.full_name, "private": True,
            "owner": {"login": owner, "id": 1, "type": "User", "url": f"{self.url}/users/{owner}"},
            "html_url": f"https://github.com/{repo.full_name}", "url": api,
            "default_branch": repo.default_branch, "fork": False,
            "pulls_url": api + "/pulls{/number}", "issues_url": api + "/issues{/number}",
            "permissions": {"admin": False, "push": True, "pull": True},
        }

    def _ref_json(self, repo: Repo, ref: str) -> dict[str, Any]:
        sha = repo.refs[ref]
        api = f"{self.url}/repos/{repo.full_name}"
        return {
            "ref": ref, "node_id": "REF_test", "url": f"{api}/git/{ref}",
            "object": {"type": "commit", "sha": sha, "url": f"{api}/git/commits/{sha}"},
        }

    def _commit_json(self, repo: Repo, sha: str) -> dict[str, Any]:
        c = repo.commits[sha]
        api = f"{self.url}/repos/{repo.full_name}"
        return {
            "sha": sha, "node_id": "C_test", "url": f"{api}/git/commits/{sha}",
            "html_url": f"https://github.com/{repo.full_name}/commit/{sha}", "message": c.message,
            "author": {"name": self.login, "email": "bot@example.org", "date": _now()},
            "committer": {"name": self.login, "email": "bot@example.org", "date": _now()},
            "tree": {"sha": hashlib.sha1(sha.encode()).hexdigest(), "url": f"{api}/git/trees/x"},
            "parents": [{"sha": p, "url": f"{api}/git/commits/{p}"} for p in c.parents],
        }

    def _content_json(self, repo: Repo, path: str, data: bytes, ref: str) -> dict[str, Any]:
        sha = blob_sha(data)
        api = f"{self.url}/repos/{repo.full_name}"
        # Over 1 MB GitHub gives no content here ("encoding": "none"): the blob API has it.
        big = len(data) > CONTENTS_LIMIT
        return {
            "type": "file", "encoding": "none" if big else "base64", "size": len(data),
            "name": path.rsplit("/", 1)[-1], "path": path, "sha": sha,
            "content": "" if big else base64.encodebytes(data).decode("ascii"),
            "url": f"{api}/contents/{path}?ref={ref}", "git_url": f"{api}/git/blobs/{sha}",
            "html_url": f"https://github.com/{repo.full_name}/blob/{ref}/{path}",
            "download_url": f"https://raw.githubusercontent.com/{repo.full_name}/{ref}/{path}",
            "_links": {"self": f"{api}/contents/{path}", "git": f"{api}/git/blobs/{sha}"},
        }

    def _pull_json(self, repo: Repo, pr: Pull) -> dict[str, Any]:
        api = f"{self.url}/repos/{repo.full_name}"
        owner = repo.full_name.split("/")[0]
        head_sha = repo.refs.get(f"refs/heads/{pr.head}") if pr.head_repo is None else "f" * 40
        base_sha = repo.refs.get(f"refs/heads/{pr.base}")
        head_repo: dict[str, Any] | None = self._repo_json(repo)
        head_owner = _head_owner(repo, pr)
        if pr.head_repo is not None:
            head_repo = self._repo_json(Repo(pr.head_repo, repo.default_branch)) if pr.head_repo else None
        mergeable = None
        known = pr.number not in self.computing
        if known and pr.state == "open" and pr.head_repo is None and head_sha and base_sha:
            mergeable = self._mergeable(repo, head_sha, base_sha)
        user = {"login": self.login, "id": 2, "type": "Bot", "url": f"{self.url}/users/{self.login}"}
        return {
            "url": f"{api}/pulls/{pr.number}", "id": 1000 + pr.number, "node_id": f"PR_{pr.number}",
            "html_url": f"https://github.com/{repo.full_name}/pull/{pr.number}",
            "issue_url": f"{api}/issues/{pr.number}", "number": pr.number, "state": pr.state,
            "locked": False, "title": pr.title, "body": pr.body, "user": user, "draft": pr.draft,
            "merged": pr.merged, "merged_at": pr.merged_at,
            "closed_at": pr.updated_at if pr.state == "closed" else None,
            "mergeable": mergeable,
            "mergeable_state": {None: "unknown", True: "clean", False: "dirty"}[mergeable],
            "labels": [{"id": i + 1, "name": n, "color": "ededed", "url": f"{api}/labels/{n}"}
                       for i, n in enumerate(pr.labels)],
            "requested_reviewers": [{"login": r, "id": 10 + i, "type": "User"}
                                    for i, r in enumerate(pr.reviewers)],
            "head": {"label": f"{head_owner}:{pr.head}", "ref": pr.head, "sha": head_sha or "",
                     "repo": head_repo, "user": user},
            "base": {"label": f"{owner}:{pr.base}", "ref": pr.base, "sha": base_sha or "",
                     "repo": self._repo_json(repo), "user": user},
            "created_at": pr.created_at, "updated_at": pr.updated_at,
        }

    # -- request handling -----------------------------------------------------------------------

    def handle(self, method: str, raw_path: str, headers: dict[str, str], raw_body: bytes
               ) -> tuple[int, Any, dict[str, str]]:
        split = urlsplit(raw_path)
        path = split.path
        query = {k: v[-1] for k, v in parse_qs(split.query).items()}
        body: Any = None
        if raw_body:
            try:
                body = json.loads(raw_body)
            except ValueError:
                return 400, {"message": "Problems parsing JSON", "documentation_url": DOCS}, {}
        with self._lock:
            self.requests.append(Request(method, path, query, body))
            for fault in self._faults:
                if fault.times > 0 and fault.method == method and fault.path.search(path):
                    fault.times -= 1
                    return fault.status, fault.body, fault.headers
            auth = headers.get("authorization", "")
            if auth.split(" ", 1)[-1] != self.token:
                return 401, {"message": "Bad credentials", "documentation_url": DOCS}, {}
            moved = re.match(r"^/repos/([^/]+/[^/]+)(/.*)?$", path)
            if moved and moved.group(1) in self.moved and moved.group(1) not in self.repos:
                # GitHub redirects an old name to the repository's id, for every verb.
                repo = self.repos[self.moved[moved.group(1)]]
                location = f"{self.url}/repositories/{repo.id}{moved.group(2) or ''}"
                return 301, {"message": "Moved Permanently", "url": location, "documentation_url": DOCS}, {
                    "Location": location}
            by_id = re.match(r"^/repositories/(\d+)(/.*)?$", path)
            if by_id:
                named = [r for r in self.repos.values() if r.id == int(by_id.group(1))]
                path = f"/repos/{named[0].full_name}{by_id.group(2) or ''}" if named else path
            try:
                status, payload = self._route(method, path, query, body)
            except ApiError as err:
                payload = {"message": err.message, "documentation_url": DOCS}
                if err.errors is not None:
                    payload["errors"] = err.errors
                return err.status, payload, {}
            extra: dict[str, str] = {}
            if isinstance(payload, list):
                payload, extra = self._paginate(path, query, payload)
            return status, payload, extra

    def _paginate(self, path: str, query: dict[str, str], items: list[Any]
                  ) -> tuple[list[Any], dict[str, str]]:
        per_page = int(query.get("per_page", 30))
        page = int(query.get("page", 1))
        last = max(1, -(-len(items) // per_page))
        chunk = items[(page - 1) * per_page : page * per_page]
        if last == 1:
            return chunk, {}

        def link(p: int) -> str:
            q = dict(query, page=str(p), per_page=str(per_page))
            return f"{self.url}{path}?" + "&".join(f"{k}={v}" for k, v in q.items())

        parts = []
        if page < last:
            parts += [f'<{link(page + 1)}>; rel="next"', f'<{link(last)}>; rel="last"']
        if page > 1:
            parts += [f'<{link(1)}>; rel="first"', f'<{link(page - 1)}>; rel="prev"']
        return chunk, {"Link": ", ".join(parts)}

    def _route(self, method: str, path: str, query: dict[str, str], body: Any) -> tuple[int, Any]:
        if path == "/user" and method == "GET":
            return 200, {"login": self.login, "id": 2, "type": "User",
                         "url": f"{self.url}/users/{self.login}"}
        m = re.match(r"^/repos/([^/]+/[^/]+)(/.*)?$", path)
        # Names are case-insensitive on GitHub: "Owner/Awesome" is owner/awesome, which it answers as.
        repo = next((r for name, r in self.repos.items() if m and name.lower() == m.group(1).lower()), None)
        if not m or repo is None:
            raise ApiError(404, "Not Found")
        rest = unquote(m.group(2) or "")
        for pattern, verb, handler in self._routes():
            hit = re.match(pattern, rest)
            if hit and verb == method:
                return handler(repo, hit, query, body)
        raise ApiError(404, "Not Found")

    def _routes(self) -> list[tuple[str, str, Any]]:
        return [
            (r"^$", "GET", lambda repo, m, q, b: (200, self._repo_json(repo))),
            (r"^/branches/(.+)$", "GET", self._get_branch),
            (r"^/git/refs?/(heads/.+)$", "GET", self._get_ref),
            (r"^/git/matching-refs/(heads/.*)$", "GET", self._matching_refs),
            (r"^/git/refs$", "POST", self._create_ref),
            (r"^/git/refs/(heads/.+)$", "PATCH", self._update_ref),
            (r"^/git/refs/(heads/.+)$", "DELETE", self._delete_ref),
            (r"^/git/commits/([0-9a-f]{40})$", "GET",
             lambda repo, m, q, b: (200, self._commit_json(repo, self._need_commit(repo, m.group(1))))),
            (r"^/contents/(.+)$", "GET", self._get_contents),
            (r"^/git/blobs/([0-9a-f]{40})$", "GET", self._get_blob),
            (r"^/contents/(.+)$", "PUT", self._put_contents),
            (r"^/pulls$", "GET", self._list_pulls),
            (r"^/pulls$", "POST", self._create_pull),
            (r"^/pulls/(\d+)$", "GET",
             lambda repo, m, q, b: (200, self._pull_json(repo, self._pull(repo, int(m.group(1)))))),
            (r"^/pulls/(\d+)$", "PATCH", self._edit_pull),
            (r"^/pulls/(\d+)/requested_reviewers$", "POST", self._request_reviewers),
            (r"^/issues/(\d+)/labels$", "POST", self._add_labels),
            (r"^/issues/(\d+)/labels$", "GET", self._get_labels),
            (r"^/pulls/(\d+)/commits$", "GET", self._pull_commits),
            (r"^/compare/(.+?)\.\.\.(.+)$", "GET", self._compare),
            (r"^/issues/(\d+)/comments$", "POST", self._add_comment),
        ]

    @staticmethod
    def _need_commit(repo: Repo, sha: str) -> str:
        if sha not in repo.commits:
            raise ApiError(404, "Not Found")
        return sha

    def _resolve(self, repo: Repo, ref: str | None) -> str:
        """A branch name, refs/heads/<name> or a commit sha to a commit sha."""
        ref = ref or repo.default_branch
        for candidate in (ref, f"refs/heads/{ref}"):
            if candidate in repo.refs:
                return repo.refs[candidate]
        if ref in repo.commits:
            return ref
        raise ApiError(404, f"No commit found for the ref {ref}")

    def _get_branch(self, repo: Repo, m: re.Match[str], q: dict[str, str], b: Any) -> tuple[int, Any]:
        name = m.group(1)
        sha = repo.refs.get(f"refs/heads/{name}")
        if sha is None:
            raise ApiError(404, "Branch not found")
        return 200, {"name": name, "commit": self._commit_json(repo, sha) | {"commit": {"message": ""}},
                     "protected": name == repo.default_branch,
                     "_links": {"self": f"{self.url}/repos/{repo.full_name}/branches/{name}"}}

    def _get_ref(self, repo: Repo, m: re.Match[str], q: dict[str, str], b: Any) -> tuple[int, Any]:
        ref = "refs/" + m.group(1)
        if ref not in repo.refs:
            raise ApiError(404, "Not Found")
        return 200, self._ref_json(repo, ref)

    def _matching_refs(self, repo: Repo, m: re.Match[str], q: dict[str, str], b: Any) -> tuple[int, Any]:
        prefix = "refs/" + m.group(1)
        return 200, [self._ref_json(repo, r) for r in sorted(repo.refs) if r.startswith(prefix)]

    def _create_ref(self, repo: Repo, m: re.Match[str], q: dict[str, str], b: Any) -> tuple[int, Any]:
        if not isinstance(b, dict) or not isinstance(b.get("ref"), str) or not isinstance(b.get("sha"), str):
            raise ApiError(422, "Invalid request.\n\n\"ref\", \"sha\" weren't supplied.")
        ref, sha = b["ref"], b["sha"]
        if not ref.startswith("refs/") or ref.count("/") < 2:
            raise ApiError(422, "Reference name must start with 'refs/' and have at least two slashes.")
        if sha not in repo.commits:
            raise ApiError(422, "Object does not exist")
        if ref in repo.refs:
            raise ApiError(422, "Reference already exists")
        repo.refs[ref] = sha
        return 201, self._ref_json(repo, ref)

    def _update_ref(self, repo: Repo, m: re.Match[str], q: dict[str, str], b: Any) -> tuple[int, Any]:
        ref = "refs/" + m.group(1)
        if ref not in repo.refs:
            raise ApiError(422, "Reference does not exist")
        sha = (b or {}).get("sha")
        if sha not in repo.commits:
            raise ApiError(422, "Object does not exist")
        if not b.get("force") and repo.refs[ref] not in self._ancestors(repo, sha):
            raise ApiError(422, "Update is not a fast forward")
        repo.refs[ref] = sha
        return 200, self._ref_json(repo, ref)

    def _delete_ref(self, repo: Repo, m: re.Match[str], q: dict[str, str], b: Any) -> tuple[int, Any]:
        ref = "refs/" + m.group(1)
        if ref not in repo.refs:
            raise ApiError(422, "Reference does not exist")
        del repo.refs[ref]
        return 204, None

    def _get_contents(self, repo: Repo, m: re.Match[str], q: dict[str, str], b: Any) -> tuple[int, Any]:
        path, ref = m.group(1), q.get("ref") or repo.default_branch
        tree = repo.commits[self._resolve(repo, ref)].tree
        if path not in tree:
            raise ApiError(404, "Not Found")
        return 200, self._content_json(repo, path, tree[path], ref.removeprefix("refs/heads/"))

    def _get_blob(self, repo: Repo, m: re.Match[str], q: dict[str, str], b: Any) -> tuple[int, Any]:
        sha = m.group(1)
        data = next((d for c in repo.commits.values() for d in c.tree.values() if blob_sha(d) == sha), None)
        if data is None:
            raise ApiError(404, "Not Found")
        return 200, {"sha": sha, "size": len(data), "encoding": "base64",
                     "content": base64.encodebytes(data).decode("ascii"),
                     "url": f"{self.url}/repos/{repo.full_name}/git/blobs/{sha}", "node_id": "B_x"}

    def _put_contents(self, repo: Repo, m: re.Match[str], q: dict[str, str], b: Any) -> tuple[int, Any]:
        path = m.group(1)
        if not isinstance(b, dict) or "message" not in b or "content" not in b:
            raise ApiError(422, "Invalid request.\n\n\"message\", \"content\" weren't supplied.")
        branch = (b.get("branch") or repo.default_branch).removeprefix("refs/heads/")
        ref = f"refs/heads/{branch}"
        if ref not in repo.refs:
            raise ApiError(404, f"Branch {branch} not found")
        head = repo.commits[repo.refs[ref]]
        current = head.tree.get(path)
        if current is not None and not b.get("sha"):
            raise ApiError(422, "Invalid request.\n\n\"sha\" wasn't supplied.")
        if current is not None and b["sha"] != blob_sha(current):
            raise ApiError(409, f"{path} does not match {b['sha']}")
        try:
            data = base64.b64decode(b["content"], validate=True)
        except ValueError:
            raise ApiError(422, "content is not valid Base64") from None
        tree = dict(head.tree)
        tree[path] = data
        sha = self._commit(repo, tree, [head.sha], b["message"])
        repo.refs[ref] = sha
        return (200 if current is not None else 201), {
            "content": self._content_json(repo, path, data, branch),
            "commit": self._commit_json(repo, sha),
        }

    def _list_pulls(self, repo: Repo, m: re.Match[str], q: dict[str, str], b: Any) -> tuple[int, Any]:
        state = q.get("state", "open")
        if state not in ("open", "closed", "all"):
            raise ApiError(422, "Validation Failed",
                           [{"resource": "Search", "field": "state", "code": "invalid"}])
        found = []
        # GitHub lists newest first unless asked for "direction=asc" (number order is creation order here).
        oldest_first = q.get("direction") == "asc"
        for pr in sorted(repo.pulls, key=lambda p: p.number if oldest_first else -p.number):
            if state != "all" and pr.state != state:
                continue
            if "head" in q and q["head"] != f"{_head_owner(repo, pr)}:{pr.head}":
                continue
            if "base" in q and q["base"] != pr.base:
                continue
            found.append({k: v for k, v in self._pull_json(repo, pr).items() if k not in _NOT_LISTED})
        return 200, found

    def _create_pull(self, repo: Repo, m: re.Match[str], q: dict[str, str], b: Any) -> tuple[int, Any]:
        b = b if isinstance(b, dict) else {}
        head = str(b.get("head", "")).split(":")[-1]
        base = str(b.get("base", ""))
        if not b.get("title"):
            raise ApiError(422, "Validation Failed",
                           [{"resource": "PullRequest", "field": "title", "code": "missing_field"}])
        for field_name, branch in (("head", head), ("base", base)):
            if f"refs/heads/{branch}" not in repo.refs:
                raise ApiError(422, "Validation Failed",
                               [{"resource": "PullRequest", "field": field_name, "code": "invalid"}])
        owner = repo.full_name.split("/")[0]
        for pr in repo.pulls:
            if pr.state == "open" and pr.head_repo is None and pr.head == head and pr.base == base:
                raise ApiError(422, "Validation Failed", [{
                    "resource": "PullRequest", "code": "custom",
                    "message": f"A pull request already exists for {owner}:{head}.",
                }])
        head_sha, base_sha = repo.refs[f"refs/heads/{head}"], repo.refs[f"refs/heads/{base}"]
        if head_sha in self._ancestors(repo, base_sha):
            raise ApiError(422, "Validation Failed", [{
                "resource": "PullRequest", "code": "custom",
                "message": f"No commits between {base} and {head}",
            }])
        number = max((p.number for p in repo.pulls), default=0) + 1
        pr = Pull(number, str(b["title"]), str(b.get("body") or ""), head, base, bool(b.get("draft")),
                  created_at=_now(), updated_at=_now())
        repo.pulls.append(pr)
        return 201, self._pull_json(repo, pr)

    def _edit_pull(self, repo: Repo, m: re.Match[str], q: dict[str, str], b: Any) -> tuple[int, Any]:
        pr = self._pull(repo, int(m.group(1)))
        b = b if isinstance(b, dict) else {}
        if "title" in b:
            pr.title = str(b["title"])
        if "body" in b:
            pr.body = str(b["body"])
        if b.get("state") in ("open", "closed") and not pr.merged:
            pr.state = b["state"]
        pr.updated_at = _now()
        return 200, self._pull_json(repo, pr)

    def _request_reviewers(self, repo: Repo, m: re.Match[str], q: dict[str, str], b: Any) -> tuple[int, Any]:
        pr = self._pull(repo, int(m.group(1)))
        for login in (b or {}).get("reviewers", []):
            if login == self.login:
                raise ApiError(422, "Review cannot be requested from pull request author.")
            if login not in pr.reviewers:
                pr.reviewers.append(login)
        return 201, self._pull_json(repo, pr)

    def _add_labels(self, repo: Repo, m: re.Match[str], q: dict[str, str], b: Any) -> tuple[int, Any]:
        pr = self._pull(repo, int(m.group(1)))
        names = b.get("labels", []) if isinstance(b, dict) else (b or [])
        for name in names:
            if name not in pr.labels:
                pr.labels.append(str(name))
        return 200, self._pull_json(repo, pr)["labels"]

    def _pull_commits(self, repo: Repo, m: re.Match[str], q: dict[str, str], b: Any) -> tuple[int, Any]:
        """The PR's own commits (on its head, not on its base), oldest first, as GitHub lists them."""
        pr = self._pull(repo, int(m.group(1)))
        head = repo.refs.get(f"refs/heads/{pr.head}")
        base = repo.refs.get(f"refs/heads/{pr.base}")
        return 200, self._commits_between(repo, base, head)

    def _commits_between(self, repo: Repo, base: str | None, head: str | None) -> list[dict[str, Any]]:
        """The commits on ``head`` and not on ``base``, oldest first, in GitHub's commit-list shape."""
        on_base = set(self._ancestors(repo, base)) if base else set()
        own = [c for c in self._ancestors(repo, head) if c not in on_base] if head else []
        api = f"{self.url}/repos/{repo.full_name}"
        return [{
            "sha": sha, "node_id": "C_test", "url": f"{api}/commits/{sha}",
            "html_url": f"https://github.com/{repo.full_name}/commit/{sha}",
            "commit": self._commit_json(repo, sha), "author": None, "committer": None,
            "parents": self._commit_json(repo, sha)["parents"],
        } for sha in reversed(own)]

    def _compare(self, repo: Repo, m: re.Match[str], q: dict[str, str], b: Any) -> tuple[int, Any]:
        """``GET /compare/BASE...HEAD`` (branches or shas): the commits HEAD has that BASE lacks, as
        GitHub answers it (one page: the page size is 250, more than any test makes)."""
        base, head = (self._resolve_or_404(repo, ref) for ref in (m.group(1), m.group(2)))
        ahead = self._commits_between(repo, base, head)
        behind = self._commits_between(repo, head, base)
        status = ("identical" if not ahead and not behind else "ahead" if not behind
                  else "behind" if not ahead else "diverged")
        api = f"{self.url}/repos/{repo.full_name}"
        return 200, {
            "url": f"{api}/compare/{m.group(1)}...{m.group(2)}",
            "html_url": f"https://github.com/{repo.full_name}/compare/{m.group(1)}...{m.group(2)}",
            "permalink_url": f"https://github.com/{repo.full_name}/compare/{base[:7]}...{head[:7]}",
            "diff_url": f"https://github.com/{repo.full_name}/compare/{m.group(1)}...{m.group(2)}.diff",
            "patch_url": f"https://github.com/{repo.full_name}/compare/{m.group(1)}...{m.group(2)}.patch",
            "status": status, "ahead_by": len(ahead), "behind_by": len(behind),
            "total_commits": len(ahead), "commits": ahead, "files": [],
        }

    def _resolve_or_404(self, repo: Repo, ref: str) -> str:
        sha = repo.refs.get(f"refs/heads/{ref}") or (ref if ref in repo.commits else None)
        if sha is None:
            raise ApiError(404, "Not Found")
        return sha

    def _add_comment(self, repo: Repo, m: re.Match[str], q: dict[str, str], b: Any) -> tuple[int, Any]:
        pr = self._pull(repo, int(m.group(1)))
        body = str((b or {}).get("body", "")) if isinstance(b, dict) else ""
        if not body:
            raise ApiError(422, "Validation Failed")
        pr.comments.append(body)
        n = 5000 + len(pr.comments)
        user = {"login": self.login, "id": 2, "type": "Bot", "url": f"{self.url}/users/{self.login}"}
        return 201, {"id": n, "node_id": f"IC_{n}", "body": body, "user": user,
                     "url": f"{self.url}/repos/{repo.full_name}/issues/comments/{n}",
                     "html_url": f"https://github.com/{repo.full_name}/pull/{pr.number}#issuecomment-{n}",
                     "created_at": _now(), "updated_at": _now()}

    def _get_labels(self, repo: Repo, m: re.Match[str], q: dict[str, str], b: Any) -> tuple[int, Any]:
        return 200, self._pull_json(repo, self._pull(repo, int(m.group(1))))["labels"]

    def rate_headers(self) -> dict[str, str]:
        with self._lock:
            self._rate_remaining = max(0, self._rate_remaining - 1)
            used = 5000 - self._rate_remaining
        return {
            "X-RateLimit-Limit": "5000", "X-RateLimit-Remaining": str(self._rate_remaining),
            "X-RateLimit-Used": str(used), "X-RateLimit-Reset": str(int(time.time()) + 3600),
            "X-RateLimit-Resource": "core",
        }


class _Handler(BaseHTTPRequestHandler):
    gh: GitHubServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # keep pytest output clean
        pass

    def setup(self) -> None:
        super().setup()
        # Headers and body go out in separate writes; without this, Nagle + delayed ACK add 40 ms each.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        headers = {k.lower(): v for k, v in self.headers.items()}
        status, payload, extra = self.gh.handle(self.command, self.path, headers, raw)
        data = b"" if payload is None else json.dumps(payload).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("ETag", f'W/"{hashlib.md5(data).hexdigest()}"')
        self.send_header("X-GitHub-Media-Type", "github.v3; format=json")
        for k, v in {**self.gh.rate_headers(), **extra}.items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _serve
