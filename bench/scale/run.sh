#!/usr/bin/env bash
# bench/scale — do build-workers scale out? Not part of ./slipway test.
#
#   bench/scale/run.sh            (env: BUILDS=40, WORKER_COUNTS="1 2 4", LOOP=150000, JAVA_OPTS=-Xmx384m)
#
# Starts a private farm on free loopback ports (./slipway up --no-build --data <tmp>: Kafka with 12 partitions on
# slipway.jobs.build, PostgreSQL, layer-store, registry-sync, api-gateway), stops the farm's own build-worker, pushes a
# busybox base image (umoci + skopeo) into the layer-store, then for each N in WORKER_COUNTS:
#   starts N build-worker processes (one consumer group, slipway-build-workers; one build at a time each),
#   submits BUILDS independent builds through POST /api/v1/builds (each: FROM busybox, COPY a unique file, a CPU-bound
#   RUN loop of LOOP iterations), waits until every job is SUCCEEDED, and reports builds/minute, the speed-up over N=1
#   and how many builds each worker ran (from the job-started events) — so a flat curve can be told apart from a
#   queue that one worker holds.
# Last, the failure run: N=2 workers, BUILDS builds, one worker killed with kill -9 when half are done; the gateway
# re-publishes the dead worker's job when its heartbeats stop. Expected: all BUILDS jobs SUCCEEDED.
# Every wait is bounded; everything started here is stopped on exit (data and logs stay in the temp folder).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILDS=${BUILDS:-40}
WORKER_COUNTS=${WORKER_COUNTS:-"1 2 4"}
LOOP=${LOOP:-150000}
JAVA_OPTS=${JAVA_OPTS:--Xmx384m}
RUN_TIMEOUT=${RUN_TIMEOUT:-1200}
WORK=$(mktemp -d /var/tmp/slipway-bench-scale.XXXXXX)
chmod 755 "$WORK"
FARM=$WORK/farm
WORKER_JAR=$ROOT/build-worker/target/quarkus-app/quarkus-run.jar
WORKER_PIDS=()

log() { printf '[scale] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now() { date +%s.%N; }

stop_workers() {
  local pid
  for pid in "${WORKER_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${WORKER_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  WORKER_PIDS=()
}
cleanup() {
  stop_workers
  SLIPWAY_KAFKA_PORT=$KAFKA_PORT SLIPWAY_KAFKA_CONTROLLER_PORT=$CONTROLLER_PORT SLIPWAY_PG_PORT=$PG_PORT \
    SLIPWAY_REGISTRY_PORT=$LS_PORT SLIPWAY_SYNC_PORT=$SYNC_PORT SLIPWAY_GATEWAY_PORT=$GW_PORT \
    SLIPWAY_WORKER_PORT=$FARM_WORKER_PORT "$ROOT/slipway" down --data "$FARM" >/dev/null 2>&1 || true
  log "logs and data kept in $WORK"
}

for tool in skopeo umoci busybox python3 curl; do command -v "$tool" >/dev/null || die "$tool is not installed"; done
[[ -f $WORKER_JAR ]] || die "build-worker is not built ($WORKER_JAR); run ./slipway up once"

KAFKA_PORT=$(free_port) CONTROLLER_PORT=$(free_port) PG_PORT=$(free_port) LS_PORT=$(free_port)
SYNC_PORT=$(free_port) GW_PORT=$(free_port) FARM_WORKER_PORT=$(free_port)
trap cleanup EXIT

log "starting the farm under $FARM"
SLIPWAY_KAFKA_PORT=$KAFKA_PORT SLIPWAY_KAFKA_CONTROLLER_PORT=$CONTROLLER_PORT SLIPWAY_PG_PORT=$PG_PORT \
  SLIPWAY_REGISTRY_PORT=$LS_PORT SLIPWAY_SYNC_PORT=$SYNC_PORT SLIPWAY_GATEWAY_PORT=$GW_PORT \
  SLIPWAY_WORKER_PORT=$FARM_WORKER_PORT SLIPWAY_JAVA_OPTS="$JAVA_OPTS" \
  GATEWAY_LAYER_STORE_URL=http://127.0.0.1:$LS_PORT GATEWAY_REGISTRY_SYNC_URL=http://127.0.0.1:$SYNC_PORT \
  "$ROOT/slipway" up --no-build --data "$FARM" >"$WORK/up.log" 2>&1 || { tail -n 30 "$WORK/up.log" >&2; die "farm did not start"; }
# (The gateway reads GATEWAY_*_URL, not the SLIPWAY_*_URL that ./slipway sets: passed through the environment.)
# The farm's own worker would join the consumer group: this benchmark runs its own.
kill "$(cat "$FARM/run/build-worker.pid")"
while kill -0 "$(cat "$FARM/run/build-worker.pid")" 2>/dev/null; do sleep 0.2; done
TOKEN=$(cat "$FARM/admin-token")
API=http://127.0.0.1:$GW_PORT/api/v1

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

# context_tar DIR INDEX: a build context whose Dockerfile and id file make every build distinct (no cache hits).
make_context() {
  local dir=$1 id=$2
  mkdir -p "$dir"
  printf '%s\n' "$id" >"$dir/id.txt"
  cat >"$dir/Dockerfile" <<EOF
FROM busybox
COPY id.txt /id.txt
RUN i=0; while [ \$i -lt $LOOP ]; do i=\$((i+1)); done; echo "\$(cat /id.txt) \$i" > /result
EOF
  tar -C "$dir" -cf "$dir.tar" Dockerfile id.txt
}

start_workers() {
  local n=$1 k port
  for k in $(seq 1 "$n"); do
    port=$(free_port)
    mkdir -p "$WORK/run-$RUN_NAME/w$k"
    QUARKUS_HTTP_PORT=$port SLIPWAY_DATA="$WORK/run-$RUN_NAME/w$k" SLIPWAY_KAFKA=127.0.0.1:$KAFKA_PORT \
      WORKER_LAYER_STORE_URL=http://127.0.0.1:$LS_PORT WORKER_CONCURRENCY=1 WORKER_NAME="w$k" \
      WORKER_LAYER_STORE_PASSWORD_FILE="$FARM/robots/build-worker.token" \
      java $JAVA_OPTS -jar "$WORKER_JAR" >"$WORK/run-$RUN_NAME/w$k.log" 2>&1 </dev/null &
    WORKER_PIDS+=("$!")
    for _ in $(seq 1 600); do
      curl -sf "http://127.0.0.1:$port/q/health/ready" >/dev/null 2>&1 && break
      kill -0 "${WORKER_PIDS[-1]}" 2>/dev/null || die "worker w$k exited (log: $WORK/run-$RUN_NAME/w$k.log)"
      sleep 0.5
    done
  done
  sleep 5 # let the consumer group settle on its partitions before the queue fills
}

submit_all() {
  local i code
  : >"$WORK/run-$RUN_NAME/jobs"
  for i in $(seq 1 "$BUILDS"); do
    make_context "$WORK/run-$RUN_NAME/ctx$i" "$RUN_NAME-$i"
    code=$(curl -s -o "$WORK/submit.json" -w '%{http_code}' -X POST -H "Authorization: Bearer $TOKEN" \
      -H 'Content-Type: application/x-tar' --data-binary "@$WORK/run-$RUN_NAME/ctx$i.tar" \
      "$API/builds?t=admin/scale-$RUN_NAME-$i:latest&nocache=true")
    [[ $code == 202 ]] || die "POST /api/v1/builds answered $code: $(cat "$WORK/submit.json")"
    python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])' <"$WORK/submit.json" >>"$WORK/run-$RUN_NAME/jobs"
  done
}

