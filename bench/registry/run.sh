#!/usr/bin/env bash
# Registry benchmark: the Slipway layer-store against the CNCF Distribution registry (Debian's docker-registry),
# in the same run, on loopback, on this machine.
#
#   1. skopeo push and pull of one image (4 layers x 32 MiB of incompressible data + one shared layer), 5 times
#      each, median MB/s for both registries and the ratio;
#   2. the servers themselves with curl: streamed blob PUT of a 256 MiB blob (new content in every run, so every PUT
#      really writes), then two GETs of it: the first right after the PUT, the second again; 5 times, median MB/s, the
#      ratio, the median CPU time the server process used per operation (from /proc, independent of the load), the
#      layer-store's CPU per PUT by thread and the client's, and the median time to the first byte of each GET;
#   3. the layer-store's peak RSS while a 1 GiB blob streams in and out.
#
# Usage: bench/registry/run.sh            (builds the layer-store jar if missing)
# Env:   SLIPWAY_JDBC_URL   use this PostgreSQL instead of a private throwaway one
#        RUNS               measured repetitions (default 5), after WARMUP_RUNS unmeasured ones (default 3)
#        LAYERSTORE_JAVA_OPTS  JVM options of the layer-store (default -Xmx256m)
#        LAYERSTORE_STORAGE_DIRECT_WRITES  true: the layer-store(s) write uploads with O_DIRECT (see layer-store/README.md)
#        LAYERSTORE_STORAGE_COPY_TO_LOCAL_CLIENTS  false: the layer-store sends every blob with sendfile, loopback
#                           clients included (default true: it copies to them; see layer-store/README.md)
#        LAYERSTORE_APP     the layer-store build to measure (default layer-store/target/quarkus-app; a copy keeps
#                           the run safe from a rebuild meanwhile)
#        BASELINE_JAVA_OPTS JVM options of the BASELINE_APP layer-store (default: LAYERSTORE_JAVA_OPTS); with
#                           BASELINE_APP=layer-store/target/quarkus-app, an A/B of one setting, e.g.
#                           "-Xmx256m -Dlayerstore.storage.copy-to-local-clients=false"
#        BASELINE_APP       a second layer-store build (a copy of an older layer-store/target/quarkus-app) to run
#                           alongside as "base": every run then alternates ls, base and Distribution, so the machine's
#                           load hits all three alike, and the ratios new/base are printed too (A/B of a change)
# Not part of the test suite. Needs: java, skopeo, docker-registry, curl, GNU time (/usr/bin/time), python3,
# postgresql (for the private instance).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
RUNS=${RUNS:-5}
# Unmeasured runs first: the layer-store's JIT still compiles the upload and download paths in its first runs (Go has no
# JIT; both servers get them alike).
WARMUP_RUNS=${WARMUP_RUNS:-3}
JAR="${LAYERSTORE_APP:-$ROOT/layer-store/target/quarkus-app}/quarkus-run.jar"
WORK=$(mktemp -d /tmp/slipway-bench.XXXXXX)
chmod 755 "$WORK" # the private PostgreSQL runs as the postgres user
PIDS=()
PG_DATA=""

cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [[ -n "$PG_DATA" ]]; then
    runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D "$PG_DATA" -m immediate stop >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
