#!/usr/bin/env bash
# Usage: scripts/fetch-etcd.sh VERSION DEST
#   e.g. scripts/fetch-etcd.sh 3.5.30 /opt/etcd-3.5.30
#
# Puts Debian's etcd VERSION (etcd-server + etcd-client) in DEST, as DEST/etcd and DEST/etcdctl,
# for tests that run a second etcd version (ETCDTOP_TEST_ETCD_DIR=DEST). The version must be the
# one a Debian suite carries today (3.5.30 is in sid). The system's apt configuration and its
# installed packages are left alone: apt-get runs with its own sources list, state and cache in
# a temporary folder, `apt-get download` fetches the two .debs and `dpkg -x` unpacks them.
# The mirror is the one this machine's apt already uses (read from /etc/apt/sources.list*).
# Idempotent: a DEST whose etcd already reports VERSION is kept as it is.
set -euo pipefail

usage() {
  echo "usage: $0 VERSION DEST   (e.g. $0 3.5.30 /opt/etcd-3.5.30)" >&2
  exit 2
}
[ $# -eq 2 ] || usage
version=$1
dest=$2
# Suites searched in order for the version; sid carries the newest 3.5, trixie an older one.
suites=${ETCD_FETCH_SUITES:-"sid trixie"}

reports_version() { # $1 = folder: both binaries there print the wanted version
  # Read whole before matching: `etcd --version | grep -q` under pipefail failed whenever grep
  # quit before etcd had written its last line (SIGPIPE), and a good folder was fetched again.
  local etcd_says etcdctl_says
  [ -x "$1/etcd" ] && [ -x "$1/etcdctl" ] &&
    etcd_says=$("$1/etcd" --version 2>/dev/null) &&
    etcdctl_says=$(ETCDCTL_API=3 "$1/etcdctl" version 2>/dev/null) &&
    grep -qx "etcd Version: $version" <<<"$etcd_says" &&
    grep -qx "etcdctl version: $version" <<<"$etcdctl_says"
}

if reports_version "$dest"; then
  echo "etcd $version already in $dest"
  exit 0
fi

# The Debian mirror this machine's apt uses: the first URI of a deb822 .sources stanza or of a
# one-line "deb URI suite …" entry whose suite is not a -security one.
debian_mirror() {
  local files=() f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] && files+=("$f")
  done
  [ ${#files[@]} -gt 0 ] || return 0
  awk '
    /^[[:space:]]*#/ { next }
    /^[[:space:]]*deb[[:space:]]/ {
      for (i = 2; i <= NF; i++) if ($i !~ /^\[/ && $i !~ /\]$/ && $i ~ /:\/\//) { uri = $i; suite = $(i + 1); break }
      if (uri ~ /debian/ && suite !~ /security/) { print uri; exit }
      next
    }
    /^URIs:/ { uri = $2 }
    /^Suites:/ { suite = $2 }
    /^[[:space:]]*$/ { if (uri ~ /debian/ && suite != "" && suite !~ /security/) { print uri; exit } uri = ""; suite = "" }
    END { if (uri ~ /debian/ && suite != "" && suite !~ /security/) print uri }
  ' "${files[@]}" | head -n 1
}

mirror=${ETCD_FETCH_MIRROR:-$(debian_mirror)}
if [ -z "$mirror" ]; then
  echo "error: no Debian mirror found in /etc/apt/sources.list*" >&2
  echo "hint: set ETCD_FETCH_MIRROR=http://your.debian.mirror/debian" >&2
  exit 1
fi
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
if [ ! -r "$keyring" ]; then
  echo "error: $keyring is missing; install it with 'apt-get install debian-archive-keyring'" >&2
  exit 1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/fetch-etcd.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/state/lists/partial" "$work/cache/archives/partial" "$work/parts" "$work/debs"
touch "$work/state/status"

apt_in_work() { # $1 = apt-get or apt-cache
  local tool=$1
  shift
  "$tool" -q \
    -o Dir::Etc::SourceList="$work/sources.list" \
    -o Dir::Etc::SourceParts="$work/parts" \
    -o Dir::State="$work/state" \
    -o Dir::State::status="$work/state/status" \
    -o Dir::Cache="$work/cache" \
    -o Debug::NoLocking=1 \
    -o APT::Sandbox::User=root \
    "$@"
}

for suite in $suites; do
  echo "deb [signed-by=$keyring] $mirror $suite main" >"$work/sources.list"
  echo "looking for etcd $version in $mirror $suite"
  apt_in_work apt-get update >"$work/update.log" 2>&1 || { cat "$work/update.log" >&2; continue; }
  # Debian versions look like 3.5.30-1 or 3.5.30+dfsg-2: the upstream part must match exactly.
  found=$(apt_in_work apt-cache madison etcd-server 2>/dev/null |
    awk -F'|' -v v="$version" '{ gsub(/ /, "", $2) } $2 ~ "^([0-9]+:)?" v "([-+~]|$)" { print $2; exit }' || true)
  [ -n "$found" ] || continue
  (cd "$work/debs" && apt_in_work apt-get download "etcd-server=$found" "etcd-client=$found")
  rm -rf "$work/root"
  for deb in "$work"/debs/*.deb; do dpkg -x "$deb" "$work/root"; done
  mkdir -p "$dest"
  # Each binary copied beside its place, then renamed over it: a member still running from the
  # folder keeps its own file, where cp onto it fails with "Text file busy".
  for binary in etcd etcdctl etcdutl; do
    [ -x "$work/root/usr/bin/$binary" ] || continue
    cp "$work/root/usr/bin/$binary" "$dest/.$binary.new"
    mv -f "$dest/.$binary.new" "$dest/$binary"
  done
  if reports_version "$dest"; then
    echo "etcd $version ($found from $suite) in $dest"
    exit 0
  fi
  echo "error: the binaries from $suite do not report version $version:" >&2
  "$dest/etcd" --version >&2 || true
  exit 1
done
echo "error: no Debian suite of $suites at $mirror carries etcd-server $version" >&2
echo "hint: pick a version a Debian suite carries today (sid: 3.5.30), or set ETCD_FETCH_SUITES" >&2
exit 1
