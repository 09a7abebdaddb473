-- Who made each revision: a user's name, "token" (the studio's token) or "local" (a studio
-- without sign-in). Revisions from before authors were recorded have none (NULL).
ALTER TABLE revisions ADD COLUMN author TEXT;
-- The author of the head revision, for the designs list.
ALTER TABLE designs ADD COLUMN updated_by TEXT;
