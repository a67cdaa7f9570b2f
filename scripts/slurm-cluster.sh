#!/usr/bin/env bash
# A single-node Slurm cluster on this machine, for the Slurm runner's tests and for trying the
# runner out: slurmctld and slurmd on this host, one partition, a count-only "gpu" gres.
#
#   scripts/slurm-cluster.sh start    install slurm-wlm and munge when missing (apt-get, as root),
#                                     write the configuration, start munged, slurmctld and slurmd,
#                                     wait until the node is idle
#   scripts/slurm-cluster.sh stop     stop the daemons this script started
#   scripts/slurm-cluster.sh status   exit 0 when the node answers and is usable, print sinfo
#
# Works in a container without systemd. The settings that make it so: proctrack/linuxproc,
# task/none, jobacct_gather/none (no cgroups), SlurmUser=root, and munged started with --force.
# The gres "gpu" is declared with a count and no device files: jobs can ask for it, and Slurm
# accounts for it, but no device is bound (there is none); it proves that the option reaches
# the job, not that a GPU is placed.
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
NodeName=$host CPUs=$cpus RealMemory=$mem Gres=gpu:2 State=UNKNOWN
PartitionName=$PARTITION Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
    cat >"$CONF_DIR/gres.conf" <<CONF
# count-only: no device files, nothing is bound; see scripts/slurm-cluster.sh
NodeName=$host Name=gpu Count=2
CONF
    cat >"$CONF_DIR/cgroup.conf" <<CONF
CgroupPlugin=cgroup/v1
CONF
    rm -f "$CONF_DIR/cgroup.conf"
}

start_munge() {
    if pgrep -x munged >/dev/null; then
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
        su -s /bin/sh munge -c "munged --force"
    else
        munged --force
    fi
}

node_state() {
    sinfo -h -N -o '%T' 2>/dev/null | head -n 1
}

start() {
    need_root
    install_packages
    if status >/dev/null 2>&1; then
        say "already running"
        return
    fi
    write_config
    start_munge
    pgrep -x slurmctld >/dev/null || slurmctld
    pgrep -x slurmd >/dev/null || slurmd
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
    local pid
    for name in slurmd slurmctld munged; do
        for pid in $(pgrep -x "$name" || true); do
            kill "$pid" 2>/dev/null || true
        done
    done
    say "stopped"
}

status() {
    local state
    state=$(node_state || true)
    case "$state" in
        idle|mixed|allocated) sinfo; return 0 ;;
        *) say "not usable (node state: '${state:-no answer}')"; return 1 ;;
    esac
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) status ;;
    *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
