CREATE TABLE `comment_supports` (
	`comment_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`comment_id`, `user_id`),
	FOREIGN KEY (`comment_id`) REFERENCES `comments`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE TABLE `comments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`process_id` integer NOT NULL,
	`clause_id` text NOT NULL,
	`version_id` integer NOT NULL,
	`parent_id` integer,
	`depth` integer NOT NULL,
	`author_id` integer NOT NULL,
	`body` text NOT NULL,
	`stance` text,
	`official` integer DEFAULT false NOT NULL,
	`support_count` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`hidden_at` integer,
	`hidden_reason` text,
	`hidden_by` integer,
	FOREIGN KEY (`process_id`) REFERENCES `processes`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`version_id`) REFERENCES `document_versions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`parent_id`) REFERENCES `comments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`hidden_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "comments_depth" CHECK("comments"."depth" between 0 and 2),
	CONSTRAINT "comments_parent_depth" CHECK(("comments"."parent_id" is null) = ("comments"."depth" = 0)),
	CONSTRAINT "comments_stance" CHECK("comments"."stance" is null or "comments"."stance" in ('for', 'against', 'neutral')),
	CONSTRAINT "comments_support_count" CHECK("comments"."support_count" >= 0),
	CONSTRAINT "comments_body_length" CHECK(length("comments"."body") between 1 and 5000),
	CONSTRAINT "comments_hidden_reason" CHECK("comments"."hidden_at" is null or "comments"."hidden_reason" is not null)
) STRICT;
--> statement-breakpoint
CREATE INDEX `comments_thread` ON `comments` (`process_id`,`clause_id`,`depth`,`created_at`);--> statement-breakpoint
CREATE INDEX `comments_thread_supported` ON `comments` (`process_id`,`clause_id`,`depth`,`support_count`);--> statement-breakpoint
CREATE INDEX `comments_parent` ON `comments` (`parent_id`);--> statement-breakpoint
CREATE TABLE `flags` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`target_type` text NOT NULL,
	`target_id` integer NOT NULL,
	`reporter_id` integer NOT NULL,
	`reason` text NOT NULL,
	`created_at` integer NOT NULL,
	`resolved_at` integer,
	`resolution` text,
	`resolved_by` integer,
	FOREIGN KEY (`reporter_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`resolved_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "flags_target_type" CHECK("flags"."target_type" in ('annotation', 'comment')),
	CONSTRAINT "flags_resolution" CHECK("flags"."resolution" is null or "flags"."resolution" in ('hidden', 'dismissed')),
	CONSTRAINT "flags_resolved_shape" CHECK(("flags"."resolved_at" is null) = ("flags"."resolution" is null)),
	CONSTRAINT "flags_reason_length" CHECK(length("flags"."reason") between 1 and 1000)
) STRICT;
--> statement-breakpoint
CREATE INDEX `flags_open` ON `flags` (`resolved_at`,`target_type`,`target_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `flags_one_per_reporter` ON `flags` (`target_type`,`target_id`,`reporter_id`);