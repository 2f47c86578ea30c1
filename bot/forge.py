"""All of litbot's GitHub I/O, over PyGithub: read the list, branch, commit, open draft PRs, read outcomes.

Every GitHub failure leaves here as a ``ForgeError`` (a LitbotError) with one line saying what failed and
what to do; transient ones (5xx, secondary rate limits with Retry-After) are first retried by PyGithub's
GithubRetry.
"""

from __future__ import annotations

import base64
import functools
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import requests
from github import Auth, Github, GithubException, GithubRetry
from github.GithubException import BadCredentialsException, RateLimitExceededException, UnknownObjectException
from github.Repository import Repository

from bot.errors import LitbotError
from bot.logs import adopt_library_loggers

log = logging.getLogger(__name__)

T = TypeVar("T")


class ForgeError(LitbotError):
    """A GitHub call failed; ``status`` is the HTTP status (0 when the server was unreachable; 200 when
    it answered with something unusable, such as a folder where the list should be)."""

    def __init__(self, message: str, status: int = 0, *, bad_config: bool = False):
        super().__init__(message)
        self.status = status
        if bad_config:  # no retry helps; the config, the token or the list must change: exit 2, as for config
            self.exit_code = 2


def _named_under(branch: str, prefix: str) -> bool:
    # A slug is letters, digits, dots and dashes (bot.proposal.slug): a "/" after the prefix is a
    # longer prefix's ("litbot/vision/", "litbot-vision/" for "litbot").
    return branch.startswith(prefix) and "/" not in branch[len(prefix):]


class BranchTakenError(ForgeError):
    """A branch litbot would reset holds someone else's commits: left alone, the PR not opened."""


@dataclass
class PullInfo:
    number: int
    url: str
    state: str  # "open" or "closed", as GitHub says
    merged: bool
    draft: bool
    branch: str
    title: str
    body: str
    mergeable: bool | None  # None while GitHub is still computing it
    labels: tuple[str, ...] = ()
    created: float = 0.0  # when it was opened (seconds since the epoch; 0 where GitHub gives no date)

    @property
    def status(self) -> str:
        """litbot's proposal status for this PR: open, merged or closed (closed unmerged)."""
        if self.merged:
            return "merged"
        return "closed" if self.state == "closed" else "open"

    @property
    def keys(self) -> list[str]:
        """Paper keys from the hidden markers litbot writes into its PR bodies."""
        from bot.proposal import keys_from_body

        return keys_from_body(self.body)

    @property
    def list_path(self) -> str | None:
        """The list file the PR's hidden marker names; None for a PR opened before PRs named it."""
        from bot.proposal import list_from_body

        return list_from_body(self.body)

    @property
    def titles(self) -> dict[str, str]:
        """The papers' titles the markers carry, by key (none in a PR opened before they did)."""
        from bot.proposal import titles_from_body

        return titles_from_body(self.body)


@dataclass(frozen=True)
class PullCommit:
    sha: str
    message: str
    parents: tuple[str, ...]  # a merge commit has two: the branch's head before it, then what it merged


def _add_labels(pr: Any, labels: list[str]) -> None:
    """Labels are decoration: one GitHub refuses (422) is a warning, never an opened PR looking unopened
    nor a cycle stopped. The PR stands without it (asking again every run would repeat the warning for
    a label GitHub will go on refusing)."""
    try:
        pr.add_to_labels(*labels)
    except GithubException as exc:
        if exc.status != 422:
            raise
        log.warning("GitHub refused labels %s on PR #%s: %s", labels, pr.number, _message(exc))


def _message(exc: GithubException) -> str:
    data = exc.data if isinstance(exc.data, dict) else {}
    text = str(data.get("message") or "").strip()
    details = [e.get("message", "") for e in data.get("errors", []) or [] if isinstance(e, dict)]
    return "; ".join(t for t in [text, *details] if t) or f"HTTP {exc.status}"


# PyGithub waits for the hourly (primary) rate limit to reset, up to an hour, per retry: a cron run
# would sit idle for hours. Past this many seconds of waiting the run stops and says so instead.
RATE_LIMIT_MAX_WAIT = 300


