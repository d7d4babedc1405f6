CREATE TABLE `reviews` (
	`id` text PRIMARY KEY NOT NULL,
	`booking_id` text NOT NULL,
	`specialist_id` text NOT NULL,
	`customer_id` text NOT NULL,
	`overall` integer NOT NULL,
	`communication` integer NOT NULL,
	`expertise` integer NOT NULL,
	`value` integer NOT NULL,
	`comment` text DEFAULT '' NOT NULL,
	`status` text DEFAULT 'published' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`response` text,
	`responded_at` integer,
	`response_updated_at` integer,
	FOREIGN KEY (`booking_id`) REFERENCES `bookings`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`specialist_id`) REFERENCES `specialists`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`customer_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "reviews_ratings" CHECK("reviews"."overall" between 1 and 5 and "reviews"."communication" between 1 and 5 and "reviews"."expertise" between 1 and 5 and "reviews"."value" between 1 and 5),
	CONSTRAINT "reviews_comment_length" CHECK(length("reviews"."comment") <= 2000 and length(coalesce("reviews"."response", '')) <= 2000)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reviews_booking_unique` ON `reviews` (`booking_id`);--> statement-breakpoint
CREATE INDEX `reviews_specialist_created_idx` ON `reviews` (`specialist_id`,`status`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `reviews_specialist_overall_idx` ON `reviews` (`specialist_id`,`status`,`overall`,`created_at`,`id`);--> statement-breakpoint
ALTER TABLE `specialists` ADD `rating_sum` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `specialists` ADD `communication_sum` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `specialists` ADD `expertise_sum` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `specialists` ADD `value_sum` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Hand-written: the specialist's rating columns follow their published reviews, in the statement
-- that writes the review, so concurrent reviews never lose a count and moderation (a status
-- change) or a deleted booking adjusts them too. rating_avg and rating_count feed the listing read
-- model through migration 0007's specialist triggers. See docs/decisions/0017-review-aggregates.md.
CREATE TRIGGER `reviews_count_on_insert` AFTER INSERT ON reviews FOR EACH ROW WHEN new.status = 'published' BEGIN
  UPDATE specialists SET rating_count = rating_count + 1, rating_sum = rating_sum + new.overall, communication_sum = communication_sum + new.communication, expertise_sum = expertise_sum + new.expertise, value_sum = value_sum + new.value, rating_avg = (rating_sum + new.overall) * 1.0 / (rating_count + 1) WHERE id = new.specialist_id;
END;
--> statement-breakpoint
CREATE TRIGGER `reviews_count_on_update` AFTER UPDATE OF overall, communication, expertise, value, status ON reviews FOR EACH ROW WHEN old.status = 'published' OR new.status = 'published' BEGIN
  UPDATE specialists SET rating_count = rating_count - (old.status = 'published') + (new.status = 'published'), rating_sum = rating_sum - (old.status = 'published') * old.overall + (new.status = 'published') * new.overall, communication_sum = communication_sum - (old.status = 'published') * old.communication + (new.status = 'published') * new.communication, expertise_sum = expertise_sum - (old.status = 'published') * old.expertise + (new.status = 'published') * new.expertise, value_sum = value_sum - (old.status = 'published') * old.value + (new.status = 'published') * new.value, rating_avg = CASE WHEN rating_count - (old.status = 'published') + (new.status = 'published') > 0 THEN (rating_sum - (old.status = 'published') * old.overall + (new.status = 'published') * new.overall) * 1.0 / (rating_count - (old.status = 'published') + (new.status = 'published')) END WHERE id = new.specialist_id;
END;
--> statement-breakpoint
CREATE TRIGGER `reviews_count_on_delete` AFTER DELETE ON reviews FOR EACH ROW WHEN old.status = 'published' BEGIN
  UPDATE specialists SET rating_count = rating_count - 1, rating_sum = rating_sum - old.overall, communication_sum = communication_sum - old.communication, expertise_sum = expertise_sum - old.expertise, value_sum = value_sum - old.value, rating_avg = CASE WHEN rating_count > 1 THEN (rating_sum - old.overall) * 1.0 / (rating_count - 1) END WHERE id = old.specialist_id;
END;
