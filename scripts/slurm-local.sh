#!/usr/bin/env bash
# A real single-node Slurm on this machine, for trying and testing `repro run --executor slurm`.
#   scripts/slurm-local.sh start    install slurm-wlm + munge if missing, start munged, slurmctld and
#                                   slurmd, return once a trivial batch job has run end to end
#   scripts/slurm-local.sh stop     cancel every job, stop the daemons this script started (by pid)
#   scripts/slurm-local.sh status   exit 0 when running (prints pids and sinfo), 3 when not
#   scripts/slurm-local.sh env      print `export SLURM_CONF=...` for eval
# Needs root (Debian packages, daemons). State, config and logs live in $REPRO_SLURM_DIR
# (default /tmp/repro-slurm). Settings measured in /work/shared/DEPENDENCIES.md (Slurm section).
set -euo pipefail

DIR=${REPRO_SLURM_DIR:-/tmp/repro-slurm}
CONF=$DIR/slurm.conf
TIMEOUT=${REPRO_SLURM_TIMEOUT:-60}
# Clients find the config through SLURM_CONF; when the host has no config of its own we also link
# /etc/slurm/slurm.conf to ours so that a plain `sbatch` works (removed again by stop).
ETC_CONF=/etc/slurm/slurm.conf
export SLURM_CONF=$CONF

say() { echo "slurm-local: $*"; }
die() { echo "slurm-local: error: $*" >&2; exit 1; }

# A pid is ours only if its file exists, the process lives and runs the expected program
# (guards against a recycled pid after an unclean stop).
live_pid() { # pidfile program
  local pid
  [ -s "$1" ] || return 1
  pid=$(tr -dc '0-9' <"$1")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$2" || return 1
  echo "$pid"
}

ensure_installed() {
  [ "$(id -u)" = 0 ] || die "must run as root (installs packages and starts daemons)"
  if command -v slurmctld >/dev/null && command -v slurmd >/dev/null && command -v sbatch >/dev/null && command -v munged >/dev/null; then
    return
  fi
  command -v apt-get >/dev/null || die "slurm-wlm/munge missing and apt-get not available"
  say "installing slurm-wlm and munge (apt-get)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge >/dev/null
}

write_conf() {
  mkdir -p "$DIR/state" "$DIR/spool" "$DIR/log"
  # CPUs, topology and RealMemory exactly as slurmd measures them: a mismatch drains the node.
  local hw
  hw=$(slurmd -C | head -n 1 | sed -e 's/^NodeName=[^ ]* //')
  cat >"$CONF.tmp" <<EOF
# Written by scripts/slurm-local.sh: one node, no cgroups, no accounting daemon.
ClusterName=repro
SlurmctldHost=localhost
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/slurmctld.pid
SlurmdPidFile=$DIR/slurmd.pid
SlurmctldLogFile=$DIR/log/slurmctld.log
SlurmdLogFile=$DIR/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$DIR/log/jobcomp.txt
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0,sched_min_interval=0
ReturnToService=2
MailProg=/bin/true
MinJobAge=600
MaxArraySize=10001
KillWait=5
NodeName=localhost NodeAddr=127.0.0.1 $hw State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
EOF
  mv "$CONF.tmp" "$CONF"
  if [ ! -e "$ETC_CONF" ] && [ ! -L "$ETC_CONF" ] && [ -d "$(dirname "$ETC_CONF")" ]; then
    ln -s "$CONF" "$ETC_CONF"
  fi
}

munge_works() { munge -n 2>/dev/null | unmunge >/dev/null 2>&1; }

start_munge() {
  if munge_works; then return; fi
  local key=/etc/munge/munge.key
  [ -s "$key" ] || { say "creating $key"; mungekey --create --keyfile="$key" 2>/dev/null || dd if=/dev/urandom of="$key" bs=1 count=1024 status=none; }
  chown munge:munge "$key"
  chmod 0400 "$key"
  mkdir -p /run/munge /var/log/munge /var/lib/munge
  chown munge:munge /run/munge /var/log/munge /var/lib/munge
  # --force survives a stale socket left by an unclean stop.
  runuser -u munge -- /usr/sbin/munged --force
  local pid
  for _ in $(seq 50); do
    pid=$(cat /run/munge/munged.pid 2>/dev/null || true)
    if [ -n "$pid" ] && munge_works; then
      echo "$pid" >"$DIR/munged.pid" # ours: stop ends it
      return
    fi
    sleep 0.1
  done
  die "munged did not start (see /var/log/munge/munged.log)"
}

log_tails() {
  local f
  for f in "$DIR/log/slurmctld.log" "$DIR/log/slurmd.log" /var/log/munge/munged.log; do
    [ -f "$f" ] && { echo "--- tail $f" >&2; tail -n 15 "$f" >&2; }
  done
  sinfo -N -l 2>&1 | sed 's/^/    /' >&2 || true
}

fail_start() { echo "slurm-local: error: $*" >&2; log_tails; exit 1; }

