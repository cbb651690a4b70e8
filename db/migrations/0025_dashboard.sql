CREATE TABLE "dashboard_enrolment_counts" (
	"operator_id" uuid NOT NULL,
	"programme_id" uuid NOT NULL,
	"status" text NOT NULL,
	"enrolments" integer NOT NULL,
	CONSTRAINT "dashboard_enrolment_counts_operator_id_programme_id_status_pk" PRIMARY KEY("operator_id","programme_id","status")
);
--> statement-breakpoint
CREATE TABLE "dashboard_member_counts" (
	"operator_id" uuid NOT NULL,
	"province_code" text NOT NULL,
	"sex" text NOT NULL,
	"age_band" text NOT NULL,
	"members" integer NOT NULL,
	CONSTRAINT "dashboard_member_counts_operator_id_province_code_sex_age_band_pk" PRIMARY KEY("operator_id","province_code","sex","age_band"),
	CONSTRAINT "dashboard_member_counts_members_ck" CHECK ("dashboard_member_counts"."members" >= 0)
);
--> statement-breakpoint
CREATE TABLE "dashboard_refreshes" (
	"operator_id" uuid PRIMARY KEY NOT NULL,
	"refreshed_at" timestamp with time zone NOT NULL,
	"took_ms" integer DEFAULT 0 NOT NULL,
	"members" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dashboard_sync_counts" (
	"operator_id" uuid NOT NULL,
	"state" text NOT NULL,
	"members" integer NOT NULL,
	CONSTRAINT "dashboard_sync_counts_operator_id_state_pk" PRIMARY KEY("operator_id","state")
);
--> statement-breakpoint
ALTER TABLE "dashboard_enrolment_counts" ADD CONSTRAINT "dashboard_enrolment_counts_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dashboard_member_counts" ADD CONSTRAINT "dashboard_member_counts_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dashboard_refreshes" ADD CONSTRAINT "dashboard_refreshes_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dashboard_sync_counts" ADD CONSTRAINT "dashboard_sync_counts_operator_id_operators_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."operators"("id") ON DELETE no action ON UPDATE no action;