DROP INDEX "members_name_latin_prefixes";--> statement-breakpoint
DROP INDEX "members_name_km_bigrams";--> statement-breakpoint
CREATE INDEX "members_name_latin_pieces" ON "members" USING gin ((sdp_word_prefixes("name_latin_skeleton") || sdp_area_keys("village_code")));--> statement-breakpoint
CREATE INDEX "members_name_km_pieces" ON "members" USING gin ((sdp_name_bigrams("name_km_key") || sdp_area_keys("village_code")));