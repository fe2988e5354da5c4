#!/bin/sh
# Prints the Secrets the registry token flow needs on Kubernetes, as YAML for `kubectl apply -f -`:
#
#   slipway-token-keys     the api-gateway's token signing key folder (gateway.auth.key-dir): `current` = the kid,
#                          `<kid>.der` = an RSA-2048 private key, PKCS#8 DER. Every gateway replica mounts it.
#   slipway-registry-auth  the system robots' tokens: `build-worker.token`, `registry-sync.token`. The gateway reads
#                          both (GATEWAY_AUTH_SYSTEM_ROBOTS_*_TOKEN); each of the two services mounts its own.
#
# The kid is computed as the gateway computes it: base64url (no padding) of the first 16 bytes of the SHA-256 of the
# DER SubjectPublicKeyInfo of the public key.
#
# Usage: make-auth-secrets.sh [NAMESPACE]               both Secrets, fresh (installation)
#        make-auth-secrets.sh --rotate DIR [NAMESPACE]  slipway-token-keys only: the key folder in DIR (the current
#                                                       Secret's files, see README) with a new signing key; the old one
#                                                       gets `<kid>.retired` (now) and stays published; keys retired
#                                                       at an earlier rotation are dropped (their tokens have expired
#                                                       when rotations are more than a token lifetime + 60 s apart)
# e.g. make-auth-secrets.sh slipway | kubectl apply -f -
# Uses `kubectl create secret generic --dry-run=client -o yaml` when kubectl is installed, else writes the YAML itself.
# Needs openssl. Writes nothing but stdout and a private temporary folder (removed on exit); DIR is only read.
set -eu

usage() { echo "usage: $0 [--rotate DIR] [NAMESPACE]" >&2; exit 2; }
ROTATE=""
if [ "${1:-}" = "--rotate" ]; then
    [ "$#" -ge 2 ] || usage
    ROTATE="$2"
    shift 2
    [ -f "$ROTATE/current" ] || { echo "$0: $ROTATE/current is missing: not a key folder" >&2; exit 2; }
fi
case "${1:-}" in -*) usage ;; esac
[ "$#" -le 1 ] || usage
NAMESPACE="${1:-}"
case "$NAMESPACE" in
    *[!a-z0-9-]* | -* | *-) echo "$0: invalid namespace: $NAMESPACE" >&2; exit 2 ;;
esac
command -v openssl >/dev/null 2>&1 || { echo "$0: openssl is required" >&2; exit 1; }

umask 077
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

b64url() { base64 | tr -d '\n=' | tr '+/' '-_'; }

# A new signing key, and its id.
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/key.pem" 2>/dev/null
openssl pkcs8 -topk8 -nocrypt -inform PEM -in "$work/key.pem" -outform DER -out "$work/key.der"
openssl pkey -inform DER -in "$work/key.der" -pubout -outform DER -out "$work/pub.der"
kid=$(openssl dgst -sha256 -binary "$work/pub.der" | head -c 16 | b64url)

# The key folder: the new key is current; on rotation, the previous current key stays published as retired.
keys="$work/keys"
mkdir "$keys"
cp "$work/key.der" "$keys/$kid.der"
printf '%s\n' "$kid" > "$keys/current"
if [ -n "$ROTATE" ]; then
    old=$(tr -d ' \n' < "$ROTATE/current")
    [ -f "$ROTATE/$old.der" ] || { echo "$0: $ROTATE/current names $old, but $old.der is missing" >&2; exit 1; }
    cp "$ROTATE/$old.der" "$keys/$old.der"
    date -u +%Y-%m-%dT%H:%M:%SZ > "$keys/$old.retired"
fi

# Robot tokens in the gateway's own format: slr_ + 256 random bits, base64url.
robot_token() { printf 'slr_%s' "$(openssl rand 32 | b64url)"; }
robot_token > "$work/build-worker.token"
robot_token > "$work/registry-sync.token"

if command -v kubectl >/dev/null 2>&1; then
    ns_arg=""
    [ -n "$NAMESPACE" ] && ns_arg="--namespace=$NAMESPACE"
    # shellcheck disable=SC2086  # ns_arg is one word or nothing
    kubectl create secret generic slipway-token-keys $ns_arg --dry-run=client -o yaml --from-file="$keys"
    [ -n "$ROTATE" ] && exit 0
    echo "---"
    # shellcheck disable=SC2086
    kubectl create secret generic slipway-registry-auth $ns_arg --dry-run=client -o yaml \
        --from-file=build-worker.token="$work/build-worker.token" \
        --from-file=registry-sync.token="$work/registry-sync.token"
else
    b64() { base64 < "$1" | tr -d '\n'; }
    secret_header() {
        printf 'apiVersion: v1\nkind: Secret\ntype: Opaque\nmetadata:\n  name: %s\n' "$1"
        [ -n "$NAMESPACE" ] && printf '  namespace: %s\n' "$NAMESPACE"
        printf 'data:\n'
    }
    secret_header slipway-token-keys
    for f in "$keys"/*; do
        printf '  %s: %s\n' "${f##*/}" "$(b64 "$f")"
    done
    [ -n "$ROTATE" ] && exit 0
    echo "---"
    secret_header slipway-registry-auth
    printf '  build-worker.token: %s\n' "$(b64 "$work/build-worker.token")"
    printf '  registry-sync.token: %s\n' "$(b64 "$work/registry-sync.token")"
fi
