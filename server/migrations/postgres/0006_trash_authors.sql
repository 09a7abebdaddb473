-- Who moved a design to the trash (with deleted_at), and who last took it back out, and when.
ALTER TABLE designs ADD COLUMN deleted_by TEXT;
ALTER TABLE designs ADD COLUMN restored_by TEXT;
ALTER TABLE designs ADD COLUMN restored_at BIGINT;
