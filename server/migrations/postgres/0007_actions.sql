-- The action simulator. Each design's preview is a widget item in one simulated thread; the
-- thread keeps the item as the client now shows it (its state and widget), so that any
-- instance answers the next action and a restart loses nothing. `version` grows with every
-- action (optimistic concurrency: an action applies only on the version it read).
CREATE TABLE IF NOT EXISTS action_threads (
    design_id  TEXT PRIMARY KEY NOT NULL REFERENCES designs (id),
    thread_id  TEXT NOT NULL,
    item_id    TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    revision   BIGINT NOT NULL,   -- the design revision the widget was built from
    state      TEXT NOT NULL,      -- JSON
    widget     TEXT NOT NULL,      -- JSON
    version    BIGINT NOT NULL
);

-- The action log: one entry per round-trip (JSON: request, sender, events and their times).
CREATE TABLE IF NOT EXISTS action_log (
    design_id  TEXT NOT NULL REFERENCES designs (id),
    seq        BIGINT NOT NULL,
    at         BIGINT NOT NULL,
    entry      TEXT NOT NULL,
    PRIMARY KEY (design_id, seq)
);
