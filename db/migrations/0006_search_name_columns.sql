ALTER TABLE "members" ADD COLUMN "name_latin_skeleton" text GENERATED ALWAYS AS (sdp_latin_skeleton(name_latin_key)) STORED;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "name_latin_sort" text GENERATED ALWAYS AS (lower(coalesce(nullif(btrim(coalesce(surname_latin, '') || ' ' || coalesce(given_name_latin, '')), ''), name_km_key))) STORED;--> statement-breakpoint
CREATE INDEX "households_operator_district_idx" ON "households" USING btree ("operator_id","district_code");--> statement-breakpoint
CREATE INDEX "households_operator_province_idx" ON "households" USING btree ("operator_id","province_code");--> statement-breakpoint
CREATE INDEX "members_name_latin_prefixes" ON "members" USING gin (sdp_word_prefixes("name_latin_skeleton"));--> statement-breakpoint
CREATE INDEX "members_name_km_bigrams" ON "members" USING gin (sdp_name_bigrams("name_km_key"));