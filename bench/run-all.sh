#!/usr/bin/env bash
# Runs the SQS benchmark on Switchyard (SQLite, durability full) and the same scenario on RabbitMQ,
# then — unless SKIP_REFERENCE=1 — Switchyard on SQLite with durability normal and on PostgreSQL,
# and prints one side-by-side markdown table (bench/compare.ts) with the issue's targets checked.
#
#   [REF=<commit>] bench/run-all.sh [flags for both benchmarks, e.g. --messages 20000 --held 100000]
#
# Env: REF=<commit> benchmarks that commit (bench/checkout.sh: git archive + build under $TMPDIR)
# instead of the working tree (built in place); OUT=<dir> for the JSON results (default a fresh dir
# under $TMPDIR); DATABASE_URL for the PostgreSQL run (default postgres://postgres@127.0.0.1:5432/test;
# a throwaway schema bench_<id> is created and dropped); SKIP_REFERENCE=1 skips the reference runs.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-$(mktemp -d "${TMPDIR:-/tmp}/switchyard-bench-XXXXXX")}
mkdir -p "$OUT"
DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}

echo "building ${REF:-the working tree}…" >&2
ROOT=$(bench/checkout.sh ${REF:-})
CODE=()
if [ -n "${REF:-}" ]; then CODE=(--root "$ROOT" --checkout "$(git rev-parse --short "$REF") (git archive)"); fi

node --import tsx bench/sqs.ts "${CODE[@]}" --engine sqlite --durability full --json "$OUT/sqlite-full.json" "$@" >&2
node --import tsx bench/rabbitmq.ts --json "$OUT/rabbitmq.json" "$@" >&2
if [ -z "${SKIP_REFERENCE:-}" ]; then
  node --import tsx bench/sqs.ts "${CODE[@]}" --engine sqlite --durability normal --json "$OUT/sqlite-normal.json" "$@" >&2
  node --import tsx bench/sqs.ts "${CODE[@]}" --engine postgres --database "$DATABASE_URL" --json "$OUT/postgres.json" "$@" >&2
fi

node --import tsx bench/compare.ts "$OUT"/*.json | tee "$OUT/table.md"
echo "results: $OUT" >&2
