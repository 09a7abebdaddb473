-- Which designs use which assets: one row per `asset:<id>` reference in a design's latest
-- document (`widget::asset::ids_in`), rewritten in the transaction that writes the document
-- (`server/src/asset_uses.rs`). The asset list, rename and delete read it instead of scanning
-- every document. There is no foreign key to `assets`: a design may refer to an asset this
-- studio does not hold (imported from another).
CREATE TABLE IF NOT EXISTS asset_uses (
    asset_id   TEXT NOT NULL,
    design_id  TEXT NOT NULL REFERENCES designs (id),
    PRIMARY KEY (asset_id, design_id)
);
CREATE INDEX IF NOT EXISTS asset_uses_design ON asset_uses (design_id);

-- The designs written before this table existed are indexed once, by the server that first
-- opens the database after this migration (SQL alone cannot find the references the way
-- `ids_in` does): while this row is here, `asset_uses::index_pending` reads every design and
-- removes it in the same transaction.
CREATE TABLE IF NOT EXISTS asset_uses_pending (
    pending    INTEGER PRIMARY KEY NOT NULL
);
INSERT INTO asset_uses_pending (pending) VALUES (1);
