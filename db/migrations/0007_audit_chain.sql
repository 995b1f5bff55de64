ALTER TABLE `audit_log` ADD `prev_hash` text;--> statement-breakpoint
ALTER TABLE `audit_log` ADD `hash` text;--> statement-breakpoint
CREATE UNIQUE INDEX `audit_log_prev_hash` ON `audit_log` (`prev_hash`);--> statement-breakpoint
-- REPLACE and upserts delete or update an existing entry without firing the DELETE trigger of
-- 0001: refuse any INSERT that names an id already in the log, before the conflict is resolved.
CREATE TRIGGER `audit_log_no_overwrite` BEFORE INSERT ON `audit_log`
WHEN EXISTS (SELECT 1 FROM `audit_log` WHERE `id` = NEW.`id`)
BEGIN
	SELECT RAISE(ABORT, 'audit_log is append-only');
END;
--> statement-breakpoint
-- Entries written before this migration keep a NULL hash (recomputed by verify, ADR 0010);
-- every later entry must carry its place in the chain.
CREATE TRIGGER `audit_log_chained` BEFORE INSERT ON `audit_log`
WHEN NEW.`hash` IS NULL OR NEW.`prev_hash` IS NULL
BEGIN
	SELECT RAISE(ABORT, 'audit_log entries must be hash-chained');
END;
