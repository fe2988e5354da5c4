#!/usr/bin/env bash
# bench/build: the build corpus (build-worker/src/test/resources/corpus) built by buildah and by Slipway's build
# engine in the same run, both pushing to one loopback layer-store (the real one: its /v2 registry and, for Slipway,
# its build-cache API, on a private PostgreSQL started here); cold and fully cached.
# Prints per-context times, the median ratios, and the differences between the flattened filesystems and configs.
# Needs root (runc, overlayfs), buildah, skopeo, umoci, busybox-static, PostgreSQL 15, and the layer-store packaged
# (layer-store/target/quarkus-app, as the reactor build leaves it). Not part of ./slipway test.
#
#   bench/build/run.sh [SCRATCH_DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
scratch=${1:-$(mktemp -d /tmp/slipway-bench-build.XXXXXX)}
mkdir -p "$scratch"
# The private PostgreSQL runs as the postgres user, who must be able to reach its folder inside the scratch folder.
chmod 755 "$scratch"
[ -f layer-store/target/quarkus-app/quarkus-run.jar ] || { echo "package the layer-store first: mvn -pl layer-store package" >&2; exit 1; }

# A throwaway PostgreSQL for the layer-store, on a free loopback port.
pg=/usr/lib/postgresql/15/bin
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
install -d -o postgres "$scratch/pg"
runuser -u postgres -- "$pg/initdb" -D "$scratch/pg/data" -A trust -U slipway >/dev/null
runuser -u postgres -- "$pg/pg_ctl" -D "$scratch/pg/data" -l "$scratch/pg/log" -w \
  -o "-p $port -k $scratch/pg -c listen_addresses=127.0.0.1" start >/dev/null
trap 'runuser -u postgres -- "$pg/pg_ctl" -D "$scratch/pg/data" -m fast stop >/dev/null' EXIT
createdb -h 127.0.0.1 -p "$port" -U slipway slipway
export SLIPWAY_TEST_JDBC_URL="jdbc:postgresql://127.0.0.1:$port/slipway"

mvn -B -o -q -pl build-worker test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$scratch/classpath.txt" >/dev/null
cp="$PWD/build-worker/target/test-classes:$PWD/build-worker/target/classes:$(cat "$scratch/classpath.txt")"
# the layer-store jar is started relative to build-worker/, as in the tests
cd build-worker
java -cp "$cp" dev.slipway.worker.bench.BuildBench src/test/resources/corpus "$scratch"
