CREATE TABLE `open311_keys` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`key_hash` text NOT NULL,
	`rate_per_hour` integer NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`revoked_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `open311_keys_key_hash_unique` ON `open311_keys` (`key_hash`);--> statement-breakpoint
CREATE TABLE `public_reporters` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`token_hash` text NOT NULL,
	`role` text NOT NULL,
	`contact` text,
	`key_id` integer,
	`created_at` text NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `features`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `public_reporters_token_hash_unique` ON `public_reporters` (`token_hash`);--> statement-breakpoint
CREATE INDEX `public_reporters_case` ON `public_reporters` (`case_id`);