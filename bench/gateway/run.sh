#!/usr/bin/env bash
# Gateway benchmark (issue 5) — not part of the test command.
#
#   bench/gateway/run.sh
#
# Starts a private PostgreSQL, a one-node Kafka (the kafka_2.13 jars) and the packaged api-gateway on free loopback
# ports under a temp folder, then, with LoadGen.java as the load generator on loopback:
#   1. submits $JOBS pull jobs ($CONCURRENCY in flight) — pulls of an absent upstream are accepted and queued —
#      and reports accepted jobs/s and submit latency p50/p99;
#   2. emits $WARMUP_EVENTS, then $EVENTS log events, each stream for a job of its own, as a worker would (paced at
#      $RATE/s; RATE=0 = flat out) and reports
#      worker-emit → SSE-receipt latency p50/p99 on one watcher;
#   3. crash check: kill -9 the gateway while jobs are being submitted and while a job's events stream in, restart it,
#      and verify every acknowledged job is known and published exactly once and the event replay is complete.
# Goals on the 2-core machine: ≥ 1,000 submits/s, event p99 ≤ 100 ms.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JOBS=${JOBS:-10000}
# Submissions before the measured window (not counted): a server runs warm; the gateway JVM is fresh in every round.
SUBMIT_WARMUP=${SUBMIT_WARMUP:-5000}
CONCURRENCY=${CONCURRENCY:-32}
EVENTS=${EVENTS:-10000}
RATE=${RATE:-1000}
# Events streamed (to another job, at RATE) before the measured EVENTS, so the measured window sees warm servers as a
# running farm has: the first seconds of a fresh JVM go to compiling the event path (see README). 0 = none.
WARMUP_EVENTS=${WARMUP_EVENTS:-10000}
# After each events round, measure the gateway's and Kafka's CPU while idle for this many seconds (0 = skip).
EVENTS_IDLE_SECONDS=${EVENTS_IDLE_SECONDS:-0}
PHASES=${PHASES:-submit events crash}
# PHASES=idle: the gateway's CPU per thread with nothing to do, over this many seconds.
IDLE_SECONDS=${IDLE_SECONDS:-30}
# The gateway build under test, and optionally a second one (BASELINE_APP, e.g. a copy of an older
# api-gateway/target/quarkus-app) for an A/B of the events phase: ROUNDS rounds, the two builds alternated on the same
# PostgreSQL and Kafka, each round a fresh job and watcher; medians and new/old ratios are printed at the end.
GATEWAY_APP=${GATEWAY_APP:-$ROOT/api-gateway/target/quarkus-app}
BASELINE_APP=${BASELINE_APP:-}
ROUNDS=${ROUNDS:-3}
GATEWAY_JAVA_OPTS=${GATEWAY_JAVA_OPTS:-}
WORK=$(mktemp -d /tmp/slipway-bench-gateway.XXXXXX)
chmod 755 "$WORK"
PG_BIN=/usr/lib/postgresql/15/bin
GATEWAY_PID=""
KAFKA_PID=""

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
log() { printf '[bench] %s\n' "$*" >&2; }
# CPU seconds used so far by the gateway, PostgreSQL (postmaster, its backends and its exited children) and Kafka:
# the machine is shared, so wall-clock rates depend on the load; CPU per job does not.
CLK=$(getconf CLK_TCK)
ticks() { [ -r "/proc/$1/stat" ] && awk '{print $14+$15+$16+$17}' "/proc/$1/stat" || echo 0; }
cpu_snapshot() {
  local pm gw=0 pg=0 k
  pm=$(head -1 "$WORK/pg/data/postmaster.pid")
  pg=$(ticks "$pm")
  for p in $(pgrep -P "$pm"); do pg=$((pg + $(ticks "$p"))); done
  gw=$(ticks "$GATEWAY_PID"); k=$(ticks "$KAFKA_PID")
  echo "$gw $pg $k"
}
cpu_report() { # label count before after
  read -r g0 p0 k0 <<< "$3"; read -r g1 p1 k1 <<< "$4"
  awk -v l="$1" -v n="$2" -v g=$((g1-g0)) -v p=$((p1-p0)) -v k=$((k1-k0)) -v c="$CLK" -v load="$(cut -d' ' -f1-3 /proc/loadavg)" \
    'BEGIN { printf "%s cpu: gateway %.1f s, postgres %.1f s, kafka %.1f s = %.2f ms per %s (load average now %s)\n", \
      l, g/c, p/c, k/c, (g+p+k)/c*1000/n, (l=="submit" ? "job" : "event"), load }'
}
# Gateway CPU per thread group (/proc/<pid>/task/*/stat; the thread name is field 2, numbered suffixes folded, e.g.
# "C2 CompilerThread0" -> "C2 CompilerThread"): separates JIT and GC from the event path's own threads.
thread_snapshot() { # pid -> "tid<TAB>group<TAB>ticks" lines
  for f in /proc/"$1"/task/*/stat; do cat "$f" 2>/dev/null; echo; done | awk '
    /\(/ { o = index($0, "("); c = 0; for (i = length($0); i > o; i--) if (substr($0, i, 1) == ")") { c = i; break }
      name = substr($0, o + 1, c - o - 1); split(substr($0, c + 2), f, " ")
      sub(/[-#]?[0-9]+$/, "", name); sub(/-thread$/, "", name)
      printf "%s\t%s\t%d\n", substr($0, 1, o - 2), name, f[12] + f[13] }'
}
thread_report() { # count before-file after-file
  awk -F'\t' -v n="$1" -v c="$CLK" 'FNR == NR { t0[$1] = $3; next }
    { d[$2] += $3 - ($1 in t0 ? t0[$1] : 0) }
    END { for (g in d) if (d[g] > 0) printf "%8.3f ms per event  %s\n", d[g] / c * 1000 / n, g }' "$2" "$3" | sort -rn
}
# Transactions committed and WAL fsyncs in PostgreSQL: how many each job costs does not depend on the load either.
pg_counters() {
  "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U slipway -At -F' ' -c "select (select xact_commit from pg_stat_database
    where datname = 'slipway'), (select wal_sync from pg_stat_wal)" slipway
}
pg_report() { # count before after
  read -r c0 w0 <<< "$2"; read -r c1 w1 <<< "$3"
  awk -v n="$1" -v c=$((c1-c0)) -v w=$((w1-w0)) \
    'BEGIN { printf "submit postgres: %.3f commits and %.3f WAL fsyncs per job\n", c/n, w/n }'
}
wait_port() {
  for _ in $(seq 1 900); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.2; done
  log "port $1 ($2) never opened"; return 1
}
cleanup() {
  [ -n "$GATEWAY_PID" ] && kill "$GATEWAY_PID" 2>/dev/null || true
  [ -n "$KAFKA_PID" ] && kill "$KAFKA_PID" 2>/dev/null || true
  [ -d "$WORK/pg/data" ] && runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/pg/data" -m fast stop >/dev/null 2>&1 || true
  wait 2>/dev/null || true
  log "logs and data kept in $WORK"
}
trap cleanup EXIT

cd "$ROOT"
if [ "$GATEWAY_APP" = "$ROOT/api-gateway/target/quarkus-app" ] && [ ! -f "$GATEWAY_APP/quarkus-run.jar" ]; then
  log "packaging api-gateway"; mvn -B -o -q -pl api-gateway package -DskipTests
fi
mvn -B -o -q -pl local-kafka dependency:build-classpath -Dmdep.outputFile="$WORK/kafka-cp.txt" >/dev/null
mvn -B -o -q -pl api-gateway dependency:build-classpath -Dmdep.outputFile="$WORK/gateway-cp.txt" >/dev/null
LOAD_CP=$(tr ':' '\n' < "$WORK/gateway-cp.txt" \
  | grep -E '/(common|jackson-(core|databind|annotations|datatype-jsr310)|kafka-clients|zstd-jni|snappy-java|lz4-java|slf4j-api)-[0-9][^/]*\.jar$' \
  | paste -sd:)
loadgen() { java -Xmx512m -cp "$LOAD_CP" "$ROOT/bench/gateway/LoadGen.java" "$@"; }

PG_PORT=$(free_port)
log "PostgreSQL on $PG_PORT"
install -d -o postgres "$WORK/pg"
runuser -u postgres -- "$PG_BIN/initdb" -D "$WORK/pg/data" -A trust -U slipway >/dev/null
runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/pg/data" -l "$WORK/pg/log" -w \
  -o "-p $PG_PORT -k $WORK/pg -c listen_addresses=127.0.0.1 -c max_connections=200 -c synchronous_commit=on" start >/dev/null
"$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U slipway slipway

KAFKA_PORT=$(free_port); CONTROLLER_PORT=$(free_port)
log "Kafka on $KAFKA_PORT"
mkdir -p "$WORK/kafka"
cat > "$WORK/kafka/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$WORK/kafka/data
num.partitions=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
PROPS
KAFKA_CP=$(cat "$WORK/kafka-cp.txt")
CLUSTER_ID=$(java -cp "$KAFKA_CP" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -1)
java -cp "$KAFKA_CP" kafka.tools.StorageTool format --standalone -t "$CLUSTER_ID" -c "$WORK/kafka/server.properties" >/dev/null 2>&1
java -Xms256m -Xmx512m -cp "$KAFKA_CP" kafka.Kafka "$WORK/kafka/server.properties" > "$WORK/kafka/log" 2>&1 &
KAFKA_PID=$!
wait_port "$KAFKA_PORT" kafka
loadgen topics "127.0.0.1:$KAFKA_PORT"

GATEWAY_PORT=$(free_port)
GATEWAY="http://127.0.0.1:$GATEWAY_PORT"
start_gateway() { # [quarkus-app folder]
  local app=${1:-$GATEWAY_APP}
  QUARKUS_HTTP_PORT=$GATEWAY_PORT SLIPWAY_KAFKA="127.0.0.1:$KAFKA_PORT" \
  SLIPWAY_JDBC_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/slipway" SLIPWAY_DATA="$WORK/data" \
  QUARKUS_LOG_LEVEL=WARN \
    java -Xmx1g $GATEWAY_JAVA_OPTS -jar "$app/quarkus-run.jar" >> "$WORK/gateway.log" 2>&1 &
  GATEWAY_PID=$!
  for _ in $(seq 1 900); do   # up to 3 min: a start on a busy shared machine is slow
    curl -fs "$GATEWAY/q/health/ready" >/dev/null 2>&1 && return 0; sleep 0.2
  done
  log "gateway not ready; tail of $WORK/gateway.log:"; tail -20 "$WORK/gateway.log" >&2; return 1
}
log "api-gateway on $GATEWAY_PORT"
start_gateway
TOKEN=$(cat "$WORK/data/admin-token")

stop_gateway() { kill "$GATEWAY_PID" 2>/dev/null || true; wait "$GATEWAY_PID" 2>/dev/null || true; GATEWAY_PID=""; }
has_phase() { [[ " $PHASES " == *" $1 "* ]]; }
: > "$WORK/ids.txt"

# One submit round on the running gateway: SUBMIT_WARMUP submissions (not counted), then CPU counters are read, then
# JOBS submissions are measured; one row per round goes to submit-rounds.txt.
submit_round() { # label
  local ready="$WORK/submit.ready" go="$WORK/submit.go" out="$WORK/submit-$1-$(date +%s%N).txt" pid before pg_before
  rm -f "$ready" "$go"
  log "1/3 [$1] submit $SUBMIT_WARMUP warm-up + $JOBS measured jobs (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  READY="$ready" GO="$go" WARMUP="$SUBMIT_WARMUP" \
    loadgen submit "$GATEWAY" "$TOKEN" "$JOBS" "$CONCURRENCY" "$WORK/ids-round.txt" > "$out" 2>&1 &
  pid=$!
  while [ ! -e "$ready" ]; do
    kill -0 "$pid" 2>/dev/null || { cat "$out" >&2; log "load generator ended before its window"; return 1; }
    sleep 0.05
  done
  before=$(cpu_snapshot); pg_before=$(pg_counters)
  "$ROOT/bench/gateway/threadcpu.py" snap "$GATEWAY_PID" > "$WORK/threads.before"
  touch "$go"
  wait "$pid"
  local after; after=$(cpu_snapshot)
  "$ROOT/bench/gateway/threadcpu.py" snap "$GATEWAY_PID" > "$WORK/threads.after"
  grep -v '^SLF4J' "$out" | tee -a "$WORK/result-submit.txt"
  local cpu; cpu=$(cpu_report submit "$JOBS" "$before" "$after")
  echo "$cpu" | tee -a "$WORK/result-submit.txt"
  "$ROOT/bench/gateway/threadcpu.py" diff "$WORK/threads.before" "$WORK/threads.after" "$JOBS" | tee -a "$WORK/result-submit.txt"
  sleep 1 # PostgreSQL publishes its counters within a second
  local pg; pg=$(pg_report "$JOBS" "$pg_before" "$(pg_counters)")
  echo "$pg" | tee -a "$WORK/result-submit.txt"
  cat "$WORK/ids-round.txt" >> "$WORK/ids.txt"
  # row: label jobs/s p50 p99 gateway-s postgres-s kafka-s ms-per-job loadgen-ms-per-job commits-per-job
  printf '%s %s %s %s %s %s\n' "$1" \
    "$(sed -nE 's/^submit: .* -> ([0-9.]+) accepted jobs\/s; latency p50 ([0-9.]+) ms, p99 ([0-9.]+) ms.*/\1 \2 \3/p' "$out")" \
    "$(sed -E 's/.*gateway ([0-9.]+) s, postgres ([0-9.]+) s, kafka ([0-9.]+) s = ([0-9.]+) ms.*/\1 \2 \3 \4/' <<< "$cpu")" \
    "$(sed -nE 's/^submit loadgen cpu: .* = ([0-9.]+) ms per job/\1/p' "$out")" \
    "$(sed -E 's/.*: ([0-9.]+) commits.*/\1/' <<< "$pg")" >> "$WORK/submit-rounds.txt"
}
# alternate_rounds ROUND: with BASELINE_APP, ROUNDS times the old build's round then the new one's, each on a fresh
# gateway of that build; else one round of this build. ROUND is called with the label, old or new.
alternate_rounds() {
  if [ -n "$BASELINE_APP" ]; then
    for round in $(seq 1 "$ROUNDS"); do
      for build in old new; do
        stop_gateway
        if [ $build = old ]; then start_gateway "$BASELINE_APP"; else start_gateway "$GATEWAY_APP"; fi
        "$1" "$build"
      done
    done
  else
    "$1" new
  fi
}
if has_phase submit; then
  : > "$WORK/submit-rounds.txt"
  alternate_rounds submit_round
  PYTHONPATH="$ROOT/bench/gateway" python3 - "$WORK/submit-rounds.txt" "$JOBS" <<'PY' | tee -a "$WORK/result-submit.txt"