# A wait this long or longer is said: shorter ones are the usual backoff between retries.
_SAID_WAIT = 5.0


class _Retry(GithubRetry):
    """GithubRetry that holds GitHub's own Retry-After to the cap it holds a rate limit's reset to, and
    says when it waits. urllib3 slept any Retry-After (up to six hours, on each of five retries) without
    a word: a run asked to wait 900 s sat silent past the Action's timeout."""

    def increment(self, method: str | None = None, url: str | None = None, response: Any = None,
                  error: Exception | None = None, _pool: Any = None, _stacktrace: Any = None) -> Any:
        after = self.get_retry_after(response) if response is not None else None
        if after is not None and after > RATE_LIMIT_MAX_WAIT:
            body = {"message": f"GitHub asks to wait {after:.0f} s (Retry-After), longer than a run waits "
                               f"({RATE_LIMIT_MAX_WAIT} s)"}
            # In seconds, as the advice reads it: GitHub may give a date.
            headers = {**dict(response.headers), "Retry-After": str(round(after))}
            status = response.status
            if status in (403, 429):
                raise RateLimitExceededException(status, body, headers)
            raise GithubException(status, body, headers)
        return super().increment(method, url, response, error, _pool, _stacktrace)

    def sleep(self, response: Any = None) -> None:
        after = self.get_retry_after(response) if response is not None else None
        wait = after if after is not None else self.get_backoff_time()
        if wait >= _SAID_WAIT:
            why = (f"GitHub asked litbot to wait (HTTP {response.status})" if after is not None
                   else f"GitHub answered HTTP {response.status}" if response is not None
                   else "GitHub did not answer")
            log.warning("%s: trying again in %.0f s", why, wait)
        super().sleep(response)


def _errors(what: str) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """Translate PyGithub/requests failures inside a Forge method into one-line ForgeErrors."""

    def wrap(fn: Callable[..., T]) -> Callable[..., T]:
        @functools.wraps(fn)
        def inner(self: Forge, *args: Any, **kwargs: Any) -> T:
            try:
                return fn(self, *args, **kwargs)
            except ForgeError:
                raise
            except BadCredentialsException:
                raise ForgeError("GitHub rejected the token (401): check GITHUB_TOKEN", 401,
                                 bad_config=True) from None
            except RateLimitExceededException as exc:
                raise ForgeError(
                    f"GitHub rate limit exceeded while {what} ({exc.status}): {_message(exc)}; "
                    f"{_rate_limit_advice(exc)}", exc.status
                ) from None
            except GithubException as exc:
                raise self._translate(exc, what) from None
            except requests.RequestException as exc:
                raise ForgeError(
                    f"cannot reach GitHub at {self.api_url} while {what} ({type(exc).__name__}); "
                    "check the network and github.api_url", 0
                ) from None

        return inner

    return wrap


def _rate_limit_advice(exc: GithubException) -> str:
    """How long to wait. The hourly limit names its reset time; a secondary limit (PyGithub raises the
    same exception) has calls left in the hour, and its reset time would send the operator away for up
    to an hour where GitHub asks for a pause (its Retry-After) or "a few minutes"."""
    headers = {k.lower(): str(v) for k, v in (exc.headers or {}).items()}
    remaining = headers.get("x-ratelimit-remaining", "0").strip()
    retry = headers.get("retry-after", "").strip()
    if remaining != "0" or retry.isdigit():
        pause = f"{retry} s" if retry.isdigit() else "a few minutes"
        return f"this is GitHub's secondary rate limit: wait {pause} and run again"
    return f"wait for the limit to reset{_reset_time(exc)} and run again"


def _reset_time(exc: GithubException) -> str:
    """When GitHub says the limit resets (its X-RateLimit-Reset, seconds since the epoch), as the
    operator's clock would read it in UTC; "" where it does not say."""
    reset = {k.lower(): v for k, v in (exc.headers or {}).items()}.get("x-ratelimit-reset", "")
    if not str(reset).isdigit():
        return ""
    minutes = max(0, round((int(reset) - time.time()) / 60))
    return f" (at {time.strftime('%H:%M UTC', time.gmtime(int(reset)))}, in {minutes} min)"


