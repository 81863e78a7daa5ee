#!/usr/bin/env bash
# pgBackRest for the backup tests. Bookworm's package (2.45) refuses PostgreSQL 16 ("unexpected control version
# = 1300 and catalog version = 202307071"; 2.47 added it), so trixie's package binary goes to /usr/local/bin: it
# links bookworm's sonames (checked with every symbol bound at load). No-op when a PG16-capable one is there.
set -euo pipefail

need=2.47
version() { "$1" version 2>/dev/null | awk '{print $2}'; }
new_enough() { [ -n "$1" ] && [ "$(printf '%s\n%s\n' "$need" "$1" | sort -V | head -1)" = "$need" ]; }

if new_enough "$(version pgbackrest)"; then exit 0; fi
# --check: only say (by the exit status) whether the installed one is new enough.
if [ "${1:-}" = --check ]; then exit 1; fi
if ! dpkg -s pgbackrest >/dev/null 2>&1 || ! dpkg -s libssh2-1 >/dev/null 2>&1; then
  # The package brings the postgres user, /etc/pgbackrest.conf and most libraries; trixie's binary also links libssh2.
  apt-get update && apt-get install -y --no-install-recommends pgbackrest libssh2-1
fi
if new_enough "$(version pgbackrest)"; then exit 0; fi

# A private apt state (lists, cache) so the machine's own sources and package cache stay untouched.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp" # apt downloads as user _apt
mirror=$(apt-get indextargets --format '$(REPO_URI)' 'Codename: bookworm' 'Component: main' 'Created-By: Packages' | head -1)
[ -n "$mirror" ] || { echo "no bookworm main source in apt's configuration" >&2; exit 1; }
mkdir -p "$tmp/lists/partial" "$tmp/cache/archives/partial"
echo "deb ${mirror%/} trixie main" >"$tmp/sources.list"
apt_opts=(-o "Dir::Etc::SourceList=$tmp/sources.list" -o Dir::Etc::SourceParts=/dev/null -o "Dir::State::Lists=$tmp/lists" -o "Dir::Cache=$tmp/cache")
apt-get "${apt_opts[@]}" update >/dev/null
(cd "$tmp" && apt-get "${apt_opts[@]}" download pgbackrest)
dpkg-deb -x "$tmp"/pgbackrest_*.deb "$tmp/x"
LD_BIND_NOW=1 "$tmp/x/usr/bin/pgbackrest" version >/dev/null
install -m 0755 "$tmp/x/usr/bin/pgbackrest" /usr/local/bin/pgbackrest
new_enough "$(version /usr/local/bin/pgbackrest)" || { echo "pgbackrest in /usr/local/bin is still older than $need" >&2; exit 1; }
echo "pgbackrest $(version /usr/local/bin/pgbackrest) in /usr/local/bin (PostgreSQL 16 needs >= $need; Debian bookworm has $(version /usr/bin/pgbackrest))"
