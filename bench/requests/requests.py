#!/usr/bin/env python3
"""requests.py PORT PID K [TYPES...]: for each request type, K requests after K/4 unmeasured ones; prints the server's
CPU per request (process utime+stime: 10 ms ticks, so K should be 500 or more) and the wall time."""
import json, os, sys, uuid, time
from registry import Registry, d
port, pid, k = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
registry = Registry(port)
req, upload = registry.req, registry.upload
def cpu():
    f = open(f'/proc/{pid}/stat').read().rsplit(')', 1)[1].split()
    return int(f[11]) + int(f[12])
BASE_LAYER = b'busybox-layer' * 1000
MT = 'application/vnd.oci.image.manifest.v1+json'
run = uuid.uuid4().hex[:8]
# fixtures
known = os.urandom(4096); upload(f'micro/{run}', known)
cfg = json.dumps({'architecture': 'amd64', 'os': 'linux', 'created': '2026-01-01T00:00:00Z', 'rootfs': {'type': 'layers', 'diff_ids': []}}).encode()
upload(f'micro/{run}', cfg)
def manifest(i):
    return json.dumps({'schemaVersion': 2, 'mediaType': MT, 'config': {'mediaType': 'application/vnd.oci.image.config.v1+json', 'digest': d(cfg), 'size': len(cfg)},
        'layers': [{'mediaType': 'application/vnd.oci.image.layer.v1.tar+gzip', 'digest': d(known), 'size': len(known)}], 'annotations': {'i': str(i)}}).encode()
entry = json.dumps({'layer': {'mediaType': 'application/vnd.oci.image.layer.v1.tar+gzip', 'digest': d(known), 'size': len(known)}, 'diffId': d(b'x'), 'configChange': None}).encode()
def one(t, i):
    if t == 'head-blob-404': req('HEAD', f'/v2/micro/{run}/blobs/{d(str(i).encode())}', expect=[404])
    elif t == 'head-blob-200': req('HEAD', f'/v2/micro/{run}/blobs/{d(known)}', expect=[200])
    elif t == 'get-blob-200': req('GET', f'/v2/micro/{run}/blobs/{d(known)}', expect=[200])
    elif t == 'get-manifest-tag': req('GET', '/v2/library/busybox/manifests/latest', headers={'Accept': MT}, expect=[200])
    elif t == 'head-manifest-404': req('HEAD', f'/v2/micro/{run}/manifests/t{i}', expect=[404])
    elif t == 'cache-get-404': req('GET', f'/api/v1/cache/miss.{run}.{i}', expect=[404])
    elif t == 'cache-put': req('PUT', f'/api/v1/cache/k.{run}.{i}', body=entry, headers={'Content-Type': 'application/json'}, expect=[201])
    elif t == 'mount': req('POST', f'/v2/micro/{run}-m{i % 997}/blobs/uploads/?mount={d(BASE_LAYER)}&from=library%2Fbusybox', expect=[201])
    elif t == 'upload-start': req('POST', f'/v2/micro/{run}/blobs/uploads/', expect=[202])
    elif t == 'upload-4k': upload(f'micro/{run}', os.urandom(4096))
    elif t == 'manifest-put': req('PUT', f'/v2/micro/{run}/manifests/t{i}', body=manifest(i), headers={'Content-Type': MT}, expect=[201])
    else: sys.exit('unknown type ' + t)
types = sys.argv[4:] or ['head-blob-404', 'head-blob-200', 'get-blob-200', 'get-manifest-tag', 'head-manifest-404',
    'cache-get-404', 'cache-put', 'mount', 'upload-start', 'upload-4k', 'manifest-put']
for t in types:
    for i in range(k // 4): one(t, -i - 1 - 10**6)
    a, t0 = cpu(), time.time()
    for i in range(k): one(t, i)
    b, t1 = cpu(), time.time()
    print(f'{t:18s} {(b - a) * 10 * 1000 / k:7.0f} us CPU/request  {(t1 - t0) * 1e6 / k:7.0f} us wall')
