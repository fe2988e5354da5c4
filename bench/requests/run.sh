#!/usr/bin/env bash
# bench/requests: the layer-store's CPU per bench/scale build and per request type, the current build against a
# baseline, alternated in one run. See README.md.
#
# Starts a private PostgreSQL and one layer-store per app (auth and GC off, own database and storage), pushes a small
# base image into each, warms each up with WARMUP builds (in batches, alternated), then measures BATCHES batches of
# BATCH builds each (alternated) and REQUESTS requests of each type (alternated). CPU comes from /proc: the process's
# utime+stime (exited threads included) and its live threads by name (executor, event loop, C2/C1, GC).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE=$ROOT/bench/requests
APP=${APP:-$ROOT/layer-store/target/quarkus-app}
BASELINE_APP=${BASELINE_APP:-}
WARMUP=${WARMUP:-200}
BATCH=${BATCH:-40}
BATCHES=${BATCHES:-5}
REQUESTS=${REQUESTS:-600}
JAVA_OPTS=${JAVA_OPTS:--Xmx384m}
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
WORK=$(mktemp -d /var/tmp/slipway-bench-requests.XXXXXX)
chmod 755 "$WORK"
PIDS=()

log() { printf '[requests] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [[ -f $WORK/pg/data/postmaster.pid ]]; then
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/pg/data" -m fast stop >/dev/null 2>&1 || true
  fi
  log "logs kept in $WORK"
}
trap cleanup EXIT

[[ -f $APP/quarkus-run.jar ]] || die "no layer-store build at $APP (mvn -pl layer-store package -DskipTests)"
NAMES=(new)
APPS=("$APP")
if [[ -n $BASELINE_APP ]]; then
  [[ -f $BASELINE_APP/quarkus-run.jar ]] || die "no layer-store build at BASELINE_APP=$BASELINE_APP"
  NAMES=(base new)
  APPS=("$BASELINE_APP" "$APP")
fi

log "PostgreSQL under $WORK/pg"
PG_PORT=$(free_port)
install -d -o postgres "$WORK/pg"
runuser -u postgres -- "$PG_BIN/initdb" -D "$WORK/pg/data" -A trust -U slipway >/dev/null
runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/pg/data" -l "$WORK/pg/log" -w \
  -o "-p $PG_PORT -k $WORK/pg -c listen_addresses=127.0.0.1" start >/dev/null

declare -A PORT PID
for k in "${!NAMES[@]}"; do
  name=${NAMES[$k]}
  # Each app runs from a copy, so rebuilding the module meanwhile changes nothing.
  cp -r "${APPS[$k]}" "$WORK/app-$name"
  createdb -h 127.0.0.1 -p "$PG_PORT" -U slipway "$name"
  PORT[$name]=$(free_port)
  QUARKUS_HTTP_PORT=${PORT[$name]} SLIPWAY_JDBC_URL=jdbc:postgresql://127.0.0.1:$PG_PORT/$name \
    LAYERSTORE_STORAGE_ROOT=$WORK/data-$name/blobs LAYERSTORE_AUTH_ENABLED=false LAYERSTORE_GC_EVERY=off \
    java $JAVA_OPTS -jar "$WORK/app-$name/quarkus-run.jar" >"$WORK/$name.log" 2>&1 </dev/null &
  PID[$name]=$!
  PIDS+=("$!")
done
for name in "${NAMES[@]}"; do
  for _ in $(seq 1 240); do
    curl -sf "http://127.0.0.1:${PORT[$name]}/v2/" >/dev/null && break
    kill -0 "${PID[$name]}" 2>/dev/null || die "$name exited (log: $WORK/$name.log)"
    sleep 0.5
  done
  python3 "$HERE/build.py" "${PORT[$name]}" base
done

# batch NAME N: N builds; prints "NAME process-ms-per-build {thread: ms-per-build}" on one line
batch() {
  local name=$1 n=$2 before after
  before=$(python3 "$HERE/threads.py" "${PID[$name]}")
  python3 "$HERE/build.py" "${PORT[$name]}" "$n" "$name-$RANDOM"
  after=$(python3 "$HERE/threads.py" "${PID[$name]}")
  python3 - "$name" "$n" "$before" "$after" <<'EOF'
import json, re, sys
name, n, a, b = sys.argv[1], int(sys.argv[2]), json.loads(sys.argv[3]), json.loads(sys.argv[4])
ms = lambda ticks: ticks * 10 / n
# Per thread id, then by name without its number (executor-thread-3 counts as executor-thread). A thread that ended
# during the batch is in the process's figure only.
threads = {}
for tid, (thread, ticks) in b['threads'].items():
    group = re.sub(r'[-#]?\d+$', '', thread).strip()
    threads[group] = threads.get(group, 0) + ms(ticks - a['threads'].get(tid, [thread, 0])[1])
top = {k: round(v, 1) for k, v in sorted(threads.items(), key=lambda kv: -kv[1]) if v >= 0.5}
print(name, round(ms(b['process'] - a['process']), 1), json.dumps(top))
EOF
}

log "warm-up: $WARMUP builds each, in batches of $BATCH, alternated"
for _ in $(seq 1 $(((WARMUP + BATCH - 1) / BATCH))); do
  for name in "${NAMES[@]}"; do batch "$name" "$BATCH" >>"$WORK/warmup.txt"; done
done

log "measuring: $BATCHES batches of $BATCH builds each, alternated"
for _ in $(seq 1 "$BATCHES"); do
  for name in "${NAMES[@]}"; do batch "$name" "$BATCH" | tee -a "$WORK/batches.txt" >&2; done
done

log "per request type: $REQUESTS requests each, alternated"
for type in head-blob-404 head-blob-200 get-blob-200 get-manifest-tag head-manifest-404 cache-get-404 cache-put \
  mount upload-start upload-4k manifest-put; do
  for name in "${NAMES[@]}"; do
    printf '%s %s\n' "$name" "$(python3 "$HERE/requests.py" "${PORT[$name]}" "${PID[$name]}" "$REQUESTS" "$type")" \
      | tee -a "$WORK/requests.txt" >&2
  done
done

echo
echo "bench/requests: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $(date -u '+%F %T UTC')"
python3 - "$WORK/batches.txt" "$WORK/requests.txt" "${NAMES[@]}" <<'EOF'
import json, statistics, sys
batches, requests, names = sys.argv[1], sys.argv[2], sys.argv[3:]
rows = [line.split(' ', 2) for line in open(batches)]
print('CPU per build (ms), median of the batches:')
medians = {}
for name in names:
    mine = [(float(r[1]), json.loads(r[2])) for r in rows if r[0] == name]
    keys = ['executor-thread', 'vert.x-eventloo', 'C2 CompilerThre', 'C1 CompilerThre']  # /proc keeps 15 characters
    medians[name] = {'process': statistics.median(p for p, _ in mine)}
    for key in keys:
        medians[name][key] = statistics.median(t.get(key, 0) for _, t in mine)
    print(f'  {name:5s} ' + '  '.join(f'{k} {v:.1f}' for k, v in medians[name].items()))
if len(names) == 2:
    base, new = medians[names[0]], medians[names[1]]
    print('  new/base ' + '  '.join(f'{k} {new[k] / base[k]:.2f}' for k in base if base[k] > 0))
print('CPU per request (us), by type:')
for line in open(requests):
    print('  ' + line.rstrip())
EOF
