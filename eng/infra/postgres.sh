#!/usr/bin/env bash
# Runs a private PostgreSQL server in the foreground until SIGTERM or SIGINT, then shuts it down
# (fast: open connections are closed) and exits; exits too when the server stops by itself.
#
# usage:   eng/infra/postgres.sh <data-dir> <port>
# connect: Host=127.0.0.1;Port=<port>;Username=postgres;Password=postgres
#
# An empty <data-dir> gets a new cluster (user postgres, trust authentication); an existing
# cluster is reused. The server listens on 127.0.0.1 only, its unix socket is in <data-dir>, and
# durability is traded for speed (fsync off): for development and tests only. The .NET Aspire
# AppHost runs this script as an executable and stops it with SIGTERM; IndieGent.Testing runs it
# for tests.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=eng/infra/common.sh
. "$here/common.sh"

if [ $# -ne 2 ] || ! [[ $2 =~ ^[0-9]+$ ]]; then
  infra_die "usage: $0 <data-dir> <port>"
fi
port=$2

# The newest installed major version that has the server (client-only versions have no postgres).
server=$(printf '%s\n' /usr/lib/postgresql/*/bin/postgres | sort -V | tail -n 1)
bin_dir=${server%/postgres}
if [ ! -x "$bin_dir/postgres" ] || [ ! -x "$bin_dir/initdb" ]; then
  infra_die "PostgreSQL server binaries not found (/usr/lib/postgresql/*/bin/postgres); run ./eng/prereqs.sh"
fi

mkdir -p "$1"
data_dir=$(cd "$1" && pwd -P)
export INDIEGENT_INFRA_DIR=${INDIEGENT_INFRA_DIR:-$data_dir}

# PostgreSQL refuses to run as root: as root, run it as the postgres system user (created by the
# postgresql package), which must own the data directory and be able to reach it.
as_postgres=()
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 ||
    infra_die "the 'postgres' system user is missing (the postgresql package creates it); run ./eng/prereqs.sh"
  chown postgres:postgres "$data_dir"
  as_postgres=(setpriv --reuid=postgres --regid=postgres --init-groups)
  "${as_postgres[@]}" test -w "$data_dir" ||
    infra_die "user postgres cannot reach $data_dir: a parent directory is closed to it (chmod o+x it)"
fi
# PostgreSQL insists on a data directory only its owner can read.
chmod 700 "$data_dir"

if [ ! -f "$data_dir/PG_VERSION" ]; then
  [ -z "$(ls -A "$data_dir")" ] ||
    infra_die "$data_dir is neither empty nor a PostgreSQL data directory"
  # The C locale: it exists everywhere, and LANG may name one that is not generated.
  if ! output=$("${as_postgres[@]}" "$bin_dir/initdb" -D "$data_dir" -U postgres --auth=trust \
    --no-sync -E UTF8 --locale=C 2>&1); then
    echo "$output" >&2
    infra_die "initdb failed in $data_dir"
  fi
fi

server_pid=""
stopping=""

# SIGINT is PostgreSQL's fast shutdown; its SIGTERM ("smart") would wait for every client,
# including idle pooled connections, to disconnect.
# shellcheck disable=SC2317 # called by the trap
stop() {
  stopping=1
  if [ -n "$server_pid" ]; then
    kill -INT "$server_pid" 2>/dev/null || true
  fi
}
trap stop TERM INT HUP
# SIGUSR1 restarts the server (fast shutdown, then a new postmaster on the same data and port): what a
# test does to see the services through a PostgreSQL restart.
restarting=""
# shellcheck disable=SC2317 # called by the trap
restart() {
  restarting=1
  if [ -n "$server_pid" ]; then
    kill -INT "$server_pid" 2>/dev/null || true
  fi
}
trap restart USR1
# Whatever still carries the mark on exit (a backend that ignored the shutdown) goes with us.
trap 'infra_signal_marked "$INDIEGENT_INFRA_DIR" KILL' EXIT

start_server() {
  "${as_postgres[@]}" "$bin_dir/postgres" -D "$data_dir" -p "$port" -k "$data_dir" \
    -c listen_addresses=127.0.0.1 \
    -c max_connections=300 \
    -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
    </dev/null &
  server_pid=$!
}

start_server
[ -z "$stopping" ] || stop

while :; do
  status=0
  wait "$server_pid" || status=$?
  if [ -n "$restarting" ] && [ -z "$stopping" ]; then
    infra_wait_gone "$server_pid" 30 || {
      kill -QUIT "$server_pid" 2>/dev/null || true
      infra_wait_gone "$server_pid" 5 || kill -KILL "$server_pid" 2>/dev/null || true
    }
    echo "postgres.sh: restarting the server"
    restarting=""
    start_server
    continue
  fi
  break
done
if [ -n "$stopping" ]; then
  # wait returned because of the signal; the server is still shutting down. Bounded: after
  # 30 s, immediate shutdown (SIGQUIT), then SIGKILL.
  infra_wait_gone "$server_pid" 30 || {
    echo "postgres.sh: the server did not stop within 30 s; forcing it" >&2
    kill -QUIT "$server_pid" 2>/dev/null || true
    infra_wait_gone "$server_pid" 5 || infra_signal_marked "$INDIEGENT_INFRA_DIR" KILL
  }
  status=0
  wait "$server_pid" || status=$?
fi
exit "$status"
