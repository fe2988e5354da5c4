"""Writes an OCI image layout with N gzip layers of M MB random data each (incompressible), tag "1".

Usage: make_image.py LAYOUT_DIR N M
"""
import gzip, hashlib, io, json, os, sys, tarfile

root, n, mb = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
os.makedirs(f"{root}/blobs/sha256", exist_ok=True)


def blob(data):
    d = hashlib.sha256(data).hexdigest()
    with open(f"{root}/blobs/sha256/{d}", "wb") as f:
        f.write(data)
    return {"digest": "sha256:" + d, "size": len(data)}


layers, diff_ids = [], []
for i in range(n):
    payload = os.urandom(mb * 1024 * 1024)
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w") as tar:
        info = tarfile.TarInfo(f"layer-{i}.bin")
        info.size = len(payload)
        tar.addfile(info, io.BytesIO(payload))
    diff_ids.append("sha256:" + hashlib.sha256(raw.getvalue()).hexdigest())
    layers.append(dict(mediaType="application/vnd.oci.image.layer.v1.tar+gzip",
                       **blob(gzip.compress(raw.getvalue(), compresslevel=1))))
config = blob(json.dumps({"architecture": "amd64", "os": "linux", "config": {},
                          "rootfs": {"type": "layers", "diff_ids": diff_ids}}).encode())
manifest = blob(json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                            "config": dict(mediaType="application/vnd.oci.image.config.v1+json", **config),
                            "layers": layers}).encode())
with open(f"{root}/index.json", "w") as f:
    json.dump({"schemaVersion": 2, "manifests": [dict(mediaType="application/vnd.oci.image.manifest.v1+json",
                                                      annotations={"org.opencontainers.image.ref.name": "1"},
                                                      **manifest)]}, f)
with open(f"{root}/oci-layout", "w") as f:
    f.write('{"imageLayoutVersion":"1.0.0"}')
