#!/usr/bin/env bash
# Checks the service images in a registry the way an operator would, with independent tools (skopeo, umoci, runc):
#
#   deploy/images/check-images.sh REGISTRY TAG [SERVICE...]     e.g. ... 127.0.0.1:5000 0.1.0-SNAPSHOT build-worker
#
# For each REGISTRY/slipway/SERVICE:TAG (default: the four services):
#   - skopeo inspect finds it, and :latest is the same manifest;
#   - its config's entrypoint runs java, on the app Jib put in the working directory (quarkus-run.jar);
#   - unpacked (umoci unpack), the JRE is inside ($JAVA_HOME/bin/java of the config), and for build-worker runc,
#     slirp4netns and ip too;
#   - the entrypoint's java really runs: `java -version` under runc in the unpacked bundle says 17;
#   - with CHECK_JDBC_URL (+ CHECK_DB_USER, CHECK_DB_PASSWORD) set to a database it may migrate: the layer-store
#     image's own entrypoint starts under runc (host network, so it reaches PostgreSQL on loopback) and its
#     /q/health/ready turns UP.
# Prints one summary line per image (digest, layers, compressed and unpacked size) and exits non-zero on the
# first failed check. Credentials: skopeo's own (REGISTRY_AUTH_FILE); TLS as in build-base.sh. Needs root.
set -euo pipefail

REGISTRY=${1:?usage: check-images.sh REGISTRY TAG [SERVICE...]}
TAG=${2:?usage: check-images.sh REGISTRY TAG [SERVICE...]}
shift 2
(($#)) || set -- layer-store registry-sync build-worker api-gateway
case "${REGISTRY%:*}" in
  127.* | localhost | '[::1]') TLS_VERIFY=${REGISTRY_TLS_VERIFY:-false} ;;
  *) TLS_VERIFY=${REGISTRY_TLS_VERIFY:-true} ;;
esac

log() { printf '[check] %s\n' "$*" >&2; }
fail() { printf '[check] FAILED: %s\n' "$*" >&2; exit 1; }
for tool in skopeo umoci runc jq curl; do
  command -v "$tool" >/dev/null || fail "$tool is missing: apt-get install $tool"
done

WORK=$(mktemp -d /var/tmp/slipway-image-check.XXXXXX)

RUNNING=""
stop_running() {
  [[ -n $RUNNING ]] || return 0
  runc --root "$WORK/runc" kill "$RUNNING" KILL 2>/dev/null || true
  runc --root "$WORK/runc" delete --force "$RUNNING" 2>/dev/null || true
  RUNNING=""
}
trap 'stop_running; rm -rf "$WORK"' EXIT

free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 12000))
    [[ -n $(ss -Htln "sport = :$port" 2>/dev/null) ]] || { echo "$port"; return; }
  done
}

# start_service SVC BUNDLE: the image's entrypoint as the image configures it, on the host's network, until ready.
start_service() {
  local svc=$1 bundle=$2 port id="slipway-start-$1-$$" waited=0 status=""
  port=$(free_port)
  jq --arg port "$port" --arg jdbc "$CHECK_JDBC_URL" --arg user "${CHECK_DB_USER:-slipway}" \
    --arg password "${CHECK_DB_PASSWORD:-slipway}" '
      .process.terminal = false
      | .process.env += ["QUARKUS_HTTP_HOST=127.0.0.1", "QUARKUS_HTTP_PORT=" + $port, "SLIPWAY_JDBC_URL=" + $jdbc,
          "SLIPWAY_DB_USER=" + $user, "SLIPWAY_DB_PASSWORD=" + $password, "SLIPWAY_DATA=/var/lib/slipway",
          "JAVA_TOOL_OPTIONS=-Xmx256m"]
      | .linux.namespaces |= map(select(.type != "network"))' \
    "$bundle/config.orig.json" >"$bundle/config.json"
  runc --root "$WORK/runc" run --detach --bundle "$bundle" "$id" </dev/null >"$WORK/$svc.log" 2>&1 ||
    { cat "$WORK/$svc.log" >&2; fail "$svc: runc run of its entrypoint"; }
  RUNNING=$id
  while [[ $status != UP ]]; do
    ((waited < 300)) || { tail -n 30 "$WORK/$svc.log" >&2; fail "$svc: not ready within 300 s"; }
    runc --root "$WORK/runc" state "$id" 2>/dev/null | jq -e '.status == "running"' >/dev/null ||
      { tail -n 30 "$WORK/$svc.log" >&2; fail "$svc: its entrypoint exited"; }
    sleep 1
    waited=$((waited + 1))
    status=$(curl -s --max-time 3 "http://127.0.0.1:$port/q/health/ready" | jq -r '.status // ""' 2>/dev/null) || true
  done
  stop_running
  printf '%-48s started from its entrypoint: /q/health/ready UP after %d s\n' "" "$waited"
}

