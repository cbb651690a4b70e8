ALTER TABLE "payment_lines" DROP CONSTRAINT "payment_lines_enrolment_id_benefit_enrolments_id_fk";
