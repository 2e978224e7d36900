#!/usr/bin/env bash
# Installs what building, testing and running IndieGent locally need and is missing:
#   - RabbitMQ and PostgreSQL servers (Debian packages), unless a Docker engine answers, in which
#     case the tests and the AppHost run them in containers instead;
#   - Debian's Chromium, the real browser the dashboard's tests drive (Playwright's own download
#     cannot work offline; INDIEGENT_CHROMIUM names another browser and skips this);
#   - the pinned npm tools of eng/tools (anvil, solc) and the interop peers of eng/interop (mppx,
#     @x402) into their node_modules.
# Idempotent, and silent when there is nothing to do. Needs root only to install packages; without
# root it prints the command to run and fails.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tools="$root/eng/tools"
packages=(rabbitmq-server postgresql)
policy=/usr/sbin/policy-rc.d
added_policy=""
staging=""

die() {
  echo "prereqs: $*" >&2
  exit 1
}

scratch=$(mktemp -d)
# shellcheck disable=SC2317 # called by the trap
cleanup() {
  rm -rf "$scratch"
  if [ -n "$staging" ]; then
    rm -rf "$staging"
  fi
  if [ -n "$added_policy" ]; then
    rm -f "$policy"
  fi
}
trap cleanup EXIT

# Runs a command with its output in a log, shown only when it fails.
quietly() {
  local log
  log="$scratch/$(basename "$1").log"
  if ! "$@" >"$log" 2>&1; then
    cat "$log" >&2
    die "failed: $*"
  fi
}

servers_missing() {
  [ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || return 0
  compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null || return 0
  return 1
}

docker_works() {
  command -v docker >/dev/null 2>&1 && timeout 10 docker info >/dev/null 2>&1
}

# PIDs of running processes named $1 (procps may be missing on a minimal system).
pids_named() {
  local comm pid
  for comm in /proc/[0-9]*/comm; do
    if [ "$(cat "$comm" 2>/dev/null)" = "$1" ]; then
      pid=${comm#/proc/}
      echo "${pid%/comm}"
    fi
  done
}

server_pids() {
  # Sorted as text: comm compares lines as text.
  { pids_named epmd; pids_named beam.smp; pids_named postgres; } | sort
}

install_servers() {
  if [ "$(id -u)" -ne 0 ]; then
    die "RabbitMQ and/or PostgreSQL are missing. Install them as root, then run this again:
  sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${packages[*]}"
  fi
  command -v apt-get >/dev/null 2>&1 ||
    die "RabbitMQ and/or PostgreSQL are missing and there is no apt-get: install ${packages[*]} with this system's package manager"

  echo "prereqs: installing ${packages[*]} (apt-get)" >&2
  # Package scripts would start the system-wide services. Nothing here uses them (tests and the
  # AppHost run private instances), so deny the start for this install, and afterwards stop
  # whatever still started (epmd, a broker, a cluster) so the install leaves no process behind.
  local before pid
  before=$(server_pids)
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\n# Temporary, from eng/prereqs.sh: no service starts during its install.\nexit 101\n' >"$policy"
    chmod 755 "$policy"
    added_policy=1
  fi

  export DEBIAN_FRONTEND=noninteractive
  quietly apt-get update
  quietly apt-get install -y --no-install-recommends "${packages[@]}"

  if [ -n "$added_policy" ]; then
    rm -f "$policy"
    added_policy=""
  fi
  for pid in $(comm -13 <(echo "$before") <(server_pids)); do
    # A private instance that a test run or the AppHost started meanwhile is marked; spare it.
    grep -qzs '^INDIEGENT_INFRA_DIR=' "/proc/$pid/environ" || kill -TERM "$pid" 2>/dev/null || true
  done
  servers_missing && die "${packages[*]} installed, but the server binaries are still missing"
  return 0
}

ensure_npm_tools() {
  local dir=$1 sentinel=$2
  command -v node >/dev/null 2>&1 ||
    die "node is missing: install Node.js 20 or newer (Debian: apt-get install nodejs npm)"
  command -v npm >/dev/null 2>&1 ||
    die "npm is missing: install it with Node.js (Debian: apt-get install npm)"

  # node_modules is reinstalled exactly from the lockfile when the lockfile changed since the
  # last install (its hash is kept inside node_modules) or the install is incomplete.
  local lock_hash stamp="$dir/node_modules/.indiegent-lockfile.sha256"
  lock_hash=$(sha256sum "$dir/package-lock.json" | cut -d ' ' -f 1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$lock_hash" ] && [ -e "$dir/node_modules/$sentinel" ]; then
    return 0
  fi
  echo "prereqs: installing the pinned npm packages (npm ci in ${dir#"$root"/})" >&2
  # Installed beside the current node_modules, then swapped in by renames: a test or an AppHost
  # starting anvil meanwhile finds the old install or the new one, never a half-deleted one, and a
  # failed install leaves the old one in place.
  staging=$(mktemp -d "$dir/.npm-staging.XXXXXX")
  cp "$dir/package.json" "$dir/package-lock.json" "$staging/"
  (cd "$staging" && quietly npm ci --no-audit --no-fund --loglevel=error)
  echo "$lock_hash" >"$staging/node_modules/${stamp##*/}"
  if [ -e "$dir/node_modules" ]; then
    mv "$dir/node_modules" "$staging/previous"
  fi
  mv "$staging/node_modules" "$dir/node_modules"
  rm -rf "$staging"
  staging=""
}

if servers_missing && ! docker_works; then
  install_servers
fi
browser_missing() {
  [ -z "${INDIEGENT_CHROMIUM:-}" ] && [ ! -x /usr/bin/chromium ]
}

if browser_missing; then
  [ "$(id -u)" -eq 0 ] || die "chromium is missing (the dashboard's tests drive it). Install it as root, then run this again:
  sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium"
  command -v apt-get >/dev/null 2>&1 || die "chromium is missing and there is no apt-get: install Chromium, or name a browser in INDIEGENT_CHROMIUM"
  echo "prereqs: installing chromium (apt-get)" >&2
  export DEBIAN_FRONTEND=noninteractive
  quietly apt-get update
  quietly apt-get install -y --no-install-recommends chromium
fi

ensure_npm_tools "$tools" .bin/anvil
# The reference JavaScript peers of the interoperability tests (mppx, @x402).
ensure_npm_tools "$root/eng/interop" mppx/package.json
# The TypeScript SDK's compiler (sdk/js has no runtime dependencies).
ensure_npm_tools "$root/sdk/js" .bin/tsc
# The TypeScript sample links the SDK from sdk/js (a local link: nothing is downloaded).
if [ ! -e "$root/samples/ts-agent/node_modules/@indiegent/sdk/package.json" ]; then
  echo "prereqs: linking the TypeScript sample to sdk/js (npm ci in samples/ts-agent)" >&2
  (cd "$root/samples/ts-agent" && quietly npm ci --no-audit --no-fund --loglevel=error)
fi
