#!/usr/bin/env bash
# CPU profile of the Switchyard server (SQLite, durability full) during the batched scenario:
# the server runs with `node --cpu-prof`, is stopped with SIGINT (so V8 writes the profile), and
# bench/cpuprofile-summary.ts prints the top functions and files by self time.
#
#   [REF=<commit>] bench/profile.sh [phases, default c] [more bench/sqs.ts flags]
#   e.g. bench/profile.sh c --capacity-messages 200000      (light client, the capacity loop)
#        bench/profile.sh b --messages 30000                (through the AWS SDK)
#
# Note: the V8 profiler samples wall time of the main thread, so time blocked in fsync inside
# COMMIT is counted as busy in runBatch. For on-CPU time only, run bench/sqs.ts with --perf <file>
# (Linux perf, needs permission to attach) or --sql-probe <file.json> (per-statement CPU and wall).
set -euo pipefail
cd "$(dirname "$0")/.."
PHASES=${1:-c}
shift || true
DIR=${PROFILE_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/switchyard-prof-XXXXXX")}
ROOT=$(bench/checkout.sh ${REF:-})
CODE=()
if [ -n "${REF:-}" ]; then CODE=(--root "$ROOT" --checkout "$(git rev-parse --short "$REF") (git archive)"); fi
node --import tsx bench/sqs.ts "${CODE[@]}" --phases "$PHASES" --cpu-prof "$DIR" "$@" >&2
for f in "$DIR"/*.cpuprofile; do
  node --import tsx bench/cpuprofile-summary.ts "$f" --top "${TOP:-15}"
done
echo "profile: $DIR" >&2
