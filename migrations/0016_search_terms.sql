CREATE TABLE `specialist_listing_terms` (
	`listing_id` integer NOT NULL,
	`term` text NOT NULL,
	`weight` integer NOT NULL,
	`display_name` text NOT NULL,
	`specialist_id` text NOT NULL,
	PRIMARY KEY(`listing_id`, `term`),
	FOREIGN KEY (`listing_id`) REFERENCES `specialist_listings`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `specialist_listing_terms_ranked_idx` ON `specialist_listing_terms` (`term`,"weight" desc,`display_name`,`specialist_id`,`listing_id`);
--> statement-breakpoint
-- The database's own tokenizer (unicode61, diacritics folded), readable in a query: the triggers split
-- the text with it, and a search splits its words with it, so both fold the same way.
CREATE VIRTUAL TABLE `specialist_listing_tokenizer` USING fts3tokenize('unicode61', 'remove_diacritics=2');
--> statement-breakpoint
-- A new listing gets its terms; a removed one loses them (also by the foreign key).
CREATE TRIGGER `specialist_listing_terms_on_listing_insert` AFTER INSERT ON specialist_listings FOR EACH ROW BEGIN
  INSERT INTO specialist_listing_terms (listing_id, term, weight, display_name, specialist_id) SELECT listing_id, term, sum(weight), display_name, specialist_id FROM (SELECT DISTINCT l.id AS listing_id, t.token AS term, f.weight, s.display_name, s.id AS specialist_id FROM specialist_listings l JOIN specialists s ON s.id = l.specialist_id JOIN (SELECT 8 AS weight UNION ALL SELECT 4 UNION ALL SELECT 2 UNION ALL SELECT 1) f JOIN specialist_listing_tokenizer t ON t.input = CASE f.weight WHEN 8 THEN s.display_name WHEN 4 THEN s.headline WHEN 2 THEN coalesce((SELECT group_concat(sl.label, ' ') FROM json_each(s.specialties) j JOIN specialty_labels sl ON sl.slug = j.value), '') ELSE s.bio END WHERE l.id = new.id) GROUP BY listing_id, term;
END;
--> statement-breakpoint
CREATE TRIGGER `specialist_listing_terms_on_listing_delete` AFTER DELETE ON specialist_listings FOR EACH ROW BEGIN
  DELETE FROM specialist_listing_terms WHERE listing_id = old.id;
END;
--> statement-breakpoint
-- A listed specialist's text changes: their terms are rewritten (a listing row keeps its id across upserts).
CREATE TRIGGER `specialist_listing_terms_on_text_update` AFTER UPDATE OF display_name, headline, bio, specialties ON specialists FOR EACH ROW WHEN old.display_name IS NOT new.display_name OR old.headline IS NOT new.headline OR old.bio IS NOT new.bio OR old.specialties IS NOT new.specialties BEGIN
  DELETE FROM specialist_listing_terms WHERE listing_id IN (SELECT id FROM specialist_listings WHERE specialist_id = new.id);
  INSERT INTO specialist_listing_terms (listing_id, term, weight, display_name, specialist_id) SELECT listing_id, term, sum(weight), display_name, specialist_id FROM (SELECT DISTINCT l.id AS listing_id, t.token AS term, f.weight, s.display_name, s.id AS specialist_id FROM specialist_listings l JOIN specialists s ON s.id = l.specialist_id JOIN (SELECT 8 AS weight UNION ALL SELECT 4 UNION ALL SELECT 2 UNION ALL SELECT 1) f JOIN specialist_listing_tokenizer t ON t.input = CASE f.weight WHEN 8 THEN s.display_name WHEN 4 THEN s.headline WHEN 2 THEN coalesce((SELECT group_concat(sl.label, ' ') FROM json_each(s.specialties) j JOIN specialty_labels sl ON sl.slug = j.value), '') ELSE s.bio END WHERE l.specialist_id = new.id) GROUP BY listing_id, term;
END;
--> statement-breakpoint
-- Everyone listed before this migration.
INSERT INTO specialist_listing_terms (listing_id, term, weight, display_name, specialist_id) SELECT listing_id, term, sum(weight), display_name, specialist_id FROM (SELECT DISTINCT l.id AS listing_id, t.token AS term, f.weight, s.display_name, s.id AS specialist_id FROM specialist_listings l JOIN specialists s ON s.id = l.specialist_id JOIN (SELECT 8 AS weight UNION ALL SELECT 4 UNION ALL SELECT 2 UNION ALL SELECT 1) f JOIN specialist_listing_tokenizer t ON t.input = CASE f.weight WHEN 8 THEN s.display_name WHEN 4 THEN s.headline WHEN 2 THEN coalesce((SELECT group_concat(sl.label, ' ') FROM json_each(s.specialties) j JOIN specialty_labels sl ON sl.slug = j.value), '') ELSE s.bio END) GROUP BY listing_id, term;
