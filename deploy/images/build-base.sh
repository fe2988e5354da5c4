#!/usr/bin/env bash
# Builds the base images the service images are layered on (the Jib base), without Docker and without any public
# container registry: a Debian bookworm rootfs made by debootstrap from Debian's package mirror, turned into a
# single-layer OCI image (FROM scratch + that rootfs) with umoci, pushed with skopeo.
#
#   deploy/images/build-base.sh REGISTRY [TAG]      e.g. deploy/images/build-base.sh 127.0.0.1:5000
#
# Pushes  REGISTRY/slipway/jre17:TAG         openjdk-17-jre-headless (api-gateway, layer-store, registry-sync)
#         REGISTRY/slipway/jre17-worker:TAG  the same + runc + slirp4netns + iproute2 (build-worker: runc runs the
#                                            steps, slirp4netns gives them outbound network, `ip netns` makes theirs)
# A loopback registry is reached over plain HTTP (the farm's layer-store); any other with TLS verified unless
# REGISTRY_TLS_VERIFY=false. Credentials: skopeo's own (REGISTRY_AUTH_FILE, or `skopeo login`).
# Needs root (debootstrap, umoci unpack of root-owned files), debootstrap, umoci and skopeo. The rootfs tars and the
# OCI layout are cached under $SLIPWAY_IMAGES_CACHE: only the first run downloads packages (~2-4 min per image).
set -euo pipefail

REGISTRY=${1:?usage: build-base.sh REGISTRY [TAG]}
TAG=${2:-bookworm}
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
CACHE=${SLIPWAY_IMAGES_CACHE:-/var/tmp/slipway-images}
JRE_PACKAGES=openjdk-17-jre-headless,ca-certificates
WORKER_PACKAGES=$JRE_PACKAGES,runc,slirp4netns,iproute2
case "${REGISTRY%:*}" in
  127.* | localhost | '[::1]') TLS_VERIFY=${REGISTRY_TLS_VERIFY:-false} ;;
  *) TLS_VERIFY=${REGISTRY_TLS_VERIFY:-true} ;;
esac

log() { printf '[images] %s\n' "$*" >&2; }
for tool in debootstrap umoci skopeo; do
  command -v "$tool" >/dev/null || { log "$tool is missing: apt-get install $tool"; exit 1; }
done
mkdir -p "$CACHE"

# rootfs NAME PACKAGES: a minbase bookworm with PACKAGES, as a tar with numeric owners (made once, then cached).
rootfs() {
  local name=$1 packages=$2 dir="$CACHE/$1"
  if [[ ! -f $dir.tar ]]; then
    log "debootstrap $name ($packages)"
    rm -rf "$dir"
    debootstrap --variant=minbase --include="$packages" bookworm "$dir" "$MIRROR" >"$CACHE/$name.debootstrap.log" 2>&1 ||
      { tail -n 20 "$CACHE/$name.debootstrap.log" >&2; exit 1; }
    # Package lists, caches and documentation have no place in an image.
    rm -rf "$dir"/var/lib/apt/lists/* "$dir"/var/cache/apt/* "$dir"/var/log/* "$dir"/tmp/* \
      "$dir"/usr/share/doc/* "$dir"/usr/share/man/* "$dir"/usr/share/info/*
    tar --numeric-owner --xattrs -C "$dir" -cf "$dir.tar.partial" .
    mv "$dir.tar.partial" "$dir.tar"
    rm -rf "$dir"
  fi
  echo "$dir.tar"
}

# image NAME PACKAGES: OCI image from scratch with that rootfs as its only layer, pushed as slipway/NAME:TAG.
# The layout keeps the image once made: compressing the layer again would only cost time.
image() {
  local name=$1 tar layout="$CACHE/oci"
  tar=$(rootfs "$name" "$2")
  [[ -d $layout ]] || umoci init --layout "$layout"
  if ! grep -qx "$name" <<<"$(umoci ls --layout "$layout")" || [[ $tar -nt $layout/index.json ]]; then
    log "making $name from $tar"
    umoci rm --image "$layout:$name" 2>/dev/null || true
    umoci new --image "$layout:$name"
    umoci raw add-layer --image "$layout:$name" "$tar"
    umoci config --image "$layout:$name" --os linux --architecture amd64 \
      --config.env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
      --config.env JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64 --config.workingdir /
  fi
  skopeo copy --quiet --dest-tls-verify="$TLS_VERIFY" "oci:$layout:$name" "docker://$REGISTRY/slipway/$name:$TAG"
  log "pushed $REGISTRY/slipway/$name:$TAG"
}

image jre17 "$JRE_PACKAGES"
image jre17-worker "$WORKER_PACKAGES"
