CREATE TABLE "grievance_attachments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"operator_id" uuid NOT NULL,
	"grievance_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"media_type" text NOT NULL,
	"size" bigint NOT NULL,
	"sha256" text NOT NULL,
	"uploaded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "grievance_categories" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"operator_id" uuid NOT NULL,
	"parent_id" uuid,
	"code" text NOT NULL,
	"name_km" text NOT NULL,
	"name_en" text NOT NULL,
	"sensitive" boolean DEFAULT false NOT NULL,
	"sla_days" integer DEFAULT 10 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "grievance_categories_sla_ck" CHECK ("grievance_categories"."sla_days" BETWEEN 1 AND 365)
);
--> statement-breakpoint
CREATE TABLE "grievance_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"operator_id" uuid NOT NULL,
	"grievance_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"from_status" text,
	"to_status" text,
	"body" text,
	"actor_id" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "grievance_events_kind_ck" CHECK ("grievance_events"."kind" IN ('created', 'assigned', 'status', 'comment', 'attachment', 'reopened', 'escalated'))
);
--> statement-breakpoint
CREATE TABLE "grievances" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"operator_id" uuid NOT NULL,
	"code" text NOT NULL,
	"source" text DEFAULT 'staff' NOT NULL,
	"channel" text NOT NULL,
	"complainant_kind" text NOT NULL,
	"member_id" uuid,
	"complainant_name" text,
	"contact_phone" text,
	"category_id" uuid NOT NULL,
	"subcategory_id" uuid,
	"sensitive" boolean DEFAULT false NOT NULL,
	"priority" text DEFAULT 'normal' NOT NULL,
	"description" text NOT NULL,
	"payment_line_id" uuid,
	"status" text DEFAULT 'received' NOT NULL,
	"resolution" text,
	"assigned_to" uuid,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"due_on" date NOT NULL,
	"resolved_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"escalated_at" timestamp with time zone,
	"created_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "grievances_channel_ck" CHECK ("grievances"."channel" IN ('walk_in', 'phone', 'letter', 'commune_office', 'online')),
	CONSTRAINT "grievances_kind_ck" CHECK ("grievances"."complainant_kind" IN ('member', 'non_member', 'anonymous')),
	CONSTRAINT "grievances_priority_ck" CHECK ("grievances"."priority" IN ('low', 'normal', 'high', 'urgent')),
	CONSTRAINT "grievances_status_ck" CHECK ("grievances"."status" IN ('received', 'in_review', 'resolved', 'rejected', 'closed')),
	CONSTRAINT "grievances_source_ck" CHECK ("grievances"."source" IN ('staff', 'public')),
	CONSTRAINT "grievances_anonymous_ck" CHECK ("grievances"."complainant_kind" <> 'anonymous' OR ("grievances"."member_id" IS NULL AND "grievances"."complainant_name" IS NULL AND "grievances"."contact_phone" IS NULL)),
	CONSTRAINT "grievances_member_ck" CHECK ("grievances"."complainant_kind" <> 'member' OR "grievances"."member_id" IS NOT NULL),
	CONSTRAINT "grievances_phone_ck" CHECK ("grievances"."contact_phone" IS NULL OR "grievances"."contact_phone" ~ '^\+[1-9][0-9]{6,14}$')
);
--> statement-breakpoint
CREATE TABLE "operator_holidays" (
	"operator_id" uuid NOT NULL,
	"day" date NOT NULL,
	"name_km" text,
	"name_en" text,
	CONSTRAINT "operator_holidays_operator_id_day_pk" PRIMARY KEY("operator_id","day")
);
--> statement-breakpoint
CREATE TABLE "rate_limits" (
	"bucket" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"hits" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "rate_limits_bucket_window_start_pk" PRIMARY KEY("bucket","window_start")
);
--> statement-breakpoint
ALTER TABLE "operators" ADD COLUMN "public_grievances" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "grievance_attachments" ADD CONSTRAINT "grievance_attachments_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grievance_attachments" ADD CONSTRAINT "grievance_attachments_grievance_id_grievances_id_fk" FOREIGN KEY ("grievance_id") REFERENCES "public"."grievances"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grievance_attachments" ADD CONSTRAINT "grievance_attachments_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grievance_categories" ADD CONSTRAINT "grievance_categories_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grievance_events" ADD CONSTRAINT "grievance_events_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grievance_events" ADD CONSTRAINT "grievance_events_grievance_id_grievances_id_fk" FOREIGN KEY ("grievance_id") REFERENCES "public"."grievances"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grievance_events" ADD CONSTRAINT "grievance_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grievances" ADD CONSTRAINT "grievances_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grievances" ADD CONSTRAINT "grievances_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grievances" ADD CONSTRAINT "grievances_category_id_grievance_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."grievance_categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grievances" ADD CONSTRAINT "grievances_subcategory_id_grievance_categories_id_fk" FOREIGN KEY ("subcategory_id") REFERENCES "public"."grievance_categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grievances" ADD CONSTRAINT "grievances_payment_line_id_payment_lines_id_fk" FOREIGN KEY ("payment_line_id") REFERENCES "public"."payment_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grievances" ADD CONSTRAINT "grievances_assigned_to_users_id_fk" FOREIGN KEY ("assigned_to") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grievances" ADD CONSTRAINT "grievances_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "operator_holidays" ADD CONSTRAINT "operator_holidays_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "grievance_attachments_grievance_idx" ON "grievance_attachments" USING btree ("grievance_id");--> statement-breakpoint
CREATE UNIQUE INDEX "grievance_categories_operator_code_uq" ON "grievance_categories" USING btree ("operator_id","code");--> statement-breakpoint
CREATE INDEX "grievance_events_grievance_idx" ON "grievance_events" USING btree ("grievance_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "grievances_operator_code_uq" ON "grievances" USING btree ("operator_id","code");--> statement-breakpoint
CREATE INDEX "grievances_operator_status_idx" ON "grievances" USING btree ("operator_id","status","received_at");--> statement-breakpoint
CREATE INDEX "grievances_operator_assignee_idx" ON "grievances" USING btree ("operator_id","assigned_to");--> statement-breakpoint
CREATE INDEX "grievances_member_idx" ON "grievances" USING btree ("member_id") WHERE "grievances"."member_id" IS NOT NULL;