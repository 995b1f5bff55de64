CREATE TABLE `amendment_authors` (
	`amendment_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`role` text NOT NULL,
	`joined_at` integer NOT NULL,
	PRIMARY KEY(`amendment_id`, `user_id`),
	FOREIGN KEY (`amendment_id`) REFERENCES `amendments`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "amendment_authors_role" CHECK("amendment_authors"."role" in ('author', 'coauthor'))
) STRICT;
--> statement-breakpoint
CREATE INDEX `amendment_authors_user` ON `amendment_authors` (`user_id`);--> statement-breakpoint
CREATE TABLE `amendment_invites` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`amendment_id` integer NOT NULL,
	`token_hash` text NOT NULL,
	`created_by` integer NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`revoked_at` integer,
	FOREIGN KEY (`amendment_id`) REFERENCES `amendments`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE UNIQUE INDEX `amendment_invites_token_hash_unique` ON `amendment_invites` (`token_hash`);--> statement-breakpoint
CREATE INDEX `amendment_invites_amendment` ON `amendment_invites` (`amendment_id`);--> statement-breakpoint
CREATE TABLE `amendment_supports` (
	`amendment_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`amendment_id`, `user_id`),
	FOREIGN KEY (`amendment_id`) REFERENCES `amendments`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE INDEX `amendment_supports_user` ON `amendment_supports` (`user_id`);--> statement-breakpoint
CREATE TABLE `amendments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`process_id` integer NOT NULL,
	`version_id` integer NOT NULL,
	`clause_id` text NOT NULL,
	`kind` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`justification` text NOT NULL,
	`parent_id` integer,
	`organization_id` integer,
	`created_by` integer NOT NULL,
	`created_at` integer NOT NULL,
	`content` text,
	`content_hash` text,
	`submitted_at` integer,
	`withdrawn_at` integer,
	`support_count` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`process_id`) REFERENCES `processes`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`version_id`) REFERENCES `document_versions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`parent_id`) REFERENCES `amendments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "amendments_kind" CHECK("amendments"."kind" in ('modify', 'add', 'delete', 'budget')),
	CONSTRAINT "amendments_status" CHECK("amendments"."status" in ('draft', 'submitted', 'withdrawn')),
	CONSTRAINT "amendments_frozen" CHECK("amendments"."status" <> 'submitted' or ("amendments"."content_hash" is not null and "amendments"."submitted_at" is not null)),
	CONSTRAINT "amendments_justified" CHECK(length(trim("amendments"."justification")) > 0)
) STRICT;
--> statement-breakpoint
CREATE INDEX `amendments_clause` ON `amendments` (`process_id`,`clause_id`,`status`);--> statement-breakpoint
CREATE INDEX `amendments_process_status` ON `amendments` (`process_id`,`status`,`support_count`);