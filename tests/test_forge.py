"""Forge over the unmodified PyGithub, against the loopback GitHub server: happy path and every fault."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator

import pytest
from servers.github_server import GitHubServer, Pull

from bot.forge import Forge, ForgeError

TOKEN = "ghp_test_token"
REPO = "owner/awesome"
LIST = "# List\n\n## Attacks\n\n* [Old paper](https://arxiv.org/abs/1710.10547)\n"


@pytest.fixture
def gh() -> Iterator[GitHubServer]:
    with GitHubServer(token=TOKEN) as server:
        server.add_repo(REPO, {"README.md": LIST, "other.md": "x\n"}, default_branch="main")
        yield server


def make_forge(gh: GitHubServer, token: str = TOKEN, repo: str = REPO, retries: int = 2) -> Forge:
    # No throttling or backoff: the server is local and the tests must stay fast.
    return Forge(repo, token, api_url=gh.url, retries=retries, timeout=10, backoff_factor=0,
                 secondary_rate_wait=0.1, seconds_between_requests=None, seconds_between_writes=None)


@pytest.fixture
def forge(gh: GitHubServer) -> Forge:
    return make_forge(gh)


def test_read_file_gives_text_and_git_blob_sha(forge: Forge) -> None:
    text, sha = forge.read_file("README.md")
    assert text == LIST
    data = LIST.encode()
    assert sha == hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()
    assert forge.base_branch == "main"


def test_happy_path_branch_commit_draft_pr(gh: GitHubServer, forge: Forge) -> None:
    base = forge.create_branch("litbot/arxiv-2101.00001")
    assert gh.branches(REPO) == ["litbot/arxiv-2101.00001", "main"]
    new = LIST + "* [New paper](https://arxiv.org/abs/2101.00001)\n"
    commit = forge.commit_file("litbot/arxiv-2101.00001", "README.md", lambda old: old + new[len(LIST):],
                               "Add New paper")
    assert commit != base
    assert gh.file_text(REPO, "README.md", "litbot/arxiv-2101.00001") == new
    assert gh.file_text(REPO, "README.md") == LIST  # the base branch is untouched

    pr = forge.open_pull("litbot/arxiv-2101.00001", "Add paper", "body <!-- litbot:key=arxiv:2101.00001 -->",
                         labels=["litbot", "papers"], reviewers=["alice"])
    assert (pr.number, pr.draft, pr.status, pr.branch) == (1, True, "open", "litbot/arxiv-2101.00001")
    assert pr.keys == ["arxiv:2101.00001"]
    stored = gh.pull(REPO, 1)
    assert stored.draft and stored.base == "main" and stored.labels == ["litbot", "papers"]
    assert stored.reviewers == ["alice"]
    assert forge.count_open("litbot/") == 1
    assert forge.branches("litbot/") == ["litbot/arxiv-2101.00001"]


def test_a_refused_review_request_leaves_the_pr_and_says_so(gh: GitHubServer, forge: Forge, caplog) -> None:
    # The PR stands (it is the work; a reviewer is a courtesy), but a reviewer GitHub will never ask
    # must not go unnoticed.
    forge.create_branch("litbot/r")
    forge.commit_file("litbot/r", "README.md", lambda old: old + "* [New](https://x.org/1)\n", "Add")
    body = {"message": "Reviews may only be requested from collaborators. One or more of the users or "
                       "teams you specified is not a collaborator of the owner/awesome repository."}
    gh.fail_next("POST", r"/requested_reviewers$", 422, body=body)
    pr = forge.open_pull("litbot/r", "Add paper", "body", reviewers=["mallory"])
    assert pr.status == "open" and gh.pull(REPO, pr.number).reviewers == []
    assert "GitHub refused reviewers ['mallory'] on PR #1: Reviews may only be requested" in caplog.text


def test_existing_branch_is_reused_and_reset(gh: GitHubServer, forge: Forge) -> None:
    forge.create_branch("litbot/x")
    forge.commit_file("litbot/x", "README.md", "stale\n", "old attempt")
    gh.set_file(REPO, "README.md", LIST + "* more\n")  # base moved on meanwhile
    base_head = forge.create_branch("litbot/x")  # 422 "Reference already exists" -> reuse
    assert gh.count("POST", r"/git/refs$") == 2 and gh.count("PATCH", r"/git/refs/heads/litbot/x$") == 1
    assert forge.branch_sha("litbot/x") == base_head
    assert gh.file_text(REPO, "README.md", "litbot/x") == LIST + "* more\n"
    assert forge.branch_sha("litbot/nope") is None


def test_409_on_update_rereads_and_retries_once(gh: GitHubServer, forge: Forge) -> None:
    forge.create_branch("litbot/x")
    gh.fail_next("PUT", r"/contents/README\.md$", 409, body={"message": "README.md does not match abc"})
    seen: list[str] = []

    def build(old: str) -> str:
        seen.append(old)
        return old + "* added\n"

    forge.commit_file("litbot/x", "README.md", build, "add")
    assert len(seen) == 2 and gh.file_text(REPO, "README.md", "litbot/x") == LIST + "* added\n"

    gh.fail_next("PUT", r"/contents/README\.md$", 409, times=2)
    with pytest.raises(ForgeError) as err:
        forge.commit_file("litbot/x", "README.md", "y\n", "again")
    assert err.value.status == 409 and "\n" not in str(err.value)


def test_a_real_concurrent_change_is_not_overwritten(gh: GitHubServer, forge: Forge) -> None:
    forge.create_branch("litbot/x")
    calls = []

    def build(old: str) -> str:
        if not calls:  # someone pushes to the branch between our read and our write
            gh.set_file(REPO, "README.md", old + "* theirs\n", branch="litbot/x")
        calls.append(old)
        return old + "* ours\n"

    forge.commit_file("litbot/x", "README.md", build, "add")
    assert gh.file_text(REPO, "README.md", "litbot/x") == LIST + "* theirs\n* ours\n"


def test_bad_token(gh: GitHubServer) -> None:
    with pytest.raises(ForgeError, match=r"^GitHub rejected the token \(401\): check GITHUB_TOKEN$"):
        make_forge(gh, token="wrong").read_file("README.md")


def test_missing_repo(gh: GitHubServer) -> None:
    with pytest.raises(ForgeError, match=r"^repository owner/missing not found or token lacks access$"):
        make_forge(gh, repo="owner/missing").read_file("README.md")


def test_missing_file_names_path_and_branch(forge: Forge) -> None:
    with pytest.raises(ForgeError, match="file 'LIST.md' not found on branch 'main'"):
        forge.read_file("LIST.md")


def test_5xx_is_retried_then_reported(gh: GitHubServer, forge: Forge) -> None:
    forge.create_branch("litbot/x")
    forge.commit_file("litbot/x", "README.md", LIST + "* y\n", "y")
    gh.fail_next("POST", r"/pulls$", 502, times=2)  # retries=2: the third attempt succeeds
    assert forge.open_pull("litbot/x", "t", "b").number == 1
    assert gh.count("POST", r"/pulls$") == 3 and len(gh.pulls(REPO)) == 1

    gh.fail_next("GET", r"/pulls/1$", 503, times=3)
    with pytest.raises(ForgeError, match=r"HTTP 503\) after retries; run again later") as err:
        forge.get_pull(1)
    assert err.value.status == 503


def test_secondary_rate_limit_waits_for_retry_after(gh: GitHubServer, forge: Forge) -> None:
    gh.fail_next("GET", r"/contents/README\.md$", 403, headers={"Retry-After": "1"})
    start = time.monotonic()
    assert forge.read_file("README.md")[0] == LIST
    assert time.monotonic() - start >= 0.9
    assert gh.count("GET", r"/contents/README\.md$") == 2


def test_secondary_rate_limit_without_retry_after_uses_configured_wait(
    gh: GitHubServer, forge: Forge
) -> None:
    gh.fail_next("GET", r"/contents/README\.md$", 403)  # body: "You have exceeded a secondary rate limit"
    assert forge.read_file("README.md")[0] == LIST
    gh.fail_next("GET", r"/contents/README\.md$", 403, times=5)
    with pytest.raises(ForgeError, match="rate limit") as err:
        forge.read_file("README.md")
    assert err.value.status == 403


def test_plain_403_is_a_permission_error_without_retries(gh: GitHubServer, forge: Forge) -> None:
    forge.read_file("README.md")
    before = gh.count("POST", r"/git/refs$")
    gh.fail_next("POST", r"/git/refs$", 403, body={"message": "Resource not accessible by integration"})
    with pytest.raises(ForgeError, match=r"\(403\): Resource not accessible by integration; the token needs"):
        forge.create_branch("litbot/x")
    assert gh.count("POST", r"/git/refs$") == before + 1


def test_a_repository_that_forbids_actions_prs_says_which_setting(gh: GitHubServer, forge: Forge) -> None:
    forge.create_branch("litbot/x")
    refused = {"message": "GitHub Actions is not permitted to create or approve pull requests."}
    gh.fail_next("POST", r"/pulls$", 403, body=refused)
    with pytest.raises(ForgeError, match=r"Actions > General > 'Allow GitHub Actions.*LITBOT_TOKEN"):
        forge.open_pull("litbot/x", "t", "b")


def test_open_pull_returns_the_already_open_one(gh: GitHubServer, forge: Forge) -> None:
    forge.create_branch("litbot/x")
    forge.commit_file("litbot/x", "README.md", LIST + "* y\n", "y")
    first = forge.open_pull("litbot/x", "t", "b")
    again = forge.open_pull("litbot/x", "t", "b")  # 422 "A pull request already exists"
    assert again.number == first.number and len(gh.pulls(REPO)) == 1


def test_open_pull_reports_any_other_refusal_even_for_a_branch_with_an_old_pr(gh: GitHubServer,
                                                                              forge: Forge) -> None:
    # Taken for "already exists", GitHub's refusal would pass the branch's closed PR off as just opened.
    forge.create_branch("litbot/x")
    forge.commit_file("litbot/x", "README.md", LIST + "* y\n", "y")
    gh.close_pull(forge.open_pull("litbot/x", "t", "b").number)
    forge.reset_branch("litbot/x")
    with pytest.raises(ForgeError, match="No commits between main and litbot/x") as err:
        forge.open_pull("litbot/x", "t", "b")
    assert err.value.status == 422 and len(gh.pulls(REPO)) == 1


def test_pull_for_branch_prefers_an_open_pr_then_the_newest(gh: GitHubServer, forge: Forge) -> None:
    # A branch can carry several PRs over time (closed, opened again, reopened): litbot's own PR for
    # it is the open one, else the latest.
    forge.create_branch("litbot/x")
    forge.commit_file("litbot/x", "README.md", LIST + "* y\n", "y")
    first = forge.open_pull("litbot/x", "t", "b")
    gh.close_pull(first.number)
    second = forge.open_pull("litbot/x", "t", "b")
    gh.close_pull(second.number)
    assert forge.pull_for_branch("litbot/x").number == second.number
    gh.reopen_pull(first.number)
    assert forge.pull_for_branch("litbot/x").number == first.number


def test_deleting_a_branch_that_went_meanwhile_is_done(gh: GitHubServer, forge: Forge) -> None:
    forge.create_branch("litbot/x")
    forge.delete_branch("litbot/none")  # never there: GitHub's 404 on looking it up
    # Gone between the lookup and the delete (another run, the maintainer): GitHub answers 422.
    gh.fail_next("DELETE", r"/git/refs/heads/litbot/x$", 422, body={"message": "Reference does not exist"})
    forge.delete_branch("litbot/x")
    forge.delete_branch("litbot/x")
    assert "refs/heads/litbot/x" not in gh.repos[REPO].refs


def test_pull_states_and_lookup(gh: GitHubServer, forge: Forge) -> None:
    for n, branch in enumerate(["litbot/a", "litbot/b", "litbot/c", "feature"], 1):
        forge.create_branch(branch)
        forge.commit_file(branch, "other.md", f"{n}\n" if branch != "feature" else "f\n", branch)
        forge.open_pull(branch, branch, f"<!-- litbot:key=arxiv:{n} -->")
    gh.merge_pull(1)
    gh.close_pull(2)
    assert forge.get_pull(1).status == "merged" and forge.get_pull(2).status == "closed"
    assert forge.pull_for_branch("litbot/c").status == "open"
    assert forge.pull_for_branch("litbot/none") is None
    assert [p.branch for p in forge.find_pulls("litbot/")] == ["litbot/c", "litbot/b", "litbot/a"]
    assert forge.count_open("litbot/") == 1


def test_find_pulls_follows_pagination(gh: GitHubServer, forge: Forge) -> None:
    repo = gh.repos[REPO]
    for n in range(1, 131):  # more than one page of 100
        repo.pulls.append(Pull(n, f"PR {n}", "", f"litbot/p{n}" if n % 2 else f"other/p{n}", "main", True))
    found = forge.find_pulls("litbot/")
    assert len(found) == 65 and found[0].number == 129
    assert gh.count("GET", r"/pulls$") == 2


def test_conflict_is_reported_and_reset_rebuilds(gh: GitHubServer, forge: Forge) -> None:
    forge.create_branch("litbot/x")
    forge.commit_file("litbot/x", "README.md", lambda t: t + "* ours\n", "ours")
    pr = forge.open_pull("litbot/x", "t", "b")
    assert forge.get_pull(pr.number).mergeable is True
    gh.set_file(REPO, "README.md", LIST + "* theirs\n")
    assert forge.get_pull(pr.number).mergeable is False
    forge.reset_branch("litbot/x")
    forge.commit_file("litbot/x", "README.md", lambda t: t + "* ours\n", "ours again")
    assert forge.get_pull(pr.number).mergeable is True
    gh.merge_pull(pr.number)
    assert gh.file_text(REPO, "README.md") == LIST + "* theirs\n* ours\n"


def test_edits_far_apart_merge_cleanly(gh: GitHubServer, forge: Forge) -> None:
    forge.create_branch("litbot/x")
    forge.commit_file("litbot/x", "README.md", lambda t: t.replace("# List", "# The list"), "rename")
    pr = forge.open_pull("litbot/x", "t", "b")
    gh.set_file(REPO, "README.md", LIST + "* theirs\n")
    assert forge.get_pull(pr.number).mergeable is True
    gh.merge_pull(pr.number)
    assert gh.file_text(REPO, "README.md") == LIST.replace("# List", "# The list") + "* theirs\n"


def test_unreachable_server_is_one_line(gh: GitHubServer) -> None:
    url = gh.url
    gh.stop()
    forge = Forge(REPO, TOKEN, api_url=url, retries=0, timeout=2, seconds_between_requests=None)
    with pytest.raises(ForgeError, match=r"^cannot reach GitHub at http://127\.0\.0\.1:\d+ while"):
        forge.read_file("README.md")


def test_empty_token_is_refused() -> None:
    with pytest.raises(ForgeError, match="GITHUB_TOKEN is empty"):
        Forge(REPO, "")
