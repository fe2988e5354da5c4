-- layer-store metadata. Blob bytes live on the filesystem (see FileSystemBlobStore); this schema holds what points at them.

CREATE TABLE repositories (
    name        text        PRIMARY KEY,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- One row per physical blob (global, deduplicated across repositories).
CREATE TABLE blobs (
    digest      text        PRIMARY KEY,
    size        bigint      NOT NULL CHECK (size >= 0),
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- A repository may serve a blob only when it is linked to it (upload, mount or manifest reference).
CREATE TABLE blob_links (
    id          bigserial   PRIMARY KEY,
    repository  text        NOT NULL REFERENCES repositories(name) ON DELETE CASCADE,
    digest      text        NOT NULL REFERENCES blobs(digest) ON DELETE CASCADE,
    linked_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (repository, digest)
);
CREATE INDEX blob_links_digest ON blob_links(digest);

-- Manifests keep the exact bytes received; the digest is of those bytes.
CREATE TABLE manifests (
    id             bigserial   PRIMARY KEY,
    repository     text        NOT NULL REFERENCES repositories(name) ON DELETE CASCADE,
    digest         text        NOT NULL,
    media_type     text        NOT NULL,
    artifact_type  text,
    subject        text,
    annotations    text,
    size           bigint      NOT NULL,
    content        bytea       NOT NULL,
    config_digest  text,
    created        timestamptz,
    layers_size    bigint,
    layers_size_uncompressed boolean NOT NULL DEFAULT false,
    pushed_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (repository, digest)
);
CREATE INDEX manifests_subject ON manifests(repository, subject) WHERE subject IS NOT NULL;

-- Everything a manifest points at: blobs (config, layers) or child manifests (index entries).
CREATE TABLE manifest_refs (
    id           bigserial PRIMARY KEY,
    manifest_id  bigint    NOT NULL REFERENCES manifests(id) ON DELETE CASCADE,
    kind         text      NOT NULL CHECK (kind IN ('BLOB', 'MANIFEST')),
    digest       text      NOT NULL,
    size         bigint    NOT NULL,
    position     int       NOT NULL,
    UNIQUE (manifest_id, position)
);
CREATE INDEX manifest_refs_digest ON manifest_refs(digest);

CREATE TABLE tags (
    id           bigserial   PRIMARY KEY,
    repository   text        NOT NULL REFERENCES repositories(name) ON DELETE CASCADE,
    name         text        NOT NULL,
    manifest_id  bigint      NOT NULL REFERENCES manifests(id) ON DELETE CASCADE,
    updated_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (repository, name)
);

-- Resumable uploads: bytes in <root>/uploads/<id>/data, the committed offset here.
CREATE TABLE upload_sessions (
    id          uuid        PRIMARY KEY,
    repository  text        NOT NULL REFERENCES repositories(name) ON DELETE CASCADE,
    received    bigint      NOT NULL DEFAULT 0,
    started_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Leases held by running jobs keep blobs alive until released or expired.
CREATE TABLE leases (
    id          uuid        PRIMARY KEY,
    owner       text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL
);
CREATE TABLE lease_blobs (
    id        bigserial PRIMARY KEY,
    lease_id  uuid      NOT NULL REFERENCES leases(id) ON DELETE CASCADE,
    digest    text      NOT NULL,
    UNIQUE (lease_id, digest)
);

-- Cluster-wide build cache: cache key -> layer. Bounded; least recently used entries are evicted first.
CREATE TABLE cache_entries (
    key               text        PRIMARY KEY,
    layer_media_type  text        NOT NULL,
    layer_digest      text        NOT NULL,
    layer_size        bigint      NOT NULL,
    diff_id           text        NOT NULL,
    config_change     text,
    created_at        timestamptz NOT NULL DEFAULT now(),
    last_used_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cache_entries_lru ON cache_entries(last_used_at);