class Forge:
    """One repository on GitHub (or a GitHub-compatible API at ``api_url``)."""

    def __init__(
        self,
        repo: str,
        token: str,
        api_url: str = "https://api.github.com",
        retries: int = 5,
        timeout: float = 30,
        *,
        branch: str | None = None,
        backoff_factor: float = 1.0,
        secondary_rate_wait: float = 60,
        seconds_between_requests: float | None = 0.25,
        seconds_between_writes: float | None = 1.0,
    ):
        if not token:
            raise ForgeError("GITHUB_TOKEN is empty: a token is needed to open pull requests", 401,
                             bad_config=True)
        self.repo_name = repo
        self.api_url = api_url.rstrip("/")
        self._branch = branch
        adopt_library_loggers()  # PyGithub's own handler, added when it was imported
        # raise_on_status=False: after the last retry PyGithub sees the real response and raises a
        # GithubException with its status, instead of an opaque urllib3 MaxRetryError.
        retry = _Retry(total=retries, backoff_factor=backoff_factor,
                       secondary_rate_wait=secondary_rate_wait, raise_on_status=False,
                       max_rate_limit_wait=RATE_LIMIT_MAX_WAIT)
        # PyGithub annotates timeout as int but hands it to requests, which takes seconds as a float.
        self.gh = Github(auth=Auth.Token(token), base_url=self.api_url, retry=retry,
                         timeout=timeout,  # type: ignore[arg-type]
                         seconds_between_requests=seconds_between_requests,
                         seconds_between_writes=seconds_between_writes, per_page=100)
        self._repo: Repository | None = None

    @classmethod
    def from_config(cls, config: Any, token: str, **kwargs: Any) -> Forge:
        """A Forge for ``config.list.repo`` with the retry/timeout settings of ``config.github``."""
        if not config.list.repo:
            raise ForgeError("config key 'list.repo' is not set: name the repository as 'owner/name'",
                             bad_config=True)
        gh = config.github
        options = {
            "branch": config.list.branch,
            "backoff_factor": gh.backoff_factor,
            "secondary_rate_wait": gh.secondary_rate_wait,
            "seconds_between_requests": gh.seconds_between_requests or None,
            "seconds_between_writes": gh.seconds_between_writes or None,
        }
        return cls(config.list.repo, token, gh.api_url, gh.retries, gh.timeout_seconds,
                   **(options | kwargs))

    def _translate(self, exc: GithubException, what: str) -> ForgeError:
        status = exc.status
        if status == 404 and self._repo is None:
            return ForgeError(f"repository {self.repo_name} not found or token lacks access; check list.repo "
                              "in the config (owner/name) and that the token can read that repository", 404,
                              bad_config=True)
        if status == 403 and "not permitted to create or approve pull requests" in _message(exc):
            # The workflow's token is refused by a repository setting its `permissions:` cannot lift.
            return ForgeError(
                f"GitHub refused {what} (403): {_message(exc)}; turn on Settings > Actions > General > "
                "'Allow GitHub Actions to create and approve pull requests', or give litbot a personal "
                "access token (LITBOT_TOKEN)", 403)
        if status == 403 and not _message(exc).startswith(("HTTP", "You have exceeded")):
            return ForgeError(
                f"GitHub refused {what} (403): {_message(exc)}; the token needs contents and "
                "pull-requests write access", 403)
        if status in (403, 429):
            # GithubRetry only retries 403s it recognises as rate limits, and consumes their body; GitHub
            # answers a secondary rate limit with 403 or 429 (which is not retried without a Retry-After).
            again = " still hit" if status == 403 else ""
            after = " after retries" if status == 403 else ""
            return ForgeError(f"GitHub rate limit (secondary){again} while {what}{after} ({status}); "
                              "wait a few minutes and run again", status)
        if status >= 500:
            return ForgeError(f"GitHub failed while {what} (HTTP {status}) after retries; run again later",
                              status)
        return ForgeError(f"GitHub error while {what} (HTTP {status}): {_message(exc)}", status)

    # -- repository -----------------------------------------------------------------------------

    @property
    @_errors("opening the repository")
    def repo(self) -> Repository:
        if self._repo is None:
            repo = self.gh.get_repo(self.repo_name)
            repo.default_branch  # noqa: B018 - forces the GET so a missing repo fails here, clearly
            if repo.full_name.lower() != self.repo_name.lower():
                # Renamed or transferred: GitHub redirects the old name, for now. A new repository
                # created under the old name would end the redirect and take litbot's PRs.
                log.warning("repository %s has moved to %s (GitHub redirects the old name); set list.repo: "
                            "%s in the config", self.repo_name, repo.full_name, repo.full_name)
            self._repo = repo
        return self._repo

    @property
    def base_branch(self) -> str:
        return self._branch or self.repo.default_branch

    @_errors("reading the list file")
    def read_file(self, path: str, ref: str | None = None) -> tuple[str, str]:
        """(text, blob sha) of ``path`` on ``ref`` (the base branch by default)."""
        on_base = ref is None or ref == self.base_branch
        ref = ref or self.base_branch
        try:
            content = self.repo.get_contents(path, ref=ref)
        except GithubException as exc:
            if exc.status == 404:
                # Bad config only on the base branch: on a branch litbot just made, GitHub may lag.
                raise ForgeError(
                    f"{self.repo_name}: file '{path}' not found on branch '{ref}'; check list.path and "
                    "list.branch", 404, bad_config=on_base) from None
            raise
        # GitHub answered (200), with something that is no list: no retry will change that.
        if isinstance(content, list):
            raise ForgeError(f"{self.repo_name}: '{path}' is a directory; list.path must name a file", 200,
                             bad_config=on_base)
        try:
            if content.encoding == "none":  # over 1 MB: the contents API leaves the text to the blob API
                data = base64.b64decode(self.repo.get_git_blob(content.sha).content)
            else:
                data = content.decoded_content
            return data.decode("utf-8"), content.sha
        except UnicodeDecodeError:
            raise ForgeError(f"{self.repo_name}: '{path}' is not UTF-8 text", 200,
                             bad_config=on_base) from None

    @_errors("reading a branch")
    def branch_sha(self, branch: str) -> str | None:
        """The commit a branch points at, or None when it does not exist."""
        try:
            return self.repo.get_git_ref(f"heads/{branch}").object.sha
        except GithubException as exc:
            if exc.status == 404:
                return None
            raise

    @_errors("listing branches")
    def branches(self, prefix: str) -> list[str]:
        refs = self.repo.get_git_matching_refs(f"heads/{prefix}")
        return [r.ref.removeprefix("refs/heads/") for r in refs]

    @_errors("creating a branch")
    def create_branch(self, branch: str, ours: Callable[[str], bool] | None = None) -> str:
        """Point ``branch`` at the base branch's head; returns that commit sha.

        When the branch already exists (422 "Reference already exists": a previous run died after
        creating it) it is reused: force-reset to the base head. With ``ours`` (which commit messages
        are litbot's), a branch holding a commit that is not is left as it is and ``BranchTakenError``
        raised: the reset would have thrown away someone's work.
        """
        base_sha = self.repo.get_branch(self.base_branch).commit.sha
        try:
            self.repo.create_git_ref(f"refs/heads/{branch}", base_sha)
        except GithubException as exc:
            if exc.status != 422 or "already exists" not in _message(exc).lower():
                raise
            try:
                if ours is not None:
                    self._refuse_if_taken(branch, ours)
                self.repo.get_git_ref(f"heads/{branch}").edit(base_sha, force=True)
            except UnknownObjectException:
                # GitHub's replicas disagree for a moment; a retry on the next run sees one answer.
                raise ForgeError(
                    f"GitHub said branch {branch!r} already exists (422) but cannot find it (404) "
                    "while creating a branch; run again", 404
                ) from None
        return base_sha

    def _refuse_if_taken(self, branch: str, ours: Callable[[str], bool]) -> None:
        try:
            theirs = [c.commit.message for c in self.repo.compare(self.base_branch, branch).commits
                      if not ours(c.commit.message)]
        except UnknownObjectException:
            # A replica that has not seen the branch yet (the ref 404s too: "run again", below), or a
            # branch with no history in common with the base, which GitHub cannot compare: not one
            # litbot made, so not litbot's to reset.
            self.repo.get_git_ref(f"heads/{branch}")
            raise BranchTakenError(
                "it exists, and GitHub cannot compare it with the base branch (404); kept as it is: "
                "delete the branch for litbot to open its PR there", 409) from None
        if theirs:
            latest = theirs[-1].strip().splitlines()[0][:80] if theirs[-1].strip() else ""
            raise BranchTakenError(
                f"it exists with {len(theirs)} {'commit' if len(theirs) == 1 else 'commits'} litbot did "
                f"not make (latest: {latest!r}); kept as it is: delete the branch for litbot to open its "
                "PR there", 409)

    @_errors("deleting a branch")
    def delete_branch(self, branch: str) -> None:
        try:
            self.repo.get_git_ref(f"heads/{branch}").delete()
        except GithubException as exc:
            if exc.status not in (404, 422):  # already gone
                raise

    @_errors("committing the list file")
    def commit_file(self, branch: str, path: str, build: str | Callable[[str], str], message: str) -> str:
        """Commit the file's new text on ``branch``; returns the commit sha.

        ``build`` maps the file's current text on the branch to its new text (or is the new text).
        The update names the blob it replaces, so a concurrent change is never overwritten: GitHub
        answers 409 and we re-read, rebuild and retry once.
        """
        for attempt in range(2):
            text, sha = self.read_file(path, ref=branch)
            new_text = build(text) if callable(build) else build
            try:
                result = self.repo.update_file(path, message, new_text, sha, branch=branch)
                return result["commit"].sha
            except GithubException as exc:
                if exc.status != 409 or attempt:
                    raise
        raise AssertionError("unreachable")

    @_errors("resetting a branch")
    def reset_branch(self, branch: str) -> str:
        """Force ``branch`` back to the base branch's head (to rebuild a conflicting PR); returns the sha."""
        base_sha = self.repo.get_branch(self.base_branch).commit.sha
        self.repo.get_git_ref(f"heads/{branch}").edit(base_sha, force=True)
        return base_sha

    # -- pull requests --------------------------------------------------------------------------

    def _info(self, pr: Any, whole: bool = False) -> PullInfo:
        """``pr`` as GitHub lists it, or ``whole`` as it gives one PR. A listed PR lacks ``merged`` and
        ``mergeable``: reading them would make PyGithub fetch that PR on its own, a request for every
        PR litbot ever opened, every run. ``merged_at`` is listed; mergeability only matters for an
        open PR about to be refreshed, which is fetched whole."""
        return PullInfo(number=pr.number, url=pr.html_url, state=pr.state, merged=pr.merged_at is not None,
                        draft=bool(pr.draft), branch=pr.head.ref, title=pr.title or "", body=pr.body or "",
                        mergeable=pr.mergeable if whole else None,
                        labels=tuple(label.name for label in pr.labels),
                        created=pr.created_at.timestamp() if pr.created_at else 0.0)

    def _ours(self, pr: Any) -> bool:
        """The PR's branch lives in this repository. Anyone can open a PR from a fork with a branch named
        like litbot's and its markers in the body: a stranger's PR must not speak for litbot (a closed
        one would ban a paper for ever). By id: a renamed repository keeps it. A deleted fork leaves
        ``repo`` null."""
        repo = pr.head.repo
        return repo is not None and repo.id == self.repo.id

    @_errors("opening a pull request")
    def open_pull(self, branch: str, title: str, body: str, labels: list[str] | None = None,
                  reviewers: list[str] | None = None) -> PullInfo:
        """Open a draft PR from ``branch`` to the base branch; an already-open one is returned instead.
        Where the repository has no draft PRs (private repositories on GitHub's free plans), a ready one:
        refused, every run opened nothing, left its branches behind and still ended well."""
        def create(draft: bool) -> Any:
            return self.repo.create_pull(base=self.base_branch, head=branch, title=title, body=body,
                                         draft=draft, maintainer_can_modify=True)

        try:
            pr = create(draft=True)
        except GithubException as exc:
            message = _message(exc).lower()
            existing = (self.pull_for_branch(branch) if exc.status == 422 and "already exists" in message
                        else None)
            if existing is not None:
                # Made by a request that timed out (or answered 502) and was retried: it has no labels or
                # reviewers yet, and no later run adds them to a PR recorded as open.
                pr = self.repo.get_pull(existing.number)
            elif exc.status != 422 or "draft pull requests are not supported" not in message:
                raise
            else:
                log.warning("%s has no draft pull requests (GitHub: %s); opening PR for %s as ready for "
                            "review", self.repo_name, _message(exc), branch)
                pr = create(draft=False)
        missing = [label for label in labels or [] if label not in {x.name for x in pr.labels}]
        if missing:
            _add_labels(pr, missing)
        if reviewers:
            try:
                pr.create_review_request(reviewers=list(reviewers))
            except GithubException as exc:
                if exc.status != 422:  # e.g. the reviewer is the token's own user: the PR still stands
                    raise
                log.warning("GitHub refused reviewers %s on PR #%s: %s", reviewers, pr.number, _message(exc))
        return self._info(pr)

    @_errors("labelling a pull request")
    def ensure_labels(self, pull: PullInfo, labels: list[str]) -> None:
        """Add the configured labels a PR lacks (for a PR a run died between opening and labelling)."""
        missing = [label for label in labels if label not in pull.labels]
        if missing:
            _add_labels(self.repo.get_pull(pull.number), missing)

    @_errors("listing a pull request's commits")
    def pull_commits(self, number: int) -> list[PullCommit]:
        """The PR's own commits (those on its branch and not on its base), oldest first."""
        return [PullCommit(c.sha, c.commit.message, tuple(p.sha for p in c.parents))
                for c in self.repo.get_pull(number).get_commits()]

    @_errors("editing a pull request")
    def edit_pull(self, number: int, change: Callable[[str, str], tuple[str, str]]) -> None:
        """Change a PR's title and description as they are now, read just before: an edit a maintainer
        made since litbot last read them stays. Only what ``change`` changed is sent."""
        pull = self.repo.get_pull(number)
        title, body = pull.title, pull.body or ""
        new_title, new_body = change(title, body)
        changed = {k: v for k, v, old in (("title", new_title, title), ("body", new_body, body)) if v != old}
        if changed:
            pull.edit(**changed)

    @_errors("commenting on a pull request")
    def comment(self, number: int, text: str) -> None:
        self.repo.get_pull(number).create_issue_comment(text)

    @_errors("closing a pull request")
    def close_pull(self, number: int, comment: str) -> None:
        """Close PR ``number`` (unmerged), then say why in a comment: a close GitHub refuses leaves no
        comment behind, to be posted again on every retry."""
        pr = self.repo.get_pull(number)
        pr.edit(state="closed")
        pr.create_issue_comment(comment)

    @_errors("reading a pull request")
    def get_pull(self, number: int) -> PullInfo:
        return self._info(self.repo.get_pull(number), whole=True)

    @_errors("looking up pull requests")
    def pull_for_branch(self, branch: str) -> PullInfo | None:
        """The newest PR (open, closed or merged) whose head is ``branch``; open ones win."""
        # The owner GitHub names now: a transferred repository's PRs are headed "neworg:branch".
        head = f"{self.repo.owner.login}:{branch}"
        pulls = [self._info(p) for p in self.repo.get_pulls(state="all", head=head) if self._ours(p)]
        pulls.sort(key=lambda p: (p.state == "open", p.number), reverse=True)
        return pulls[0] if pulls else None

    @_errors("listing pull requests")
    def find_pulls(self, prefix: str) -> list[PullInfo]:
        """Every PR (any state) from a branch of this repository named ``prefix`` and a name litbot gives
        (a paper's slug, a digest's), newest first. Not one under a longer prefix that starts with this
        one ("litbot/vision/..." for "litbot/"): another list's litbot."""
        pulls = self.repo.get_pulls(state="all", sort="created", direction="desc")
        return [self._info(p) for p in pulls if _named_under(p.head.ref, prefix) and self._ours(p)]

