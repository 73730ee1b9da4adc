#!/usr/bin/env bash
# A real single-node Slurm cluster on this machine, for tests and for trying tools/slurm/ before a
# real cluster: munged, slurmctld and slurmd, all state, logs, sockets and pid files in one folder,
# nothing outside it touched (no /etc/slurm, no /run/munge, no systemd).
#
#   tools/slurm/local-cluster.sh start DIR [CPUS]   start (DIR must not hold a running cluster)
#   tools/slurm/local-cluster.sh stop DIR           stop every daemon started for DIR
#   tools/slurm/local-cluster.sh status DIR         exit 0 when the node is up, else why not
#
# After start, point Slurm's commands at it: export SLURM_CONF=DIR/slurm.conf
# Needs root (slurmd runs jobs as their user) and Debian's slurm-wlm (slurmctld, slurmd, munge):
#   apt-get install --no-install-recommends slurm-wlm
# The node is named sbnode, has feature "pocl" (so --constraint can be tried) and partition
# "debug"; ports are picked free (SPARSEBENCH_SLURM_PORT to choose the first of two).
# When a daemon does not come up, start prints its log and exits 3: callers (the CI test) report
# that text as the reason they skip.
set -euo pipefail

die() { echo "local-cluster: $*" >&2; exit 2; }

usage() { sed -n '5,8p' "$0" | sed 's/^# *//' >&2; exit 2; }

[ $# -ge 2 ] || usage
cmd=$1
dir=$2
cpus=${3:-2}

pid_of() { [ -s "$dir/$1.pid" ] && cat "$dir/$1.pid" || true; }

alive() {
    local pid
    pid=$(pid_of "$1")
    if [ -z "$pid" ]; then
        return 1
    fi
    kill -0 "$pid" 2>/dev/null
}

# Stops one daemon by the pid it wrote, waiting up to 10 s, then SIGKILL.
stop_one() {
    local name=$1 pid
    pid=$(pid_of "$name")
    [ -n "$pid" ] || return 0
    kill "$pid" 2>/dev/null || { rm -f "$dir/$name.pid"; return 0; }
    for _ in $(seq 100); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
    rm -f "$dir/$name.pid"
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

pick_ports() {
    local p=${SPARSEBENCH_SLURM_PORT:-$((20000 + ($$ % 20000)))}
    for _ in $(seq 200); do
        if port_free "$p" && port_free $((p + 1)); then
            echo "$p"
            return 0
        fi
        p=$((p + 2))
    done
    die "no two free TCP ports near ${SPARSEBENCH_SLURM_PORT:-20000+}"
}

# Prints why the cluster is not usable (the last lines of each daemon's log) and exits 3.
fail_start() {
    echo "local-cluster: $*" >&2
    for log in munged slurmctld slurmd; do
        [ -s "$dir/log/$log.log" ] || continue
        echo "--- $dir/log/$log.log (last lines)" >&2
        tail -n 15 "$dir/log/$log.log" >&2
    done
    "$0" stop "$dir" >/dev/null 2>&1 || true
    exit 3
}

start() {
    [ "$(id -u)" -eq 0 ] || die "start needs root (slurmd runs jobs as their user)"
    for b in munged slurmctld slurmd sinfo sbatch; do
        command -v "$b" >/dev/null || die "no $b: apt-get install --no-install-recommends slurm-wlm"
    done
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    if alive slurmctld || alive slurmd || alive munged; then
        die "$dir already has a running cluster (stop it first)"
    fi
    rm -rf "$dir/munge" "$dir/ctld" "$dir/spool" "$dir/log"
    mkdir -p "$dir/munge" "$dir/ctld" "$dir/spool" "$dir/log"
    chmod 700 "$dir" "$dir/munge"
    local host port
    host=$(hostname -s)
    port=$(pick_ports)

    # munge: its own key and socket, so no system munged is needed or disturbed
    dd if=/dev/urandom of="$dir/munge/munge.key" bs=1024 count=1 status=none
    chmod 400 "$dir/munge/munge.key"
    munged --force --socket="$dir/munge/munge.socket" --key-file="$dir/munge/munge.key" \
        --pid-file="$dir/munged.pid" --seed-file="$dir/munge/munged.seed" \
        --log-file="$dir/log/munged.log" ||
        fail_start "munged did not start"

    cat >"$dir/slurm.conf" <<CONF
# written by tools/slurm/local-cluster.sh: one node, $cpus CPUs, no cgroups, no accounting
ClusterName=sblocal
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmctldPort=$port
SlurmdPort=$((port + 1))
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/munge/munge.socket
StateSaveLocation=$dir/ctld
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MailProg=/bin/true
SwitchType=switch/none
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SlurmdParameters=config_overrides
ReturnToService=2
SlurmdTimeout=60
InactiveLimit=0
KillWait=5
MinJobAge=300
NodeName=sbnode NodeAddr=127.0.0.1 NodeHostname=$host CPUs=$cpus Feature=pocl State=UNKNOWN
PartitionName=debug Nodes=sbnode Default=YES MaxTime=INFINITE State=UP
CONF
    export SLURM_CONF="$dir/slurm.conf"
    slurmctld -f "$SLURM_CONF" -c >>"$dir/log/slurmctld.out" 2>&1 ||
        fail_start "slurmctld did not start: $(cat "$dir/log/slurmctld.out")"
    slurmd -f "$SLURM_CONF" -N sbnode >>"$dir/log/slurmd.out" 2>&1 ||
        fail_start "slurmd did not start: $(cat "$dir/log/slurmd.out")"

    # up = slurmctld answers and the node is idle (60 s at most)
    local state=""
    for _ in $(seq 120); do
        state=$(sinfo -h -n sbnode -o %T 2>/dev/null || true)
        case $state in idle*|mixed*|allocated*) break ;; esac
        alive slurmctld || fail_start "slurmctld exited"
        alive slurmd || fail_start "slurmd exited"
        sleep 0.5
    done
    case $state in
        idle*|mixed*|allocated*) ;;
        *) fail_start "node sbnode not idle after 60 s (state '${state:-no answer}')" ;;
    esac
    echo "local-cluster: up in $dir (node sbnode, $cpus CPUs, port $port); export SLURM_CONF=$SLURM_CONF"
}

stop() {
    [ -d "$dir" ] || return 0
    stop_one slurmd
    stop_one slurmctld
    stop_one munged
    # jobs still running belong to slurmstepd processes that slurmd no longer watches: the step
    # daemons exit with slurmd's kill; nothing else of ours is left.
}

status() {
    [ -f "$dir/slurm.conf" ] || { echo "no cluster in $dir"; return 1; }
    for d in munged slurmctld slurmd; do
        alive "$d" || { echo "$d is not running"; return 1; }
    done
    SLURM_CONF="$dir/slurm.conf" sinfo -h -n sbnode -o "sbnode %T %c CPUs"
}

case $cmd in
    start) start ;;
    stop) stop ;;
    status) status ;;
    *) usage ;;
esac
