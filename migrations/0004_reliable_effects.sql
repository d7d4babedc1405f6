CREATE TABLE `notifications` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`channel` text NOT NULL,
	`kind` text NOT NULL,
	`subject_type` text NOT NULL,
	`subject_id` text NOT NULL,
	`occurrence` text DEFAULT '' NOT NULL,
	`payload` text NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`provider_message_id` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`locked_until` integer,
	`send_at` integer NOT NULL,
	`sent_at` integer,
	`read_at` integer,
	`expires_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `notifications_once_unique` ON `notifications` (`subject_type`,`subject_id`,`kind`,`user_id`,`channel`,`occurrence`);--> statement-breakpoint
CREATE INDEX `notifications_due_idx` ON `notifications` (`status`,`send_at`);--> statement-breakpoint
CREATE INDEX `notifications_user_idx` ON `notifications` (`user_id`,`created_at`);--> statement-breakpoint
DROP INDEX `refunds_booking_reason_unique`;--> statement-breakpoint
ALTER TABLE `refunds` ADD `attempts` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `refunds` ADD `last_error` text;--> statement-breakpoint
CREATE UNIQUE INDEX `refunds_payment_reason_unique` ON `refunds` (`payment_id`,`reason`);--> statement-breakpoint
CREATE INDEX `refunds_booking_idx` ON `refunds` (`booking_id`);--> statement-breakpoint
CREATE INDEX `refunds_unfinished_idx` ON `refunds` (`status`,`updated_at`);--> statement-breakpoint
ALTER TABLE `outbox_emails` ADD `message_key` text;--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_emails_message_key_unique` ON `outbox_emails` (`message_key`);--> statement-breakpoint
ALTER TABLE `payments` ADD `kept` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `payments` ADD `flag` text;--> statement-breakpoint
CREATE UNIQUE INDEX `payments_kept_unique` ON `payments` (`booking_id`) WHERE "payments"."kept" = 1;--> statement-breakpoint
CREATE INDEX `webhook_events_unprocessed_idx` ON `webhook_events` (`processed_at`,`received_at`);--> statement-breakpoint
-- Payments made before "kept" existed: the first paid payment of each booking is the one it keeps.
UPDATE `payments` SET `kept` = 1 WHERE `status` = 'paid' AND `id` = (
	SELECT `p`.`id` FROM `payments` `p` WHERE `p`.`booking_id` = `payments`.`booking_id` AND `p`.`status` = 'paid'
	ORDER BY `p`.`created_at`, `p`.`id` LIMIT 1
);