mbps() { awk -v b="$1" -v s="$2" 'BEGIN {printf "%.1f", b/1e6/s}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a/b}'; }
rotated() { local n=${#REGS[@]} i; for ((i = 0; i < n; i++)); do echo "${REGS[$(( (i + $1) % n ))]}"; done; } # run -> REGS, order rotated
report() { # label name-of-an-array-of-runs -> medians and ratios
  local -n runs=$2
  local l d b; l=$(tr ' ' '\n' <<<"${runs[ls]}" | grep . | median); d=$(tr ' ' '\n' <<<"${runs[dist]}" | grep . | median)
  printf '%-5s layer-store %7.1f MB/s   Distribution %7.1f MB/s   ratio %sx' "$1" "$l" "$d" "$(ratio "$l" "$d")"
  if [[ -n ${HOST[base]:-} ]]; then
    b=$(tr ' ' '\n' <<<"${runs[base]}" | grep . | median)
    printf '   | base %7.1f MB/s (%sx Distribution)   new/base %sx' "$b" "$(ratio "$b" "$d")" "$(ratio "$l" "$b")"
  fi
  echo
  for reg in "${REGS[@]}"; do printf '      runs %-4s %s\n' "$reg" "${runs[$reg]}"; done; }
wait_http() { for _ in $(seq 1 240); do curl -fs -o /dev/null "$1" && return 0; sleep 0.5; done; echo "timeout: $1" >&2; return 1; }

[[ -f "$JAR" ]] || (cd "$ROOT" && mvn -B -o -q -pl layer-store package -DskipTests)

# --- PostgreSQL -------------------------------------------------------------------------------------------------
if [[ -z "${SLIPWAY_JDBC_URL:-}" ]]; then
  PG_PORT=$(free_port)
  install -d -o postgres "$WORK/pg"
  PG_DATA="$WORK/pg/data"
  runuser -u postgres -- /usr/lib/postgresql/15/bin/initdb -D "$PG_DATA" -A trust -U slipway >/dev/null
  runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D "$PG_DATA" -l "$WORK/pg/log" \
    -o "-p $PG_PORT -k $WORK/pg -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
  for _ in $(seq 1 50); do createdb -h 127.0.0.1 -p "$PG_PORT" -U slipway slipway 2>/dev/null && break; sleep 0.2; done
  SLIPWAY_JDBC_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/slipway"
fi

# --- the registries: the layer-store (and, with BASELINE_APP, an older build of it) and Distribution ---------
# Both registries run without auth here: the bench compares the data path (Distribution is started without auth too).
start_layer_store() { # jar data-dir port schema java-opts -> starts it in the background; sets STARTED_PID
  SLIPWAY_JDBC_URL="$SLIPWAY_JDBC_URL" SLIPWAY_DATA="$2" QUARKUS_HTTP_PORT="$3" LAYERSTORE_GC_EVERY=off LAYERSTORE_AUTH_ENABLED=false \
    QUARKUS_FLYWAY_SCHEMAS="$4" QUARKUS_HIBERNATE_ORM_DATABASE_DEFAULT_SCHEMA="$4" \
    QUARKUS_DATASOURCE_JDBC_ADDITIONAL_JDBC_PROPERTIES_CURRENTSCHEMA="$4" \
    java $5 -jar "$1" >"$2.log" 2>&1 &
  STARTED_PID=$!; PIDS+=("$STARTED_PID"); }
REGS=(ls)
LS_PORT=$(free_port)
start_layer_store "$JAR" "$WORK/ls" "$LS_PORT" layerstore "${LAYERSTORE_JAVA_OPTS:--Xmx256m}"; LS_PID=$STARTED_PID
if [[ -n "${BASELINE_APP:-}" ]]; then
  # Same database, a schema of its own: the two must not see each other's repositories.
  BASE_PORT=$(free_port)
  start_layer_store "$BASELINE_APP/quarkus-run.jar" "$WORK/base" "$BASE_PORT" layerstore_base \
    "${BASELINE_JAVA_OPTS:-${LAYERSTORE_JAVA_OPTS:--Xmx256m}}"; BASE_PID=$STARTED_PID
  REGS+=(base)
fi
REGS+=(dist)
DIST_PORT=$(free_port)
mkdir -p "$WORK/dist"
cat >"$WORK/dist/config.yml" <<YAML
version: 0.1
log: { level: error, accesslog: { disabled: true } }
storage: { filesystem: { rootdirectory: $WORK/dist/data }, delete: { enabled: true } }
http: { addr: 127.0.0.1:$DIST_PORT }
YAML
docker-registry serve "$WORK/dist/config.yml" >"$WORK/dist.log" 2>&1 &
DIST_PID=$!; PIDS+=("$DIST_PID")
wait_http "http://127.0.0.1:$LS_PORT/v2/"
wait_http "http://127.0.0.1:$DIST_PORT/v2/"
declare -A HOST=([ls]="127.0.0.1:$LS_PORT" [dist]="127.0.0.1:$DIST_PORT")
if [[ -n "${BASE_PORT:-}" ]]; then wait_http "http://127.0.0.1:$BASE_PORT/v2/"; HOST[base]="127.0.0.1:$BASE_PORT"; fi
echo "layer-store $(java -version 2>&1 | head -1), Distribution $(docker-registry --version 2>/dev/null | awk '{print $3}')"
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "layer-store direct writes: ${LAYERSTORE_STORAGE_DIRECT_WRITES:-false}, copy to local clients: ${LAYERSTORE_STORAGE_COPY_TO_LOCAL_CLIENTS:-true}"
declare -A PID_OF=([ls]=$LS_PID [base]=${BASE_PID:-} [dist]=$DIST_PID)
TICK=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/${PID_OF[$1]}/stat"; } # registry -> user+system ticks of its process so far
cpu_secs() { awk -v t="$1" -v hz="$TICK" 'BEGIN {printf "%.2f", t / hz}'; }
thread_ticks() { # registry -> "class user system" per class of the layer-store's threads, ticks so far
  python3 - "${PID_OF[$1]}" <<'PY'
import collections, os, sys
pid, ticks = sys.argv[1], collections.defaultdict(lambda: [0, 0])
for tid in os.listdir(f"/proc/{pid}/task"):
    try:
        stat = open(f"/proc/{pid}/task/{tid}/stat").read()
    except OSError:
        continue  # the thread ended meanwhile
    name, fields = stat[stat.index("(") + 1:stat.rindex(")")], stat[stat.rindex(")") + 2:].split()
    kind = ("eventloop" if name.startswith("vert.x-eventloo") else "worker" if name.startswith("executor-thread")
            else "gc" if name.startswith(("GC Thread", "G1 ")) else "jit" if "Compiler" in name else "other")
    ticks[kind][0] += int(fields[11]); ticks[kind][1] += int(fields[12])
for kind in ("eventloop", "worker", "gc", "jit", "other"):
    print(kind, *ticks[kind])
PY
}

# --- the image: an OCI layout with uncompressed tar layers of random bytes ----------------------------------------
put_blob() { # file -> prints digest hex, moves the file into the layout
  local hex; hex=$(sha256sum "$1" | cut -d' ' -f1); mv "$1" "$2/blobs/sha256/$hex"; echo "$hex"; }
make_layer() { # dir size-MiB -> prints "hex size"
  local d; d=$(mktemp -d "$WORK/layer.XXXX")
  head -c $(($2 * 1024 * 1024)) /dev/urandom >"$d/data.bin"
  tar -C "$d" -cf "$d.tar" data.bin; rm -rf "$d"
  local size; size=$(stat -c %s "$d.tar"); echo "$(put_blob "$d.tar" "$1") $size"; }
make_image() { # layout tag shared-layer(hex size)
  local layout=$1 tag=$2 layers=() diffs=() descs=() total=0
  layers+=("$3")
  for _ in 1 2 3 4; do layers+=("$(make_layer "$layout" 32)"); done
  for l in "${layers[@]}"; do
    set -- $l
    diffs+=("\"sha256:$1\""); descs+=("{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"sha256:$1\",\"size\":$2}")
    total=$((total + $2))
  done
  printf '{"architecture":"amd64","os":"linux","config":{},"rootfs":{"type":"layers","diff_ids":[%s]}}' \
    "$(IFS=,; echo "${diffs[*]}")" >"$WORK/config.json"
  local chex csize; csize=$(stat -c %s "$WORK/config.json"); chex=$(put_blob "$WORK/config.json" "$layout")
  printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[%s]}' \
    "$chex" "$csize" "$(IFS=,; echo "${descs[*]}")" >"$WORK/manifest.json"
  local msize mhex; msize=$(stat -c %s "$WORK/manifest.json"); mhex=$(put_blob "$WORK/manifest.json" "$layout")
  printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"annotations":{"org.opencontainers.image.ref.name":"%s"}}]}' \
    "$mhex" "$msize" "$tag" >"$layout/index.json"
  echo "$total"
}