import sys
from medians import medians
jobs = int(sys.argv[2])
med = {}
for build, (rounds, m) in medians(sys.argv[1]).items():
    med[build] = m
    print(f"submit [{build}] median of {rounds} rounds: {m[0]:.0f} accepted jobs/s, p50 {m[1]:.1f} ms, p99 {m[2]:.1f} ms; "
          f"cpu per job: gateway {m[3] / jobs * 1000:.3f} ms, postgres {m[4] / jobs * 1000:.3f} ms, "
          f"kafka {m[5] / jobs * 1000:.3f} ms, total {m[6]:.3f} ms, load generator {m[7]:.3f} ms; {m[8]:.3f} commits per job")
if len(med) == 2:
    o, n = med["old"], med["new"]
    print(f"submit new/old: jobs/s x{n[0] / o[0]:.2f}, p50 x{n[1] / o[1]:.2f}, p99 x{n[2] / o[2]:.2f}, "
          f"gateway cpu x{n[3] / o[3]:.2f}, total cpu per job x{n[6] / o[6]:.2f}")
PY
fi

events_round() { # label
  log "2/3 [$1] emit $WARMUP_EVENTS warm-up events, then $EVENTS measured events at ${RATE}/s (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  local line cpu
  # CPU is counted from the end of the warm-up (LoadGen prints "events: warm-up done") to the end of the stream
  loadgen events "$GATEWAY" "$TOKEN" "127.0.0.1:$KAFKA_PORT" "$EVENTS" "$RATE" "$WARMUP_EVENTS" | while IFS= read -r l; do
    if [ "$l" = "events: warm-up done" ]; then
      cpu_snapshot > "$WORK/cpu-before.txt"
      thread_snapshot "$GATEWAY_PID" > "$WORK/threads-before.txt"; thread_snapshot "$KAFKA_PID" > "$WORK/kafka-threads-before.txt"
    fi
    printf '%s\n' "$l"
  done | tee "$WORK/events-$1.txt" >&2
  cpu=$(cpu_report events "$EVENTS" "$(cat "$WORK/cpu-before.txt")" "$(cpu_snapshot)")
  echo "$cpu" >&2
  thread_snapshot "$GATEWAY_PID" > "$WORK/threads-after.txt"; thread_snapshot "$KAFKA_PID" > "$WORK/kafka-threads-after.txt"
  { echo "gateway cpu by thread [$1]:"; thread_report "$EVENTS" "$WORK/threads-before.txt" "$WORK/threads-after.txt" | head -8
    echo "kafka cpu by thread [$1]:"; thread_report "$EVENTS" "$WORK/kafka-threads-before.txt" "$WORK/kafka-threads-after.txt" | head -5
  } >&2
  if [ "$EVENTS_IDLE_SECONDS" -gt 0 ]; then # the same gateway once the stream is over: what it burns doing nothing
    sleep 5; local idle0; idle0=$(cpu_snapshot); sleep "$EVENTS_IDLE_SECONDS"
    read -r g0 _ k0 <<< "$idle0"; read -r g1 _ k1 <<< "$(cpu_snapshot)"
    awk -v l="$1" -v g=$((g1-g0)) -v k=$((k1-k0)) -v c="$CLK" -v s="$EVENTS_IDLE_SECONDS" \
      'BEGIN { printf "idle [%s] over %d s: gateway %.3f cores, kafka %.3f cores\n", l, s, g/c/s, k/c/s }' >&2
  fi
  line=$(grep '^events: .* emitted' "$WORK/events-$1.txt")
  # one row per round: label p50 p99 emit-seconds gateway-s postgres-s kafka-s ms-per-event receipt-seconds
  #   loadgen-emitter-ms loadgen-sse-ms (per event)
  printf '%s %s %s %s %s\n' "$1" \
    "$(sed -E 's/.* emitted in ([0-9.]+) s .*p50 ([0-9.]+) ms, p99 ([0-9.]+) ms.*/\2 \3 \1/' <<< "$line")" \
    "$(sed -E 's/.*gateway ([0-9.]+) s, postgres ([0-9.]+) s, kafka ([0-9.]+) s = ([0-9.]+) ms.*/\1 \2 \3 \4/' <<< "$cpu")" \
    "$(sed -E 's/.*received on SSE in ([0-9.]+) s.*/\1/' <<< "$line")" \
    "$(sed -nE 's/.*emitter ([0-9.]+) ms, sse client ([0-9.]+) ms.*/\1 \2/p' "$WORK/events-$1.txt")" \
    >> "$WORK/events-rounds.txt"
}
if has_phase events; then
  : > "$WORK/events-rounds.txt"
  alternate_rounds events_round
  # medians per build (columns: p50 p99 emit-seconds gateway postgres kafka ms/event)
  PYTHONPATH="$ROOT/bench/gateway" python3 - "$WORK/events-rounds.txt" "$EVENTS" <<'PY' | tee "$WORK/result-events.txt"
