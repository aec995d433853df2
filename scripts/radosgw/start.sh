#!/usr/bin/env bash
# Starts a single-node Ceph object gateway (1 mon + 1 bluestore OSD on a sparse file + radosgw)
# for the store contract suite. Idempotent: already running -> reused; stale -> restarted.
#
# Prints KEY=value lines on stdout (progress goes to stderr):
#   RADOSGW_ENDPOINT, RADOSGW_ACCESS_KEY, RADOSGW_SECRET_KEY, RADOSGW_REGION, RADOSGW_STATE (started|reused)
#
# Environment (all optional):
#   RADOSGW_DIR         data + config + logs   (default: <repo>/.tmp/radosgw, gitignored)
#   RADOSGW_PORT        S3 port on 127.0.0.1   (default: 8790)
#   RADOSGW_MON_PORT    monitor msgr2 port     (default: 3390)
#   RADOSGW_ACCESS_KEY / RADOSGW_SECRET_KEY    (defaults below; test credentials only)
# Settings that matter (see /work/shared/notes/local-s3.md): auth none + "crc secure" msgr modes
# (otherwise daemons hang ~300 s on get_initial_auth_request), pool size 1, bluestore block file
# OUTSIDE the OSD data dir, sparse 10 GiB.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DIR="${RADOSGW_DIR:-$REPO_ROOT/.tmp/radosgw}"
PORT="${RADOSGW_PORT:-8790}"
MON_PORT="${RADOSGW_MON_PORT:-3390}"
ACCESS_KEY="${RADOSGW_ACCESS_KEY:-reelay-contract-access}"
SECRET_KEY="${RADOSGW_SECRET_KEY:-reelay-contract-secret-0123456789}"
CONF="$DIR/ceph.conf"
RGW_NAME="client.rgw.reelay"
ENDPOINT="http://127.0.0.1:$PORT"

log() { echo "[radosgw] $*" >&2; }
die() { echo "[radosgw] ERROR: $*" >&2; exit 1; }

for bin in ceph ceph-mon ceph-osd radosgw radosgw-admin monmaptool ceph-authtool curl flock uuidgen; do
  command -v "$bin" >/dev/null 2>&1 || die "'$bin' not found. Install with: sudo scripts/install-system-deps.sh (apt-get install -y --no-install-recommends radosgw ceph-mon ceph-osd)"
done

mkdir -p "$DIR"
exec 9>"$DIR/.lock"
flock -w 300 9 || die "another start/stop holds $DIR/.lock"

