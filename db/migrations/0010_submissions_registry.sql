CREATE TABLE `submission_attachments` (
	`submission_id` integer NOT NULL,
	`position` integer NOT NULL,
	`sha256` text NOT NULL,
	`file_name` text NOT NULL,
	`media_type` text NOT NULL,
	`size` integer NOT NULL,
	PRIMARY KEY(`submission_id`, `position`),
	FOREIGN KEY (`submission_id`) REFERENCES `submissions`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE INDEX `submission_attachments_sha` ON `submission_attachments` (`sha256`);--> statement-breakpoint
CREATE TABLE `submission_clauses` (
	`submission_id` integer NOT NULL,
	`clause_id` text NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`submission_id`, `clause_id`),
	FOREIGN KEY (`submission_id`) REFERENCES `submissions`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE INDEX `submission_clauses_clause` ON `submission_clauses` (`clause_id`);--> statement-breakpoint
CREATE TABLE `submissions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`process_id` integer NOT NULL,
	`version_id` integer NOT NULL,
	`registry_year` integer NOT NULL,
	`registry_seq` integer NOT NULL,
	`number` text NOT NULL,
	`channel` text NOT NULL,
	`filed_by` integer NOT NULL,
	`person_id` integer,
	`organization_id` integer,
	`filer_name` text NOT NULL,
	`filer_contact` text DEFAULT '' NOT NULL,
	`signed_publicly` integer DEFAULT false NOT NULL,
	`title` text NOT NULL,
	`body` text NOT NULL,
	`corrects_id` integer,
	`received_at` integer,
	`filed_at` integer NOT NULL,
	`content_hash` text NOT NULL,
	`signature` text NOT NULL,
	`key_id` text NOT NULL,
	`withdrawn_at` integer,
	`withdraw_reason` text,
	FOREIGN KEY (`process_id`) REFERENCES `processes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`version_id`) REFERENCES `document_versions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`filed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`person_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`corrects_id`) REFERENCES `submissions`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "submissions_channel" CHECK("submissions"."channel" in ('online', 'paper')),
	CONSTRAINT "submissions_seq_positive" CHECK("submissions"."registry_seq" > 0),
	CONSTRAINT "submissions_withdrawn_reason" CHECK(("submissions"."withdrawn_at" is null) = ("submissions"."withdraw_reason" is null))
) STRICT;
--> statement-breakpoint
CREATE UNIQUE INDEX `submissions_number_unique` ON `submissions` (`number`);--> statement-breakpoint
CREATE UNIQUE INDEX `submissions_registry_seq` ON `submissions` (`registry_year`,`registry_seq`);--> statement-breakpoint
CREATE INDEX `submissions_process` ON `submissions` (`process_id`,`filed_at`);--> statement-breakpoint
CREATE INDEX `submissions_organization` ON `submissions` (`organization_id`);--> statement-breakpoint
-- A filed submission never changes (ADR 0016): only a withdrawal (its time and reason, once)
-- may be written later. Every other column is refused here, by the database itself.
CREATE TRIGGER `submissions_filed_immutable` BEFORE UPDATE ON `submissions`
WHEN NEW.`id` IS NOT OLD.`id` OR NEW.`process_id` IS NOT OLD.`process_id` OR NEW.`version_id` IS NOT OLD.`version_id`
  OR NEW.`registry_year` IS NOT OLD.`registry_year` OR NEW.`registry_seq` IS NOT OLD.`registry_seq` OR NEW.`number` IS NOT OLD.`number`
  OR NEW.`channel` IS NOT OLD.`channel` OR NEW.`filed_by` IS NOT OLD.`filed_by` OR NEW.`person_id` IS NOT OLD.`person_id`
  OR NEW.`organization_id` IS NOT OLD.`organization_id` OR NEW.`filer_name` IS NOT OLD.`filer_name` OR NEW.`filer_contact` IS NOT OLD.`filer_contact`
  OR NEW.`signed_publicly` IS NOT OLD.`signed_publicly` OR NEW.`title` IS NOT OLD.`title` OR NEW.`body` IS NOT OLD.`body`
  OR NEW.`corrects_id` IS NOT OLD.`corrects_id` OR NEW.`received_at` IS NOT OLD.`received_at` OR NEW.`filed_at` IS NOT OLD.`filed_at`
  OR NEW.`content_hash` IS NOT OLD.`content_hash` OR NEW.`signature` IS NOT OLD.`signature` OR NEW.`key_id` IS NOT OLD.`key_id`
  OR (OLD.`withdrawn_at` IS NOT NULL AND (NEW.`withdrawn_at` IS NOT OLD.`withdrawn_at` OR NEW.`withdraw_reason` IS NOT OLD.`withdraw_reason`))
BEGIN
	SELECT RAISE(ABORT, 'submissions are immutable once filed');
END;
--> statement-breakpoint
CREATE TRIGGER `submissions_no_delete` BEFORE DELETE ON `submissions`
BEGIN
	SELECT RAISE(ABORT, 'submissions are immutable once filed');
END;
--> statement-breakpoint
CREATE TRIGGER `submission_clauses_immutable` BEFORE UPDATE ON `submission_clauses`
BEGIN
	SELECT RAISE(ABORT, 'submissions are immutable once filed');
END;
--> statement-breakpoint
CREATE TRIGGER `submission_clauses_no_delete` BEFORE DELETE ON `submission_clauses`
BEGIN
	SELECT RAISE(ABORT, 'submissions are immutable once filed');
END;
--> statement-breakpoint
CREATE TRIGGER `submission_attachments_immutable` BEFORE UPDATE ON `submission_attachments`
BEGIN
	SELECT RAISE(ABORT, 'submissions are immutable once filed');
END;
--> statement-breakpoint
CREATE TRIGGER `submission_attachments_no_delete` BEFORE DELETE ON `submission_attachments`
BEGIN
	SELECT RAISE(ABORT, 'submissions are immutable once filed');
END;
