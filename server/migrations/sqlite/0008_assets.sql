-- Assets: images uploaded once and used by any design as `asset:<sha256>`. Kept in the
-- designs' database so that one backup, one restore and several instances keep working.
-- The id is the SHA-256 of the bytes (lowercase hex), so the same file is stored once.
CREATE TABLE IF NOT EXISTS assets (
    id         TEXT PRIMARY KEY NOT NULL,
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL,      -- png, jpeg, gif or webp, judged by the bytes
    size       INTEGER NOT NULL,
    width      INTEGER NOT NULL,
    height     INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    bytes      BLOB NOT NULL
);
