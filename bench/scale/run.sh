#!/usr/bin/env bash
# bench/scale — do build-workers scale out, and does a kill -9 lose a build? Not part of ./slipway test.
#
#   bench/scale/run.sh   (env: BUILDS=40, WORKER_COUNTS="1 2 4", LOOP=3000000, JAVA_OPTS=-Xmx384m, KILL_RUN=1,
#                         IDLE_SECONDS=10, WORKER_JFR=1 to record a JFR profile of every worker into its run folder,
#                         FARM_WARMUP=300, WARMUP=20 warm-up builds per worker, WARMUP_LOOP=1000,
#                         WORKER_APP=<a build-worker quarkus-app folder> to measure another build of the worker)
#
# Starts a private farm on free loopback ports (./slipway up --no-build --data <tmp>: Kafka with 12 partitions on
# slipway.jobs.build, PostgreSQL, layer-store, registry-sync, api-gateway, build-worker), pushes a
# busybox base image (umoci + skopeo) into the layer-store, warms the farm up with FARM_WARMUP short builds on the farm's
# own worker (then stops it: the benchmark runs its own), then for each N in WORKER_COUNTS:
#   starts N build-worker processes (one consumer group, slipway-build-workers; one build at a time each; run from a
#   copy of build-worker/target/quarkus-app), warms them up with WARMUP short builds each (fresh JVMs compile the code
#   their first builds run; the same for every N), measures the idle farm's CPU for IDLE_SECONDS, submits BUILDS
#   independent builds through POST /api/v1/builds (each: FROM busybox, COPY a unique file, and a single-threaded,
#   CPU-bound RUN loop of LOOP shell iterations — ~3.5 CPU s at the default — so a build is dominated by its RUN step
#   and one worker keeps about one core busy), waits until every job is SUCCEEDED, and prints
#   - builds/minute (from the gateway's createdAt of the first job to finishedAt of the last), the speed-up over the
#     first N, the median job time (startedAt → finishedAt) and the median build time the workers log;
#   - how many builds each worker ran (from the workers' logs) and the "split bound": the speed-up the split allowed
#     at best (BUILDS / the busiest worker's builds) — Kafka hands each worker whole partitions, so a flat curve can be
#     told apart from a queue that one worker holds;
#   - the CPU seconds every process group used over the run (bench/scale/cpu.py, from /proc, load-independent:
#     workers split into the JVMs and their runc/RUN children, layer-store, gateway, registry-sync, PostgreSQL, Kafka,
#     this script, and everything else on the machine), per build, as cores and per build above the group's idle burn
#     over the run's length, the machine's busy cores, and the cores each group keeps busy when idle — so the curve is
#     explained by CPU.
# Last (KILL_RUN=1), the failure run: N=2 workers, BUILDS builds; when half are SUCCEEDED, a worker that is inside a
# RUN step at that moment (it has a runc child) is killed with kill -9, and so is its orphaned container (as a node
# crash would). Its job comes back when a survivor takes over its partitions (its Kafka session, 10 s) and reads the
# uncommitted record again, or else when the gateway re-publishes it (gateway.jobs.heartbeat-timeout, 30 s). Prints when the kill happened (done/running counts), which job
# the killed worker was running (from its contexts folder) and when it restarted and finished, how long until all
# were done, and which builds ran twice (Kafka redelivers records not yet committed after a rebalance). Fails unless
# all BUILDS jobs are SUCCEEDED, the killed worker's job among them.
# Waiting for a run to end is one curl per POLL_DONE=3 s asking for the totals of QUEUED and RUNNING build jobs (then
# one full listing + jq); the kill run polls the full listing every POLL=0.3 s for its moment: the bench's own CPU is in
# the table. Every wait is bounded; everything started here
# is stopped on exit (data and logs stay in the temp folder). How to read the output: bench/scale/README.md.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE=$ROOT/bench/scale
BUILDS=${BUILDS:-40}
WORKER_COUNTS=${WORKER_COUNTS-"1 2 4"} # empty: only the kill -9 run
LOOP=${LOOP:-3000000}
JAVA_OPTS=${JAVA_OPTS:--Xmx384m}
KILL_RUN=${KILL_RUN:-1}
WORKER_JFR=${WORKER_JFR:-0}
RUN_TIMEOUT=${RUN_TIMEOUT:-1200}
POLL=${POLL:-0.3}          # while waiting for the kill moment
IDLE_SECONDS=${IDLE_SECONDS:-10} # the idle farm's CPU is measured this long before each run
POLL_DONE=${POLL_DONE:-3} # while waiting for a run to end (its time comes from the gateway's timestamps)
FARM_WARMUP=${FARM_WARMUP:-300} # short builds through the farm's own worker before anything is measured
WARMUP=${WARMUP:-20}           # short builds per benchmark worker before each measured run (every N alike)
WARMUP_LOOP=${WARMUP_LOOP:-1000}
WORK=$(mktemp -d /var/tmp/slipway-bench-scale.XXXXXX)
chmod 755 "$WORK"
FARM=$WORK/farm
# WORKER_APP: the build-worker to measure (a copy of another build's quarkus-app folder, for an A/B of two versions)
WORKER_JAR=${WORKER_APP:-$ROOT/build-worker/target/quarkus-app}/quarkus-run.jar
WORKER_PIDS=()
WORKER_DIRS=()

