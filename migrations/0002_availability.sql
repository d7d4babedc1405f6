CREATE TABLE `availability_overrides` (
	`id` text PRIMARY KEY NOT NULL,
	`specialist_id` text NOT NULL,
	`date` text NOT NULL,
	`start_minute` integer,
	`end_minute` integer,
	FOREIGN KEY (`specialist_id`) REFERENCES `specialists`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "availability_overrides_range" CHECK(("availability_overrides"."start_minute" is null and "availability_overrides"."end_minute" is null) or ("availability_overrides"."start_minute" >= 0 and "availability_overrides"."end_minute" <= 1440 and "availability_overrides"."start_minute" < "availability_overrides"."end_minute"))
);
--> statement-breakpoint
CREATE INDEX `availability_overrides_specialist_date_idx` ON `availability_overrides` (`specialist_id`,`date`);--> statement-breakpoint
CREATE TABLE `availability_windows` (
	`id` text PRIMARY KEY NOT NULL,
	`specialist_id` text NOT NULL,
	`weekday` integer NOT NULL,
	`start_minute` integer NOT NULL,
	`end_minute` integer NOT NULL,
	FOREIGN KEY (`specialist_id`) REFERENCES `specialists`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "availability_windows_weekday" CHECK("availability_windows"."weekday" between 1 and 7),
	CONSTRAINT "availability_windows_range" CHECK("availability_windows"."start_minute" >= 0 and "availability_windows"."end_minute" <= 1440 and "availability_windows"."start_minute" < "availability_windows"."end_minute")
);
--> statement-breakpoint
CREATE INDEX `availability_windows_specialist_idx` ON `availability_windows` (`specialist_id`,`weekday`);--> statement-breakpoint
CREATE TABLE `blocked_times` (
	`id` text PRIMARY KEY NOT NULL,
	`specialist_id` text NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`reason` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`specialist_id`) REFERENCES `specialists`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "blocked_times_range" CHECK("blocked_times"."starts_at" < "blocked_times"."ends_at")
);
--> statement-breakpoint
CREATE INDEX `blocked_times_specialist_idx` ON `blocked_times` (`specialist_id`,`starts_at`);--> statement-breakpoint
CREATE TABLE `booking_rules` (
	`specialist_id` text PRIMARY KEY NOT NULL,
	`min_notice_minutes` integer DEFAULT 240 NOT NULL,
	`horizon_days` integer DEFAULT 60 NOT NULL,
	`buffer_before_minutes` integer DEFAULT 0 NOT NULL,
	`buffer_after_minutes` integer DEFAULT 0 NOT NULL,
	`slot_interval_minutes` integer DEFAULT 30 NOT NULL,
	`daily_cap` integer,
	`cancellation_deadline_hours` integer DEFAULT 24 NOT NULL,
	`late_cancellation_refund_percent` integer DEFAULT 0 NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`specialist_id`) REFERENCES `specialists`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "booking_rules_min_notice" CHECK("booking_rules"."min_notice_minutes" between 0 and 43200),
	CONSTRAINT "booking_rules_horizon" CHECK("booking_rules"."horizon_days" between 1 and 365),
	CONSTRAINT "booking_rules_buffers" CHECK("booking_rules"."buffer_before_minutes" between 0 and 240 and "booking_rules"."buffer_after_minutes" between 0 and 240),
	CONSTRAINT "booking_rules_interval" CHECK("booking_rules"."slot_interval_minutes" between 5 and 240),
	CONSTRAINT "booking_rules_daily_cap" CHECK("booking_rules"."daily_cap" is null or "booking_rules"."daily_cap" between 1 and 48),
	CONSTRAINT "booking_rules_deadline" CHECK("booking_rules"."cancellation_deadline_hours" between 0 and 720),
	CONSTRAINT "booking_rules_refund" CHECK("booking_rules"."late_cancellation_refund_percent" between 0 and 100)
);
--> statement-breakpoint
CREATE TABLE `bookings` (
	`id` text PRIMARY KEY NOT NULL,
	`specialist_id` text NOT NULL,
	`customer_id` text NOT NULL,
	`session_type_id` text NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`status` text NOT NULL,
	`hold_expires_at` integer,
	`price_minor` integer NOT NULL,
	`fee_minor` integer DEFAULT 0 NOT NULL,
	`currency` text NOT NULL,
	`customer_timezone` text NOT NULL,
	`topic` text DEFAULT '' NOT NULL,
	`meeting_url` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`specialist_id`) REFERENCES `specialists`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`customer_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`session_type_id`) REFERENCES `session_types`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "bookings_range" CHECK("bookings"."starts_at" < "bookings"."ends_at"),
	CONSTRAINT "bookings_money" CHECK("bookings"."price_minor" >= 0 and "bookings"."fee_minor" >= 0 and "bookings"."fee_minor" <= "bookings"."price_minor")
);
--> statement-breakpoint
CREATE INDEX `bookings_specialist_starts_idx` ON `bookings` (`specialist_id`,`starts_at`);--> statement-breakpoint
CREATE INDEX `bookings_customer_starts_idx` ON `bookings` (`customer_id`,`starts_at`);--> statement-breakpoint
CREATE TABLE `slots` (
	`session_type_id` text NOT NULL,
	`specialist_id` text NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	PRIMARY KEY(`session_type_id`, `starts_at`),
	FOREIGN KEY (`session_type_id`) REFERENCES `session_types`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`specialist_id`) REFERENCES `specialists`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `slots_specialist_starts_idx` ON `slots` (`specialist_id`,`starts_at`);--> statement-breakpoint
ALTER TABLE `specialists` ADD `avatar_image` blob;--> statement-breakpoint
ALTER TABLE `specialists` ADD `avatar_content_type` text;