"""Forge over the unmodified PyGithub, against the loopback GitHub server: happy path and every fault."""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Iterator

import pytest
from servers.github_server import GitHubServer, Pull

from bot.forge import BranchTakenError, Forge, ForgeError

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
    assert sum(p.status == "open" for p in forge.find_pulls("litbot/")) == 1
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
    with pytest.raises(ForgeError, match=r"^repository owner/missing not found or token lacks access; "
                                         r"check list\.repo "):
        make_forge(gh, repo="owner/missing").read_file("README.md")


def test_missing_file_names_path_and_branch(forge: Forge) -> None:
    with pytest.raises(ForgeError, match="file 'LIST.md' not found on branch 'main'") as missing:
        forge.read_file("LIST.md")
    assert missing.value.exit_code == 2  # bad config: list.path or list.branch
    # On a branch of litbot's own (GitHub slow to serve one it just made), no config is wrong.
    forge.create_branch("litbot/x")
    with pytest.raises(ForgeError, match="not found on branch 'litbot/x'") as lagging:
        forge.read_file("LIST.md", ref="litbot/x")
    assert lagging.value.exit_code == 1


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


def test_a_pull_request_made_by_a_timed_out_create_gets_its_labels_and_reviewers(
    gh: GitHubServer, forge: Forge
) -> None:
    # A create that timed out after GitHub made the PR is retried and answered 422 "already exists":
    # the PR was adopted as it was, unlabelled, and recorded as open, so no later run labelled it.
    forge.create_branch("litbot/x")
    forge.commit_file("litbot/x", "README.md", LIST + "* y\n", "y")
    forge.open_pull("litbot/x", "t", "b", labels=["papers"])  # the request GitHub answered too late
    adopted = forge.open_pull("litbot/x", "t", "b", labels=["litbot", "papers"], reviewers=["alice"])
    stored = gh.pull(REPO, adopted.number)
    assert len(gh.pulls(REPO)) == 1
    assert stored.labels == ["papers", "litbot"] and stored.reviewers == ["alice"]


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


def test_a_repository_without_draft_prs_gets_a_ready_one(gh: GitHubServer, forge: Forge,
                                                         caplog: pytest.LogCaptureFixture) -> None:
    # Private repositories on GitHub's free plans refuse drafts: every run opened nothing, left its
    # branches behind, and ended well.
    forge.create_branch("litbot/x")
    forge.commit_file("litbot/x", "README.md", LIST + "* y\n", "y")
    gh.fail_next("POST", r"/pulls$", 422, body={
        "message": "Validation Failed", "documentation_url": "https://docs.github.com/rest/pulls/pulls",
        "errors": [{"resource": "PullRequest", "code": "custom",
                    "message": "Draft pull requests are not supported in this repository."}]})
    with caplog.at_level(logging.WARNING):
        pr = forge.open_pull("litbot/x", "t", "b")
    assert [(p.number, p.draft) for p in gh.pulls(REPO)] == [(pr.number, False)]
    assert "owner/awesome has no draft pull requests" in caplog.text


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
    assert sum(p.status == "open" for p in forge.find_pulls("litbot/")) == 1


def test_find_pulls_follows_pagination(gh: GitHubServer, forge: Forge) -> None:
    repo = gh.repos[REPO]
    for n in range(1, 131):  # more than one page of 100
        repo.pulls.append(Pull(n, f"PR {n}", "", f"litbot/p{n}" if n % 2 else f"other/p{n}", "main", True))
    found = forge.find_pulls("litbot/")
    assert len(found) == 65 and found[0].number == 129
    assert gh.count("GET", r"/pulls$") == 2


def test_find_pulls_leaves_a_longer_prefixs_branches_alone(gh: GitHubServer, forge: Forge) -> None:
    # "litbot/vision/" (or "litbot-vision/" beside "litbot") is another list's litbot: its PRs were
    # taken for this one's. A litbot names its branches prefix + a slug, which holds no "/".
    repo = gh.repos[REPO]
    for n, branch in enumerate(["litbot/arxiv-1", "litbot/vision/arxiv-2", "litbot-vision/arxiv-3",
                                "litbotarxiv-4"], 1):
        repo.pulls.append(Pull(n, f"PR {n}", "", branch, "main", True))
    assert [p.number for p in forge.find_pulls("litbot/")] == [1]
    assert [p.number for p in forge.find_pulls("litbot/vision/")] == [2]
    assert [p.number for p in forge.find_pulls("litbot")] == [4]


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


