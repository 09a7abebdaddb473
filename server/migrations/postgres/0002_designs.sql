-- Designs and their immutable revisions (PostgreSQL). Times are milliseconds since the Unix epoch (UTC).
CREATE TABLE IF NOT EXISTS designs (
    id          TEXT PRIMARY KEY NOT NULL,
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    tags        TEXT NOT NULL DEFAULT '[]',   -- JSON array of strings
    kind        TEXT NOT NULL,                -- jsx | json | template-only
    head        BIGINT NOT NULL,              -- number of the latest revision
    document    TEXT NOT NULL,                -- JSON snapshot of the head revision
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    deleted_at  BIGINT                        -- soft delete: set while in the trash
);
CREATE INDEX IF NOT EXISTS designs_updated ON designs (updated_at);
CREATE INDEX IF NOT EXISTS designs_name ON designs (lower(name));

CREATE TABLE IF NOT EXISTS revisions (
    design_id  TEXT NOT NULL REFERENCES designs (id),
    number     BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    message    TEXT,
    snapshot   TEXT NOT NULL,
    PRIMARY KEY (design_id, number)
);
