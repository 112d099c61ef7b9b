#!/usr/bin/env bash
# The asset pages before and after a change, each beside the floor measured just before it, on the databases
# `assets_tree.py` and `../shared/floor/run.sh` loaded (both must have run once).
# Usage: benchmarks/before_after.sh BASE_CHECKOUT [ROUNDS]
#   BASE_CHECKOUT: a worktree of the base commit (git worktree add --detach /tmp/base <commit>), with .venv and
#   var/bench linked to this checkout's (ln -s "$PWD/.venv" "$PWD/var/bench" …) so it measures the same databases.
set -euo pipefail
HERE=$(cd "$(dirname "$0")/.." && pwd)
BASE=${1:?a checkout of the base commit}
ROUNDS=${2:-2}
FLOOR=""  # ../shared/floor beside the project (/work/main → /work/shared; a worktree /work/wt/x → /work/shared)
for candidate in "$HERE/../shared/floor" "$HERE/../../shared/floor"; do
  [ -d "$candidate" ] && { FLOOR=$(cd "$candidate" && pwd); break; }
done
[ -n "$FLOOR" ] || { echo "no ../shared/floor beside $HERE"; exit 1; }
SCRATCH=${TMPDIR:-/tmp}/regie-floor
pages='import json,sys; d=json.load(sys.stdin); print({k: v["median_ms"] for k, v in d.items() if k.startswith("html")})'
for db in postgres sqlite; do
  for round in $(seq "$ROUNDS"); do
    echo "== $db, round $round, $(date -u +%T) UTC, load $(cut -d' ' -f1-3 /proc/loadavg)"
    (cd "$FLOOR" && FLOOR_SCRATCH=$SCRATCH FLOOR_DB=$db "$SCRATCH/venv/bin/python" bench.py measure) |
      python3 -c 'import json,sys; d=json.load(sys.stdin); print("floor", {k: d[k]["median_ms"] for k in ("html_list_page", "html_detail_page")})'
    for tree in "$BASE" "$HERE"; do
      printf '%s ' "$([ "$tree" = "$HERE" ] && echo after || echo before)"
      (cd "$tree" && .venv/bin/python benchmarks/assets_tree.py --db "$db" --reuse --reps 40 2>/dev/null) | python3 -c "$pages"
    done
  done
done
