#!/usr/bin/env bash
# bench/sync — mirroring a 4 x 32 MB image from a loopback upstream into the layer-store with registry-sync,
# versus `skopeo copy` of the same image from the same upstream into a second loopback CNCF Distribution registry.
# Same machine, same run, median of N runs (default 3) after one warm-up each; prints the ratio skopeo / slipway
# (>= 1.0 means registry-sync is at least as fast as skopeo + Distribution). The CPU seconds the copying process
# itself used (registry-sync's JVM, the skopeo process) are printed too: on a busy machine they vary less than time.
#
# The layer-store side is a docker-registry (the layer-store speaks the same /v2 API) restarted with empty storage on
# the same port before every run, so every run copies every byte; registry-sync itself stays up and warm, as a
# service in the farm does.
#
# Usage: bench/sync/run.sh [--runs N] [--layers N] [--layer-mb N]
# Needs: java 17, maven (builds registry-sync if its jar is missing), docker-registry, skopeo, python3, postgresql 15.
set -euo pipefail

RUNS=3 LAYERS=4 LAYER_MB=32
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS=$2; shift 2 ;;
    --layers) LAYERS=$2; shift 2 ;;
    --layer-mb) LAYER_MB=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
WORK=$(mktemp -d /tmp/slipway-bench-sync.XXXXXX)
chmod 755 "$WORK"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
  if [ -f "$WORK/pg/data/postmaster.pid" ]; then
    runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D "$WORK/pg/data" -m fast stop >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
now() { date +%s.%N; }
wait_closed() { for _ in $(seq 1 300); do (exec 3<>/dev/tcp/127.0.0.1/$1) 2>/dev/null || return 0; sleep 0.1; done; return 1; }
wait_port() { for _ in $(seq 1 300); do (exec 3<>/dev/tcp/127.0.0.1/$1) 2>/dev/null && return 0; sleep 0.1; done; echo "port $1 never opened" >&2; return 1; }

# a docker-registry with its own storage, on port $2 or a free one; prints "pid port" (runs in a subshell: the
# caller adds the pid to PIDS)
start_registry() {
  local dir=$1 port=${2:-}; [ -n "$port" ] || port=$(free_port); mkdir -p "$dir/storage"
  cat > "$dir/config.yml" <<YAML
version: 0.1
log: { level: error, accesslog: { disabled: true } }
storage: { filesystem: { rootdirectory: $dir/storage }, delete: { enabled: true } }
http: { addr: 127.0.0.1:$port }
YAML
  docker-registry serve "$dir/config.yml" > "$dir/log" 2>&1 &
  local pid=$!; wait_port "$port"; echo "$pid $port"
}

JAR="$ROOT/registry-sync/target/quarkus-app/quarkus-run.jar"
if [ ! -f "$JAR" ]; then
  echo "building registry-sync ..."
  (cd "$ROOT" && mvn -B -o -q -pl registry-sync package -DskipTests)
fi

echo "== seeding the upstream with a ${LAYERS} x ${LAYER_MB} MB image"
read -r UP_PID UP_PORT < <(start_registry "$WORK/upstream"); PIDS+=("$UP_PID")
python3 "$ROOT/bench/sync/make_image.py" "$WORK/layout" "$LAYERS" "$LAYER_MB"
skopeo copy --quiet --dest-tls-verify=false "oci:$WORK/layout:1" "docker://127.0.0.1:$UP_PORT/bench/big:1"

echo "== private PostgreSQL for registry-sync's state"
PG_PORT=$(free_port)
install -d -o postgres "$WORK/pg"
runuser -u postgres -- /usr/lib/postgresql/15/bin/initdb -D "$WORK/pg/data" -A trust -U slipway >/dev/null
runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D "$WORK/pg/data" -l "$WORK/pg/log" \
  -o "-p $PG_PORT -k $WORK/pg -c listen_addresses=127.0.0.1" start >/dev/null
createdb -h 127.0.0.1 -p "$PG_PORT" -U slipway slipway

