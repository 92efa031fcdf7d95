#!/usr/bin/env bash
# Prints the path of a built copy of the code to benchmark.
#   bench/checkout.sh            → this checkout, after `npm run build` (the working tree as it is)
#   bench/checkout.sh <commit>   → `git archive <commit>` unpacked under $TMPDIR, node_modules
#                                  linked to this checkout's, built with tsc; reused if present
# Benchmarking a commit keeps the numbers tied to known code while the working tree moves.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${1:-}" ]; then
  npm run build >/dev/null
  pwd
  exit 0
fi
SHA=$(git rev-parse --short "$1")
DIR="${TMPDIR:-/tmp}/switchyard-src-$SHA"
if [ ! -f "$DIR/dist/cli/main.js" ]; then
  rm -rf "$DIR"
  mkdir -p "$DIR"
  git archive "$SHA" | tar -x -C "$DIR"
  ln -s "$PWD/node_modules" "$DIR/node_modules"
  (cd "$DIR" && npx tsc -p tsconfig.json >&2) || { echo "commit $SHA does not build" >&2; rm -rf "$DIR"; exit 1; }
fi
echo "$DIR"
