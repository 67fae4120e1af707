#!/usr/bin/env bash
# Benchmarks of Kith's hot paths beside raw SQLite, on 10k contacts / 1M interactions and on
# 100k / 2M (see docs/PERFORMANCE.md). Seeds the two databases once (release build of
# `kith dev seed`, several minutes for the larger), then prints one table per size.
#
#   scripts/bench.sh                 # both sizes, the table runner
#   scripts/bench.sh 10k             # one size
#   KITH_BENCH_CRITERION=1 scripts/bench.sh   # also the criterion benches (slower)
#
# KITH_BENCH_DATA: where the databases live (default target/bench-data; they are large,
# keep them out of the repository).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
data="${KITH_BENCH_DATA:-${CARGO_TARGET_DIR:-target}/bench-data}"
mkdir -p "$data"
sizes=("${@:-10k 100k}")
read -r -a sizes <<<"${sizes[*]}"

cargo build --release --bin kith
kith="${CARGO_TARGET_DIR:-target}/release/kith"

for size in "${sizes[@]}"; do
  case "$size" in
    10k) contacts=10000; interactions=1000000 ;;
    100k) contacts=100000; interactions=2000000 ;;
    tiny) contacts=300; interactions=3000 ;;
    *) echo "unknown size $size (10k, 100k or tiny)" >&2; exit 2 ;;
  esac
  db="$data/kith-$size.db"
  if [ ! -s "$db" ]; then
    echo "seeding $db: $contacts contacts, $interactions interactions" >&2
    "$kith" --db "$db" dev seed --contacts "$contacts" --interactions "$interactions" --seed 1 >&2
  fi
  echo "## $size: $contacts contacts, $interactions interactions"
  echo
  KITH_BENCH_DB="$db" cargo bench --bench table 2>/dev/null
  if [ -n "${KITH_BENCH_CRITERION:-}" ]; then
    KITH_BENCH_DB="$db" cargo bench --bench kith
  fi
  echo
done
