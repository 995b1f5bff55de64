CREATE TABLE `clause_merges` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`process_id` integer NOT NULL,
	`version_id` integer NOT NULL,
	`clause_id` text NOT NULL,
	`into_clause_id` text NOT NULL,
	FOREIGN KEY (`process_id`) REFERENCES `processes`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`version_id`) REFERENCES `document_versions`(`id`) ON UPDATE no action ON DELETE cascade
) STRICT;
--> statement-breakpoint
CREATE UNIQUE INDEX `clause_merges_version_clause` ON `clause_merges` (`version_id`,`clause_id`);--> statement-breakpoint
CREATE INDEX `clause_merges_clause` ON `clause_merges` (`process_id`,`clause_id`);