echo
echo "== skopeo: image of 4 x 32 MiB random layers + 1 shared 8 MiB layer, $RUNS runs =="
declare -A PUSH PULL
for reg in "${REGS[@]}"; do PUSH[$reg]=""; PULL[$reg]=""; done
SHARED_LAYOUT="$WORK/shared"; mkdir -p "$SHARED_LAYOUT/blobs/sha256"
SHARED=$(make_layer "$SHARED_LAYOUT" 8)
# The first WARMUP_RUNS runs warm both servers up (the JVM's JIT, Go's allocator) and are not counted.
for run in $(seq 0 $((RUNS + WARMUP_RUNS - 1))); do
  layout="$WORK/image-$run"; mkdir -p "$layout/blobs/sha256"
  echo '{"imageLayoutVersion":"1.0.0"}' >"$layout/oci-layout"
  cp "$SHARED_LAYOUT/blobs/sha256/${SHARED%% *}" "$layout/blobs/sha256/"
  bytes=$(make_image "$layout" v1 "$SHARED")
  for reg in $(rotated "$run"); do
    host=${HOST[$reg]}
    t0=$(now); skopeo copy -q --dest-tls-verify=false "oci:$layout:v1" "docker://$host/bench/image-$run:v1"; t1=$(now)
    ((run >= WARMUP_RUNS)) && PUSH[$reg]+="$(mbps "$bytes" "$(echo "$t1 - $t0" | bc)") "
    rm -rf "$WORK/pull"
    t0=$(now); skopeo copy -q --src-tls-verify=false "docker://$host/bench/image-$run:v1" "oci:$WORK/pull:v1"; t1=$(now)
    ((run >= WARMUP_RUNS)) && PULL[$reg]+="$(mbps "$bytes" "$(echo "$t1 - $t0" | bc)") "
  done
  rm -rf "$layout" "$WORK/pull"
