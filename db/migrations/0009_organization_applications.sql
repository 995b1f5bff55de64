ALTER TABLE `organizations` ADD `registration_number` text;--> statement-breakpoint
ALTER TABLE `organizations` ADD `kind` text DEFAULT 'other' NOT NULL;--> statement-breakpoint
ALTER TABLE `organizations` ADD `address` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `organizations` ADD `website` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `organizations` ADD `contact_email` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `organizations` ADD `contact_phone` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `organizations` ADD `applied_by` integer REFERENCES users(id) ON DELETE SET NULL;--> statement-breakpoint
ALTER TABLE `organizations` ADD `submitted_at` integer;--> statement-breakpoint
ALTER TABLE `organizations` ADD `rejected_at` integer;--> statement-breakpoint
ALTER TABLE `organizations` ADD `rejection_reason` text;--> statement-breakpoint
CREATE UNIQUE INDEX `organizations_registration_number` ON `organizations` (`registration_number`);