CREATE TABLE `fx_rates` (
	`currency` text PRIMARY KEY NOT NULL,
	`rate` real NOT NULL,
	`as_of` text NOT NULL,
	`source` text NOT NULL,
	`updated_at` integer NOT NULL,
	CONSTRAINT "fx_rates_rate_positive" CHECK("fx_rates"."rate" > 0)
);
