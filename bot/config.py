"""litbot's configuration: one YAML file validated by pydantic; every error names the key and the fix."""

from __future__ import annotations

import difflib
import os
import posixpath
import re
import typing
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from bot.errors import ConfigError
from bot.fsutil import os_reason
from bot.watchlist import Watchlist

DEFAULT_MODEL = "all-MiniLM-L6-v2"
# The characters GitHub allows in owner and repository names. Anything else ("own er/name", a stray
# quote) would pass a looser check and fail only at the first real run, as GitHub's 404.
_REPO_NAME = re.compile(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")


def is_repo_name(value: str) -> bool:
    """Whether ``value`` looks like GitHub's ``owner/name`` ("." and ".." would walk the API path)."""
    return _REPO_NAME.fullmatch(value) is not None and not {".", ".."} & set(value.split("/"))


def _web_address(value: str) -> str:
    """An http(s) URL, checked now: anything else failed at every run, as a warning or a refused call."""
    if not re.fullmatch(r"(?i:https?)://[^\s/?#]+[^\s]*", value):
        raise ValueError(f"{value!r} is not an http(s) URL; give the full address, starting with https://")
    return value


WebAddress = Annotated[str, AfterValidator(_web_address)]


class _Strict(BaseModel):
    # Unknown keys are almost always typos ("max_open_pr"); reject them instead of ignoring. An infinite
    # timeout or wait (".inf") passed every bound and failed every request at run time.
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class ListConfig(_Strict):
    repo: str | None = Field(None, description="owner/name of the repository holding the list")
    path: str = Field("README.md", description="path of the list file inside the repository")
    branch: str | None = Field(None, description="branch to read and target; default: the repo's default")
    local_path: str | None = Field(
        None, description="local copy of the list, read by dry runs instead of the list on GitHub, token "
        "or not (`rank` takes its list from --list)"
    )
    abstracts_from_arxiv: bool = Field(
        True, description="ask arXiv (by id, else by title) for the abstracts of entries written without "
        "one, once each, kept in state: the ranker learns far more from abstracts than from titles"
    )

    @field_validator("repo")
    @classmethod
    def _repo_shape(cls, v: str | None) -> str | None:
        if v is not None and not is_repo_name(v):
            raise ValueError("must look like 'owner/name' (letters, digits, '-', '_', '.')")
        return v

    @field_validator("path")
    @classmethod
    def _path_in_repo(cls, v: str) -> str:
        path = repo_file_path(v)
        if path in (".", "..") or path.startswith("../") or not v.strip():
            raise ValueError("must be a file's path inside the repository, e.g. README.md or docs/papers.md")
        return path


def repo_file_path(path: str) -> str:
    """A file's path in a repository, spelt one way ("./README.md", "/README.md": "README.md"): the state
    and each PR remember the list by it, and a spelling fixed later read as another list's file."""
    return posixpath.normpath(path.strip().lstrip("/"))


class ArxivSourceConfig(_Strict):
    enabled: bool = True
    categories: list[str] = Field(default_factory=lambda: ["cs.LG", "cs.AI", "cs.CV", "cs.CL", "cs.CR"])
    queries: list[str] = Field(default_factory=list, description="extra arXiv search queries")
    use_watchlist: bool = Field(True, description="turn watchlist boost/must terms into API queries")
    base_url: WebAddress = "https://export.arxiv.org/api/query"
    page_size: int = Field(100, ge=1, le=2000)
    # Six busy categories announce ~500 papers a day: room for a week-long gap between polls.
    max_results: int = Field(5000, ge=1, le=50000)
    delay_seconds: float = Field(3.0, ge=0, description="arXiv asks for one request every 3 seconds")
    num_retries: int = Field(3, ge=0, le=10)
    lookback_days: int = Field(3, ge=1, le=365, description="window for the first poll (no cursor yet)")
    timeout_seconds: float = Field(30.0, gt=0)


class FeedConfig(_Strict):
    name: str
    url: WebAddress
    venue: str | None = Field(None, description="venue label for papers from this feed")
    kind: Literal["auto", "arxiv", "generic"] = "auto"
    announce_types: list[Literal["new", "cross", "replace", "replace-cross"]] = Field(
        default_factory=lambda: ["new", "cross"],
        description="arXiv RSS announce types to keep; replacements are old papers re-announced",
    )


class FileSourceConfig(_Strict):
    path: str = Field(description="a JSONL file of candidates in the ranking schema")
    name: str | None = None


class SourcesConfig(_Strict):
    arxiv: ArxivSourceConfig = Field(default_factory=ArxivSourceConfig)
    feeds: list[FeedConfig] = Field(default_factory=list)
    files: list[FileSourceConfig] = Field(default_factory=list)
    max_text_length: int = Field(5000, ge=200, le=100000)
    feed_timeout_seconds: float = Field(30.0, gt=0)
    feed_max_bytes: int = Field(5_000_000, ge=10_000)


# What only a regular expression writes: an escape ("\b", "\d", "\."), an alternation, a leading
# anchor, a class, a count ("{2}"), ".*", "(?", or an optional letter ("GNNs?", "colou?r"). Terms are
# matched as literal words (bot/watchlist.py), so such a term never matched, and a must term of the kind
# dropped every paper, with no word said. Plain punctuation stays a term's own: "A* search", "C++",
# "Ph.D.", "$k$-NN", and so do a LaTeX command ("$\epsilon$", "\LaTeX": a backslash and a name) and a
# question a phrase asks ("Why Should I Trust You?": its mark ends a term of several words).
_REGEX_SYNTAX = re.compile(r"\\(?![A-Za-z]{2})|\||^\^|[\[\]]|\{\d|\.[*+?]|\(\?|(?<=\w)\?(?=\S)|^\S*\w\?$")
# A word in brackets standing alone is a model's token ("[CLS] token", "[MASK]"), not a class: a class
# is glued to a word ("[Gg]raph", "GNN[s]") or spans letters ("[a-z]").
_BRACKETED_TOKEN = re.compile(r"(?<!\S)\[[^\W\d_]+\](?!\S)")


# Search syntax other tools take, matched as literal words here just as a regular expression was: a
# wildcard ("watermark*", "LLM*", "*mark"; not the star of a search algorithm's name), an optional
# plural ("attack(s)"), boolean operators ("watermark OR fingerprint"), an arXiv field ("all:watermark",
# as sources.arxiv.queries are written). Search algorithms whose names carry a star ("A* search",
# "IDA*", "RRT*") are no wildcards.
_STARRED_NAMES = frozenset(
    "ad ida lpa sma ara hpa rrt prm fmt bit abit eit ait ao mha sss sst epea theta lrta".split())
# A star opening a word, inside one of letters ("water*mark"; not "k*n" or "3*3"), or ending one of two
# or more letters ("LLM*"); a single letter's ("A*", "Q*", "C*-algebra") is a name's.
_STAR = re.compile(r"(?<!\S)\*(?=[^\W\d_])|[^\W\d_]{2}\*(?=[^\W\d_])|(\w{2,})\*(?!\w)")
_OTHER_SYNTAX = (
    (re.compile(r"(?<=\w)\s?\((?:e?s|ies|S)\)"), "an optional plural"),
    # Between two words: "OR scheduling" and "NOT gate" are a field's and a circuit's terms.
    (re.compile(r"\S\s+(?:OR|AND|NOT)\s+\S"), "a boolean search"),
    # Lower-case, as arXiv writes them: "Ti:sapphire" is a laser.
    (re.compile(r"^(?:all|ti|abs|au|cat|co|jr|rn|id):\S"), "arXiv query syntax"),
)
# A term quoted whole ("'\"watermark\"'" in YAML): a phrase is matched as written, quotes or not.
_QUOTED = re.compile(r"^\s*(?:\"(.+)\"|'(.+)'|\u201c(.+)\u201d|\u2018(.+)\u2019)\s*$")


# What a refused term's message asks for instead (the watchlist comment in config/litbot.yaml has the rules).
_TERM_ADVICE = ("write plain words or a phrase (plurals match anyway, and -ed and -ing forms of all but the "
                "shortest words), one term per alternative")


def _plain_term(value: str) -> str:
    if quoted := _QUOTED.match(value):
        value = next(group for group in quoted.groups() if group is not None)
    if not re.search(r"\w", value):
        # Matched nothing, so a must list of such terms was no requirement at all.
        raise ValueError(f"{value!r} has no word in it; remove it or write the word")
    if _REGEX_SYNTAX.search(_BRACKETED_TOKEN.sub(" ", value)):
        raise ValueError(f"{value!r} looks like a regular expression; {_TERM_ADVICE}")
    syntax = [what for pattern, what in _OTHER_SYNTAX if pattern.search(value)]
    if any(m[1] is None or m[1].casefold() not in _STARRED_NAMES for m in _STAR.finditer(value)):
        syntax.insert(0, "a wildcard")
    if syntax:
        raise ValueError(f"{value!r} is {syntax[0]}, which a term is not: {_TERM_ADVICE}")
    return value


PlainTerm = Annotated[str, AfterValidator(_plain_term)]


class WatchlistConfig(_Strict):
    must: list[PlainTerm] = Field(default_factory=list, description="if set, a paper must match one of these")
    boost: list[PlainTerm] = Field(default_factory=list, description="terms that raise a paper's score")
    exclude: list[PlainTerm] = Field(default_factory=list, description="terms that drop a paper")

    @model_validator(mode="after")
    def _no_term_excluded_whole(self) -> WatchlistConfig:
        # An exclude term found in a must term's own words drops every paper that term lets through
        # (so with one must term, every paper); found in a boost term, it drops every paper the boost
        # would raise.
        if not self.exclude:
            return self
        excluding = Watchlist(exclude=self.exclude)
        for kind in ("must", "boost"):
            for term in getattr(self, kind):
                if hits := excluding.judge(term)[1].removeprefix("exclude: "):
                    raise ValueError(f"{kind} term {term!r} holds exclude term(s) {hits}: every paper it "
                                     f"matches would be dropped; remove one of them")
        return self


def _as_text(value: object) -> object:
    """A number where a name is meant is that name: YAML reads a section "2019" or a term 2024 as int."""
    return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value


class SectionsConfig(_Strict):
    hints: dict[str, list[str]] = Field(
        default_factory=dict,
        description="section name -> words that point to it; a genre word (survey, benchmark, toolkit) "
        "sends papers of that genre there"
    )
    skip: list[str] = Field(default_factory=list, description="sections never suggested")
    tune: bool | Literal["auto"] = Field(
        "auto", description="tune a copy of the model on the list's titles for placement (~6-25 s on 2 "
        "cores with bf16, ~30 s in float32, per process; kept by a worker until the list changes); "
        "false: the frozen model's signals only; auto: tune where the model runs in bf16")

    @field_validator("hints", mode="before")
    @classmethod
    def _hint_names(cls, value: object) -> object:
        if not isinstance(value, dict):
            return value
        return {_as_text(k): [_as_text(w) for w in v] if isinstance(v, list) else v for k, v in value.items()}

    @field_validator("skip", mode="before")
    @classmethod
    def _skip_names(cls, value: object) -> object:
        return [_as_text(v) for v in value] if isinstance(value, list) else value

    @field_validator("tune", mode="before")
    @classmethod
    def _tune_choice(cls, value: object) -> object:
        if value is True or value is False or value == "auto":
            return value
        raise ValueError("write true, false or auto")


class RankingConfig(_Strict):
    model: str = Field(DEFAULT_MODEL, description="sentence-transformers model name or local path")
    min_score: float = Field(0.5, ge=0, le=1, description="candidates below this are not proposed")
    boost_weight: float = Field(
        0.5, ge=0, le=5, description="log-odds added per matched boost term (at most 3): 0.5 = odds x1.65")
    # 16: fastest of 8..64 on the 2-core machine (benchmarks/README.md); length-sorted, so padding is low.
    batch_size: int = Field(16, ge=1, le=4096)
    precision: Literal["auto", "float32", "bfloat16"] = Field(
        "auto", description="auto: bfloat16 where the CPU has it in hardware (~2.5x faster, same vectors)"
    )
    background_limit: int = Field(20000, ge=0, description="seen papers kept as unlabeled background")

    @field_validator("model")
    @classmethod
    def _model_named(cls, value: str) -> str:
        if not value.strip():
            raise ValueError(f"empty; name a sentence-transformers model ({DEFAULT_MODEL}) or a local folder")
        return value


# GitHub refuses a label name over 50 characters (or an empty one) with a 422.
LabelName = Annotated[str, Field(min_length=1, max_length=50)]


class GithubConfig(_Strict):
    api_url: WebAddress = "https://api.github.com"
    mode: Literal["per_paper", "digest"] = "per_paper"
    labels: list[LabelName] = Field(default_factory=lambda: ["litbot"])
    reviewers: list[str] = Field(default_factory=list)
    max_open_prs: int = Field(5, ge=0, le=100)
    max_new_prs_per_run: int = Field(2, ge=0, le=100)
    # Non-empty: litbot adopts, labels and refreshes the PRs whose branch starts with it, so "" would
    # take over every PR in the repository.
    branch_prefix: str = Field("litbot/", min_length=1, pattern=r"^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*/?$")
    timeout_seconds: int = Field(30, ge=1, description="per request; PyGithub takes whole seconds")
    retries: int = Field(5, ge=0, le=20)
    backoff_factor: float = Field(1.0, ge=0, description="exponential backoff base between retries")
    secondary_rate_wait: float = Field(60.0, ge=0, description="wait after a secondary rate limit")
    # GitHub's guidance for content-creating requests: no more than one per second.
    seconds_between_requests: float = Field(0.25, ge=0)
    seconds_between_writes: float = Field(1.0, ge=0)

    @field_validator("reviewers")
    @classmethod
    def _user_names(cls, value: list[str]) -> list[str]:
        # GitHub refuses anything else with a 422 the PR survives: the review would never be asked for.
        for name in value:
            # Enterprise Managed Users are "handle_shortcode": an underscore too.
            if not re.fullmatch(r"[A-Za-z0-9](?:[A-Za-z0-9_-]{0,38})", name):
                raise ValueError(f"{name!r} is not a GitHub user name; write the login alone, without '@' "
                                 "(teams cannot be requested)")
        return value


class ScheduleConfig(_Strict):
    cron: str = Field("0 6 * * *", description="five-field cron expression (UTC unless timezone set)")
    timezone: str = "UTC"

    @field_validator("cron")
    @classmethod
    def _valid_cron(cls, v: str) -> str:
        from bot.worker import make_trigger  # the worker's reading of cron is the one that counts

        try:
            make_trigger(v)
        except ConfigError as exc:
            raise ValueError(str(exc).split(": ", 1)[1]) from None
        return v

    @field_validator("timezone")
    @classmethod
    def _valid_timezone(cls, v: str) -> str:
        from zoneinfo import ZoneInfo

        try:
            ZoneInfo(v)
        except (KeyError, ValueError):
            raise ValueError("unknown time zone; use an IANA name like UTC or Europe/Warsaw") from None
        return v


class StateConfig(_Strict):
    dir: str = Field("state", min_length=1)  # "": the project root itself, beside the list's files
    # A paper judged and not served again for this long is forgotten (proposals never are): were it to
    # reappear, it is ranked afresh. Bounds the state's size; 0 keeps every paper for good.
    forget_after_days: int = Field(180, ge=0)


class Config(_Strict):
    list: ListConfig = Field(default_factory=ListConfig)
    sources: SourcesConfig = Field(default_factory=SourcesConfig)
    watchlist: WatchlistConfig = Field(default_factory=WatchlistConfig)
    sections: SectionsConfig = Field(default_factory=SectionsConfig)
    ranking: RankingConfig = Field(default_factory=RankingConfig)
    github: GithubConfig = Field(default_factory=GithubConfig)
    schedule: ScheduleConfig = Field(default_factory=ScheduleConfig)
    state: StateConfig = Field(default_factory=StateConfig)

    # Where the file was read from: relative paths inside it resolve against its folder's parent
    # project, so `litbot --config config/litbot.yaml` works from the repo root.
    base_dir: Path = Field(default_factory=Path.cwd, exclude=True)
    # The file itself; empty when no file was found and every value is a default.
    source_file: str = Field(default="", exclude=True)


    def resolve(self, path: str) -> Path:
        p = Path(path)
        return p if p.is_absolute() else (self.base_dir / p)

    def embedding_model(self) -> str:
        """``ranking.model``; a local folder ("~/models/x", or relative to the config's folder, as
        ``state.dir`` is) as its absolute path, whatever directory litbot runs from."""
        folder = self.resolve(os.path.expanduser(self.ranking.model))
        return str(folder) if folder.is_dir() else self.ranking.model


DEFAULT_CONFIG_PATH = "config/litbot.yaml"


def _format_error(path: str, err: ValidationError) -> str:
    first = err.errors()[0]
    if first["type"] == "missing":
        # A required key misspelt ("pth:") is missing and unknown at once: the unknown one says which.
        first = next((e for e in err.errors() if e["type"] == "extra_forbidden"
                      and e["loc"][:-1] == first["loc"][:-1]), first)
    key = ".".join(str(p) for p in first["loc"]) or "(top level)"
    kind = first["type"]
    if kind == "extra_forbidden":
        close = difflib.get_close_matches(str(first["loc"][-1]), _keys_beside(first["loc"]), n=1)
        guess = f"did you mean '{close[0]}'? " if close else ""
        return f"{path}: unknown key '{key}': {guess}remove it or check its spelling " \
               "(see config/litbot.yaml for every key)"
    msg = first["msg"].removeprefix("Value error, ")
    more = f" (and {len(err.errors()) - 1} more)" if len(err.errors()) > 1 else ""
    if kind == "model_type":
        # pydantic names the model's class ("instance of FileSourceConfig"); its keys are what to write.
        keys = _keys_of(str(first.get("ctx", {}).get("class_name", "")))
        return f"{path}: key '{key}': is not a mapping; write its keys{keys}, one 'key: value' per line{more}"
    # Our own validators end with their fix; pydantic's messages say only what is wrong.
    fix = "" if kind == "value_error" else f"; {_FIXES.get(kind, 'see config/litbot.yaml for its form')}"
    return f"{path}: key '{key}': {msg}{fix}{more}"


def _keys_beside(loc: tuple[int | str, ...]) -> list[str]:
    """The keys the mapping holding the key at pydantic's error location ``loc`` takes."""
    model: type[BaseModel] | None = Config
    for part in loc[:-1]:
        if isinstance(part, int):  # an item of a list: the list's model, found already
            continue
        field = model.model_fields.get(part) if model else None
        model = _model_in(field.annotation) if field else None
    return list(model.model_fields) if model else []


def _model_in(annotation: object) -> type[BaseModel] | None:
    """The config model an annotation holds: itself, or inside ``list[...]`` or ``... | None``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return next((m for m in map(_model_in, typing.get_args(annotation)) if m), None)


def _keys_of(class_name: str) -> str:
    """" (repo, path (required), ...)" for the config model named ``class_name``, or ""."""
    model = next((m for m in _Strict.__subclasses__() if m.__name__ == class_name), None)
    if model is None:
        return ""
    keys = (f"{k} (required)" if f.is_required() else k for k, f in model.model_fields.items())
    return " (" + ", ".join(keys) + ")"


_FIXES = {
    "list_type": "write a list: [a, b], or one '- item' per line",
    "dict_type": "write a mapping of keys, one 'key: value' per line",
    "string_type": "write text, quoted if YAML would read it otherwise",
    "bool_type": "write true or false",
    "bool_parsing": "write true or false",
    "int_type": "write a whole number",
    "int_parsing": "write a whole number",
    "float_type": "write a number",
    "float_parsing": "write a number",
    "literal_error": "write one of the values named",
    "less_than_equal": "give a smaller value",
    "less_than": "give a smaller value",
    "greater_than_equal": "give a larger value",
    "greater_than": "give a larger value",
}


class _UniqueKeyLoader(yaml.SafeLoader):
    """YAML that refuses a key given twice in one mapping: PyYAML keeps the last one, so a second
    `github:` block would silently throw away every setting of the first. Merge keys (``<<: *base``)
    are YAML's way to share settings, and an explicit key beside one overrides it: both stay allowed."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[object, object]:
        explicit = [(k, v) for k, v in node.value if k.tag != "tag:yaml.org,2002:merge"]
        lines: dict[str, int] = {}
        for key_node, _ in explicit:
            key = self.construct_object(key_node, deep=deep)  # type: ignore[no-untyped-call]
            # As text: 2019 and "2019" name the same section once validated.
            name, line = str(key), key_node.start_mark.line + 1
            if name in lines:
                raise _DuplicateKey(name, lines[name], line)
            lines[name] = line
        return super().construct_mapping(node, deep)


class _DuplicateKey(yaml.YAMLError):
    def __init__(self, key: str, first: int, again: int):
        super().__init__(f"key {key!r} at lines {first} and {again}")
        self.key, self.first, self.again = key, first, again


def load_config(path: str | None = None) -> Config:
    """Load and validate a config file; with no path, $LITBOT_CONFIG, else the default file if present,
    else defaults."""
    # Only the default file may be absent: a path the user named, by --config or LITBOT_CONFIG (as
    # the Dockerfile sets it), that is missing must not quietly run on defaults.
    if path is None:
        path = os.environ.get("LITBOT_CONFIG") or None  # set but empty counts as unset
    if path is None:
        if not Path(DEFAULT_CONFIG_PATH).exists():
            return Config()
        path = DEFAULT_CONFIG_PATH
    file = Path(path)
    try:
        raw = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found; create one with `litbot init LIST.md`") from None
    except IsADirectoryError:
        raise ConfigError(f"{path}: is a directory; give the path of a config file") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not a UTF-8 YAML file") from None
    except OSError as exc:  # permission denied, a path through a file, a name too long...
        raise ConfigError(f"{os_reason(path, exc)}; give the path of a readable config file") from None
    config = config_from_text(raw, path)
    # Paths in the file are relative to the project root: the folder holding config/.
    parent = file.resolve().parent
    config.base_dir = parent.parent if parent.name == "config" else parent
    config.source_file = str(path)
    return config


def config_from_text(raw: str, path: str) -> Config:
    """The config a file's text holds (paths not yet resolved); errors are one line naming ``path``."""
    try:
        data = yaml.load(raw, Loader=_UniqueKeyLoader)  # a SafeLoader: no arbitrary objects
    except _DuplicateKey as exc:
        line = f"line {exc.first}" if exc.first == exc.again else f"lines {exc.first} and {exc.again}"
        raise ConfigError(f"{path}: key '{exc.key}' appears twice ({line}); merge the two into one") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        # The parser's own words say what it met ("found character '\t' that cannot start any token").
        problem = " ".join(str(getattr(exc, "problem", "") or "").split())
        said = f" ({problem})" if problem else ""
        raise ConfigError(f"{path}: invalid YAML{where}{said}; check indentation (spaces, not tabs) and "
                          "quoting (a value with ': ', '#', '[' or '?' in quotes)") from None
    if data is None:  # an empty file (or only comments): all defaults. `[]`, `false` or `0` are errors.
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: top level must be a mapping of keys (list:, sources:, ...)")
    if "base_dir" in data:  # litbot's own field (where the file is), not a key of the file
        raise ConfigError(f"{path}: unknown key 'base_dir': remove it; paths in the file are relative to "
                          "the folder holding config/")
    if "source_file" in data:
        raise ConfigError(f"{path}: unknown key 'source_file': remove it")
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_format_error(path, exc)) from None


def github_token(required: bool) -> str | None:
    """The token comes only from the environment, never from the config file."""
    token = os.environ.get("GITHUB_TOKEN") or None
    if required and not token:
        raise ConfigError(
            "GITHUB_TOKEN is not set: export a token with contents and pull-requests write access, "
            "or use --dry-run"
        )
    return token
