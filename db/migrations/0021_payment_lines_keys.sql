ALTER TABLE "payment_lines" DROP CONSTRAINT "payment_lines_operator_id_operators_id_fk";
--> statement-breakpoint
ALTER TABLE "payment_lines" DROP CONSTRAINT "payment_lines_programme_id_programmes_id_fk";
--> statement-breakpoint
ALTER TABLE "payment_lines" DROP CONSTRAINT "payment_lines_household_id_households_id_fk";
--> statement-breakpoint
ALTER TABLE "payment_lines" DROP CONSTRAINT "payment_lines_member_id_members_id_fk";
