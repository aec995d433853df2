#!/usr/bin/env bash
# Stops the single-node Ceph object gateway started by scripts/radosgw/start.sh (data is kept;
# the next start takes a few seconds). Only the daemons recorded in $RADOSGW_DIR/run are touched.
#   --purge   also delete all its data
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DIR="${RADOSGW_DIR:-$REPO_ROOT/.tmp/radosgw}"
LOCKED=0
PURGE=0
for arg in "$@"; do
  case "$arg" in
    --locked) LOCKED=1 ;; # called by start.sh, which already holds the lock
    --purge) PURGE=1 ;;
    *) echo "usage: $0 [--purge]" >&2; exit 2 ;;
  esac
done

[[ -d "$DIR" ]] || exit 0
if [[ $LOCKED == 0 ]]; then
  exec 9>"$DIR/.lock"
  flock -w 300 9 || { echo "[radosgw] another start/stop holds $DIR/.lock" >&2; exit 1; }
fi

# Gateway first, then OSD, then monitor. radosgw is a stateless front (everything lives in the
# OSD) and takes ~7 s to drain on SIGTERM, so it is killed outright.
for name in rgw osd.0 mon.a; do
  pidfile="$DIR/run/$name.pid"
  [[ -f "$pidfile" ]] || continue
  pid="$(cat "$pidfile")"
  # Only signal a process that really is one of our ceph daemons (pid files can be stale).
  if kill -0 "$pid" 2>/dev/null && grep -qE 'radosgw|ceph-osd|ceph-mon' "/proc/$pid/comm" 2>/dev/null; then
    if [[ $name == rgw ]]; then kill -KILL "$pid" 2>/dev/null || true; else kill -TERM "$pid" 2>/dev/null || true; fi
    for _ in $(seq 1 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      echo "[radosgw] $name (pid $pid) did not stop in 10 s, killing" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -f "$pidfile"
done
echo "[radosgw] stopped" >&2

if [[ $PURGE == 1 ]]; then
  find "$DIR" -mindepth 1 -maxdepth 1 ! -name .lock -exec rm -rf {} +
  echo "[radosgw] purged $DIR" >&2
fi
