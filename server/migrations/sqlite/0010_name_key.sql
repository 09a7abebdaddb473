-- The name as search and sort compare it: lower-cased by the server in Rust
-- (`store::name_key`), alike for every script (SQLite's lower() folds ASCII letters only, so a
-- search for "flüge" missed "FLÜGE"). Written with the name; the designs from before are filled
-- in by the server that first opens the database after this migration (`store::fill_name_keys`).
ALTER TABLE designs ADD COLUMN name_key TEXT;
CREATE INDEX IF NOT EXISTS designs_name_key ON designs (name_key);