SYNC_PORT=$(free_port) STORE_PORT=$(free_port)
read -r STORE_PID _ < <(start_registry "$WORK/store" "$STORE_PORT"); PIDS+=("$STORE_PID")
SLIPWAY_JDBC_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/slipway" \
SLIPWAY_KAFKA="127.0.0.1:$(free_port)" \
SLIPWAY_UPSTREAMS="docker.io=http://127.0.0.1:$UP_PORT" \
SLIPWAY_LAYER_STORE_URL="http://127.0.0.1:$STORE_PORT" \
QUARKUS_HTTP_PORT=$SYNC_PORT QUARKUS_LOG_LEVEL=WARN \
  java ${SLIPWAY_JAVA_OPTS:--Xmx512m} -jar "$JAR" > "$WORK/sync.log" 2>&1 &
SYNC_PID=$!; PIDS+=("$SYNC_PID"); wait_port "$SYNC_PORT"
TICKS=$(getconf CLK_TCK)
jvm_cpu() { awk -v t="$TICKS" '{print ($14 + $15) / t}' "/proc/$SYNC_PID/stat"; }

ensure() {
  local code
  code=$(curl -s -o "$WORK/ensure.json" -w '%{http_code}' -H 'Content-Type: application/json' \
    -d "{\"image\":\"$1\"}" "http://127.0.0.1:$SYNC_PORT/internal/v1/ensure")
  [ "$code" = 200 ] || { echo "ensure $1 answered $code: $(cat "$WORK/ensure.json")" >&2; exit 1; }
}

# both run in this shell (never in $(...)), so the registry pids they replace stay known; they set ELAPSED and CPU
slipway_once() {
  kill "$STORE_PID"; wait_closed "$STORE_PORT"; rm -rf "$WORK/store"
  read -r STORE_PID _ < <(start_registry "$WORK/store" "$STORE_PORT"); PIDS+=("$STORE_PID")
  local t0 t1 c0 c1; c0=$(jvm_cpu); t0=$(now); ensure "bench/big:1"; t1=$(now); c1=$(jvm_cpu)
  ELAPSED=$(echo "$t1 - $t0" | bc); CPU=$(echo "$c1 - $c0" | bc)
}

skopeo_once() {
  local dst_pid dst_port t0 t1
  read -r dst_pid dst_port < <(start_registry "$WORK/skopeo-$1"); PIDS+=("$dst_pid")
  t0=$(now)
  /usr/bin/time -f '%U %S' -o "$WORK/skopeo.time" skopeo copy --quiet --src-tls-verify=false \
    --dest-tls-verify=false "docker://127.0.0.1:$UP_PORT/bench/big:1" "docker://127.0.0.1:$dst_port/bench/big:1"
  t1=$(now)
  CPU=$(awk '{print $1 + $2}' "$WORK/skopeo.time")
  kill "$dst_pid"; rm -rf "$WORK/skopeo-$1"
  ELAPSED=$(echo "$t1 - $t0" | bc)
}

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

echo "== warm-up (not counted)"
slipway_once; skopeo_once warm
S=() K=() SC=() KC=()
for i in $(seq 1 "$RUNS"); do
  slipway_once; s=$ELAPSED; sc=$CPU
  skopeo_once "$i"; k=$ELAPSED; kc=$CPU
  printf 'run %d: registry-sync %6.3f s (cpu %5.2f s)   skopeo+distribution %6.3f s (cpu %5.2f s)\n' \
    "$i" "$s" "$sc" "$k" "$kc"
  S+=("$s"); K+=("$k"); SC+=("$sc"); KC+=("$kc")
done
MS=$(median "${S[@]}"); MK=$(median "${K[@]}")
MB=$((LAYERS * LAYER_MB))
printf '\nimage: %d x %d MB layers (%d MB) over loopback, median of %d\n' "$LAYERS" "$LAYER_MB" "$MB" "$RUNS"
printf 'registry-sync pull-through into layer-store: %.3f s  (%.0f MB/s)\n' "$MS" "$(echo "$MB / $MS" | bc -l)"
printf 'skopeo copy into docker-registry:            %.3f s  (%.0f MB/s)\n' "$MK" "$(echo "$MB / $MK" | bc -l)"
printf 'cpu of the copying process (median): registry-sync %.2f s, skopeo %.2f s\n' "$(median "${SC[@]}")" "$(median "${KC[@]}")"
printf 'ratio (skopeo / registry-sync): %.2fx  (goal >= 1.0x)\n' "$(echo "$MK / $MS" | bc -l)"
