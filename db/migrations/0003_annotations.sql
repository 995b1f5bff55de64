CREATE TABLE `annotation_anchors` (
	`annotation_id` integer NOT NULL,
	`version_id` integer NOT NULL,
	`clause_id` text NOT NULL,
	`exact` text NOT NULL,
	`prefix` text,
	`suffix` text,
	`start` integer,
	`end` integer,
	`carry_status` text NOT NULL,
	`orphan_reason` text,
	PRIMARY KEY(`annotation_id`, `version_id`),
	FOREIGN KEY (`annotation_id`) REFERENCES `annotations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`version_id`) REFERENCES `document_versions`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "annotation_anchors_carry_status" CHECK("annotation_anchors"."carry_status" in ('made_here', 'carried', 'moved', 'orphaned')),
	CONSTRAINT "annotation_anchors_shape" CHECK(("annotation_anchors"."carry_status" = 'orphaned' and "annotation_anchors"."orphan_reason" is not null and "annotation_anchors"."start" is null and "annotation_anchors"."end" is null) or ("annotation_anchors"."carry_status" <> 'orphaned' and "annotation_anchors"."orphan_reason" is null and "annotation_anchors"."start" is not null and "annotation_anchors"."end" > "annotation_anchors"."start" and "annotation_anchors"."prefix" is not null and "annotation_anchors"."suffix" is not null)),
	CONSTRAINT "annotation_anchors_orphan_reason" CHECK("annotation_anchors"."orphan_reason" is null or "annotation_anchors"."orphan_reason" in ('clause-removed', 'quote-deleted', 'ambiguous', 'no-confident-match'))
) STRICT;
--> statement-breakpoint
CREATE INDEX `annotation_anchors_version` ON `annotation_anchors` (`version_id`);--> statement-breakpoint
CREATE TABLE `annotations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`process_id` integer NOT NULL,
	`version_id` integer NOT NULL,
	`current_version_id` integer NOT NULL,
	`clause_id` text NOT NULL,
	`exact` text NOT NULL,
	`prefix` text,
	`suffix` text,
	`start` integer,
	`end` integer,
	`original_exact` text NOT NULL,
	`body` text NOT NULL,
	`author_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	`carry_status` text NOT NULL,
	`orphan_reason` text,
	`resolution` text,
	`resolved_at` integer,
	`resolved_by` integer,
	`hidden_at` integer,
	`hidden_reason` text,
	`hidden_by` integer,
	FOREIGN KEY (`process_id`) REFERENCES `processes`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`version_id`) REFERENCES `document_versions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`current_version_id`) REFERENCES `document_versions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`resolved_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`hidden_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "annotations_carry_status" CHECK("annotations"."carry_status" in ('made_here', 'carried', 'moved', 'orphaned')),
	CONSTRAINT "annotations_orphan_reason" CHECK("annotations"."orphan_reason" is null or "annotations"."orphan_reason" in ('clause-removed', 'quote-deleted', 'ambiguous', 'no-confident-match')),
	CONSTRAINT "annotations_resolution" CHECK("annotations"."resolution" is null or "annotations"."resolution" in ('reattached', 'closed')),
	CONSTRAINT "annotations_anchor_shape" CHECK(("annotations"."carry_status" = 'orphaned' and "annotations"."orphan_reason" is not null and "annotations"."start" is null and "annotations"."end" is null) or ("annotations"."carry_status" <> 'orphaned' and "annotations"."orphan_reason" is null and "annotations"."start" is not null and "annotations"."end" > "annotations"."start" and "annotations"."prefix" is not null and "annotations"."suffix" is not null)),
	CONSTRAINT "annotations_body_length" CHECK(length("annotations"."body") between 1 and 5000),
	CONSTRAINT "annotations_hidden_reason" CHECK("annotations"."hidden_at" is null or "annotations"."hidden_reason" is not null)
) STRICT;
--> statement-breakpoint
CREATE INDEX `annotations_current_version` ON `annotations` (`current_version_id`);--> statement-breakpoint
CREATE INDEX `annotations_process` ON `annotations` (`process_id`);