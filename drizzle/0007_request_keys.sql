ALTER TABLE `changesets` ADD `request_key` text;--> statement-breakpoint
ALTER TABLE `changesets` ADD `request_digest` text;--> statement-breakpoint
CREATE UNIQUE INDEX `changesets_user_request_key` ON `changesets` (`user_id`,`request_key`);