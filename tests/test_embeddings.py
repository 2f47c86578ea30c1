"""The real model: cache behaviour, a clear error for unknown models, and one real ranking."""

from __future__ import annotations

import json

import numpy as np
import pytest

from bot.config import Config
from bot.embeddings import Embedder, cpu_has_native_bf16, load_model, resolve_precision
from bot.errors import LitbotError
from bot.lists import read_list
from bot.paper import Paper
from bot.ranking import rank_papers
from bot.state import State, text_hash


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
