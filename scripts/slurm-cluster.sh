#!/usr/bin/env bash
# A single-node Slurm cluster on this machine, for the Slurm runner's tests and for trying the
# runner out: slurmctld and slurmd on this host, one partition, one stand-in "gpu" gres.
#
#   scripts/slurm-cluster.sh start    install slurm-wlm and munge when missing (apt-get, as root),
#                                     write the configuration, start munged, slurmctld and slurmd,
#                                     wait until the node is idle
#   scripts/slurm-cluster.sh stop     stop the daemons this script started (by their pid files)
#   scripts/slurm-cluster.sh status   exit 0 when the node answers and is usable, print sinfo; exit 3,
#                                     with one line saying what is missing, when a running cluster
#                                     lacks what the tests need (a "gpu" gres, enough memory)
#
# Works in a container without systemd. The settings that make it so: proctrack/linuxproc,
# task/none, jobacct_gather/none (no cgroups), SlurmUser=root, and munged started with --force.
# The gres "gpu" stands on /dev/null: jobs can ask for gpu:1, Slurm allocates it and sets
# CUDA_VISIBLE_DEVICES, but no GPU is behind it. It proves that the option reaches the job and
# that Slurm binds it, not that a real GPU is placed (Slurm refuses a gpu gres without a device file).
set -euo pipefail

CONF_DIR=/etc/slurm
STATE_DIR=/var/spool/slurmctld
SPOOL_DIR=/var/spool/slurmd
LOG_DIR=/var/log/slurm
RUN_DIR=/run/autoresearch-slurm
PARTITION=${SLURM_TEST_PARTITION:-debug}
WAIT_SECONDS=${SLURM_START_WAIT:-60}

say() { echo "slurm-cluster: $*" >&2; }

need_root() {
    if [ "$(id -u)" != 0 ]; then
        say "must run as root (it installs packages and starts daemons)"
        exit 2
    fi
}

install_packages() {
    local missing=()
    command -v slurmctld >/dev/null || missing+=(slurmctld)
    command -v slurmd >/dev/null || missing+=(slurmd)
    command -v sbatch >/dev/null || missing+=(slurm-client)
    command -v munged >/dev/null || missing+=(munge)
    if [ ${#missing[@]} -eq 0 ]; then
        return
    fi
    say "installing ${missing[*]} with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >/dev/null
    apt-get install -y -q --no-install-recommends slurm-wlm munge >/dev/null
}

write_config() {
    local host cpus mem
    host=$(hostname -s)
    cpus=$(nproc)
    # leave a quarter of the memory to the machine; Slurm refuses a node with less than it says
    mem=$(awk '/MemTotal/ { printf "%d", $2 / 1024 * 3 / 4 }' /proc/meminfo)
    mkdir -p "$CONF_DIR" "$STATE_DIR" "$SPOOL_DIR" "$LOG_DIR" "$RUN_DIR"
    cat >"$CONF_DIR/slurm.conf" <<CONF
# written by scripts/slurm-cluster.sh: a single-node cluster for tests
ClusterName=autoresearch
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$STATE_DIR
SlurmdSpoolDir=$SPOOL_DIR
SlurmctldPidFile=$RUN_DIR/slurmctld.pid
SlurmdPidFile=$RUN_DIR/slurmd.pid
SlurmctldLogFile=$LOG_DIR/slurmctld.log
SlurmdLogFile=$LOG_DIR/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
SchedulerType=sched/backfill
SchedulerParameters=sched_interval=2
MinJobAge=300
KillWait=5
SlurmdTimeout=30
InactiveLimit=0
GresTypes=gpu
NodeName=$host CPUs=$cpus RealMemory=$mem Gres=gpu:1 State=UNKNOWN
PartitionName=$PARTITION Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
    cat >"$CONF_DIR/gres.conf" <<CONF
# a stand-in GPU with no device behind it; see scripts/slurm-cluster.sh
NodeName=$host Name=gpu File=/dev/null
CONF
}

start_munge() {
    if running /var/run/munge/munged.pid; then
        return
    fi
    mkdir -p /etc/munge /var/run/munge /var/lib/munge /var/log/munge
    if [ ! -s /etc/munge/munge.key ]; then
        dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
    fi
    chown -R munge:munge /etc/munge /var/run/munge /var/lib/munge /var/log/munge 2>/dev/null || true
    chmod 400 /etc/munge/munge.key
    chmod 755 /var/run/munge
    if id munge >/dev/null 2>&1; then
        su -s /bin/sh munge -c "munged --force --pid-file=/var/run/munge/munged.pid"
    else
        munged --force --pid-file=/var/run/munge/munged.pid
    fi
}

# true when the pid file names a live process
running() {
    [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null
}

node_state() {
    sinfo -h -N -o '%T' 2>/dev/null | head -n 1
}

start() {
    need_root
    install_packages
    local code=0
    status >/dev/null 2>&1 || code=$?
    if [ "$code" = 0 ]; then
        say "already running"
        return
    fi
    if [ "$code" = 3 ]; then
        offers_what_tests_need
        exit 3
    fi
    write_config
    start_munge
    running "$RUN_DIR/slurmctld.pid" || slurmctld
    running "$RUN_DIR/slurmd.pid" || slurmd
    local waited=0 state=""
    while [ "$waited" -lt "$WAIT_SECONDS" ]; do
        state=$(node_state || true)
        case "$state" in
            idle|mixed|allocated) say "node $(hostname -s) is $state"; return ;;
            down*|drain*) scontrol update nodename="$(hostname -s)" state=resume >/dev/null 2>&1 || true ;;
        esac
        sleep 1
        waited=$((waited + 1))
    done
    say "the node did not become idle within ${WAIT_SECONDS}s (last state: '${state:-no answer}');" \
        "see $LOG_DIR/slurmctld.log and $LOG_DIR/slurmd.log"
    exit 1
}

stop() {
    local file pid
    for file in "$RUN_DIR/slurmd.pid" "$RUN_DIR/slurmctld.pid" /var/run/munge/munged.pid; do
        if running "$file"; then
            pid=$(cat "$file")
            kill "$pid" 2>/dev/null || true
            for _ in $(seq 50); do
                kill -0 "$pid" 2>/dev/null || break
                sleep 0.1
            done
        fi
        rm -f "$file"
    done
    say "stopped"
}

status() {
    local state
    state=$(node_state || true)
    case "$state" in
        idle|mixed|allocated) ;;
        *) say "not usable (node state: '${state:-no answer}')"; return 1 ;;
    esac
    offers_what_tests_need || return 3
    sinfo
}

# True when some node offers what the runner's tests ask of a job: a "gpu" gres and TEST_MEMORY_MB
# of memory; otherwise says in one line what the cluster lacks. A cluster this script did not start
# may well lack them; this script cannot start its own beside it.
TEST_MEMORY_MB=${SLURM_TEST_MEMORY_MB:-100}
offers_what_tests_need() {
    local nodes
    nodes=$(sinfo -h -N -o '%N %G %m' 2>/dev/null || true)
    if echo "$nodes" | awk -v mem="$TEST_MEMORY_MB" '$2 ~ /(^|,)gpu(:|$|,)/ && $3 + 0 >= mem { ok = 1 } END { exit !ok }'; then
        return 0
    fi
    say "the running cluster lacks what the tests need (a node with a 'gpu' gres and ${TEST_MEMORY_MB} MB;" \
        "nodes, gres and MB: $(echo "$nodes" | tr '\n' ';' | sed 's/;$//')); stop it to let this script start its own"
    return 1
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) status ;;
    *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
