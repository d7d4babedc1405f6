CREATE TABLE `external_busy_times` (
	`id` text PRIMARY KEY NOT NULL,
	`specialist_id` text NOT NULL,
	`connected_account_id` text NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	FOREIGN KEY (`specialist_id`) REFERENCES `specialists`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`connected_account_id`) REFERENCES `connected_accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "external_busy_times_range" CHECK("external_busy_times"."starts_at" < "external_busy_times"."ends_at")
);
--> statement-breakpoint
CREATE INDEX `external_busy_times_specialist_idx` ON `external_busy_times` (`specialist_id`,`starts_at`);--> statement-breakpoint
CREATE INDEX `external_busy_times_account_idx` ON `external_busy_times` (`connected_account_id`);--> statement-breakpoint
CREATE TABLE `external_calendars` (
	`id` text PRIMARY KEY NOT NULL,
	`connected_account_id` text NOT NULL,
	`calendar_id` text NOT NULL,
	`name` text NOT NULL,
	`is_primary` integer DEFAULT false NOT NULL,
	`selected` integer DEFAULT false NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`connected_account_id`) REFERENCES `connected_accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `external_calendars_account_calendar_unique` ON `external_calendars` (`connected_account_id`,`calendar_id`);--> statement-breakpoint
CREATE TABLE `meeting_attendance` (
	`id` text PRIMARY KEY NOT NULL,
	`booking_id` text NOT NULL,
	`participant_key` text NOT NULL,
	`participant_name` text DEFAULT '' NOT NULL,
	`participant_email` text,
	`role` text NOT NULL,
	`joined_at` integer NOT NULL,
	`left_at` integer,
	FOREIGN KEY (`booking_id`) REFERENCES `bookings`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "meeting_attendance_range" CHECK("meeting_attendance"."left_at" is null or "meeting_attendance"."joined_at" <= "meeting_attendance"."left_at")
);
--> statement-breakpoint
CREATE UNIQUE INDEX `meeting_attendance_join_unique` ON `meeting_attendance` (`booking_id`,`participant_key`,`joined_at`);--> statement-breakpoint
CREATE TABLE `meeting_recordings` (
	`id` text PRIMARY KEY NOT NULL,
	`booking_id` text NOT NULL,
	`provider` text NOT NULL,
	`external_id` text NOT NULL,
	`started_at` integer,
	`duration_minutes` integer DEFAULT 0 NOT NULL,
	`total_size_bytes` integer DEFAULT 0 NOT NULL,
	`play_url` text NOT NULL,
	`passcode` text,
	`files` text NOT NULL,
	`shared_with_customer_at` integer,
	`received_at` integer NOT NULL,
	FOREIGN KEY (`booking_id`) REFERENCES `bookings`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `meeting_recordings_booking_external_unique` ON `meeting_recordings` (`booking_id`,`external_id`);--> statement-breakpoint
CREATE TABLE `session_notes` (
	`booking_id` text NOT NULL,
	`visibility` text NOT NULL,
	`body` text NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`booking_id`, `visibility`),
	FOREIGN KEY (`booking_id`) REFERENCES `bookings`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `bookings` ADD `meeting_started_at` integer;--> statement-breakpoint
ALTER TABLE `bookings` ADD `meeting_ended_at` integer;--> statement-breakpoint
ALTER TABLE `bookings` ADD `no_show` text;--> statement-breakpoint
ALTER TABLE `bookings` ADD `no_show_at` integer;--> statement-breakpoint
ALTER TABLE `connected_accounts` ADD `busy_synced_at` integer;--> statement-breakpoint
ALTER TABLE `connected_accounts` ADD `busy_sync_error` text;--> statement-breakpoint
ALTER TABLE `users` ADD `calendar_feed_token` text;--> statement-breakpoint
CREATE UNIQUE INDEX `users_calendar_feed_token_unique` ON `users` (`calendar_feed_token`);