"""The list-tuned title encoder: its training pairs, its cache key, and a real (tiny) tuning run."""

from __future__ import annotations

import zlib
from collections import Counter

import numpy as np
import pytest

from bot.config import Config
from bot.lists import parse_list
from bot.paper import Paper
from bot.ranking import rank_papers, tuning
from bot.state import State


def test_every_entry_gets_a_same_and_an_other_section_partner_each_round() -> None:
    sections = [0, 0, 0, 1, 1, 2]  # section 2 has a single entry: no same-section partner exists
    pairs = tuning.title_pairs(sections, seed=3)
    assert all(i != j for i, j, _ in pairs)
    assert all((sections[i] == sections[j]) == (target == 1.0) for i, j, target in pairs)
    same = Counter(i for i, _, target in pairs if target == 1.0)
    other = Counter(i for i, _, target in pairs if target == 0.0)
    assert all(same[i] == tuning.ROUNDS for i in range(5)) and same[5] == 0
    assert all(other[i] == tuning.ROUNDS for i in range(6))
    assert pairs == tuning.title_pairs(sections, seed=3) != tuning.title_pairs(sections, seed=4)


def test_a_long_list_gets_fewer_rounds_never_more_pairs(monkeypatch) -> None:
    monkeypatch.setattr(tuning, "ROUNDS", 20)  # the recipe's own (fast tests run 2)
    assert len(tuning.title_pairs([i % 7 for i in range(100)])) == 100 * 2 * 12  # 12 rounds fit
    for n in (53, 100, 700, 5000):
        pairs = tuning.title_pairs([i % 7 for i in range(n)])
        assert len(pairs) <= tuning.MAX_PAIRS
        assert len({i for i, _, _ in pairs}) >= min(n, tuning.MAX_PAIRS // 3)  # spread over the list
    assert len(tuning.title_pairs([i % 7 for i in range(53)])) == 53 * 2 * tuning.ROUNDS


def test_the_tuned_models_key_names_the_list_version() -> None:
    titles, sections = ["A", "B", "C", "D"], [0, 0, 1, 1]
    key = tuning.tuned_key("all-MiniLM-L6-v2", titles, sections)
    assert key.startswith("all-MiniLM-L6-v2#titles-")
    assert key == tuning.tuned_key("all-MiniLM-L6-v2", list(titles), list(sections))
    assert key != tuning.tuned_key("all-MiniLM-L6-v2", ["A", "B", "C", "E"], sections)  # an edited title
    assert key != tuning.tuned_key("all-MiniLM-L6-v2", titles, [0, 1, 1, 1])  # an entry moved
    assert key != tuning.tuned_key("other-model", titles, sections)
    assert key != tuning.tuned_key("all-MiniLM-L6-v2", titles, sections, "bfloat16")
    assert not tuning.can_tune([0, 0, 0, 0]) and not tuning.can_tune([0, 1, 1])
    assert tuning.can_tune([0, 1, 1, 0])


ATTACKS = ["Fooling saliency maps with adversarial perturbations",
           "Manipulating gradient explanations by changing the model",
           "Adversarial attacks that fool post-hoc explanation methods",
           "Geometry of explanation manipulation attacks"]
DEFENSES = ["Certifiably robust attribution maps via randomized smoothing",
            "Making feature attributions robust by regularizing curvature",
            "A defense for explanation stability under input noise",
            "Robust interpretability through adversarial training of attributions"]


def _section_gap(vectors: np.ndarray) -> float:
    """Mean cosine within a section minus across sections (4 + 4 unit vectors)."""
    sims = vectors @ vectors.T
    within = (sims[:4, :4].sum() - 4 + sims[4:, 4:].sum() - 4) / 24
    return float(within - sims[:4, 4:].mean())


@pytest.mark.slow
def test_tuning_pulls_a_sections_titles_together_and_leaves_the_base_model_alone() -> None:
    """The real recipe on 8 titles (~10 s on 2 cores)."""
    from bot.embeddings import load_model

    base = load_model("all-MiniLM-L6-v2")
    before = {name: p.detach().clone() for name, p in base.named_parameters()}
    titles = ATTACKS + DEFENSES
    tuned = tuning.tune_on_titles(base, titles, [0] * 4 + [1] * 4, bfloat16=False)
    gap_base = _section_gap(base.encode(titles, normalize_embeddings=True))
    gap_tuned = _section_gap(tuned.encode(titles, normalize_embeddings=True))
    assert gap_tuned > gap_base + 0.1, (gap_base, gap_tuned)
    assert all(np.array_equal(p.detach(), before[name]) for name, p in base.named_parameters())
    assert not base.training and not tuned.training
    assert base.max_seq_length == tuned.max_seq_length != tuning.MAX_WORD_PIECES  # trained on titles only


@pytest.fixture(scope="module")
def plain_tuning() -> tuple[object, object]:
    """(the base model, a copy tuned on the 8 titles outside any autocast): one tuning run (~2 s on a
    core) for the tests that only read the two models' weights."""
    from bot.embeddings import load_model

    base = load_model("all-MiniLM-L6-v2")
    # Made before any test's own fixtures, so before conftest's _short_tuning: set its one round here.
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(tuning, "ROUNDS", 1)
        return base, tuning.tune_on_titles(base, ATTACKS + DEFENSES, [0] * 4 + [1] * 4, bfloat16=False)


def test_tuning_trains_the_layers_and_leaves_the_word_piece_table_as_it_was(plain_tuning) -> None:
    base, tuned = plain_tuning
    before, after = dict(base.named_parameters()), dict(tuned.named_parameters())
    table = [name for name in after if "word_embeddings" in name]
    assert len(table) == 1 and np.array_equal(after[table[0]].detach(), before[table[0]].detach())
    changed = [name for name in after if not np.array_equal(after[name].detach(), before[name].detach())]
    assert any("encoder.layer.5" in name for name in changed) and table[0] not in changed


def test_tuning_runs_on_one_torch_thread_and_gives_the_caller_its_own_back(plain_tuning, monkeypatch) -> None:
    # Two threads meeting at every small operation's barrier waited on each other whenever another
    # process shared the cores: a cold `rank` took 228 s instead of ~30 on a loaded 2-core machine.
    import torch

    seen: list[int] = []

    def step(*args: object) -> None:
        seen.append(torch.get_num_threads())
        raise RuntimeError("out of memory")

    monkeypatch.setattr(tuning, "_step", step)
    before = torch.get_num_threads()
    torch.set_num_threads(2)
    try:
        with pytest.raises(RuntimeError):
            tuning.tune_on_titles(plain_tuning[0], ATTACKS + DEFENSES, [0] * 4 + [1] * 4, bfloat16=False)
        assert seen == [1] and torch.get_num_threads() == 2
    finally:
        torch.set_num_threads(before)


def test_tuning_is_the_same_inside_a_callers_autocast(plain_tuning) -> None:
    # The embedder tunes lazily, from inside its own bf16 autocast block: the loss and its gradients
    # must not be computed in bf16 because of where the caller stands.
    import torch

    base, plain = plain_tuning
    with torch.autocast("cpu", dtype=torch.bfloat16):
        inside = tuning.tune_on_titles(base, ATTACKS + DEFENSES, [0] * 4 + [1] * 4, bfloat16=False)
    inside_params = dict(inside.named_parameters())
    assert all(torch.equal(p, inside_params[name]) for name, p in plain.named_parameters())


def _entry(title: str) -> str:
    return f"* [{title}](https://arxiv.org/abs/2001.{zlib.crc32(title.encode()) % 100000:05d}) (2020)\n"


def _small_list() -> str:
    return ("# Explanations under attack\n\n## Attacks\n\n" + "".join(map(_entry, ATTACKS))
            + "\n## Defenses\n\n" + "".join(map(_entry, DEFENSES)))


# Tuning on wherever the tests run: `auto`, the default, leaves it off on a CPU without hardware bf16.
TUNED = Config(sections={"tune": True})


def test_a_rerun_on_the_same_list_reads_the_tuned_vectors_from_the_state(tmp_path, monkeypatch) -> None:
    doc = parse_list(_small_list(), "small.md")
    candidates = [Paper(title="Adversarial manipulation of saliency explanations", abstract="", id="a"),
                  Paper(title="Robust attributions via randomized smoothing", abstract="", id="d")]
    calls = []
    real_tune = tuning.tune_on_titles
    monkeypatch.setattr(tuning, "tune_on_titles", lambda *a, **k: calls.append(1) or real_tune(*a, **k))
    monkeypatch.setattr(tuning, "_tuned", {})
    with State(tmp_path) as state:
        first = rank_papers(doc, candidates, TUNED, state)
        assert calls == [1]
        keys = {m for (m,) in state.db.execute("SELECT DISTINCT model FROM embeddings")}
        assert any("#titles-" in k for k in keys)
        tuning._tuned.clear()  # a new process: only the state remembers
        again = rank_papers(doc, candidates, TUNED, state)
        assert calls == [1]  # every tuned vector came from the cache
        # A worker's next cycle brings new papers: the process's tuned model embeds them.
        newer = Paper(title="Fooling counterfactual explanations", abstract="", id="n")
        rank_papers(doc, [*candidates, newer], TUNED, state)
        assert calls == [1]  # the new process (above) had none: it loaded the saved one on its first miss
        rank_papers(doc, [Paper(title="Robust saliency for vision models", abstract="", id="m")],
                    TUNED, state)
        assert calls == [1]  # and then kept it
    assert [(r.paper.id, r.section, r.section_confidence) for r in first] == \
        [(r.paper.id, r.section, r.section_confidence) for r in again]
    assert {r.paper.id: r.section for r in first} == {"a": "Attacks", "d": "Defenses"}


def test_tuning_can_be_switched_off(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(tuning, "tune_on_titles", lambda *a, **k: pytest.fail("tuned although off"))
    monkeypatch.setattr(tuning, "_tuned", {})
    config = Config(sections={"tune": False})
    with State(tmp_path) as state:
        ranked = rank_papers(parse_list(_small_list(), "small.md"),
                             [Paper(title="Fooling explanations again", abstract="", id="x")], config, state)
        assert ranked[0].section in {"Attacks", "Defenses"}
        assert not [m for (m,) in state.db.execute("SELECT DISTINCT model FROM embeddings") if "#" in m]


def test_only_the_best_scoring_candidates_are_embedded_again_by_the_tuned_model(tmp_path, monkeypatch):
    import bot.ranking
    from bot.state import text_hash

    monkeypatch.setattr(bot.ranking, "TUNED_SECTIONS_TOP", 1)
    monkeypatch.setattr(tuning, "_tuned", {})
    best = Paper(title="Adversarial manipulation of saliency explanations",
                 abstract="We fool gradient explanations with tiny input changes.", id="a")
    candidates = [best, Paper(title="Protein folding with graph networks", abstract="", id="p")]
    with State(tmp_path) as state:
        ranked = rank_papers(parse_list(_small_list(), "small.md"), candidates, TUNED, state)
        (tuned,) = {m for (m,) in state.db.execute("SELECT model FROM embeddings") if "#titles-" in m}
        rows = {h for (h,) in state.db.execute("SELECT text_hash FROM embeddings WHERE model = ?", (tuned,))}
    assert len(rows) == len(ATTACKS + DEFENSES) + 2 + 1  # entries, the two headings, the best candidate
    assert text_hash(best.text) in rows  # its title and abstract, as the frozen model embeds it
    assert ranked[0].paper.id == "a" and all(r.section in {"Attacks", "Defenses"} for r in ranked)


def test_nothing_to_place_means_nothing_to_tune(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(tuning, "tune_on_titles", lambda *a, **k: pytest.fail("tuned for no candidates"))
    monkeypatch.setattr(tuning, "_tuned", {})
    with State(tmp_path) as state:
        assert rank_papers(parse_list(_small_list(), "small.md"), [], TUNED, state) == []


def test_a_failed_tuning_is_a_warning_and_the_frozen_signals_place(tmp_path, monkeypatch, caplog) -> None:
    def out_of_memory(*args, **kwargs):
        raise MemoryError("cannot allocate 90 MB")

    monkeypatch.setattr(tuning, "tune_on_titles", out_of_memory)
    monkeypatch.setattr(tuning, "_tuned", {})
    with State(tmp_path) as state:
        ranked = rank_papers(parse_list(_small_list(), "small.md"),
                             [Paper(title="Adversarial manipulation of saliency explanations", abstract="",
                                    id="a")], TUNED, state)
    assert ranked[0].section == "Attacks"
    assert "tuning on the list's titles failed (MemoryError: cannot allocate 90 MB); sections use the " \
        "frozen model's signals this run" in caplog.text


@pytest.mark.parametrize("precision, tunes", [("float32", False), ("bfloat16", True)])
def test_auto_tunes_only_where_the_model_runs_in_bf16(tmp_path, monkeypatch, precision, tunes) -> None:
    # In float32 tuning was a third of a cold 1,000-candidate `rank` (94 s against 62 s on 2 cores).
    calls: list[bool] = []

    def record(*args, **kwargs):
        calls.append(kwargs["bfloat16"])
        raise MemoryError("stop here: whether it was called is the point")

    monkeypatch.setattr(tuning, "tune_on_titles", record)
    monkeypatch.setattr(tuning, "_tuned", {})
    config = Config(sections={"tune": "auto"}, ranking={"precision": precision})
    assert Config().sections.tune == "auto"
    with State(tmp_path) as state:
        rank_papers(parse_list(_small_list(), "small.md"),
                    [Paper(title="Adversarial manipulation of saliency explanations", abstract="", id="a")],
                    config, state)
    assert calls == ([True] if tunes else [])


def test_saved_layers_load_into_a_model_that_embeds_exactly_as_the_tuned_one(plain_tuning, tmp_path) -> None:
    import torch

    base, tuned = plain_tuning
    path = tmp_path / "tuned" / "m.safetensors"
    tuning.save_tuned(tuned, path, "key-1")
    from safetensors import safe_open

    with safe_open(str(path), framework="pt") as fh:
        names = set(fh.keys())
    assert names and not [n for n in names if "word_embeddings" in n]  # the frozen half stays out
    assert path.stat().st_size < 0.6 * sum(t.nbytes for t in tuned.state_dict().values())
    loaded = tuning.load_tuned(base, path, "key-1")
    texts = ATTACKS + DEFENSES + ["An abstract of many words. " * 40]
    assert np.array_equal(loaded.encode(texts), tuned.encode(texts))
    with torch.autocast("cpu", dtype=torch.bfloat16):  # as the embedder runs it where the CPU has bf16
        assert np.array_equal(loaded.encode(texts), tuned.encode(texts))
    assert not loaded.training and not any(p.requires_grad for p in loaded.parameters())
    assert not np.array_equal(base.encode(texts[:1]), loaded.encode(texts[:1]))  # base left as it was
    assert not list(path.parent.glob("*.tmp"))


def test_a_saved_file_of_another_list_version_or_model_is_refused(plain_tuning, tmp_path) -> None:
    import torch
    from safetensors.torch import load_file, save_file

    base, tuned = plain_tuning
    path = tmp_path / "m.safetensors"
    tuning.save_tuned(tuned, path, "key-1")
    with pytest.raises(ValueError, match="another model or list version"):
        tuning.load_tuned(base, path, "key-2")
    layers = load_file(str(path))
    name = next(n for n in layers if "encoder.layer.0" in n)
    for damaged in ({n: t for n, t in layers.items() if n != name},  # a layer missing
                    {**layers, name: torch.zeros(3, dtype=torch.float32)}):  # another shape
        save_file(damaged, str(path), metadata={"format": tuning.SAVED_FORMAT, "key": "key-1"})
        with pytest.raises(ValueError, match="do not fit the model"):
            tuning.load_tuned(base, path, "key-1")


def test_a_saved_file_damaged_in_place_is_refused_by_its_checksum(plain_tuning, tmp_path) -> None:
    base, tuned = plain_tuning
    path = tmp_path / "m.safetensors"
    tuning.save_tuned(tuned, path, "key-1")
    data = bytearray(path.read_bytes())
    data[len(data) // 2 : len(data) // 2 + 4096] = b"\xff" * 4096  # still parses: the layers' bytes
    path.write_bytes(bytes(data))
    with pytest.raises(ValueError, match="checksum"):
        tuning.load_tuned(base, path, "key-1")


def test_only_the_newest_list_versions_stay_saved(plain_tuning, tmp_path, monkeypatch) -> None:
    import os

    _, tuned = plain_tuning
    monkeypatch.setattr(tuning, "KEEP_SAVED", 2)
    folder = tmp_path / "tuned"
    for age, name in enumerate(["c", "b", "a"]):  # a is the oldest
        tuning.save_tuned(tuned, folder / f"{name}.safetensors", name)
        os.utime(folder / f"{name}.safetensors", (1e9 - age, 1e9 - age))
    (folder / ".c.safetensors.x1.tmp").write_bytes(b"a save killed an hour ago")
    (folder / ".tmpKOPdf0").write_bytes(b"safetensors' own, as old")
    os.utime(folder / ".tmpKOPdf0", (1e9, 1e9))
    os.utime(folder / ".c.safetensors.x1.tmp", (1e9, 1e9))
    (folder / ".d.safetensors.x2.tmp").write_bytes(b"another process's save, now")
    tuning.save_tuned(tuned, folder / "d.safetensors", "d")
    assert sorted(p.name for p in folder.iterdir()) == [
        ".d.safetensors.x2.tmp", ".gitignore", "c.safetensors", "d.safetensors"]
    assert (folder / ".gitignore").read_text().splitlines()[-1] == "*"  # 44 MB each: never in git


def _one_candidate_run(state: State, title: str) -> list:
    return rank_papers(parse_list(_small_list(), "small.md"), [Paper(title=title, abstract="", id="x")],
                       TUNED, state)


def test_a_damaged_saved_model_is_a_warning_and_tuned_again(tmp_path, monkeypatch, caplog) -> None:
    calls = []
    real_tune = tuning.tune_on_titles
    monkeypatch.setattr(tuning, "tune_on_titles", lambda *a, **k: calls.append(1) or real_tune(*a, **k))
    monkeypatch.setattr(tuning, "_tuned", {})
    with State(tmp_path) as state:
        first = _one_candidate_run(state, "Adversarial manipulation of saliency explanations")
        (saved,) = (tmp_path / tuning.SAVED_DIR).glob("*.safetensors")
        saved.write_bytes(saved.read_bytes()[:1000])  # a disk that filled up half-way
        tuning._tuned.clear()
        again = _one_candidate_run(state, "Fooling counterfactual explanations")
    assert calls == [1, 1] and first[0].section == "Attacks" and again[0].section in {"Attacks", "Defenses"}
    assert f"{saved}: cannot use the saved tuned model" in caplog.text and "tuning again" in caplog.text
    assert saved.stat().st_size > 1_000_000  # saved afresh


def test_a_saved_model_in_a_folder_this_user_may_only_read_is_used(plain_tuning, tmp_path, monkeypatch):
    import os

    base, tuned = plain_tuning
    path = tmp_path / "m.safetensors"
    tuning.save_tuned(tuned, path, "key-1")

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "utime", refuse)  # as for root, chmod would not stop it
    loaded = tuning.load_tuned(base, path, "key-1")
    assert np.array_equal(loaded.encode(ATTACKS), tuned.encode(ATTACKS))


def test_a_state_folder_that_cannot_hold_the_model_is_a_warning(tmp_path, monkeypatch, caplog) -> None:
    monkeypatch.setattr(tuning, "_tuned", {})
    (tmp_path / tuning.SAVED_DIR).write_text("a file where the folder would go")
    with State(tmp_path) as state:
        ranked = _one_candidate_run(state, "Adversarial manipulation of saliency explanations")
    assert ranked[0].section == "Attacks"
    assert "cannot save the tuned model" in caplog.text and "a new process will tune again" in caplog.text