mib() { echo $((($1 + 524288) / 1048576)); }

check() {
  local svc=$1 ref="$REGISTRY/slipway/$1:$TAG" inspect raw config digest latest
  inspect=$(skopeo inspect --tls-verify="$TLS_VERIFY" "docker://$ref") || fail "skopeo inspect docker://$ref"
  digest=$(jq -r .Digest <<<"$inspect")
  latest=$(skopeo inspect --tls-verify="$TLS_VERIFY" "docker://$REGISTRY/slipway/$svc:latest" | jq -r .Digest) ||
    fail "skopeo inspect docker://$REGISTRY/slipway/$svc:latest"
  [[ $latest == "$digest" ]] || fail "$svc:latest is $latest, $svc:$TAG is $digest"
  raw=$(skopeo inspect --raw --tls-verify="$TLS_VERIFY" "docker://$ref")
  config=$(skopeo inspect --config --tls-verify="$TLS_VERIFY" "docker://$ref")

  local java workdir java_home
  java=$(jq -r '.config.Entrypoint[0] // ""' <<<"$config")
  workdir=$(jq -r '.config.WorkingDir // "/"' <<<"$config")
  java_home=$(jq -r '.config.Env[]? | select(startswith("JAVA_HOME=")) | sub("^JAVA_HOME="; "")' <<<"$config")
  [[ ${java##*/} == java ]] || fail "$svc: entrypoint $(jq -c .config.Entrypoint <<<"$config") does not run java"
  jq -e 'any(.config.Entrypoint[]; . == "-jar")' <<<"$config" >/dev/null || fail "$svc: entrypoint runs no -jar"
  [[ -n $java_home ]] || fail "$svc: the config sets no JAVA_HOME"

  # Unpacked as a runtime would: every layer applied in order onto an empty rootfs.
  skopeo copy --quiet --src-tls-verify="$TLS_VERIFY" "docker://$ref" "oci:$WORK/oci:$svc" || fail "skopeo copy $ref"
  umoci unpack --image "$WORK/oci:$svc" "$WORK/$svc" >/dev/null || fail "umoci unpack $svc"
  local rootfs="$WORK/$svc/rootfs" tool
  [[ -x $rootfs$java_home/bin/java ]] || fail "$svc: no JRE inside ($java_home/bin/java missing)"
  [[ -f $rootfs$workdir/quarkus-run.jar ]] || fail "$svc: no $workdir/quarkus-run.jar inside"
  if [[ $svc == build-worker ]]; then
    for tool in runc slirp4netns ip; do
      [[ -n $(find "$rootfs/usr/sbin" "$rootfs/usr/bin" "$rootfs/sbin" "$rootfs/bin" -maxdepth 1 -name "$tool" \
        -perm -u+x 2>/dev/null | head -n 1) ]] || fail "build-worker: no $tool inside"
    done
  fi

  # The image's own java, as its entrypoint names it, on the image's PATH and user, under runc.
  local bundle="$WORK/$svc" out id="slipway-check-$svc-$$"
  cp "$bundle/config.json" "$bundle/config.orig.json"
  jq --arg java "$java" '.process.args = [$java, "-version"] | .process.terminal = false' \
    "$bundle/config.json" >"$bundle/config.json.new" && mv "$bundle/config.json.new" "$bundle/config.json"
  out=$(runc --root "$WORK/runc" run --bundle "$bundle" "$id" </dev/null 2>&1) ||
    { printf '%s\n' "$out" >&2; fail "$svc: $java -version under runc"; }
  grep -q 'version "17' <<<"$out" || { printf '%s\n' "$out" >&2; fail "$svc: java is not 17"; }

  local layers compressed unpacked
  layers=$(jq '.layers | length' <<<"$raw")
  compressed=$(jq '([.layers[].size] | add) + .config.size' <<<"$raw")
  unpacked=$(du -sb "$rootfs" | cut -f 1)
  printf '%-48s %s  %d layers  %4d MiB compressed  %4d MiB unpacked  %s\n' "$ref" "${digest:7:12}" "$layers" \
    "$(mib "$compressed")" "$(mib "$unpacked")" "$(head -n 1 <<<"$out")"
  printf '%-48s entrypoint %s (in %s)%s\n' "" "$(jq -c .config.Entrypoint <<<"$config")" "$workdir" \
    "$([[ $svc == build-worker ]] && echo '; runc, slirp4netns, ip inside')"
  if [[ $svc == layer-store && -n ${CHECK_JDBC_URL:-} ]]; then
    start_service "$svc" "$bundle"
  fi
  rm -rf "$bundle" "$WORK/oci"
}

for svc in "$@"; do
  check "$svc"
done
log "all ${#@} images passed"