log() { printf '[scale] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now() { date +%s.%N; }

stop_workers() {
  local pid
  for pid in "${WORKER_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${WORKER_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  WORKER_PIDS=()
  WORKER_DIRS=()
}
farm_env() {
  env SLIPWAY_KAFKA_PORT=$KAFKA_PORT SLIPWAY_KAFKA_CONTROLLER_PORT=$CONTROLLER_PORT SLIPWAY_PG_PORT=$PG_PORT \
    SLIPWAY_REGISTRY_PORT=$LS_PORT SLIPWAY_SYNC_PORT=$SYNC_PORT SLIPWAY_GATEWAY_PORT=$GW_PORT \
    SLIPWAY_WORKER_PORT=$FARM_WORKER_PORT "$@"
}
cleanup() {
  stop_workers
  farm_env "$ROOT/slipway" down --data "$FARM" >/dev/null 2>&1 || true
  log "logs and data kept in $WORK"
}

for tool in skopeo umoci busybox python3 curl jq runc; do command -v "$tool" >/dev/null || die "$tool is not installed"; done
[[ -f $WORKER_JAR ]] || die "build-worker is not built ($WORKER_JAR); run ./slipway up once"
# The workers run from a copy, so a rebuild of build-worker while the bench runs cannot change them mid-way.
cp -r "$(dirname "$WORKER_JAR")" "$WORK/worker-app"
WORKER_JAR=$WORK/worker-app/quarkus-run.jar

KAFKA_PORT=$(free_port) CONTROLLER_PORT=$(free_port) PG_PORT=$(free_port) LS_PORT=$(free_port)
SYNC_PORT=$(free_port) GW_PORT=$(free_port) FARM_WORKER_PORT=$(free_port)
trap cleanup EXIT

log "starting the farm under $FARM"
# (The gateway reads GATEWAY_*_URL, not the SLIPWAY_*_URL that ./slipway sets: passed through the environment.)
farm_env SLIPWAY_JAVA_OPTS="$JAVA_OPTS" \
  GATEWAY_LAYER_STORE_URL=http://127.0.0.1:$LS_PORT GATEWAY_REGISTRY_SYNC_URL=http://127.0.0.1:$SYNC_PORT \
  "$ROOT/slipway" up --no-build --data "$FARM" >"$WORK/up.log" 2>&1 || { tail -n 30 "$WORK/up.log" >&2; die "farm did not start"; }
TOKEN=$(cat "$FARM/admin-token")
API=http://127.0.0.1:$GW_PORT/api/v1
# The farm's process groups for cpu.py (each pid with its live descendants).
FARM_GROUPS=("layer-store=$(cat "$FARM/run/layer-store.pid")" "api-gateway=$(cat "$FARM/run/api-gateway.pid")"
  "registry-sync=$(cat "$FARM/run/registry-sync.pid")" "postgresql=$(head -n 1 "$FARM/pg/data/postmaster.pid")"
  "kafka=$(cat "$FARM/run/kafka.pid")")

log "pushing a busybox base image as library/busybox:latest"
umoci init --layout "$WORK/oci" >/dev/null
umoci new --image "$WORK/oci:busybox" >/dev/null
umoci unpack --image "$WORK/oci:busybox" "$WORK/bundle" >/dev/null
mkdir -p "$WORK/bundle/rootfs/bin" "$WORK/bundle/rootfs/tmp"
cp "$(command -v busybox)" "$WORK/bundle/rootfs/bin/busybox"
ln -s busybox "$WORK/bundle/rootfs/bin/sh"
umoci repack --image "$WORK/oci:busybox" "$WORK/bundle" >/dev/null
umoci config --image "$WORK/oci:busybox" --config.cmd sh --config.env PATH=/bin >/dev/null
# /v2 takes the gateway's registry tokens: push as the admin (user name + API token, Docker's token flow).
skopeo copy --quiet --dest-tls-verify=false --dest-creds "admin:$TOKEN" \
  "oci:$WORK/oci:busybox" "docker://127.0.0.1:$LS_PORT/library/busybox:latest"

# make_context DIR ID [LOOP]: a build context whose id file makes every build distinct (no cache hits).
make_context() {
  local dir=$1 id=$2 loop=${3:-$LOOP}
  mkdir -p "$dir"
  printf '%s\n' "$id" >"$dir/id.txt"
  cat >"$dir/Dockerfile" <<DOCKERFILE
FROM busybox
COPY id.txt /id.txt
RUN i=0; while [ \$i -lt $loop ]; do i=\$((i+1)); done; echo "\$(cat /id.txt) \$i" > /result
DOCKERFILE
  tar -C "$dir" -cf "$dir.tar" Dockerfile id.txt
}

start_workers() {
  local n=$1 k port dir jfr
  for k in $(seq 1 "$n"); do
    port=$(free_port)
    dir=$WORK/run-$RUN_NAME/w$k
    mkdir -p "$dir"
    jfr=()
    [[ $WORKER_JFR == 1 ]] && jfr=("-XX:StartFlightRecording=filename=$dir.jfr,dumponexit=true,settings=profile")
    QUARKUS_HTTP_PORT=$port SLIPWAY_DATA="$dir" SLIPWAY_KAFKA=127.0.0.1:$KAFKA_PORT \
      WORKER_LAYER_STORE_URL=http://127.0.0.1:$LS_PORT WORKER_CONCURRENCY=1 WORKER_NAME="w$k" \
      WORKER_LAYER_STORE_PASSWORD_FILE="$FARM/robots/build-worker.token" \
      java $JAVA_OPTS "${jfr[@]}" -jar "$WORKER_JAR" >"$dir.log" 2>&1 </dev/null &
    WORKER_PIDS+=("$!")
    WORKER_DIRS+=("$dir")
    for _ in $(seq 1 600); do
      curl -sf "http://127.0.0.1:$port/q/health/ready" >/dev/null 2>&1 && break
      kill -0 "${WORKER_PIDS[-1]}" 2>/dev/null || die "worker w$k exited (log: $dir.log)"
      sleep 0.5
    done
  done
  sleep 5 # let the consumer group settle on its partitions before the queue fills
}

# make_contexts NAME COUNT LOOP: the contexts of COUNT builds, made before a measured window (a user has theirs ready).
make_contexts() {
  local i
  for i in $(seq 1 "$2"); do make_context "$WORK/ctx/$1-$i" "$1-$i" "$3"; done
}
# submit_builds NAME COUNT JOBS: COUNT builds of the contexts made for NAME, tagged admin/NAME-<i>, their job ids
# appended to the file JOBS. One curl per build and no jq (the answer's id is read by bash): the bench's own CPU
# inside a measured window is the submissions and the polling.
submit_builds() {
  local name=$1 count=$2 jobs=$3 i answer
  for i in $(seq 1 "$count"); do
    answer=$(curl -s -w '\n%{http_code}' -X POST -H "Authorization: Bearer $TOKEN" \
      -H 'Content-Type: application/x-tar' --data-binary "@$WORK/ctx/$name-$i.tar" \
      "$API/builds?t=admin/$name-$i:latest&nocache=true")
    [[ ${answer##*$'\n'} == 202 && $answer =~ \"id\":\"([^\"]+)\" ]] \
      || die "POST /api/v1/builds answered ${answer##*$'\n'}: ${answer%$'\n'*}"
    echo "${BASH_REMATCH[1]}" >>"$jobs"
  done
}
submit_all() {
  : >"$WORK/run-$RUN_NAME/jobs"
  submit_builds "scale-$RUN_NAME" "$BUILDS" "$WORK/run-$RUN_NAME/jobs"
}
# warm_up NAME COUNT: COUNT short builds (RUN loop of WARMUP_LOOP) through whatever workers are up, waited for, not
# measured. A fresh JVM spends its first builds compiling the code they run (C2 compiler threads: ~1.8 CPU s over a
# worker's first 40 builds, ~0.05 s per build, more than its Kafka and HTTP work); servers run warm.
warm_up() {
  local started=$SECONDS
  ((${2} > 0)) || return 0
  make_contexts "warm-$1" "$2" "$WARMUP_LOOP"
  submit_builds "warm-$1" "$2" "$WORK/warm-jobs"
  until [[ $(unfinished) == 0 ]]; do
    ((SECONDS - started < RUN_TIMEOUT)) || die "warm-up $1 did not finish within ${RUN_TIMEOUT}s"
    sleep "$POLL_DONE"
  done
}

# The run's jobs from one listing call (newest first; every run's builds fit in one page of 500), through one jq
# program FILTER (t parses the gateway's timestamps); prints nothing when the gateway does not answer.
RUN_JOBS='def t: capture("^(?<s>[^.Z]+)(?<f>\\.[0-9]+)?Z$") | ((.s + "Z") | fromdate) + ((.f // "0") | tonumber);
  ($ids | split("\n") | map(select(length > 0) | {(.): true}) | add) as $set | [.items[] | select($set[.id])]'
jobs_jq() {
  curl -sf -H "Authorization: Bearer $TOKEN" "$API/jobs?kind=build&size=500" \
    | jq -r --rawfile ids "$WORK/run-$RUN_NAME/jobs" "$@" "$RUN_JOBS | $FILTER"
}
# progress: "succeeded running queued failed+cancelled" for the run's jobs (zeros when a poll fails: the next counts)
progress() {
  FILTER='[map(select(.state == "SUCCEEDED")), map(select(.state == "RUNNING")), map(select(.state == "QUEUED")),
    map(select(.state == "FAILED" or .state == "CANCELLED"))] | map(length) | @tsv' jobs_jq || printf '0\t0\t0\t0\n'
}

# unfinished: how many build jobs the farm has QUEUED or RUNNING (every build job on this private farm is the bench's),
# from the listing's "total" with one row per state — one curl, no jq: polling costs the gateway and the machine
# little (the full listing + jq every second cost ~0.04 cores, as much as a JVM's idle). Empty when a call fails.
unfinished() {
  local body q r
  body=$(curl -sf -H "Authorization: Bearer $TOKEN" "$API/jobs?kind=build&state=QUEUED&size=1" \
    "$API/jobs?kind=build&state=RUNNING&size=1") || return 0
  [[ $body =~ \"total\":([0-9]+).*\"total\":([0-9]+) ]] && echo $((BASH_REMATCH[1] + BASH_REMATCH[2]))
}

wait_done() {
  local started=$SECONDS s r q f left
  while :; do
    left=$(unfinished)
    if [[ $left == 0 ]]; then
      read -r s r q f < <(progress)
      ((s + f == BUILDS)) && { echo "SUCCEEDED=$s FAILED/CANCELLED=$f"; return 0; }
    fi
    if ((SECONDS - started >= RUN_TIMEOUT)); then
      read -r s r q f < <(progress)
      echo "SUCCEEDED=$s RUNNING=$r QUEUED=$q FAILED/CANCELLED=$f"
      return 1
    fi
    sleep "$POLL_DONE"
  done
}

# timing: "<seconds from the first createdAt to the last finishedAt> <median job seconds (startedAt → finishedAt)>"
timing() {
  FILTER='
    ((map(.finishedAt | t) | max) - (map(.createdAt | t) | min)) as $span
    | (map((.finishedAt | t) - (.startedAt | t)) | sort) as $d
    | "\($span) \(if ($d | length) % 2 == 1 then $d[($d | length - 1) / 2] else ($d[($d | length) / 2 - 1] + $d[($d | length) / 2]) / 2 end)"' jobs_jq
}

# Builds each worker finished, from the per-build line it logs ("build Dockerfile [<tag>]: …").
per_worker() {
  local k
  for k in "${!WORKER_DIRS[@]}"; do
    printf 'w%s:%s ' "$((k + 1))" "$(grep -c "scale-$RUN_NAME-[0-9]*:latest\]:" "${WORKER_DIRS[$k]}.log" || true)"
  done
}
# The speed-up over one worker that the split of the queue allows at best (BUILDS / the busiest worker's builds):
# Kafka hands each worker whole partitions, so a worker whose partitions got more jobs works on after the others.
split_bound() {
  local busiest
  busiest=$(per_worker | tr ' ' '\n' | cut -s -d: -f2 | sort -n | tail -n 1)
  echo "scale=2; $BUILDS / ${busiest:-$BUILDS}" | bc -l
}
# Median of a phase ("total", "steps", "publish") over the run's per-build log lines, in ms.
phase_median() {
  cat "${WORKER_DIRS[@]/%/.log}" | grep -o "scale-$RUN_NAME-[0-9]*:latest\]:.*" | grep -o "$1 [0-9]* ms" \
    | awk '{print $2}' | sort -n | awk '{v[NR]=$1} END {if (NR) print (NR % 2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2); else print "?"}'
}

cpu_snapshot() {
  local workers
  workers=$(IFS=,; echo "${WORKER_PIDS[*]}")
  python3 "$HERE/cpu.py" snap "workers ($1)=$workers" "${FARM_GROUPS[@]}" \
    "bench (this script)=$$,$(sed 's/\([0-9][0-9]*\)/-\1/g' <<<"$workers")" >"$2"
}

# The farm warms up on its own worker (which would otherwise join the benchmark's consumer group), then that stops.
log "farm warm-up: $FARM_WARMUP builds on the farm's own worker"
warm_up farm "$FARM_WARMUP"
kill "$(cat "$FARM/run/build-worker.pid")"
while kill -0 "$(cat "$FARM/run/build-worker.pid")" 2>/dev/null; do sleep 0.2; done

declare -A RATE
{
  echo "bench/scale: $BUILDS builds per run, RUN loop of $LOOP iterations; $(nproc) cores; $(date -u '+%F %T UTC')"
  printf '\n%-8s %-9s %-11s %-9s %-12s %-14s %-12s %s\n' workers seconds builds/min speed-up "median job s" \
    "worker build s" "split bound" "builds per worker"
} >"$WORK/report"
for n in $WORKER_COUNTS; do
  RUN_NAME=n$n
  log "N=$n: starting $n worker(s)"
  start_workers "$n"
  log "N=$n: warm-up, $WARMUP builds per worker"
  warm_up "$RUN_NAME" $((WARMUP * n))
  make_contexts "scale-$RUN_NAME" "$BUILDS" "$LOOP"
  # The farm's cost with nothing to do (pollers, heartbeats, timers): what a slower run pays per second, not per build.
  cpu_snapshot "$n" "$WORK/run-$RUN_NAME/idle0.json"
  sleep "$IDLE_SECONDS"
  cpu_snapshot "$n" "$WORK/run-$RUN_NAME/cpu0.json"
  submit_all
  result=$(wait_done) || die "N=$n did not finish within ${RUN_TIMEOUT}s: $result"
  cpu_snapshot "$n" "$WORK/run-$RUN_NAME/cpu1.json"
  [[ $result == "SUCCEEDED=$BUILDS FAILED/CANCELLED=0" ]] || die "N=$n ended with $result"
  read -r secs median < <(timing)
  RATE[$n]=$(echo "$BUILDS * 60 / $secs" | bc -l)
  base=${RATE[${WORKER_COUNTS%% *}]}
  {
    printf '%-8s %-9.1f %-11.1f %-9.2f %-12.2f %-14s %-12s %s\n' "$n" "$secs" "${RATE[$n]}" \
      "$(echo "${RATE[$n]} / $base" | bc -l)" "$median" "$(echo "scale=2; $(phase_median total) / 1000" | bc -l)" \
      "$(split_bound)" "$(per_worker)"
    # at-least-once delivery: a build whose record a rebalance hands out again runs again
    twice=$(cat "${WORKER_DIRS[@]/%/.log}" | grep -o "scale-$RUN_NAME-[0-9]*:latest\]:" | sort | uniq -d | wc -l)
    ((twice == 0)) || echo "    $twice build(s) ran twice (see bench/scale/README.md)"
    python3 "$HERE/cpu.py" diff "$WORK/run-$RUN_NAME/cpu0.json" "$WORK/run-$RUN_NAME/cpu1.json" "$BUILDS" \
      "$WORK/run-$RUN_NAME/idle0.json" "$WORK/run-$RUN_NAME/cpu0.json"
    python3 "$HERE/cpu.py" idle "$WORK/run-$RUN_NAME/idle0.json" "$WORK/run-$RUN_NAME/cpu0.json"
  } >"$WORK/run-$RUN_NAME/summary"
  tee -a "$WORK/report" <"$WORK/run-$RUN_NAME/summary" >&2
  stop_workers
done

# runc_child PID: does the worker PID have a runc process among its descendants (is it inside a RUN step)?
runc_child() {
  ps -e -o pid=,ppid=,comm= | awk -v root="$1" '
    { parent[$1] = $2; name[$1] = $3 }
    END { for (p in name) if (name[p] == "runc") { q = p; while (q in parent && q > 1) { if (parent[q] == root) { print p; exit } q = parent[q] } } }'
}

if [[ $KILL_RUN == 1 ]]; then
  RUN_NAME=kill9
  log "failure run: 2 workers, one killed with kill -9 (inside a RUN step) when half the builds are SUCCEEDED"
  start_workers 2
  make_contexts "scale-$RUN_NAME" "$BUILDS" "$LOOP"
  submit_all
  started=$SECONDS victim= runc_pid=
  while :; do
    read -r s r q f < <(progress)
    if ((s >= BUILDS / 2)); then
      for k in 0 1; do
        runc_pid=$(runc_child "${WORKER_PIDS[$k]}")
        [[ -n $runc_pid ]] && { victim=$k; break; }
      done
      [[ -n $victim ]] && break
    fi
    ((SECONDS - started < RUN_TIMEOUT)) || die "half of the builds never finished"
    sleep "$POLL"
  done
  # The job it is running: the worker unpacks each job's context into <work-dir>/contexts/<job id>-<attempt>.
  victim_job=$(ls "${WORKER_DIRS[$victim]}/worker/contexts" 2>/dev/null | grep -v '\.tar$' | head -n 1 \
    | sed 's/-[0-9]*$//' || true)
  # runc's state folder, from the running runc's own command line (runc --root <dir> run …)
  runc_root=$(tr '\0' '\n' <"/proc/$runc_pid/cmdline" 2>/dev/null | sed -n '/^--root$/{n;p;q}' || true)
  kill -9 "${WORKER_PIDS[$victim]}"
  t_kill=$(now)
  # Its container outlives it (runc is reparented): stop it as the node's death would.
  orphans=0
  for id in $([[ -n $runc_root ]] && runc --root "$runc_root" list -q 2>/dev/null); do
    runc --root "$runc_root" kill "$id" KILL 2>/dev/null && orphans=$((orphans + 1))
  done
  running_ids=$(FILTER='.[] | select(.state == "RUNNING") | .id' jobs_jq)
  log "killed w$((victim + 1)) (pid ${WORKER_PIDS[$victim]}) inside a RUN step at SUCCEEDED=$s RUNNING=$r QUEUED=$q; killed its $orphans orphaned container(s)"
  result=$(wait_done) || die "after kill -9 the builds did not finish within ${RUN_TIMEOUT}s: $result"
  t_done=$(now)
  # The dead worker's job comes back either as the gateway's second attempt (its heartbeats stopped) or, first, as
  # the same attempt: its record was not committed yet, so the survivor that takes over the partition reads it again.
  recovered=$(FILTER='.[] | select(.id == $job)
    | "job \(.id) (was on the killed worker): \(.state) in attempt \(.attempt), (re)started \((.startedAt | t) - ($kill | tonumber) | . * 10 | round / 10) s after the kill, finished after \((.finishedAt | t) - ($kill | tonumber) | . * 10 | round / 10) s"' \
    jobs_jq --arg kill "$t_kill" --arg job "$victim_job")
  victim_state=$(FILTER='.[] | select(.id == $job) | .state' jobs_jq --arg job "$victim_job")
  # At-least-once delivery: a build whose record is read again after a rebalance runs again (same image, more CPU).
  ran=$(cat "${WORKER_DIRS[@]/%/.log}" | grep -o "scale-$RUN_NAME-[0-9]*:latest\]:" | sort)
  twice=$(uniq -d <<<"$ran" | sed 's/:latest\]://' | tr '\n' ' ')
  {
    echo
    echo "kill -9 run (2 workers): killed w$((victim + 1)) inside a RUN step at SUCCEEDED=$s RUNNING=$r QUEUED=$q"
    echo "  RUNNING at the kill: $(echo $running_ids)"
    echo "  ${recovered:-the job of the killed worker is unknown (no context folder at the kill)}"
    echo "  builds run: $(grep -c . <<<"$ran") for $BUILDS jobs; run twice: ${twice:-none}"
    printf '  all done %.1f s after the kill: %s (builds per worker: %s)\n' "$(echo "$t_done - $t_kill" | bc -l)" \
      "$result" "$(per_worker)"
  } | tee -a "$WORK/report" >&2
  stop_workers
  [[ $result == "SUCCEEDED=$BUILDS FAILED/CANCELLED=0" ]] || { cat "$WORK/report" >&2; log "FAILED: not every build SUCCEEDED after kill -9"; exit 1; }
  [[ $victim_state == SUCCEEDED ]] || { cat "$WORK/report" >&2; log "FAILED: the killed worker's job did not succeed"; exit 1; }
fi

echo >&2
cat "$WORK/report" >&2
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
