ALTER TABLE `annotations` ADD `canonical` text;--> statement-breakpoint
ALTER TABLE `annotations` ADD `via` text;--> statement-breakpoint
ALTER TABLE `annotations` ADD `modified_at` integer;--> statement-breakpoint
ALTER TABLE `annotations` ADD `deleted_at` integer;--> statement-breakpoint
ALTER TABLE `annotations` ADD `deleted_by` integer REFERENCES users(id);