CREATE TABLE "member_disability_history" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"operator_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"disability" jsonb,
	"valid_from" date,
	"valid_to" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "benefit_enrolments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"operator_id" uuid NOT NULL,
	"programme_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"member_id" uuid,
	"status" text DEFAULT 'active' NOT NULL,
	"status_reason" text,
	"status_date" date,
	"enrolled_on" date NOT NULL,
	"channel" text,
	"account" text,
	"phone" text,
	"payment_point" text,
	"recipient_member_id" uuid,
	"proxy_name" text,
	"proxy_relationship" text,
	"proxy_phone" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "benefit_enrolments_status_ck" CHECK ("benefit_enrolments"."status" IN ('active', 'suspended', 'exited', 'graduated')),
	CONSTRAINT "benefit_enrolments_channel_ck" CHECK ("benefit_enrolments"."channel" IS NULL OR "benefit_enrolments"."channel" IN ('wing', 'bank', 'cash_pickup')),
	CONSTRAINT "benefit_enrolments_phone_ck" CHECK ("benefit_enrolments"."phone" IS NULL OR "benefit_enrolments"."phone" ~ '^\+[1-9][0-9]{6,14}$')
);
--> statement-breakpoint
CREATE TABLE "payment_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"operator_id" uuid NOT NULL,
	"list_id" uuid NOT NULL,
	"programme_id" uuid NOT NULL,
	"period" text NOT NULL,
	"enrolment_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"member_id" uuid,
	"line_ref" text NOT NULL,
	"line_no" integer NOT NULL,
	"amount" bigint NOT NULL,
	"currency" text NOT NULL,
	"breakdown" jsonb,
	"household_code" text NOT NULL,
	"recipient_name_km" text NOT NULL,
	"recipient_name_latin" text,
	"recipient_khmer_id" text,
	"proxy_name" text,
	"channel" text,
	"account" text,
	"phone" text,
	"payment_point" text,
	"village_code" text,
	"commune_code" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"failure_reason" text,
	"transaction_ref" text,
	"paid_on" date,
	"carried_to_line_id" uuid,
	"carried_from_line_id" uuid,
	CONSTRAINT "payment_lines_status_ck" CHECK ("payment_lines"."status" IN ('pending', 'paid', 'failed')),
	CONSTRAINT "payment_lines_amount_ck" CHECK ("payment_lines"."amount" >= 0)
);
--> statement-breakpoint
CREATE TABLE "payment_lists" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"operator_id" uuid NOT NULL,
	"programme_id" uuid NOT NULL,
	"code" text NOT NULL,
	"period" text NOT NULL,
	"payment_date" date NOT NULL,
	"follows_list_id" uuid,
	"provider_id" uuid,
	"currency" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"line_count" integer DEFAULT 0 NOT NULL,
	"total_amount" bigint DEFAULT 0 NOT NULL,
	"paid_count" integer DEFAULT 0 NOT NULL,
	"paid_amount" bigint DEFAULT 0 NOT NULL,
	"failed_count" integer DEFAULT 0 NOT NULL,
	"failed_amount" bigint DEFAULT 0 NOT NULL,
	"rejection_reason" text,
	"generated_by" uuid,
	"submitted_by" uuid,
	"approved_by" uuid,
	"generated_at" timestamp with time zone,
	"submitted_at" timestamp with time zone,
	"approved_at" timestamp with time zone,
	"exported_at" timestamp with time zone,
	"reconciled_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payment_lists_status_ck" CHECK ("payment_lists"."status" IN ('draft', 'submitted', 'approved', 'exported', 'reconciled', 'closed')),
	CONSTRAINT "payment_lists_currency_ck" CHECK ("payment_lists"."currency" IN ('KHR', 'USD'))
);
--> statement-breakpoint
CREATE TABLE "payment_providers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"operator_id" uuid NOT NULL,
	"name" text NOT NULL,
	"channel" text NOT NULL,
	"layout" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payment_providers_channel_ck" CHECK ("payment_providers"."channel" IN ('wing', 'bank', 'cash_pickup'))
);
--> statement-breakpoint
CREATE TABLE "payment_result_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"operator_id" uuid NOT NULL,
	"list_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"file_sha256" text NOT NULL,
	"rows" integer NOT NULL,
	"paid" integer NOT NULL,
	"failed" integer NOT NULL,
	"problems" jsonb NOT NULL,
	"imported_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "disability_since" date;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "chronic_illness" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "member_disability_history" ADD CONSTRAINT "member_disability_history_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_disability_history" ADD CONSTRAINT "member_disability_history_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "benefit_enrolments" ADD CONSTRAINT "benefit_enrolments_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "benefit_enrolments" ADD CONSTRAINT "benefit_enrolments_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "benefit_enrolments" ADD CONSTRAINT "benefit_enrolments_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "benefit_enrolments" ADD CONSTRAINT "benefit_enrolments_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "benefit_enrolments" ADD CONSTRAINT "benefit_enrolments_recipient_member_id_members_id_fk" FOREIGN KEY ("recipient_member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "benefit_enrolments" ADD CONSTRAINT "benefit_enrolments_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_lines" ADD CONSTRAINT "payment_lines_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_lines" ADD CONSTRAINT "payment_lines_list_id_payment_lists_id_fk" FOREIGN KEY ("list_id") REFERENCES "public"."payment_lists"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_lines" ADD CONSTRAINT "payment_lines_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_lines" ADD CONSTRAINT "payment_lines_enrolment_id_benefit_enrolments_id_fk" FOREIGN KEY ("enrolment_id") REFERENCES "public"."benefit_enrolments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_lines" ADD CONSTRAINT "payment_lines_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_lines" ADD CONSTRAINT "payment_lines_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_lists" ADD CONSTRAINT "payment_lists_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_lists" ADD CONSTRAINT "payment_lists_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_lists" ADD CONSTRAINT "payment_lists_provider_id_payment_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."payment_providers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_lists" ADD CONSTRAINT "payment_lists_generated_by_users_id_fk" FOREIGN KEY ("generated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_lists" ADD CONSTRAINT "payment_lists_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_lists" ADD CONSTRAINT "payment_lists_approved_by_users_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_providers" ADD CONSTRAINT "payment_providers_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_result_imports" ADD CONSTRAINT "payment_result_imports_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_result_imports" ADD CONSTRAINT "payment_result_imports_list_id_payment_lists_id_fk" FOREIGN KEY ("list_id") REFERENCES "public"."payment_lists"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_result_imports" ADD CONSTRAINT "payment_result_imports_imported_by_users_id_fk" FOREIGN KEY ("imported_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "member_disability_history_member_idx" ON "member_disability_history" USING btree ("member_id","valid_to");--> statement-breakpoint
CREATE UNIQUE INDEX "benefit_enrolments_household_uq" ON "benefit_enrolments" USING btree ("programme_id","household_id") WHERE "benefit_enrolments"."member_id" IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "benefit_enrolments_member_uq" ON "benefit_enrolments" USING btree ("programme_id","member_id") WHERE "benefit_enrolments"."member_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "benefit_enrolments_operator_programme_idx" ON "benefit_enrolments" USING btree ("operator_id","programme_id","status");--> statement-breakpoint
CREATE INDEX "benefit_enrolments_household_idx" ON "benefit_enrolments" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "benefit_enrolments_member_idx" ON "benefit_enrolments" USING btree ("member_id") WHERE "benefit_enrolments"."member_id" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "payment_lines_list_no_uq" ON "payment_lines" USING btree ("list_id","line_no");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_lines_operator_ref_uq" ON "payment_lines" USING btree ("operator_id","line_ref");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_lines_beneficiary_period_uq" ON "payment_lines" USING btree ("programme_id","period","enrolment_id") WHERE "payment_lines"."carried_to_line_id" IS NULL;--> statement-breakpoint
CREATE INDEX "payment_lines_household_idx" ON "payment_lines" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "payment_lines_member_idx" ON "payment_lines" USING btree ("member_id") WHERE "payment_lines"."member_id" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "payment_lists_operator_code_uq" ON "payment_lists" USING btree ("operator_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_lists_programme_period_uq" ON "payment_lists" USING btree ("programme_id","period") WHERE "payment_lists"."follows_list_id" IS NULL;--> statement-breakpoint
CREATE INDEX "payment_lists_operator_created_idx" ON "payment_lists" USING btree ("operator_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_providers_operator_name_uq" ON "payment_providers" USING btree ("operator_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_result_imports_list_file_uq" ON "payment_result_imports" USING btree ("list_id","file_sha256");--> statement-breakpoint
-- A member's disability on a past date (issue 10: a rule reads the level on the payment date). When
-- `disability` changes, the value it held goes to member_disability_history with the days it held,
-- and disability_since becomes today. Members enrolled before this migration: since their creation.
UPDATE "members" SET "disability_since" = "created_at"::date WHERE "disability_since" IS NULL;--> statement-breakpoint
CREATE OR REPLACE FUNCTION sdp_member_disability_history() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    NEW.disability_since := coalesce(NEW.disability_since, current_date);
  ELSIF NEW.disability IS DISTINCT FROM OLD.disability THEN
    IF coalesce(OLD.disability_since, current_date) < current_date THEN
      INSERT INTO member_disability_history (operator_id, member_id, disability, valid_from, valid_to)
      VALUES (OLD.operator_id, OLD.id, OLD.disability, OLD.disability_since, current_date);
    END IF;
    NEW.disability_since := current_date;
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER members_disability_history BEFORE INSERT OR UPDATE OF disability ON members
  FOR EACH ROW EXECUTE FUNCTION sdp_member_disability_history();
