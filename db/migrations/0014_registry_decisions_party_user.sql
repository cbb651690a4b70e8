ALTER TABLE "operators" ADD COLUMN "camdx_represented_party" text;--> statement-breakpoint
ALTER TABLE "registry_outbox" ADD COLUMN "caused_by" uuid;--> statement-breakpoint
ALTER TABLE "registry_outbox" ADD COLUMN "review_decision" jsonb;--> statement-breakpoint
ALTER TABLE "registry_reviews" ADD COLUMN "candidate_spid" text;--> statement-breakpoint
ALTER TABLE "registry_outbox" ADD CONSTRAINT "registry_outbox_caused_by_users_id_fk" FOREIGN KEY ("caused_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;