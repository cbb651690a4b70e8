DROP INDEX "households_operator_village_idx";--> statement-breakpoint
DROP INDEX "households_operator_commune_idx";--> statement-breakpoint
DROP INDEX "households_operator_district_idx";--> statement-breakpoint
DROP INDEX "households_operator_province_idx";--> statement-breakpoint
CREATE INDEX "households_operator_village_idx" ON "households" USING btree ("operator_id","village_code","id");--> statement-breakpoint
CREATE INDEX "households_operator_commune_idx" ON "households" USING btree ("operator_id","commune_code","id");--> statement-breakpoint
CREATE INDEX "households_operator_district_idx" ON "households" USING btree ("operator_id","district_code","id");--> statement-breakpoint
CREATE INDEX "households_operator_province_idx" ON "households" USING btree ("operator_id","province_code","id");