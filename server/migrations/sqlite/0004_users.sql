-- People and their personal access tokens. Passwords are argon2id PHC strings; a token is
-- stored as the SHA-256 of its text. `session_gen` is part of every session cookie: bumping
-- it (sign-out, password change) ends the user's sessions on every instance.
CREATE TABLE IF NOT EXISTS users (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    name          TEXT NOT NULL UNIQUE,
    role          TEXT NOT NULL,               -- viewer | editor | admin
    password_hash TEXT NOT NULL,
    session_gen   INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS access_tokens (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    role       TEXT NOT NULL,
    hash       TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    revoked_at INTEGER
);
CREATE INDEX IF NOT EXISTS access_tokens_user ON access_tokens (user_id);
