ALTER TABLE `specialists` ADD `approval_requested_at` integer;--> statement-breakpoint
ALTER TABLE `specialists` ADD `approval_decided_at` integer;--> statement-breakpoint
ALTER TABLE `specialists` ADD `approval_decided_by` text REFERENCES users(id) ON DELETE set null;--> statement-breakpoint
ALTER TABLE `specialists` ADD `approval_note` text;--> statement-breakpoint
CREATE INDEX `specialists_approval_queue_idx` ON `specialists` (`approval`,`approval_requested_at`);--> statement-breakpoint
UPDATE `specialists` SET `approval_requested_at` = `created_at`;