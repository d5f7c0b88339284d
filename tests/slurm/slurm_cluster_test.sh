#!/bin/bash
# A real one-node Slurm cluster (munged, slurmctld, slurmd as root in a temp dir, the recipe of
# docs/slurm.md section 5) runs `fot-eval slurm --submit` on tests/slurm/quick.yaml: a 3-task
# array plus an afterok merge job. One shard task is requeued (`scontrol requeue`) after it saved
# some samples. The merged results.csv must equal the unsharded run's byte for byte, no shard may
# hold a sample twice, and every daemon is stopped at the end, also when the test fails.
# Usage: slurm_cluster_test.sh FOT_EVAL
set -euo pipefail
FOT_EVAL=$(readlink -f "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
CONFIG=$HERE/quick.yaml
fail() { echo "FAIL: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || fail "needs root (the cluster's daemons run as root; setup.sh runs the tests as root)"
for tool in munged mungekey slurmctld slurmd sbatch squeue scontrol scancel sinfo; do
  command -v $tool >/dev/null || fail "$tool missing: install slurmctld slurmd slurm-client munge (setup.sh does)"
done

T=$(mktemp -d /tmp/fot-slurm.XXXXXX)
export SLURM_CONF=$T/slurm.conf
stop_cluster() {
  set +e
  if [ -S "$T/munge/munge.sock" ] && [ -f "$T/run/slurmctld.pid" ]; then
    scancel --user=root 2>/dev/null
    for _ in $(seq 100); do [ -z "$(squeue -h 2>/dev/null)" ] && break; sleep 0.1; done
  fi
  for pidfile in "$T/run/slurmctld.pid" "$T/run/slurmd.pid"; do
    [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null
  done
  for pidfile in "$T/run/slurmctld.pid" "$T/run/slurmd.pid"; do
    [ -f "$pidfile" ] || continue
    pid=$(cat "$pidfile")
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null
  done
  # A step daemon orphaned by a stop with jobs still running ignores SIGTERM (docs/slurm.md section 5).
  pkill -9 -f "slurmstepd.*$T" 2>/dev/null
  pkill -9 -f "$T/sl/shards" 2>/dev/null
  [ -f "$T/munge/munged.pid" ] && kill "$(cat "$T/munge/munged.pid")" 2>/dev/null
  for _ in $(seq 50); do [ -f "$T/munge/munged.pid" ] || break; sleep 0.1; done
  if [ -n "${KEEP_SLURM_TEST_DIR:-}" ]; then echo "kept $T" >&2; else rm -rf "$T"; fi
}
trap stop_cluster EXIT

echo "== unsharded run"
"$FOT_EVAL" run "$CONFIG" --output "$T/full" 2>"$T/full.err" || { cat "$T/full.err"; fail "unsharded run"; }

echo "== starting munged, slurmctld, slurmd in $T"
mkdir -p "$T"/{munge,state,spool,log,run}
host=$(hostname -s)
{
  cat <<CONF
ClusterName=fotharness
SlurmctldHost=localhost
SlurmctldPort=16817
SlurmdPort=16818
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$T/munge/munge.sock,cred_expire=5
StateSaveLocation=$T/state
SlurmdSpoolDir=$T/spool
SlurmctldPidFile=$T/run/slurmctld.pid
SlurmdPidFile=$T/run/slurmd.pid
SlurmctldLogFile=$T/log/slurmctld.log
SlurmdLogFile=$T/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SwitchType=switch/none
MpiDefault=none
MailProg=/bin/true
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
SchedulerParameters=sched_interval=1,bf_interval=1
ReturnToService=2
SlurmctldTimeout=10
SlurmdTimeout=10
InactiveLimit=0
KillWait=2
MinJobAge=300
JobRequeue=1
SlurmdParameters=config_overrides
NodeName=$host CPUs=4 RealMemory=1000 NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
} > "$SLURM_CONF"
mungekey -c -k "$T/munge/munge.key"
munged -f --key-file="$T/munge/munge.key" --socket="$T/munge/munge.sock" --pid-file="$T/munge/munged.pid" \
  --log-file="$T/munge/munged.log" --seed-file="$T/munge/munged.seed"
slurmctld
slurmd
for i in $(seq 300); do sinfo -h -o %T 2>/dev/null | grep -qx idle && break; sleep 0.1; done
sinfo -h -o %T | grep -qx idle || { cat "$T/log/"*.log; fail "the node did not come up"; }

echo "== fot-eval slurm --shards 3 --submit"
"$FOT_EVAL" slurm "$CONFIG" --shards 3 --output "$T/sl" --time 10 --submit > "$T/submit.out" 2>"$T/submit.err" ||
  { cat "$T/submit.out" "$T/submit.err"; fail "fot-eval slurm --submit"; }
cat "$T/submit.out"
array=$(sed -n 's/^shards job: //p' "$T/submit.out")
merge=$(sed -n 's/^merge job: //p' "$T/submit.out")
[ -n "$array" ] && [ -n "$merge" ] || fail "no job ids in: $(cat "$T/submit.out")"

echo "== requeue shard 1 once it saved samples"
requeued=0
for i in $(seq 1200); do
  lines=0
  [ -f "$T/sl/shards/1/samples.jsonl" ] && lines=$(wc -l < "$T/sl/shards/1/samples.jsonl")
  state=$(squeue -h -j "${array}_1" -o %T 2>/dev/null || true)
  if [ "$lines" -ge 3 ] && [ "$state" = RUNNING ]; then
    scontrol requeue "${array}_1"
    requeued=$lines
    break
  fi
  [ -f "$T/sl/shards/1/results.csv" ] && break
  sleep 0.1
done
[ "$requeued" -gt 0 ] || fail "shard 1 finished before it could be requeued; make tests/slurm/quick.yaml longer"
echo "requeued ${array}_1 after it saved $requeued samples"

echo "== waiting for the merge job $merge"
for i in $(seq 1500); do
  [ -z "$(squeue -h -j "$merge" 2>/dev/null)" ] && [ -f "$T/sl/results.csv" ] && break
  sleep 0.2
done
[ -f "$T/sl/results.csv" ] || { tail -n 20 "$T"/sl/slurm/*.log; fail "the merge job wrote no results.csv"; }
grep -q "resume: reused" "$T/sl/slurm/shard-1.log" || { cat "$T/sl/slurm/shard-1.log"; fail "shard 1 did not run again with --resume"; }
restarts=$(scontrol show job "${array}_1" 2>/dev/null | sed -n 's/.*Restarts=\([0-9]*\).*/\1/p' | head -1)
echo "shard 1 restarts: ${restarts:-unknown}"
for k in 0 1 2; do
  dups=$(python3 -c "import json,sys,collections; c=collections.Counter(json.loads(l)['key'] for l in open(sys.argv[1])); print(sum(v>1 for v in c.values()))" "$T/sl/shards/$k/samples.jsonl")
  [ "$dups" = 0 ] || fail "shard $k holds $dups samples twice"
done
cmp "$T/sl/results.csv" "$T/full/results.csv" || fail "merged results.csv differs from the unsharded run"
[ "$(wc -l < "$T/sl/samples.jsonl")" = "$(wc -l < "$T/full/samples.jsonl")" ] || fail "sample counts differ"
echo "PASS: the 3-shard array (one task requeued) plus merge equals the unsharded run byte for byte"
