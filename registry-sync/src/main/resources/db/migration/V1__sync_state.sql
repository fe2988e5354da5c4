-- registry-sync's own state, in schema "sync": what was mirrored when (stale-if-error, mirror rules) and the rules.

-- One row per upstream tag mirrored into the layer-store.
create table mirrored_tag (
    id               bigserial primary key,
    registry         varchar(255)  not null,  -- upstream host as in references: docker.io
    repository       varchar(255)  not null,  -- upstream repository: library/centos
    tag              varchar(128)  not null,
    upstream_digest  varchar(200)  not null,  -- what the upstream tag pointed to (HEAD)
    stored_digest    varchar(200)  not null,  -- what the layer-store tag points to (differs for a platform-filtered index)
    synced_at        timestamptz   not null,
    constraint mirrored_tag_unique unique (registry, repository, tag)
);

-- Repositories kept in sync on a schedule.
create table mirror_rule (
    id               uuid          primary key,
    registry         varchar(255)  not null,
    repository       varchar(255)  not null,
    tag_pattern      varchar(1000) not null,  -- Java regex, matched against the whole tag
    interval_seconds bigint        not null check (interval_seconds > 0),
    created_at       timestamptz   not null,
    next_run_at      timestamptz   not null,
    last_run_at      timestamptz,
    last_error       varchar(4000),
    constraint mirror_rule_unique unique (registry, repository, tag_pattern)
);
create index mirror_rule_due on mirror_rule (next_run_at);
