CREATE TABLE "programmes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"operator_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name_km" text NOT NULL,
	"name_en" text NOT NULL,
	"description" text,
	"benefit_type" text NOT NULL,
	"currency" text NOT NULL,
	"frequency" text NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date,
	"status" text DEFAULT 'draft' NOT NULL,
	"rules" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "programmes_benefit_type_ck" CHECK ("programmes"."benefit_type" IN ('cash', 'voucher', 'in_kind')),
	CONSTRAINT "programmes_currency_ck" CHECK ("programmes"."currency" IN ('KHR', 'USD')),
	CONSTRAINT "programmes_frequency_ck" CHECK ("programmes"."frequency" IN ('monthly', 'quarterly', 'one_off')),
	CONSTRAINT "programmes_status_ck" CHECK ("programmes"."status" IN ('draft', 'active', 'closed')),
	CONSTRAINT "programmes_dates_ck" CHECK ("programmes"."end_date" IS NULL OR "programmes"."end_date" >= "programmes"."start_date"),
	CONSTRAINT "programmes_rules_currency_ck" CHECK ("programmes"."rules"->>'currency' = "programmes"."currency")
);
--> statement-breakpoint
ALTER TABLE "programmes" ADD CONSTRAINT "programmes_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programmes" ADD CONSTRAINT "programmes_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "programmes_operator_code_uq" ON "programmes" USING btree ("operator_id","code");--> statement-breakpoint
CREATE INDEX "programmes_operator_status_idx" ON "programmes" USING btree ("operator_id","status");