done
report push PUSH
report pull PULL

echo
echo "== curl: streamed blob PUT of a new 256 MiB blob, then GET it twice, $RUNS runs =="
BLOB="$WORK/blob-256m"; head -c $((256 * 1024 * 1024)) /dev/urandom >"$BLOB"
upload() { # host repo file digest -> prints seconds
  local loc; loc=$(curl -fs -D - -o /dev/null -X POST "http://$1/v2/$2/blobs/uploads/" | tr -d '\r' | awk 'tolower($1)=="location:" {print $2}')
  [[ $loc == http* ]] || loc="http://$1$loc"
  local sep='?'; [[ $loc == *\?* ]] && sep='&'
  # The client's own CPU goes to $WORK/client: on 2 cores, the sender competes with the server for them.
  /usr/bin/time -f '%U %S' -o "$WORK/client" \
    curl -fs -o /dev/null -w '%{time_total}' -T "$3" -H 'Content-Type: application/octet-stream' "$loc${sep}digest=$4"; }
download() { # host repo digest -> prints seconds, and the time to the first byte into $WORK/ttfb
  local times; times=$(curl -fs -o /dev/null -w '%{time_total} %{time_starttransfer}' "http://$1/v2/$2/blobs/$3")
  echo "${times#* }" >"$WORK/ttfb"; echo "${times%% *}"; }
declare -A CPUT CGET CGET2 TPUT TGET TGET2 FGET FGET2 THREADS CLIENT
for reg in "${REGS[@]}"; do
  CPUT[$reg]=""; CGET[$reg]=""; CGET2[$reg]=""; TPUT[$reg]=""; TGET[$reg]=""; TGET2[$reg]=""; FGET[$reg]=""; FGET2[$reg]=""
done
measure() { # registry array-of-MB/s array-of-cpu [array-of-ttfb] command... -> runs it, records MB/s of 256 MiB,
            # the server's CPU and, for downloads, the time to the first byte
  local reg=$1 what=$2 c0 c1 secs; local -n rates=$2 ticks=$3; shift 3
  local first=""; if [[ $1 == F* ]]; then local -n first_byte=$1; first=y; shift; fi
  [[ $reg == dist || $what != CPUT ]] || thread_ticks "$reg" >"$WORK/threads0"
  c0=$(cpu_ticks "$reg"); secs=$("$@"); c1=$(cpu_ticks "$reg")
  if ((run >= WARMUP_RUNS)); then
    rates[$reg]+="$(mbps $((256 * 1024 * 1024)) "$secs") "; ticks[$reg]+="$((c1 - c0)) "
    if [[ $what == CPUT ]]; then
      CLIENT[$reg]+="$(awk '{print $1 + $2}' "$WORK/client") "
      if [[ $reg != dist ]]; then # per thread class: "kind user system" deltas in ticks
        while read -r kind user system; do THREADS[$reg.$kind.u]+="$user "; THREADS[$reg.$kind.s]+="$system "
        done < <(paste -d' ' <(thread_ticks "$reg") "$WORK/threads0" | awk '{print $1, $2 - $5, $3 - $6}')
      fi
    fi
    [[ -z $first ]] || first_byte[$reg]+="$(awk '{printf "%.1f", $1 * 1000}' "$WORK/ttfb") "
  fi; }
