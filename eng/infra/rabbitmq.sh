#!/usr/bin/env bash
# Runs a private RabbitMQ node in the foreground until SIGTERM or SIGINT, then stops the node and
# its epmd and exits; exits too when the node stops by itself.
#
# usage:   eng/infra/rabbitmq.sh <data-dir> <amqp-port>
# connect: amqp://indiegent:indiegent@127.0.0.1:<amqp-port>/
#
# Everything the node writes (database, logs, Erlang cookie, pid file) stays in <data-dir>, and
# <data-dir>/rabbitmqctl runs rabbitmqctl against this node. The .NET Aspire AppHost runs this
# script as an executable and stops it with SIGTERM; IndieGent.Testing runs it for tests.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=eng/infra/common.sh
. "$here/common.sh"

if [ $# -ne 2 ] || ! [[ $2 =~ ^[0-9]+$ ]]; then
  infra_die "usage: $0 <data-dir> <amqp-port>"
fi
port=$2

rabbitmq_bin=/usr/lib/rabbitmq/bin
[ -x "$rabbitmq_bin/rabbitmq-server" ] ||
  infra_die "RabbitMQ is not installed ($rabbitmq_bin/rabbitmq-server is missing); run ./eng/prereqs.sh"
epmd=$(command -v epmd || true)
[ -n "$epmd" ] || infra_die "epmd (Erlang) is not installed; run ./eng/prereqs.sh"

mkdir -p "$1"
data_dir=$(cd "$1" && pwd -P)
# The mark that finds this node's processes again (see common.sh); a test fixture may have set
# it to its own instance directory already.
export INDIEGENT_INFRA_DIR=${INDIEGENT_INFRA_DIR:-$data_dir}

# Unique per data dir, so that nodes of parallel runs never meet; the Erlang distribution
# (epmd and the node's own port) gets free ports instead of the shared 4369 and 25672, so this
# node's epmd is ours to stop and no other node's epmd is touched.
node="rabbit-$(printf '%s' "$data_dir" | sha256sum | cut -c1-12)@localhost"
epmd_port=$(infra_free_port)
dist_port=$(infra_free_port)
while [ "$dist_port" = "$epmd_port" ]; do dist_port=$(infra_free_port); done

mkdir -p "$data_dir/mnesia" "$data_dir/log"
cat >"$data_dir/rabbitmq.conf" <<EOF
listeners.tcp.1 = 127.0.0.1:$port
default_user = indiegent
default_pass = indiegent
loopback_users = none
EOF
echo '[].' >"$data_dir/enabled_plugins"
: >"$data_dir/rabbitmq-env.conf"

# One environment for the node and for every rabbitmqctl call: they must agree on HOME (the
# Erlang cookie), the node name and the epmd port. The RABBITMQ_CONF_ENV_FILE and
# ADVANCED_CONFIG_FILE settings keep /etc/rabbitmq out of the picture.
{
  printf 'export %s=%q\n' \
    HOME "$data_dir" \
    INDIEGENT_INFRA_DIR "$INDIEGENT_INFRA_DIR" \
    ERL_EPMD_PORT "$epmd_port" \
    ERL_EPMD_ADDRESS 127.0.0.1 \
    ERL_CRASH_DUMP "$data_dir/erl_crash.dump" \
    RABBITMQ_NODENAME "$node" \
    RABBITMQ_NODE_IP_ADDRESS 127.0.0.1 \
    RABBITMQ_NODE_PORT "$port" \
    RABBITMQ_DIST_PORT "$dist_port" \
    RABBITMQ_MNESIA_BASE "$data_dir/mnesia" \
    RABBITMQ_LOG_BASE "$data_dir/log" \
    RABBITMQ_LOGS - \
    RABBITMQ_CONFIG_FILE "$data_dir/rabbitmq.conf" \
    RABBITMQ_ADVANCED_CONFIG_FILE "$data_dir/advanced.config" \
    RABBITMQ_CONF_ENV_FILE "$data_dir/rabbitmq-env.conf" \
    RABBITMQ_ENABLED_PLUGINS_FILE "$data_dir/enabled_plugins" \
    RABBITMQ_PID_FILE "$data_dir/rabbitmq.pid" \
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS "-kernel inet_dist_use_interface {127,0,0,1}"
} >"$data_dir/env"
cat >"$data_dir/rabbitmqctl" <<EOF
#!/usr/bin/env bash
# rabbitmqctl for the node in this directory; written by eng/infra/rabbitmq.sh.
. $(printf %q "$data_dir/env")
exec $rabbitmq_bin/rabbitmqctl -n "\$RABBITMQ_NODENAME" "\$@"
EOF
chmod +x "$data_dir/rabbitmqctl"

# shellcheck source=/dev/null
. "$data_dir/env"
# The broker's start script runs the VM in the foreground only when it is not under systemd.
unset NOTIFY_SOCKET

epmd_pid=""
server_pid=""
stopping=""

# On any exit: stop this node's epmd and whatever else still carries the mark (a hung
# rabbitmqctl, a VM that ignored SIGTERM).
# shellcheck disable=SC2317 # called by the trap
cleanup() {
  if [ -n "$epmd_pid" ]; then
    kill -TERM "$epmd_pid" 2>/dev/null || true
    wait "$epmd_pid" 2>/dev/null || true
  fi
  infra_signal_marked "$INDIEGENT_INFRA_DIR" KILL
}
trap cleanup EXIT

# The broker's own start script turns SIGTERM into a clean shutdown of the VM.
# shellcheck disable=SC2317 # called by the trap
stop() {
  stopping=1
  if [ -n "$server_pid" ]; then
    kill -TERM "$server_pid" 2>/dev/null || true
  fi
}
trap stop TERM INT HUP

# Our own epmd, in the foreground (not -daemon), so that it stays our child and cannot outlive
# us; the VM finds it already listening on ERL_EPMD_PORT and does not start another.
"$epmd" -port "$epmd_port" -address 127.0.0.1 &
epmd_pid=$!
tries=50
until "$epmd" -port "$epmd_port" -names >/dev/null 2>&1; do
  infra_alive "$epmd_pid" || infra_die "epmd did not start on port $epmd_port"
  [ "$tries" -gt 0 ] || infra_die "epmd did not answer on port $epmd_port within 5 s"
  tries=$((tries - 1))
  sleep 0.1
done

[ -z "$stopping" ] || exit 0
"$rabbitmq_bin/rabbitmq-server" </dev/null &
server_pid=$!

status=0
wait "$server_pid" || status=$?
if [ -n "$stopping" ]; then
  # wait returned because of the signal; the node is still shutting down. Bounded: a node that
  # takes longer than 30 s is killed.
  infra_wait_gone "$server_pid" 30 || {
    echo "rabbitmq.sh: the node did not stop within 30 s; killing it" >&2
    infra_signal_marked "$INDIEGENT_INFRA_DIR" KILL
  }
  status=0
  wait "$server_pid" || status=$?
fi
exit "$status"
