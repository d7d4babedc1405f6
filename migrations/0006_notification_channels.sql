CREATE TABLE `notification_preferences` (
	`user_id` text NOT NULL,
	`kind` text NOT NULL,
	`channel` text NOT NULL,
	`enabled` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `kind`, `channel`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `booking_rules` ADD `remind_24h` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `booking_rules` ADD `remind_1h` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `bookings` ADD `sequence` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `bookings_status_starts_idx` ON `bookings` (`status`,`starts_at`);--> statement-breakpoint
ALTER TABLE `outbox_emails` ADD `channel` text DEFAULT 'email' NOT NULL;--> statement-breakpoint
ALTER TABLE `outbox_emails` ADD `headers` text;--> statement-breakpoint
ALTER TABLE `outbox_emails` ADD `attachments` text;--> statement-breakpoint
ALTER TABLE `users` ADD `email_bounced_at` integer;--> statement-breakpoint
ALTER TABLE `users` ADD `email_bounce_reason` text;--> statement-breakpoint
ALTER TABLE `users` ADD `phone` text;--> statement-breakpoint
ALTER TABLE `users` ADD `sms_opt_in_at` integer;--> statement-breakpoint
ALTER TABLE `users` ADD `sms_opted_out_at` integer;--> statement-breakpoint
CREATE INDEX `users_phone_idx` ON `users` (`phone`);--> statement-breakpoint
CREATE INDEX `notifications_provider_message_idx` ON `notifications` (`provider_message_id`);