CREATE TABLE "admin_units" (
	"code" text PRIMARY KEY NOT NULL,
	"level" text NOT NULL,
	"parent_code" text,
	"name_km" text NOT NULL,
	"name_latin" text NOT NULL,
	"type_km" text NOT NULL,
	"type_latin" text NOT NULL,
	"type_en" text NOT NULL,
	"name_km_key" text NOT NULL,
	"name_latin_key" text NOT NULL,
	"retired_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "admin_units_level_ck" CHECK ("admin_units"."level" IN ('province', 'district', 'commune', 'village')),
	CONSTRAINT "admin_units_code_ck" CHECK ("admin_units"."code" ~ '^[0-9]{2}([0-9]{2}){0,3}$')
);
--> statement-breakpoint
CREATE TABLE "gazetteer_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"source" text NOT NULL,
	"total" integer NOT NULL,
	"added" integer NOT NULL,
	"renamed" integer NOT NULL,
	"retired" integer NOT NULL,
	"restored" integer NOT NULL,
	"details" jsonb NOT NULL,
	"actor_id" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "households" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"operator_id" uuid NOT NULL,
	"code" text NOT NULL,
	"village_code" text NOT NULL,
	"commune_code" text GENERATED ALWAYS AS (left(village_code, 6)) STORED,
	"district_code" text GENERATED ALWAYS AS (left(village_code, 4)) STORED,
	"province_code" text GENERATED ALWAYS AS (left(village_code, 2)) STORED,
	"address_line" text,
	"idpoor_number" text,
	"idpoor_level" smallint,
	"phone" text,
	"notes" text,
	"status" text DEFAULT 'active' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"import_key" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "households_idpoor_level_ck" CHECK ("households"."idpoor_level" IS NULL OR "households"."idpoor_level" IN (1, 2)),
	CONSTRAINT "households_status_ck" CHECK ("households"."status" IN ('active', 'closed'))
);
--> statement-breakpoint
CREATE TABLE "import_job_errors" (
	"job_id" uuid NOT NULL,
	"operator_id" uuid NOT NULL,
	"row_number" integer NOT NULL,
	"errors" jsonb NOT NULL,
	"raw" jsonb,
	CONSTRAINT "import_job_errors_job_id_row_number_pk" PRIMARY KEY("job_id","row_number")
);
--> statement-breakpoint
CREATE TABLE "import_jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"operator_id" uuid NOT NULL,
	"actor_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"file_sha256" text NOT NULL,
	"status" text DEFAULT 'validating' NOT NULL,
	"total_rows" integer DEFAULT 0 NOT NULL,
	"invalid_rows" integer DEFAULT 0 NOT NULL,
	"processed_rows" integer DEFAULT 0 NOT NULL,
	"created_households" integer DEFAULT 0 NOT NULL,
	"created_members" integer DEFAULT 0 NOT NULL,
	"skipped_rows" integer DEFAULT 0 NOT NULL,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "members" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"operator_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"surname_km" text NOT NULL,
	"given_name_km" text NOT NULL,
	"surname_latin" text,
	"given_name_latin" text,
	"name_km_key" text NOT NULL,
	"name_latin_key" text,
	"sex" text NOT NULL,
	"birth_date" date,
	"birth_year" smallint NOT NULL,
	"birth_estimated" boolean DEFAULT false NOT NULL,
	"relationship" text NOT NULL,
	"khmer_id" text,
	"birth_certificate_no" text,
	"phone" text,
	"disability" jsonb,
	"has_disability" boolean DEFAULT false NOT NULL,
	"marital_status" text,
	"status" text DEFAULT 'active' NOT NULL,
	"death_date" date,
	"exit_date" date,
	"exit_reason" text,
	"version" integer DEFAULT 1 NOT NULL,
	"import_key" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "members_sex_ck" CHECK ("members"."sex" IN ('F', 'M')),
	CONSTRAINT "members_status_ck" CHECK ("members"."status" IN ('active', 'deceased', 'exited')),
	CONSTRAINT "members_khmer_id_ck" CHECK ("members"."khmer_id" IS NULL OR "members"."khmer_id" ~ '^[0-9]{9}$'),
	CONSTRAINT "members_relationship_ck" CHECK ("members"."relationship" IN ('head', 'spouse', 'child', 'parent', 'sibling', 'grandchild', 'other_relative', 'non_relative'))
);
--> statement-breakpoint
CREATE TABLE "operator_sequences" (
	"operator_id" uuid NOT NULL,
	"name" text NOT NULL,
	"value" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "operator_sequences_operator_id_name_pk" PRIMARY KEY("operator_id","name")
);
--> statement-breakpoint
ALTER TABLE "gazetteer_imports" ADD CONSTRAINT "gazetteer_imports_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "households" ADD CONSTRAINT "households_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "households" ADD CONSTRAINT "households_village_code_admin_units_code_fk" FOREIGN KEY ("village_code") REFERENCES "public"."admin_units"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "households" ADD CONSTRAINT "households_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_job_errors" ADD CONSTRAINT "import_job_errors_job_id_import_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."import_jobs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_job_errors" ADD CONSTRAINT "import_job_errors_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_jobs" ADD CONSTRAINT "import_jobs_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_jobs" ADD CONSTRAINT "import_jobs_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "members" ADD CONSTRAINT "members_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "members" ADD CONSTRAINT "members_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "members" ADD CONSTRAINT "members_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "operator_sequences" ADD CONSTRAINT "operator_sequences_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "admin_units_parent_idx" ON "admin_units" USING btree ("parent_code","code");--> statement-breakpoint
CREATE INDEX "admin_units_level_idx" ON "admin_units" USING btree ("level","code");--> statement-breakpoint
CREATE INDEX "admin_units_km_trgm" ON "admin_units" USING gin ("name_km_key" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "admin_units_latin_trgm" ON "admin_units" USING gin ("name_latin_key" gin_trgm_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "households_operator_code_uq" ON "households" USING btree ("operator_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "households_operator_import_key_uq" ON "households" USING btree ("operator_id","import_key") WHERE "households"."import_key" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "households_operator_village_idx" ON "households" USING btree ("operator_id","village_code");--> statement-breakpoint
CREATE INDEX "households_operator_commune_idx" ON "households" USING btree ("operator_id","commune_code");--> statement-breakpoint
CREATE INDEX "households_operator_idpoor_idx" ON "households" USING btree ("operator_id","idpoor_number");--> statement-breakpoint
CREATE INDEX "households_operator_phone_idx" ON "households" USING btree ("operator_id","phone");--> statement-breakpoint
CREATE INDEX "import_jobs_operator_idx" ON "import_jobs" USING btree ("operator_id","created_at");--> statement-breakpoint
CREATE INDEX "members_operator_household_idx" ON "members" USING btree ("operator_id","household_id");--> statement-breakpoint
CREATE INDEX "members_operator_khmer_id_idx" ON "members" USING btree ("operator_id","khmer_id") WHERE "members"."khmer_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "members_operator_phone_idx" ON "members" USING btree ("operator_id","phone") WHERE "members"."phone" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "members_operator_name_km_idx" ON "members" USING btree ("operator_id","name_km_key","sex");--> statement-breakpoint
CREATE INDEX "members_name_km_trgm" ON "members" USING gin ("name_km_key" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "members_name_latin_trgm" ON "members" USING gin ("name_latin_key" gin_trgm_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "members_operator_import_key_uq" ON "members" USING btree ("operator_id","import_key") WHERE "members"."import_key" IS NOT NULL;