-- api-gateway schema: tenants, jobs, their event log and the transactional outbox.

-- A user's name is also its repository namespace (ouruser/*).
create table users (
    id          bigserial    primary key,
    name        varchar(64)  not null unique,
    admin       boolean      not null default false,
    created_at  timestamptz  not null
);

-- API tokens are stored only as the SHA-256 of the token: a database dump yields no usable credential.
create table api_tokens (
    id          bigserial    primary key,
    user_id     bigint       not null references users (id) on delete cascade,
    token_hash  char(64)     not null unique,
    description varchar(200),
    created_at  timestamptz  not null
);

create table jobs (
    id            uuid         primary key,
    kind          varchar(16)  not null,
    state         varchar(16)  not null,
    owner         varchar(64)  not null,
    attempt       integer      not null,
    spec          text         not null,   -- the JobSpec as published (JobJson)
    images        text[]       not null,   -- normalised references the job reads or writes (rmi refuses while in use)
    result        text,                    -- JSON of the success event's payload
    error         text,                    -- JSON of the failure (message, step, line, exitCode or reason)
    created_at    timestamptz  not null,
    queued_at     timestamptz  not null,   -- start of the current attempt's wait (TTL and watchdog clock)
    expires_at    timestamptz  not null,
    started_at    timestamptz,
    finished_at   timestamptz,
    heartbeat_at  timestamptz,
    last_seq      bigint       not null    -- last job-wide event sequence handed out
);
create index jobs_owner_created on jobs (owner, created_at desc);
create index jobs_state_created on jobs (state, created_at desc);
create index jobs_active_images on jobs using gin (images) where state in ('QUEUED', 'RUNNING');

-- Every event of a job in the order clients see it; seq is job-wide and dense (1, 2, 3 …).
-- ids come from sequences that hand out blocks of 50, so Hibernate can batch inserts (an identity column cannot).
create sequence job_events_seq increment by 50;
create table job_events (
    id            bigint       primary key,
    job_id        uuid         not null references jobs (id) on delete cascade,
    seq           bigint       not null,
    attempt       integer      not null,
    producer_seq  bigint,                  -- the emitter's per-attempt sequence; null for the gateway's own events
    type          varchar(40)  not null,
    data          text         not null,   -- JSON sent as the SSE data line
    terminal      boolean      not null,   -- this event ended the job: streams close after it
    created_at    timestamptz  not null,
    unique (job_id, seq)
);
-- Redelivered or re-emitted events are dropped by (job, attempt, producer sequence).
create unique index job_events_dedupe on job_events (job_id, attempt, producer_seq) where producer_seq is not null;

-- Records to publish, written in the same transaction as the state they announce.
create sequence outbox_seq increment by 50;
create table outbox (
    id          bigint       primary key,
    topic       varchar(120) not null,
    record_key  varchar(120) not null,
    payload     bytea        not null,
    created_at  timestamptz  not null,
    claimed_at  timestamptz,               -- a relay is sending it; a claimed, unsent row after a crash is checked against Kafka
    sent_at     timestamptz
);
create index outbox_unsent on outbox (id) where sent_at is null;
