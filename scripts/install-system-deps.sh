#!/usr/bin/env bash
# Installs the system packages the tests need, if missing (Debian/Ubuntu, run as root):
#   chromium (e2e), ffmpeg (ffprobe checks), mkvtoolnix (mkvinfo), and the Ceph object gateway
#   (radosgw ceph-mon ceph-osd, plus uuidgen and curl used by scripts/radosgw) for the store
#   contract suite, and the PostgreSQL server (postgresql: initdb, pg_ctl) for the accounts suite,
#   which starts its own throwaway server (backend/test/accounts/postgres.ts); xvfb and xdotool for
#   the keyboard-shortcut e2e test (a headed Chromium on a virtual display, real key presses).
# Idempotent and quiet: prints nothing when everything is present; runs `apt-get update` only
# when something has to be installed. Used by CI and `npm test`.
set -euo pipefail

# package -> a command it provides (how "installed" is checked)
declare -A PROVIDES=(
  [chromium]=chromium
  [ffmpeg]=ffprobe
  [mkvtoolnix]=mkvinfo
  [radosgw]=radosgw
  [ceph-mon]=ceph-mon
  [ceph-osd]=ceph-osd
  [uuid-runtime]=uuidgen
  [curl]=curl
  [postgresql]=initdb
  [xvfb]=Xvfb
  [xdotool]=xdotool
)
ORDER=(chromium ffmpeg mkvtoolnix radosgw ceph-mon ceph-osd uuid-runtime curl postgresql xvfb xdotool)

# Debian keeps the PostgreSQL server programs off PATH, in /usr/lib/postgresql/<version>/bin.
provided() {
  command -v "$1" >/dev/null 2>&1 && return 0
  [[ $1 == initdb ]] && compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null
}

missing=()
for pkg in "${ORDER[@]}"; do
  provided "${PROVIDES[$pkg]}" || missing+=("$pkg")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ $(id -u) -ne 0 ]]; then
  echo "install-system-deps: missing ${missing[*]}; run as root: sudo $0" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-system-deps: missing ${missing[*]}, and apt-get is not available; install them by hand" >&2
  exit 1
fi

echo "install-system-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
for pkg in "${missing[@]}"; do
  provided "${PROVIDES[$pkg]}" || { echo "install-system-deps: $pkg did not provide ${PROVIDES[$pkg]}" >&2; exit 1; }
done
echo "install-system-deps: done" >&2
