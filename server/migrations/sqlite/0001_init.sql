-- Widget Studio schema, version 1: bookkeeping only. Designs and revisions
-- arrive with the storage issue in their own migrations.
CREATE TABLE IF NOT EXISTS studio_meta (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);
INSERT OR IGNORE INTO studio_meta (key, value) VALUES ('created_at', CURRENT_TIMESTAMP);
