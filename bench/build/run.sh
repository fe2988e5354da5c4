#!/usr/bin/env bash
# bench/build: the build corpus (build-worker/src/test/resources/corpus) built by buildah and by Slipway's build
# engine in the same run, both pushing to one loopback Distribution registry; cold and fully cached.
# Prints per-context times, the median ratios, and the differences between the flattened filesystems and configs.
# Needs root (runc, overlayfs), buildah, docker-registry, skopeo, umoci, busybox-static. Not part of ./slipway test.
#
#   bench/build/run.sh [SCRATCH_DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
scratch=${1:-$(mktemp -d /tmp/slipway-bench-build.XXXXXX)}
mvn -B -o -q -pl build-worker test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$scratch/classpath.txt" >/dev/null
cp="build-worker/target/test-classes:build-worker/target/classes:$(cat "$scratch/classpath.txt")"
exec java -cp "$cp" dev.slipway.worker.bench.BuildBench build-worker/src/test/resources/corpus "$scratch"