import sys
from medians import medians
events = int(sys.argv[2])
med = {}
for build, (rounds, m) in medians(sys.argv[1]).items():
    med[build] = m
    print(f"events [{build}] median of {rounds} rounds: p50 {m[0]:.1f} ms, p99 {m[1]:.1f} ms, emitted at {events / m[2]:.0f}/s, "
          f"received at {events / m[7]:.0f}/s; cpu per event: gateway {m[3] / events * 1000:.3f} ms, "
          f"postgres {m[4] / events * 1000:.3f} ms, kafka {m[5] / events * 1000:.3f} ms, total {m[6]:.3f} ms "
          f"(load generator: emitter {m[8]:.3f} ms, sse client {m[9]:.3f} ms)")
if len(med) == 2:
    o, n = med["old"], med["new"]
    print(f"events new/old: p50 x{n[0] / o[0]:.2f}, p99 x{n[1] / o[1]:.2f}, gateway cpu x{n[3] / o[3]:.2f}, "
          f"total cpu per event x{n[6] / o[6]:.2f}")
PY
fi

# Idle: what the gateway costs with nothing to do (relay and watchdog polling, Kafka heartbeats), per thread; the
# scale bench (issue 9) counts it against the workers' share of the two cores.
if has_phase idle; then
  log "idle: ${IDLE_SECONDS}s with no requests"
  sleep 5 # let whatever the previous phase left settle
  IDLE_BEFORE=$(ticks "$GATEWAY_PID")
  "$ROOT/bench/gateway/threadcpu.py" snap "$GATEWAY_PID" > "$WORK/threads.idle0"
  sleep "$IDLE_SECONDS"
  IDLE_AFTER=$(ticks "$GATEWAY_PID")
  "$ROOT/bench/gateway/threadcpu.py" snap "$GATEWAY_PID" > "$WORK/threads.idle1"
  awk -v t=$((IDLE_AFTER - IDLE_BEFORE)) -v c="$CLK" -v s="$IDLE_SECONDS" \
    'BEGIN { printf "idle: gateway %.3f cores (%.2f s cpu in %d s)\n", t/c/s, t/c, s }' | tee "$WORK/result-idle.txt"
  "$ROOT/bench/gateway/threadcpu.py" diff "$WORK/threads.idle0" "$WORK/threads.idle1" "$IDLE_SECONDS" \
    | sed 's/ms cpu per job/ms cpu per second/' | tee -a "$WORK/result-idle.txt"