# states: prints "SUCCEEDED=n FAILED=n ..." for the submitted jobs
states() {
  local id
  while read -r id; do
    curl -sf -H "Authorization: Bearer $TOKEN" "$API/jobs/$id" | python3 -c 'import json,sys; print(json.load(sys.stdin)["state"])'
  done <"$WORK/run-$RUN_NAME/jobs" | sort | uniq -c | awk '{printf "%s=%s ", $2, $1}'
}

count_state() {
  local n
  n=$(states | grep -o "$1=[0-9]*" | cut -d= -f2 || true)
  echo "${n:-0}"
}

wait_done() {
  local started=$SECONDS s
  while :; do
    s=$(states)
    if ! grep -qE 'QUEUED|RUNNING' <<<"$s"; then echo "$s"; return 0; fi
    ((SECONDS - started < RUN_TIMEOUT)) || { echo "$s"; return 1; }
    sleep 1
  done
}

# Which worker ran each job, from its job-started event (replayed from the start by the SSE endpoint).
per_worker() {
  local id
  while read -r id; do
    curl -s --max-time 3 -H "Authorization: Bearer $TOKEN" "$API/jobs/$id/events" \
      | grep -o '"worker" *: *"[^"]*"' | tail -n 1 | sed 's/.*"\([^"]*\)"$/\1/'
  done <"$WORK/run-$RUN_NAME/jobs" | sort | uniq -c | awk '{printf "%s:%s ", $2, $1}'
}

declare -A RATE
printf '\n%-8s %-10s %-12s %-9s %s\n' workers seconds builds/min speed-up "builds per worker" >"$WORK/report"
for n in $WORKER_COUNTS; do
  RUN_NAME=n$n
  log "N=$n: starting $n worker(s)"
  start_workers "$n"
  t0=$(now)
  submit_all
  result=$(wait_done) || die "N=$n did not finish within ${RUN_TIMEOUT}s: $result"
  t1=$(now)
  [[ $result == "SUCCEEDED=$BUILDS " ]] || die "N=$n ended with $result"
  secs=$(echo "$t1 - $t0" | bc -l)
  RATE[$n]=$(echo "$BUILDS * 60 / $secs" | bc -l)
  base=${RATE[${WORKER_COUNTS%% *}]}
  printf '%-8s %-10.1f %-12.1f %-9.2f %s\n' "$n" "$secs" "${RATE[$n]}" "$(echo "${RATE[$n]} / $base" | bc -l)" \
    "$(per_worker)" | tee -a "$WORK/report" >&2
  stop_workers
done

RUN_NAME=kill9
log "failure run: 2 workers, one killed with kill -9 when half the builds are done"
start_workers 2
submit_all
started=$SECONDS
while (($(count_state SUCCEEDED) < BUILDS / 2)); do
  ((SECONDS - started < RUN_TIMEOUT)) || die "half of the builds never finished"
  sleep 0.5
done
kill -9 "${WORKER_PIDS[0]}"
log "killed w1 (pid ${WORKER_PIDS[0]}) at $(states)"
result=$(wait_done) || die "after kill -9 the builds did not finish within ${RUN_TIMEOUT}s: $result"
echo "kill -9 run: $result(builds per worker: $(per_worker))" | tee -a "$WORK/report" >&2
stop_workers

echo >&2
cat "$WORK/report" >&2
echo "cores: $(nproc); load average: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
[[ $result == "SUCCEEDED=$BUILDS " ]] || { log "FAILED: not every build SUCCEEDED after kill -9"; exit 1; }