def test_a_missing_pull_request_is_not_reported_as_a_missing_repository(forge: Forge) -> None:
    forge.read_file("README.md")
    with pytest.raises(ForgeError, match=r"^GitHub error while reading a pull request \(HTTP 404\)") as err:
        forge.get_pull(99)
    assert err.value.status == 404


def test_http_500_is_retried_then_reported_like_any_server_failure(gh: GitHubServer, forge: Forge) -> None:
    gh.fail_next("GET", r"/contents/README\.md$", 500, times=3)
    with pytest.raises(ForgeError, match=r"HTTP 500\) after retries; run again later"):
        forge.read_file("README.md")
    assert gh.count("GET", r"/contents/README\.md$") == 3


def test_a_configured_branch_is_read_branched_from_and_targeted(gh: GitHubServer, forge: Forge) -> None:
    from bot.config import Config

    forge.create_branch("dev")
    gh.set_file(REPO, "README.md", LIST + "* on dev\n", branch="dev")
    config = Config.model_validate({"list": {"repo": REPO, "branch": "dev"}, "github": {"api_url": gh.url}})
    assert Forge.from_config(config, TOKEN).base_branch == "dev"
    dev = Forge(REPO, TOKEN, api_url=gh.url, retries=0, branch="dev", seconds_between_requests=None,
                seconds_between_writes=None)
    assert dev.read_file("README.md")[0] == LIST + "* on dev\n"
    dev.create_branch("litbot/x")
    dev.commit_file("litbot/x", "README.md", lambda t: t + "* ours\n", "add")
    assert gh.pull(REPO, dev.open_pull("litbot/x", "t", "b").number).base == "dev"
    assert gh.file_text(REPO, "README.md", "litbot/x") == LIST + "* on dev\n* ours\n"


def test_a_folder_or_a_non_utf8_file_where_the_list_belongs_is_one_line(gh: GitHubServer,
                                                                        forge: Forge) -> None:
    listing = [{"type": "file", "name": "a.md", "path": "docs/a.md", "sha": "0" * 40, "size": 1}]
    gh.fail_next("GET", r"/contents/docs$", 200, body=listing)
    with pytest.raises(ForgeError, match=r"^owner/awesome: 'docs' is a directory; list.path must") as err:
        forge.read_file("docs")
    assert err.value.status == 200
    latin1 = gh._content_json(gh.repos[REPO], "README.md", "Café\n".encode("latin-1"), "main")
    gh.fail_next("GET", r"/contents/README\.md$", 200, body=latin1)
    with pytest.raises(ForgeError, match=r"^owner/awesome: 'README.md' is not UTF-8 text$"):
        forge.read_file("README.md")


def test_a_branch_refused_for_another_reason_is_not_taken_for_an_existing_one(gh: GitHubServer,
                                                                               forge: Forge) -> None:
    gh.fail_next("POST", r"/git/refs$", 422, body={"message": "Reference update failed"})
    with pytest.raises(ForgeError, match=r"\(HTTP 422\): Reference update failed$") as err:
        forge.create_branch("litbot/x")
    assert err.value.status == 422 and gh.count("PATCH", r"/git/refs/") == 0


def test_an_existing_branch_with_someone_elses_commit_is_kept(gh: GitHubServer, forge: Forge) -> None:
    forge.create_branch("litbot/x")
    forge.commit_file("litbot/x", "README.md", lambda t: t + "* litbot's entry\n", "add\n\nMade-by: litbot")
    mine = forge.commit_file("litbot/x", "README.md", lambda t: t + "* maintainer's edit\n", "edit")
    gh.set_file(REPO, "README.md", LIST + "* more\n")

    def ours(message: str) -> bool:
        return message.endswith("Made-by: litbot")

    taken = r"^it exists with 1 commit litbot did not make \(latest: 'edit'\)"
    with pytest.raises(BranchTakenError, match=taken):
        forge.create_branch("litbot/x", ours=ours)
    assert forge.branch_sha("litbot/x") == mine and gh.count("PATCH", r"/git/refs/") == 0
    forge.commit_file("litbot/x", "README.md", lambda t: t + "* and another\n", "second edit\n\nwhy")
    with pytest.raises(BranchTakenError, match=r"^it exists with 2 commits litbot did not make \(latest: "
                                               r"'second edit'\); kept as it is: delete the branch"):
        forge.create_branch("litbot/x", ours=ours)
    forge.create_branch("litbot/x", ours=lambda message: True)
    assert gh.file_text(REPO, "README.md", "litbot/x") == LIST + "* more\n"


