-- Read-only share links. A token is unguessable; revoking sets revoked_at (the row stays).
CREATE TABLE IF NOT EXISTS shares (
    token      TEXT PRIMARY KEY NOT NULL,
    design_id  TEXT NOT NULL REFERENCES designs (id),
    revision   INTEGER,                      -- a pinned revision, or NULL for the latest
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
);
CREATE INDEX IF NOT EXISTS shares_design ON shares (design_id);
