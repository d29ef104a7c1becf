#!/usr/bin/env bash
# tools/slurm-local.sh start|stop|env — a real one-node Slurm cluster on this machine, to test `mmagan-bench slurm` against.
#   start: installs Debian's slurm-wlm and munge with apt-get when missing, writes a minimal slurm.conf and a fresh munge key
#          under $MMAGAN_SLURM_DIR (default /tmp/mmagan-slurm), starts munged, slurmctld and slurmd, and waits until the node
#          is idle. Prints the line to eval for the client commands (sbatch, squeue, …): export SLURM_CONF=….
#   stop:  cancels this cluster's jobs, stops the three daemons (by their pid files) and removes the folder.
#   env:   prints the export line again.
# Runs as root (the daemons, SlurmUser and the jobs are root); nothing is written outside the folder but the apt packages.
set -euo pipefail
dir=${MMAGAN_SLURM_DIR:-/tmp/mmagan-slurm}
conf=$dir/slurm.conf
me=$(basename "$0")
die() { echo "$me: $*" >&2; exit 2; }

stop_daemon() { # stop_daemon NAME PIDFILE: TERM, then KILL after 10 s
  local pid
  [ -f "$2" ] && pid=$(cat "$2") && [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.2; done
  echo "$me: $1 (pid $pid) did not stop; killing it" >&2
  kill -9 "$pid" 2>/dev/null || true
}

stop() {
  [ -d "$dir" ] || { echo "$me: no local Slurm in $dir"; return 0; }
  if [ -f "$dir/slurmctld.pid" ] && kill -0 "$(cat "$dir/slurmctld.pid")" 2>/dev/null; then
    SLURM_CONF=$conf scancel --full --quiet --partition=local 2>/dev/null || true
    for _ in $(seq 30); do [ -z "$(SLURM_CONF=$conf squeue -h -o %i 2>/dev/null)" ] && break; sleep 0.5; done
  fi
  stop_daemon slurmd "$dir/slurmd.pid"
  stop_daemon slurmctld "$dir/slurmctld.pid"
  stop_daemon munged "$dir/munged.pid"
  rm -rf "$dir"
  echo "local Slurm stopped"
}

install_packages() {
  command -v slurmctld > /dev/null && command -v slurmd > /dev/null && command -v sbatch > /dev/null && command -v munged > /dev/null && return 0
  command -v apt-get > /dev/null || die "slurm-wlm and munge are missing and there is no apt-get to install them (install Slurm 22.05+ and munge by hand)"
  echo "installing slurm-wlm and munge with apt-get (once)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=600 update -qq > "${TMPDIR:-/tmp}/mmagan-slurm-apt.log" 2>&1 \
    && apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends slurm-wlm munge >> "${TMPDIR:-/tmp}/mmagan-slurm-apt.log" 2>&1 \
    || die "apt-get install slurm-wlm munge failed (see ${TMPDIR:-/tmp}/mmagan-slurm-apt.log)"
}

start() {
  [ "$(id -u)" = 0 ] || die "must run as root: it installs packages and starts munged, slurmctld and slurmd (try: sudo $0 start)"
  if [ -f "$dir/slurmctld.pid" ] && kill -0 "$(cat "$dir/slurmctld.pid")" 2>/dev/null; then
    echo "local Slurm already running in $dir"; echo "export SLURM_CONF=$conf"; return 0
  fi
  install_packages
  rm -rf "$dir"
  mkdir -p "$dir/state" "$dir/spool" "$dir/munge"
  chmod 700 "$dir" "$dir/munge"
  local host mem
  host=$(hostname -s)
  mem=$(awk '/^MemTotal:/ { printf "%d", $2 / 1024 * 0.9 }' /proc/meminfo)
  # A fresh key for this cluster only (munged refuses keys readable by others).
  dd if=/dev/urandom of="$dir/munge/munge.key" bs=1024 count=1 status=none
  chmod 400 "$dir/munge/munge.key"
  munged --force --key-file="$dir/munge/munge.key" --socket="$dir/munge/munge.socket" --pid-file="$dir/munged.pid" \
    --log-file="$dir/munged.log" --seed-file="$dir/munge/munged.seed" \
    || die "munged did not start (see $dir/munged.log)"
  cat > "$conf" <<EOF
# Written by tools/slurm-local.sh: one node, root everywhere, no cgroups, no accounting.
ClusterName=mmagan-local
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/munge/munge.socket
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
ReturnToService=2
DependencyParameters=kill_invalid_depend
DefMemPerCPU=$((mem / 2))
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
NodeName=$host NodeAddr=127.0.0.1 CPUs=2 RealMemory=$mem State=UNKNOWN
PartitionName=local Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
  export SLURM_CONF=$conf
  slurmctld -f "$conf" || die "slurmctld did not start (see $dir/slurmctld.log)"
  slurmd -f "$conf" || die "slurmd did not start (see $dir/slurmd.log)"
  for _ in $(seq 60); do
    case $(sinfo -h -N -o %t 2>/dev/null | head -1) in idle*|mix*|alloc*) echo "local Slurm up: node $host, 2 CPUs, partition local ($dir)"; echo "export SLURM_CONF=$conf"; return 0;; esac
    sleep 0.5
  done
  die "the node did not come up within 30 s (see $dir/slurmctld.log and $dir/slurmd.log)"
}

case ${1:-} in
  start) start ;;
  stop) stop ;;
  env) echo "export SLURM_CONF=$conf" ;;
  *) echo "usage: $me start|stop|env" >&2; exit 2 ;;
esac