for run in $(seq 0 $((RUNS + WARMUP_RUNS - 1))); do # the first WARMUP_RUNS are warm-ups
  # New content every run (the same for every registry within it): a PUT of a blob the store already holds would
  # measure deduplication, and the first GET is of a blob that was just written, as a pull right after a push.
  head -c 4096 /dev/urandom | dd of="$BLOB" conv=notrunc status=none
  DIGEST="sha256:$(sha256sum "$BLOB" | cut -d' ' -f1)"
  for reg in $(rotated "$run"); do
    host=${HOST[$reg]}
    measure "$reg" CPUT TPUT upload "$host" "bench/blob-$run" "$BLOB" "$DIGEST"
    measure "$reg" CGET TGET FGET download "$host" "bench/blob-$run" "$DIGEST"
    measure "$reg" CGET2 TGET2 FGET2 download "$host" "bench/blob-$run" "$DIGEST"
  done
done
report PUT CPUT
report GET CGET
report GET2 CGET2
echo "server CPU per operation (user+system of the process, median of $RUNS runs, seconds):"
for reg in "${REGS[@]}"; do
  printf '      %-4s PUT %s   GET %s   GET2 %s\n' "$reg" \
    "$(cpu_secs "$(tr ' ' '\n' <<<"${TPUT[$reg]}" | grep . | median)")" \
    "$(cpu_secs "$(tr ' ' '\n' <<<"${TGET[$reg]}" | grep . | median)")" \
    "$(cpu_secs "$(tr ' ' '\n' <<<"${TGET2[$reg]}" | grep . | median)")"
done
echo "CPU per PUT by thread (median of $RUNS runs, seconds user+system; worker: the file writes, eventloop: socket"
echo "reads and SHA-256), and of the client (curl) sending it:"
for reg in "${REGS[@]}"; do
  line=""
  if [[ $reg != dist ]]; then
    for kind in eventloop worker gc jit other; do
      line+="$kind $(cpu_secs "$(tr ' ' '\n' <<<"${THREADS[$reg.$kind.u]}" | grep . | median)")+$(cpu_secs \
        "$(tr ' ' '\n' <<<"${THREADS[$reg.$kind.s]}" | grep . | median)")   "
    done
  fi
  printf '      %-4s %sclient %s\n' "$reg" "$line" "$(tr ' ' '\n' <<<"${CLIENT[$reg]}" | grep . | median)"
done
echo "time to the first byte of a GET (median of $RUNS runs, ms):"
for reg in "${REGS[@]}"; do
  printf '      %-4s GET %s   GET2 %s\n' "$reg" "$(tr ' ' '\n' <<<"${FGET[$reg]}" | grep . | median)" \
    "$(tr ' ' '\n' <<<"${FGET2[$reg]}" | grep . | median)"
done

echo
echo "== layer-store RSS while a 1 GiB blob streams in and out =="
GIG="$WORK/blob-1g"; head -c $((1024 * 1024 * 1024)) /dev/urandom >"$GIG"
GDIGEST="sha256:$(sha256sum "$GIG" | cut -d' ' -f1)"
rss() { awk '/VmRSS/ {print $2}' "/proc/$RSS_PID/status"; }
peak_during() { # command... -> prints peak RSS in MiB while it runs
  "$@" >/dev/null & local job=$! peak=0
  while kill -0 "$job" 2>/dev/null; do r=$(rss); ((r > peak)) && peak=$r; sleep 0.1; done
  wait "$job"; echo $((peak / 1024)); }
for reg in "${REGS[@]}"; do
  [[ $reg == dist ]] && continue
  RSS_PID=${PID_OF[$reg]}
  echo "$reg before: $(( $(rss) / 1024 )) MiB"
  echo "$reg peak during 1 GiB PUT: $(peak_during upload "${HOST[$reg]}" bench/gig "$GIG" "$GDIGEST") MiB"
  echo "$reg peak during 1 GiB GET: $(peak_during download "${HOST[$reg]}" bench/gig "$GDIGEST") MiB"
done