fi

if ! has_phase crash; then exit 0; fi
log "3/3 kill -9 during submissions and during an event stream"
CRASH_JOB=$(curl -fs -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d '{"image":"bench/crash:latest"}' "$GATEWAY/api/v1/pulls" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
loadgen emit "127.0.0.1:$KAFKA_PORT" "$CRASH_JOB" 3000 1000 > "$WORK/emit.txt" &
EMIT_PID=$!
NO_WARMUP=1 loadgen submit "$GATEWAY" "$TOKEN" 20000 "$CONCURRENCY" "$WORK/ids-crash.txt" > "$WORK/submit-crash.txt" 2>&1 &
SUBMIT_PID=$!
for _ in $(seq 1 600); do   # kill right after the 500th acknowledgement
  [ "$({ wc -l < "$WORK/ids-crash.txt"; } 2>/dev/null || echo 0)" -ge 500 ] && break; sleep 0.05
done
kill -9 "$GATEWAY_PID"; wait "$GATEWAY_PID" 2>/dev/null || true
log "gateway killed (kill -9); restarting"
wait "$SUBMIT_PID" || true
cat "$WORK/submit-crash.txt"
start_gateway
wait "$EMIT_PID"
cat "$WORK/ids.txt" "$WORK/ids-crash.txt" > "$WORK/ids-all.txt"
loadgen verify "$GATEWAY" "$TOKEN" "127.0.0.1:$KAFKA_PORT" "$WORK/ids-all.txt" | tee "$WORK/result-verify.txt"
sleep 2
loadgen replay "$GATEWAY" "$TOKEN" "$CRASH_JOB" 3000 | tee "$WORK/result-replay.txt"
