#!/usr/bin/env bash
# Stops one server that IndieGent.Testing started (a launcher from this folder, or anvil) and
# removes its instance directory, once the test process is done with it — or has died.
#
# usage: reaper.sh <instance-dir> <pid>
#
# stdin is a pipe whose writing end only the test process holds. The test process closes it to
# stop the server; the kernel closes it when the test process dies, however it dies (SIGKILL
# included), so no server outlives its test run. The test process starts this script with
# setsid, so a Ctrl+C on the terminal cannot kill it before it has done its job.
set -uo pipefail
# shellcheck source=eng/infra/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

[ $# -eq 2 ] || infra_die "usage: $0 <instance-dir> <pid>"
dir=$1
pid=$2
case "$(basename "$dir")" in
  indiegent-*) ;;
  # It ends with rm -rf: refuse anything that is not one of the fixtures' own directories.
  *) infra_die "refusing to manage $dir: not an indiegent-* instance directory" ;;
esac

# Once the test process is gone nobody reads our output; a write to its closed pipe would kill us.
exec >/dev/null 2>&1

read -r _ || true

# The test process starts the server with setsid: it leads a session of its own.
leftovers() {
  infra_instance_pids "$dir" "$pid"
}

kill -TERM "$pid" 2>/dev/null || true
# The launcher stops its server and helpers itself; give it time for a clean shutdown (the
# launchers give their server 30 s before they kill it).
infra_wait_gone "$pid" 40 || true
# Whatever is left (everything, if the launcher could not do its job) is killed.
for _ in $(seq 1 20); do
  [ -n "$(leftovers)" ] || break
  sleep 0.1
done
for left in $(leftovers); do
  kill -KILL "$left" 2>/dev/null || true
done
for _ in $(seq 1 50); do
  [ -n "$(leftovers)" ] || break
  sleep 0.1
done
rm -rf -- "$dir"
