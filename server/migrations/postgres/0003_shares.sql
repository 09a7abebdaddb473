-- Read-only share links (PostgreSQL). Revoking sets revoked_at (the row stays).
CREATE TABLE IF NOT EXISTS shares (
    token      TEXT PRIMARY KEY NOT NULL,
    design_id  TEXT NOT NULL REFERENCES designs (id),
    revision   BIGINT,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT
);
CREATE INDEX IF NOT EXISTS shares_design ON shares (design_id);