def test_a_branch_github_cannot_compare_with_the_base_is_kept(
        gh: GitHubServer, forge: Forge, monkeypatch: pytest.MonkeyPatch) -> None:
    # GitHub answers 404 for a branch with no history in common with the base: not one litbot made.
    # Stopping the run there ("run again") would have stopped every run.
    from github import UnknownObjectException

    forge.create_branch("litbot/x")

    def gone(*args: object, **kwargs: object) -> None:
        raise UnknownObjectException(404, {"message": "Not Found"}, {})

    monkeypatch.setattr(type(forge.repo), "compare", gone)
    kept = r"^it exists, and GitHub cannot compare it with the base branch \(404\); kept as it is"
    with pytest.raises(BranchTakenError, match=kept):
        forge.create_branch("litbot/x", ours=lambda message: True)
    assert gh.count("PATCH", r"/git/refs/") == 0


def test_a_commit_with_a_blank_message_is_someone_elses_too(gh: GitHubServer, forge: Forge) -> None:
    forge.create_branch("litbot/x")
    gh.set_file(REPO, "NOTES.md", "n\n", branch="litbot/x", message=" \n")
    with pytest.raises(BranchTakenError, match="latest: ''"):
        forge.create_branch("litbot/x", ours=lambda message: "Made-by: litbot" in message)


def test_a_branch_said_to_exist_but_not_found_asks_for_another_run(gh: GitHubServer, forge: Forge) -> None:
    # GitHub's replicas disagree for a moment: 422 "already exists", then 404 on reading it.
    gh.fail_next("POST", r"/git/refs$", 422, body={"message": "Reference already exists"})
    with pytest.raises(ForgeError, match=r"exists \(422\) but cannot find it \(404\).*run again$") as err:
        forge.create_branch("litbot/x")
    assert err.value.status == 404


def test_a_pr_from_a_deleted_fork_is_never_the_branchs_pr(gh: GitHubServer, forge: Forge) -> None:
    # A deleted fork's PR has no head repository, and its head label may read like one of ours.
    gh.repos[REPO].pulls.append(Pull(1, "Add x", "<!-- litbot:key=arxiv:1 -->", "litbot/x", "main", False,
                                     head_repo=""))
    assert forge.pull_for_branch("litbot/x") is None
    assert forge.find_pulls("litbot/") == []


def test_a_pr_with_no_body_reads_as_an_empty_one(gh: GitHubServer, forge: Forge) -> None:
    gh.repos[REPO].pulls.append(Pull(1, "Hand-made", None, "litbot/x", "main", False))  # type: ignore[arg-type]
    (pr,) = forge.find_pulls("litbot/")
    assert pr.body == "" and pr.keys == []


