-- Registry auth (issue 7): robot accounts and public repositories.

-- A robot is a non-human credential for the registry token endpoint only (never /api/v1). Its token is stored as
-- the SHA-256 of the token, like API tokens. Revoking deletes the row, so the name can be reused.
create table robots (
    id            bigserial     primary key,
    name          varchar(140)  not null unique,   -- robot$<owner>+<name> or robot$<name>
    token_hash    char(64)      not null unique,
    repositories  text[]        not null,          -- glob patterns; '*' matches any run of characters incl. '/'
    actions       text[]        not null,          -- subset of pull, push, delete
    expires_at    timestamptz,                     -- null: never expires
    created_by    varchar(64),                     -- the creating user; null for the farm's system robots
    created_at    timestamptz   not null
);

-- Repositories whose images anyone may pull, even without credentials.
create table public_repositories (
    name        varchar(255)  primary key,
    changed_by  varchar(64)   not null,
    changed_at  timestamptz   not null
);
