#!/usr/bin/env bash
# The programs the tests run besides Node and PostgreSQL 16 (which the tests start themselves): openssl
# (test certificates), mosquitto (restartable MQTT 5 / TLS brokers), pgBackRest >= 2.47 (backups of
# PostgreSQL 16), promtool (the Prometheus rules), chromium (the dashboard's browser tests) and
# check_postgres (the independent oracle of the ops checks).
# Installs what is missing with apt-get when it may (root, or sudo without a password); otherwise it
# stops at once and prints the exact command to run. Part of `npm test`.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v openssl >/dev/null || missing+=(openssl)
command -v mosquitto >/dev/null || [ -x /usr/sbin/mosquitto ] || missing+=(mosquitto)
command -v pgbackrest >/dev/null || missing+=(pgbackrest libssh2-1)
command -v promtool >/dev/null || missing+=(prometheus)
command -v chromium >/dev/null || [ -n "${CHROMIUM_PATH:-}" ] || missing+=(chromium)
command -v check_postgres >/dev/null || missing+=(check-postgres)

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  as_root=(sudo)
else
  as_root=(none)
fi

if [ ${#missing[@]} -gt 0 ]; then
  install=(apt-get install -y --no-install-recommends "${missing[@]}")
  if [ "${as_root[*]}" = none ]; then
    echo "the tests need: ${missing[*]}. Install them, then run npm test again:" >&2
    echo "  sudo apt-get update && sudo ${install[*]} && sudo bash scripts/pgbackrest.sh" >&2
    exit 1
  fi
  echo "installing what the tests need: ${missing[*]}"
  "${as_root[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" "${install[@]}" >/dev/null
fi

# Debian bookworm's pgbackrest (2.45) cannot back up PostgreSQL 16; this adds a newer build when needed.
if ! bash scripts/pgbackrest.sh --check; then
  if [ "${as_root[*]}" = none ]; then
    echo "pgBackRest is older than 2.47, which PostgreSQL 16 needs. Run: sudo bash scripts/pgbackrest.sh" >&2
    exit 1
  fi
  "${as_root[@]}" bash scripts/pgbackrest.sh
fi