# A trivial job run end to end: `sinfo` saying idle is not proof (slurmctld restores old state).
smoke_job() {
  local deadline=$1 out="$DIR/log/smoke-%j.out" id state
  id=$(sbatch --parsable --job-name=repro-smoke --output="$out" --wrap 'echo ok' 2>&1) || fail_start "sbatch failed: $id"
  id=${id%%;*}
  while :; do
    state=$(squeue -h -t all -j "$id" -o %T 2>/dev/null || true)
    case "$state" in
      COMPLETED) break ;;
      FAILED|CANCELLED|TIMEOUT|NODE_FAIL|OUT_OF_MEMORY|BOOT_FAIL|DEADLINE) fail_start "smoke job $id ended $state" ;;
    esac
    [ "$(date +%s)" -lt "$deadline" ] || fail_start "smoke job $id not done after ${TIMEOUT}s (state: ${state:-unknown})"
    sleep 0.2
  done
  grep -qx ok "$DIR/log/smoke-$id.out" 2>/dev/null || fail_start "smoke job $id completed without its output"
  rm -f "$DIR/log/smoke-$id.out"
}

start() {
  ensure_installed
  mkdir -p "$DIR"
  if live_pid "$DIR/slurmctld.pid" slurmctld >/dev/null && live_pid "$DIR/slurmd.pid" slurmd >/dev/null; then
    say "already running ($CONF)"
    return
  fi
  local deadline=$(( $(date +%s) + TIMEOUT ))
  write_conf
  start_munge
  # -c: start from a clean job state; a half-started earlier run is forgotten, not resumed.
  live_pid "$DIR/slurmctld.pid" slurmctld >/dev/null || slurmctld -c -f "$CONF" || fail_start "slurmctld did not start"
  live_pid "$DIR/slurmd.pid" slurmd >/dev/null || slurmd -c -N localhost -f "$CONF" || fail_start "slurmd did not start"
  local state=
  while :; do
    state=$(sinfo -h -n localhost -o %t 2>/dev/null || true)
    case "$state" in
      idle|mix|alloc) break ;;
      drain*|down*) scontrol update nodename=localhost state=resume >/dev/null 2>&1 || true ;;
    esac
    [ "$(date +%s)" -lt "$deadline" ] || fail_start "node not idle after ${TIMEOUT}s (state: ${state:-no answer})"
    sleep 0.2
  done
  smoke_job "$deadline"
  say "running: one node ($(sinfo -h -o '%c CPUs, %m MB'), partition debug); SLURM_CONF=$CONF"
}

# Waits up to $2 tenths of a second for pid $1 to exit.
wait_gone() {
  for _ in $(seq "$2"); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
  return 1
}

stop_pid() { # pidfile program
  local pid
  pid=$(live_pid "$1" "$2") || { rm -f "$1"; return 0; }
  wait_gone "$pid" 50 && { rm -f "$1"; return 0; }
  kill -TERM "$pid" 2>/dev/null || true
  wait_gone "$pid" 50 || kill -KILL "$pid" 2>/dev/null || true
  rm -f "$1"
}

stop() {
  [ -f "$CONF" ] || { say "not running"; return; }
  if live_pid "$DIR/slurmctld.pid" slurmctld >/dev/null; then
    # slurmd's shutdown leaves running steps alive: cancel every job first and wait for them.
    scancel --full --quiet $(squeue -h -o %A 2>/dev/null | sort -u) 2>/dev/null || true
    for _ in $(seq 100); do
      [ -z "$(squeue -h -t running,completing,configuring 2>/dev/null)" ] && break
      sleep 0.1
    done
    scontrol shutdown >/dev/null 2>&1 || true
  fi
  stop_pid "$DIR/slurmd.pid" slurmd
  stop_pid "$DIR/slurmctld.pid" slurmctld
  if [ -f "$DIR/munged.pid" ]; then
    local pid
    pid=$(live_pid "$DIR/munged.pid" munged) && { kill -TERM "$pid" 2>/dev/null || true; wait_gone "$pid" 50 || true; }
    rm -f "$DIR/munged.pid"
  fi
  if [ -L "$ETC_CONF" ] && [ "$(readlink "$ETC_CONF")" = "$CONF" ]; then rm -f "$ETC_CONF"; fi
  say "stopped"
}

status() {
  local ctld d
  ctld=$(live_pid "$DIR/slurmctld.pid" slurmctld) || ctld=
  d=$(live_pid "$DIR/slurmd.pid" slurmd) || d=
  if [ -z "$ctld" ] || [ -z "$d" ]; then
    say "not running${ctld:+ (slurmctld $ctld alone)}${d:+ (slurmd $d alone)}"
    exit 3
  fi
  say "running: slurmctld $ctld, slurmd $d, SLURM_CONF=$CONF"
  sinfo
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  env) echo "export SLURM_CONF=$CONF" ;;
  *) echo "usage: $0 start|stop|status|env" >&2; exit 2 ;;
esac
