-- Widget Studio schema, version 1 (PostgreSQL): bookkeeping only.
CREATE TABLE IF NOT EXISTS studio_meta (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);
INSERT INTO studio_meta (key, value) VALUES ('created_at', CURRENT_TIMESTAMP::text) ON CONFLICT DO NOTHING;
