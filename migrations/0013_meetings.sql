ALTER TABLE `bookings` ADD `meeting_provider` text DEFAULT 'default' NOT NULL;--> statement-breakpoint
ALTER TABLE `bookings` ADD `meeting_id` text;--> statement-breakpoint
ALTER TABLE `bookings` ADD `meeting_passcode` text;--> statement-breakpoint
ALTER TABLE `bookings` ADD `meeting_synced_for` text;--> statement-breakpoint
ALTER TABLE `session_types` ADD `video_provider` text DEFAULT 'default' NOT NULL;