pid_alive() { [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }
http_up() { curl -s -o /dev/null -m 2 -w '%{http_code}' "$ENDPOINT/" 2>/dev/null | grep -q '^200$'; }
emit() {
  echo "RADOSGW_ENDPOINT=$ENDPOINT"
  echo "RADOSGW_ACCESS_KEY=$ACCESS_KEY"
  echo "RADOSGW_SECRET_KEY=$SECRET_KEY"
  echo "RADOSGW_REGION=us-east-1"
  echo "RADOSGW_STATE=$1"
}
daemons_alive() { pid_alive "$DIR/run/mon.a.pid" && pid_alive "$DIR/run/osd.0.pid" && pid_alive "$DIR/run/rgw.pid"; }

if daemons_alive && http_up; then
  emit reused
  exit 0
fi

# Stale (some daemon died, or the machine restarted): stop what is left of ours, then start again.
if compgen -G "$DIR/run/*.pid" >/dev/null; then
  log "stale state found, restarting"
  "$REPO_ROOT/scripts/radosgw/stop.sh" --locked >&2
fi
if curl -s -o /dev/null -m 2 "$ENDPOINT/" 2>/dev/null; then
  die "something else answers on $ENDPOINT; set RADOSGW_PORT to a free port"
fi

START_MS=$(( $(date +%s%N) / 1000000 ))
mkdir -p "$DIR/mon" "$DIR/osd" "$DIR/rgw" "$DIR/run" "$DIR/log"
# Minimal ceph.conf; rewritten on every start so port/env changes apply.
FSID="$(cat "$DIR/fsid" 2>/dev/null || uuidgen | tee "$DIR/fsid")"
cat >"$CONF" <<EOF
[global]
fsid = $FSID
mon initial members = a
mon host = [v2:127.0.0.1:$MON_PORT]
public network = 127.0.0.0/8
auth cluster required = none
auth service required = none
auth client required = none
auth allow insecure global id reclaim = true
ms mon client mode = crc secure
ms client mode = crc secure
ms cluster mode = crc secure
ms service mode = crc secure
ms mon cluster mode = crc secure
ms mon service mode = crc secure
ms bind msgr1 = false
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
mon allow pool size one = true
mon warn on pool no redundancy = false
osd crush chooseleaf type = 0
keyring = $DIR/keyring
run dir = $DIR/run
admin socket = $DIR/run/\$name.asok
pid file = $DIR/run/\$name.pid
log file = $DIR/log/\$name.log
mon data = $DIR/mon/\$name
osd data = $DIR/osd/\$name

[osd]
osd objectstore = bluestore
# Must be outside the OSD data dir (mkfs fails with "Too many levels of symbolic links").
bluestore block path = $DIR/osd-\$id-block
bluestore block create = true
bluestore block size = 10737418240
bluestore cache autotune = false
bluestore cache size = 134217728
osd memory target = 939524096

[$RGW_NAME]
rgw frontends = beast endpoint=127.0.0.1:$PORT
rgw data = $DIR/rgw
pid file = $DIR/run/rgw.pid
log file = $DIR/log/rgw.log
EOF

CEPH=(ceph -c "$CONF" --connect-timeout 20)

if [[ ! -f "$DIR/initialised" ]]; then
  log "first boot: creating monitor and OSD in $DIR (about 20 s)"
  rm -rf "$DIR/mon" "$DIR/osd" "$DIR"/osd-*-block "$DIR/keyring" "$DIR/monmap"
  mkdir -p "$DIR/mon/mon.a" "$DIR/osd/osd.0"
  ceph-authtool --create-keyring "$DIR/keyring" --gen-key -n mon. --cap mon 'allow *' >/dev/null
  monmaptool --create --addv a "[v2:127.0.0.1:$MON_PORT]" --fsid "$FSID" "$DIR/monmap" >/dev/null
  ceph-mon -c "$CONF" --mkfs -i a --monmap "$DIR/monmap" --keyring "$DIR/keyring"
  ceph-mon -c "$CONF" -i a 2>>"$DIR/log/start.log" 9>&-
  OSD_UUID="$(uuidgen)"
  OSD_ID="$("${CEPH[@]}" osd new "$OSD_UUID")"
  [[ "$OSD_ID" == "0" ]] || die "unexpected OSD id '$OSD_ID'"
  ceph-osd -c "$CONF" -i 0 --mkfs --osd-uuid "$OSD_UUID" 2>"$DIR/log/osd-mkfs.log" \
    || die "ceph-osd --mkfs failed, see $DIR/log/osd-mkfs.log"
  "${CEPH[@]}" osd crush add-bucket reelay host >/dev/null 2>&1
  "${CEPH[@]}" osd crush move reelay root=default >/dev/null 2>&1
  "${CEPH[@]}" osd crush add osd.0 1.0 host=reelay >/dev/null 2>&1
else
  log "starting existing cluster in $DIR"
  ceph-mon -c "$CONF" -i a 2>>"$DIR/log/start.log" 9>&-
fi

# Daemons fork into the background (without our lock fd 9); pre-fork chatter goes to log/start.log.
ceph-osd -c "$CONF" -i 0 2>>"$DIR/log/start.log" 9>&-
radosgw -c "$CONF" -n "$RGW_NAME" 2>>"$DIR/log/start.log" 9>&-

for _ in $(seq 1 600); do
  http_up && break
  pid_alive "$DIR/run/rgw.pid" || [[ ! -f "$DIR/run/rgw.pid" ]] || die "radosgw exited, see $DIR/log/rgw.log"
  sleep 0.2
done
http_up || die "radosgw did not answer on $ENDPOINT within 120 s, see $DIR/log/"

RGW_ADMIN=(radosgw-admin -c "$CONF")
if ! USER_INFO="$("${RGW_ADMIN[@]}" user info --uid=reelay 2>/dev/null)"; then
  "${RGW_ADMIN[@]}" user create --uid=reelay --display-name="Reelay contract" \
    --access-key="$ACCESS_KEY" --secret-key="$SECRET_KEY" >/dev/null
elif ! grep -q "\"$ACCESS_KEY\"" <<<"$USER_INFO"; then
  "${RGW_ADMIN[@]}" key create --uid=reelay --key-type=s3 --access-key="$ACCESS_KEY" --secret-key="$SECRET_KEY" >/dev/null
fi
touch "$DIR/initialised"
ELAPSED_MS=$(( $(date +%s%N) / 1000000 - START_MS ))
log "up on $ENDPOINT after $((ELAPSED_MS / 1000)).$(( (ELAPSED_MS % 1000) / 100 )) s"
emit started
