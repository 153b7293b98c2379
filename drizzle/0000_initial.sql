CREATE TABLE `changesets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`created_at` text NOT NULL,
	`author` text NOT NULL,
	`comment` text DEFAULT '' NOT NULL,
	`source` text NOT NULL,
	`revert_of` integer,
	`meta` text
);
--> statement-breakpoint
CREATE INDEX `changesets_revert_of` ON `changesets` (`revert_of`);--> statement-breakpoint
CREATE INDEX `changesets_created_at` ON `changesets` (`created_at`);--> statement-breakpoint
CREATE TABLE `feature_versions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`feature_id` integer NOT NULL,
	`version` integer NOT NULL,
	`changeset_id` integer NOT NULL,
	`kind` text NOT NULL,
	`action` text NOT NULL,
	`geometry` text NOT NULL,
	`properties` text NOT NULL,
	`deleted_at` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`feature_id`) REFERENCES `features`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`changeset_id`) REFERENCES `changesets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `feature_versions_feature_version` ON `feature_versions` (`feature_id`,`version`);--> statement-breakpoint
CREATE INDEX `feature_versions_changeset` ON `feature_versions` (`changeset_id`);--> statement-breakpoint
CREATE TABLE `features` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`geometry` text NOT NULL,
	`properties` text NOT NULL,
	`min_x` real NOT NULL,
	`min_y` real NOT NULL,
	`max_x` real NOT NULL,
	`max_y` real NOT NULL,
	`version` integer NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	`deleted_at` text
);
--> statement-breakpoint
CREATE INDEX `features_kind` ON `features` (`kind`,`deleted_at`);