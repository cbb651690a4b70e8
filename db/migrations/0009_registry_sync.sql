CREATE TABLE "identity_verifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"member_id" uuid NOT NULL,
	"operator_id" uuid NOT NULL,
	"match" text NOT NULL,
	"x_road_id" text NOT NULL,
	"verified_at" timestamp with time zone DEFAULT now() NOT NULL,
	"verified_by" uuid NOT NULL,
	CONSTRAINT "identity_verifications_match_ck" CHECK ("identity_verifications"."match" IN ('full', 'partial', 'none'))
);
--> statement-breakpoint
CREATE TABLE "member_registry" (
	"member_id" uuid PRIMARY KEY NOT NULL,
	"operator_id" uuid NOT NULL,
	"spid" text,
	"state" text DEFAULT 'not_sent' NOT NULL,
	"last_error" text,
	"last_reason_code" text,
	"last_reason_message" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "member_registry_state_ck" CHECK ("member_registry"."state" IN ('not_sent', 'queued', 'sent', 'has_spid', 'awaiting_review', 'rejected', 'needs_attention'))
);
--> statement-breakpoint
CREATE TABLE "registry_outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"operator_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"member_version" integer NOT NULL,
	"reference_id" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_by" text,
	"locked_until" timestamp with time zone,
	"last_error" text,
	"x_road_id" text,
	"batch_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	CONSTRAINT "registry_outbox_status_ck" CHECK ("registry_outbox"."status" IN ('pending', 'in_flight', 'done', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "registry_reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"member_id" uuid NOT NULL,
	"operator_id" uuid NOT NULL,
	"reference_id" text NOT NULL,
	"reason_code" text,
	"spid" text,
	"status" text DEFAULT 'open' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone,
	"resolved_by" uuid,
	CONSTRAINT "registry_reviews_status_ck" CHECK ("registry_reviews"."status" IN ('open', 'linked', 'dismissed', 'corrected'))
);
--> statement-breakpoint
ALTER TABLE "identity_verifications" ADD CONSTRAINT "identity_verifications_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity_verifications" ADD CONSTRAINT "identity_verifications_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity_verifications" ADD CONSTRAINT "identity_verifications_verified_by_users_id_fk" FOREIGN KEY ("verified_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_registry" ADD CONSTRAINT "member_registry_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_registry" ADD CONSTRAINT "member_registry_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry_outbox" ADD CONSTRAINT "registry_outbox_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry_outbox" ADD CONSTRAINT "registry_outbox_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry_reviews" ADD CONSTRAINT "registry_reviews_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry_reviews" ADD CONSTRAINT "registry_reviews_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry_reviews" ADD CONSTRAINT "registry_reviews_resolved_by_users_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "identity_verifications_member_idx" ON "identity_verifications" USING btree ("member_id","verified_at");--> statement-breakpoint
CREATE UNIQUE INDEX "member_registry_spid_uq" ON "member_registry" USING btree ("spid");--> statement-breakpoint
CREATE INDEX "member_registry_operator_state_idx" ON "member_registry" USING btree ("operator_id","state");--> statement-breakpoint
CREATE UNIQUE INDEX "registry_outbox_reference_uq" ON "registry_outbox" USING btree ("reference_id");--> statement-breakpoint
CREATE INDEX "registry_outbox_due_idx" ON "registry_outbox" USING btree ("next_attempt_at","id") WHERE "registry_outbox"."status" IN ('pending', 'in_flight');--> statement-breakpoint
CREATE INDEX "registry_outbox_member_idx" ON "registry_outbox" USING btree ("member_id","id");--> statement-breakpoint
CREATE INDEX "registry_outbox_operator_status_idx" ON "registry_outbox" USING btree ("operator_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "registry_reviews_reference_uq" ON "registry_reviews" USING btree ("reference_id");--> statement-breakpoint
CREATE INDEX "registry_reviews_operator_status_idx" ON "registry_reviews" USING btree ("operator_id","status","created_at");