CREATE TABLE `collab_snapshots` (
	`document` text PRIMARY KEY NOT NULL,
	`state` blob NOT NULL,
	`last_update_id` integer NOT NULL,
	`updated_at` integer NOT NULL
) STRICT;
--> statement-breakpoint
CREATE TABLE `collab_updates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`document` text NOT NULL,
	`update` blob NOT NULL,
	`created_at` integer NOT NULL
) STRICT;
--> statement-breakpoint
CREATE INDEX `collab_updates_document` ON `collab_updates` (`document`,`id`);