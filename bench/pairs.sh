#!/usr/bin/env bash
# Paired comparison that is robust to a host whose speed drifts (a shared VM): N times, a short
# Switchyard run (SQLite, durability full; phases b and c) immediately followed by the same phases
# on RabbitMQ, each in fresh processes (b also warms the JIT before c). bench/pairs.ts prints every
# pair and the median Switchyard/RabbitMQ ratios.
#
#   [REF=<commit>] [N=4] [OUT=<dir>] bench/pairs.sh [more flags for both, e.g. --messages 20000]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-4}
OUT=${OUT:-$(mktemp -d "${TMPDIR:-/tmp}/switchyard-pairs-XXXXXX")}
mkdir -p "$OUT"
ROOT=$(bench/checkout.sh ${REF:-})
CODE=()
if [ -n "${REF:-}" ]; then CODE=(--root "$ROOT" --checkout "$(git rev-parse --short "$REF") (git archive)"); fi
for i in $(seq 1 "$N"); do
  node --import tsx bench/sqs.ts "${CODE[@]}" --phases b,c --json "$OUT/pair-$i-switchyard.json" "$@" >&2
  node --import tsx bench/rabbitmq.ts --phases b,c --json "$OUT/pair-$i-rabbitmq.json" "$@" >&2
done
node --import tsx bench/pairs.ts "$OUT" | tee "$OUT/pairs.md"
echo "results: $OUT" >&2