def test_an_hourly_rate_limit_far_from_its_reset_stops_the_run_instead_of_waiting(
    gh: GitHubServer, forge: Forge
) -> None:
    # PyGithub slept until X-RateLimit-Reset (up to an hour) on each of its retries.
    reset = str(int(time.time()) + 3600)
    gh.fail_next("GET", r"/contents/README\.md$", 403, times=10,
                 body={"message": "API rate limit exceeded for user ID 1.", "documentation_url": "x"},
                 headers={"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset})
    with pytest.raises(ForgeError, match="rate limit exceeded while reading the list file") as err:
        forge.read_file("README.md")
    # Refused at the first answer: no retry, so no wait for the reset an hour away.
    assert err.value.status == 403 and gh.count("GET", r"/contents/README\.md$") == 1
    # Said when: in a worker's log the plain "wait for the limit to reset" left the operator guessing.
    at = time.strftime("%H:%M UTC", time.gmtime(int(reset)))
    assert f"wait for the limit to reset (at {at}, in 60 min) and run again" in str(err.value)


def test_a_secondary_rate_limit_asks_for_a_pause_not_for_the_hourly_reset(gh: GitHubServer,
                                                                           forge: Forge) -> None:
    # GitHub sends its hourly limit's headers on every answer: read as the reset of this limit, a pause
    # of seconds was told as "at 22:13 UTC, in 60 min". (PyGithub raises its rate-limit exception where
    # the last answer had a Retry-After; without one its retry gives up with the plain 403.)
    forge.read_file("README.md")
    for headers, said in (({"Retry-After": "1"}, "secondary rate limit: wait 1 s and run again"),
                          (None, "secondary) still hit while reading the list file after retries (403); "
                                 "wait a few minutes and run again")):
        gh.fail_next("GET", r"/contents/README\.md$", 403, times=5, headers=headers)
        with pytest.raises(ForgeError) as err:
            forge.read_file("README.md")
        assert said in str(err.value) and " min)" not in str(err.value)
        gh._faults.clear()  # the retries left over


def test_a_retry_after_given_as_a_date_is_told_in_seconds(gh: GitHubServer, forge: Forge) -> None:
    from email.utils import formatdate

    forge.read_file("README.md")
    gh.fail_next("GET", r"/contents/README\.md$", 429, times=5,
                 headers={"Retry-After": formatdate(time.time() + 3600, usegmt=True)})
    with pytest.raises(ForgeError, match=r"secondary rate limit: wait 3[56]\d\d s and run again"):
        forge.read_file("README.md")


@pytest.mark.parametrize("status", [403, 429, 503])
def test_a_retry_after_longer_than_a_run_waits_stops_it_at_once(gh: GitHubServer, forge: Forge,
                                                                status: int) -> None:
    # urllib3 slept GitHub's Retry-After whatever its length, on each retry and without a word: asked
    # for 900 s, a run sat silent past the Action's timeout (and `docker stop` waited it out).
    forge.read_file("README.md")
    gh.fail_next("GET", r"/contents/README\.md$", status, times=5, headers={"Retry-After": "900"})
    start = time.monotonic()
    with pytest.raises(ForgeError) as err:
        forge.read_file("README.md")
    assert time.monotonic() - start < 5 and gh.count("GET", r"/contents/README\.md$") == 2
    assert err.value.status == status
    said = "wait 900 s and run again" if status != 503 else "(HTTP 503) after retries; run again later"
    assert said in str(err.value)


def test_a_wait_github_asks_for_is_said(gh: GitHubServer, forge: Forge,
                                         caplog: pytest.LogCaptureFixture) -> None:
    gh.fail_next("GET", r"/contents/README\.md$", 403, headers={"Retry-After": "5"})
    with caplog.at_level(logging.WARNING, logger="litbot"):
        assert forge.read_file("README.md")[0] == LIST
    assert "GitHub asked litbot to wait (HTTP 403): trying again in 5 s" in caplog.text


def test_a_secondary_rate_limit_answered_with_429_is_told_as_one(gh: GitHubServer, forge: Forge) -> None:
    # GitHub documents 403 or 429 for its secondary limits; a 429 read as a plain error gave no advice.
    forge.read_file("README.md")
    gh.fail_next("POST", r"/pulls$", 429, body={"message": "You have exceeded a secondary rate limit."})
    with pytest.raises(ForgeError, match=r"secondary\) while opening a pull request \(429\); wait a few"):
        forge.open_pull("litbot/x", "Add x", "body")
    assert gh.count("POST", r"/pulls$") == 1  # no Retry-After: not retried, and not said to be


def test_pygithubs_own_log_handler_is_adopted_so_json_logs_stay_json(gh: GitHubServer, capsys) -> None:
    # PyGithub, on import, gives its logger a stderr handler and INFO level: its retry and redirect
    # notices came out twice in a JSON-logging worker, once as a plain-text line a log pipeline rejects.
    import json
    import sys

    from bot.logs import setup_logging

    setup_logging("json")
    try:
        library = logging.getLogger("github")
        library.handlers[:] = [logging.StreamHandler(sys.stderr)]  # as `import github` leaves it
        library.setLevel(logging.INFO)
        make_forge(gh)
        logging.getLogger("github.GithubRetry").info("a request's retry")  # under WARNING: not shown
        notice = "Request GET /repos failed with 403: Forbidden"
        logging.getLogger("github.GithubRetry").warning(notice)
        lines = capsys.readouterr().err.splitlines()
        assert [json.loads(line)["msg"] for line in lines] == [notice]
    finally:
        logging.getLogger().handlers.clear()


def test_a_moved_repository_is_followed_with_a_warning_and_its_prs_found_under_the_new_owner(
        gh: GitHubServer, caplog: pytest.LogCaptureFixture) -> None:
    # Transferred to an organisation: GitHub answers the old name with 301 to the repository's id, and
    # a PR's head is "neworg:branch" from then on. Looked up as "owner:branch", a PR opened by a run
    # that died before recording it was not found, and the next run opened the branch again.
    before = make_forge(gh)
    before.create_branch("litbot/x")
    before.commit_file("litbot/x", "README.md", lambda old: old + "* [A](https://arxiv.org/abs/2101.00001)\n",
                       "Add A")
    before.open_pull("litbot/x", "Add A", "body <!-- litbot:key=arxiv:2101.00001 -->")
    gh.move_repo(REPO, "neworg/awesome")
    forge = make_forge(gh)  # the config still says owner/awesome
    with caplog.at_level(logging.WARNING, logger="bot.forge"):
        assert forge.read_file("README.md")[0] == LIST
        found = forge.pull_for_branch("litbot/x")
    assert found is not None and found.number == 1
    (moved,) = [r.getMessage() for r in caplog.records if "moved" in r.getMessage()]
    assert moved.startswith("repository owner/awesome has moved to neworg/awesome (GitHub redirects the old "
                            "name); set list.repo: neworg/awesome")
    forge.commit_file("litbot/x", "README.md", lambda old: old + "* [B](https://arxiv.org/abs/2101.00002)\n",
                      "Add B")  # writes reach the repository under its new name
    assert "2101.00002" in gh.file_text("neworg/awesome", "README.md", "litbot/x")


def test_a_list_repo_written_in_other_capitals_is_the_same_repository_not_a_moved_one(
        gh: GitHubServer, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="bot.forge"):
        assert make_forge(gh, repo="Owner/Awesome").read_file("README.md")[0] == LIST
    assert not [r for r in caplog.records if "moved" in r.getMessage()]


def test_a_refused_comment_is_a_forge_error_naming_what_failed(gh: GitHubServer, forge: Forge) -> None:
    forge.create_branch("litbot/x")
    forge.commit_file("litbot/x", "README.md", lambda old: old + "* [A](https://arxiv.org/abs/2101.00001)\n",
                      "Add A")
    number = forge.open_pull("litbot/x", "Add A", "body").number
    refused = {"message": "Resource not accessible by integration"}
    gh.fail_next("POST", r"/issues/\d+/comments$", 403, body=refused)
    with pytest.raises(ForgeError, match="GitHub refused commenting on a pull request \\(403\\)"):
        forge.comment(number, "a note")


@pytest.mark.parametrize("reset, said", [("1.5", ""), ("soon", ""), (None, ""),
                                         ("0", " (at 00:00 UTC, in 0 min)")])
def test_a_rate_limit_reset_header_is_read_only_as_the_epoch_seconds_github_sends(reset, said) -> None:
    # A time already past says "in 0 min", never a negative wait; an unreadable header says nothing.
    from github import GithubException

    from bot.forge import _reset_time

    headers = None if reset is None else {"X-RateLimit-Reset": reset}
    assert _reset_time(GithubException(403, {"message": "limit"}, headers)) == said


def test_a_list_over_a_megabyte_is_read_whole_and_edited(gh: GitHubServer, forge: Forge) -> None:
    # Over 1 MB GitHub's contents API answers "encoding": "none" and no content: PyGithub raised a bare
    # AssertionError, a traceback for every run of a list that long (found by a mutation round).
    big = "# L\n\n## Papers\n\n" + "".join(f"* [Paper {n}](https://example.org/{n}) - A. B., 2020\n"
                                           for n in range(25_000))
    assert len(big.encode()) > 1024 * 1024
    gh.set_file(REPO, "README.md", big)
    assert forge.read_file("README.md")[0] == big
    forge.create_branch("litbot/big")
    new = "* [New](https://example.org/new)\n"
    forge.commit_file("litbot/big", "README.md", lambda text: text + new, "add")
    assert forge.read_file("README.md", ref="litbot/big")[0] == big + new
