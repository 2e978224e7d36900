# shellcheck shell=bash
# Helpers shared by the scripts in eng/infra/. Sourced, not run.
#
# Every process an instance runs carries INDIEGENT_INFRA_DIR=<instance dir> in its environment
# (a launcher exports it, or the test fixture sets it). That mark, not the process tree, is how
# the scripts find an instance's processes again: Erlang's helpers and anything re-parented to
# init leave the tree, but they keep the environment they were started with.

infra_die() {
  echo "$(basename "$0"): $*" >&2
  exit 1
}

# True while process $1 exists and is not a zombie (a zombie holds no resources; only its
# parent can remove it).
infra_alive() {
  local key value
  [ -r "/proc/$1/status" ] || return 1
  while read -r key value _; do
    if [ "$key" = "State:" ]; then
      [ "$value" != Z ] && [ "$value" != X ]
      return
    fi
  done <"/proc/$1/status" 2>/dev/null
  return 1
}

# PIDs of the live processes marked with instance directory $1, except this shell and its
# ancestors (a caller may itself carry the mark).
infra_marked_pids() {
  local mark="INDIEGENT_INFRA_DIR=$1" files file pid key value
  local -A spare=()
  pid=$$
  spare[$BASHPID]=1
  while [ "${pid:-1}" -gt 1 ]; do
    spare[$pid]=1
    value=1
    while read -r key value _; do
      [ "$key" = "PPid:" ] && break
    done <"/proc/$pid/status" 2>/dev/null || value=1
    pid=$value
  done
  # Collected before checking liveness, so grep itself (marked too, when the caller is) has
  # exited and is filtered out as dead.
  files=$(grep -lzsxF -- "$mark" /proc/[0-9]*/environ 2>/dev/null || true)
  for file in $files; do
    pid=${file#/proc/}
    pid=${pid%/environ}
    if [ -z "${spare[$pid]:-}" ] && infra_alive "$pid"; then
      echo "$pid"
    fi
  done
}

# PIDs of the live processes of instance $1 whose server was started with setsid as PID $2: those
# carrying the mark, those in the session $2 leads, and all their descendants. The mark alone
# misses some: PostgreSQL overwrites its child processes' environment with their titles (and
# gives each its own session), so they are found as descendants of the postmaster.
infra_instance_pids() {
  local stat line pid changed
  local -a fields
  local -A parent_of=() found=()
  for stat in /proc/[0-9]*/stat; do
    read -r line <"$stat" 2>/dev/null || continue
    # "pid (comm) state ppid pgrp session ...": comm may hold spaces, so split after its ')'.
    read -r -a fields <<<"${line##*) }"
    [ "${fields[0]}" != Z ] || continue
    pid=${line%% *}
    parent_of[$pid]=${fields[1]}
    if [ "${fields[3]}" = "$2" ]; then
      found[$pid]=1
    fi
  done
  for pid in $(infra_marked_pids "$1"); do
    found[$pid]=1
  done
  changed=1
  while [ -n "$changed" ]; do
    changed=""
    for pid in "${!parent_of[@]}"; do
      if [ -z "${found[$pid]:-}" ] && [ -n "${found[${parent_of[$pid]}]:-}" ]; then
        found[$pid]=1
        changed=1
      fi
    done
  done
  for pid in "${!found[@]}"; do
    if infra_alive "$pid"; then
      echo "$pid"
    fi
  done
}

# Sends signal $2 to every marked process of instance $1.
infra_signal_marked() {
  local pid
  for pid in $(infra_marked_pids "$1"); do
    kill "-$2" "$pid" 2>/dev/null || true
  done
}

# Waits up to $2 seconds for process $1 to end; false if it is still alive then.
infra_wait_gone() {
  local tries=$(($2 * 10))
  while infra_alive "$1"; do
    [ "$tries" -gt 0 ] || return 1
    tries=$((tries - 1))
    sleep 0.1
  done
}

# Waits up to $2 seconds for the marked processes of instance $1 to end.
infra_wait_marked_gone() {
  local tries=$(($2 * 10))
  while [ -n "$(infra_marked_pids "$1")" ]; do
    [ "$tries" -gt 0 ] || return 1
    tries=$((tries - 1))
    sleep 0.1
  done
}

# A TCP port on 127.0.0.1 that nothing listens on, below the kernel's ephemeral range so that
# outgoing connections do not take it meanwhile. Random, so two launchers rarely pick the same.
infra_free_port() {
  local port attempt
  for attempt in $(seq 1 200); do
    port=$((20000 + (RANDOM * 32768 + RANDOM + attempt) % 12000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  infra_die "no free TCP port found between 20000 and 32000"
}
