CREATE TABLE `payouts` (
	`id` text PRIMARY KEY NOT NULL,
	`specialist_id` text NOT NULL,
	`provider` text NOT NULL,
	`provider_payout_id` text NOT NULL,
	`amount_minor` integer NOT NULL,
	`currency` text NOT NULL,
	`status` text NOT NULL,
	`arrival_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`specialist_id`) REFERENCES `specialists`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `payouts_provider_payout_unique` ON `payouts` (`provider`,`provider_payout_id`);--> statement-breakpoint
CREATE INDEX `payouts_specialist_arrival_idx` ON `payouts` (`specialist_id`,`arrival_at`);--> statement-breakpoint
ALTER TABLE `payments` ADD `checkout_url` text;--> statement-breakpoint
ALTER TABLE `payments` ADD `expires_at` integer;--> statement-breakpoint
ALTER TABLE `payments` ADD `paid_at` integer;--> statement-breakpoint
ALTER TABLE `payments` ADD `receipt_number` integer;--> statement-breakpoint
ALTER TABLE `payments` ADD `dispute_id` text;--> statement-breakpoint
ALTER TABLE `payments` ADD `dispute_status` text;--> statement-breakpoint
ALTER TABLE `payments` ADD `disputed_at` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `payments_receipt_number_unique` ON `payments` (`receipt_number`);--> statement-breakpoint
ALTER TABLE `refunds` ADD `fee_refunded_minor` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `refunds` ADD `provider_status` text;--> statement-breakpoint
ALTER TABLE `refunds` ADD `failure_reason` text;--> statement-breakpoint
ALTER TABLE `specialists` ADD `stripe_country` text;--> statement-breakpoint
ALTER TABLE `specialists` ADD `stripe_details_submitted` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `specialists` ADD `payouts_enabled` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `specialists` ADD `stripe_requirements_due` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `specialists` ADD `stripe_account_synced_at` integer;--> statement-breakpoint
ALTER TABLE `webhook_events` ADD `ignored_reason` text;--> statement-breakpoint
-- Payments kept before receipts existed get their numbers in the order they were made; refunds
-- made before fee tracking gave back the fee in proportion, as Stripe's refund_application_fee does.
UPDATE `payments` SET `paid_at` = `updated_at` WHERE `status` = 'paid';--> statement-breakpoint
UPDATE `payments` SET `receipt_number` = (
	SELECT `n` FROM (SELECT `id`, row_number() OVER (ORDER BY `created_at`, `id`) AS `n` FROM `payments` WHERE `kept` = 1) AS `numbered`
	WHERE `numbered`.`id` = `payments`.`id`
) WHERE `kept` = 1;--> statement-breakpoint
UPDATE `refunds` SET `provider_status` = 'succeeded' WHERE `status` = 'succeeded';--> statement-breakpoint
UPDATE `refunds` SET `fee_refunded_minor` = (
	SELECT CASE WHEN `payments`.`amount_minor` = 0 THEN 0 ELSE (`payments`.`fee_minor` * `refunds`.`amount_minor`) / `payments`.`amount_minor` END
	FROM `payments` WHERE `payments`.`id` = `refunds`.`payment_id`
) WHERE `currency` = (SELECT `currency` FROM `payments` WHERE `payments`.`id` = `refunds`.`payment_id`);
