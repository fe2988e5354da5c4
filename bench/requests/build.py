#!/usr/bin/env python3
"""Replays the 26 layer-store requests of one bench/scale build (as its access log lists them), N times, on one
keep-alive connection. build.py PORT base: pushes the base image first. build.py PORT N TAG: N builds; prints nothing
but errors."""
import hashlib, json, os, sys, uuid
from registry import Registry, d
port = int(sys.argv[1])
registry = Registry(port)
req, upload = registry.req, registry.upload
def manifest(config, layers):
    return json.dumps({'schemaVersion': 2, 'mediaType': 'application/vnd.oci.image.manifest.v1+json',
        'config': {'mediaType': 'application/vnd.oci.image.config.v1+json', 'digest': d(config), 'size': len(config)},
        'layers': [{'mediaType': 'application/vnd.oci.image.layer.v1.tar+gzip', 'digest': d(l), 'size': len(l)} for l in layers]}).encode()
MT = {'Content-Type': 'application/vnd.oci.image.manifest.v1+json'}
BASE_LAYER = b'busybox-layer' * 1000
BASE_CONFIG = json.dumps({'architecture': 'amd64', 'os': 'linux', 'created': '2026-01-01T00:00:00Z',
    'rootfs': {'type': 'layers', 'diff_ids': [d(b'x')]}, 'config': {'Cmd': ['sh']}}).encode()
if sys.argv[2] == 'base':
    upload('library/busybox', BASE_LAYER); upload('library/busybox', BASE_CONFIG)
    req('PUT', '/v2/library/busybox/manifests/latest', body=manifest(BASE_CONFIG, [BASE_LAYER]), headers=MT, expect=[201])
    sys.exit(0)
n, tag = int(sys.argv[2]), sys.argv[3]
for i in range(n):
    u = f'{tag}-{i}-{uuid.uuid4()}'.lower()
    repo = f'admin/{u}'
    ctx = os.urandom(10240)
    # the gateway stores the build context
    req('HEAD', f'/v2/slipway-internal/build-contexts/blobs/{d(ctx)}', expect=[404])
    upload('slipway-internal/build-contexts', ctx)
    # the worker fetches it and the base image, checks the target, asks the cache
    req('HEAD', f'/v2/slipway-internal/build-contexts/blobs/{d(ctx)}', expect=[200])
    req('GET', f'/v2/slipway-internal/build-contexts/blobs/{d(ctx)}', expect=[200])
    req('GET', '/v2/library/busybox/manifests/latest', headers={'Accept': MT['Content-Type']}, expect=[200])
    req('HEAD', f'/v2/{repo}/manifests/latest', expect=[404])
    record = 'record.' + hashlib.sha256(u.encode()).hexdigest()
    req('GET', f'/api/v1/cache/{record}', expect=[404])
    layers = []
    for step in range(2):
        layer = os.urandom(2048 + step)
        layers.append(layer)
        req('HEAD', f'/v2/slipway-internal/build-cache/blobs/{d(layer)}', expect=[404])
        upload('slipway-internal/build-cache', layer)
        entry = json.dumps({'layer': {'mediaType': 'application/vnd.oci.image.layer.v1.tar+gzip', 'digest': d(layer),
            'size': len(layer)}, 'diffId': d(layer + b'diff'), 'configChange': {'step': step}}).encode()
        req('PUT', '/api/v1/cache/' + hashlib.sha256(layer).hexdigest(), body=entry,
            headers={'Content-Type': 'application/json'}, expect=[201, 200])
    # the push: base layer mounted from busybox, the new layers from the cache, a new config, the manifest
    req('HEAD', f'/v2/{repo}/blobs/{d(BASE_LAYER)}', expect=[404])
    req('POST', f'/v2/{repo}/blobs/uploads/?mount={d(BASE_LAYER)}&from=library%2Fbusybox', expect=[201])
    for layer in layers:
        req('HEAD', f'/v2/{repo}/blobs/{d(layer)}', expect=[404])
        req('POST', f'/v2/{repo}/blobs/uploads/?mount={d(layer)}&from=slipway-internal%2Fbuild-cache', expect=[201])
    config = json.dumps({'architecture': 'amd64', 'os': 'linux', 'created': '2026-01-01T00:00:00Z', 'id': u,
        'rootfs': {'type': 'layers', 'diff_ids': [d(b'x'), d(layers[0]), d(layers[1])]}}).encode()
    req('HEAD', f'/v2/{repo}/blobs/{d(config)}', expect=[404])
    upload(repo, config)
    man = manifest(config, [BASE_LAYER] + layers)
    req('PUT', f'/v2/{repo}/manifests/latest', body=man, headers=MT, expect=[201])
    entry = json.dumps({'layer': {'mediaType': 'application/vnd.oci.image.layer.v1.tar+gzip', 'digest': d(layers[1]),
        'size': len(layers[1])}, 'diffId': d(man), 'configChange': {'record': u}}).encode()
    req('PUT', f'/api/v1/cache/{record}', body=entry, headers={'Content-Type': 'application/json'}, expect=[201, 200])
