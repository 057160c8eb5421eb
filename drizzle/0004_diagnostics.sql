CREATE TYPE "public"."diagnostic_attempt_status" AS ENUM('in_progress', 'finished');--> statement-breakpoint
CREATE TABLE "diagnostic_answers" (
	"attempt_id" uuid NOT NULL,
	"item_id" text NOT NULL,
	"answer" jsonb NOT NULL,
	"answered_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "diagnostic_answers_attempt_id_item_id_pk" PRIMARY KEY("attempt_id","item_id")
);
--> statement-breakpoint
CREATE TABLE "diagnostic_attempts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"student_id" uuid NOT NULL,
	"test_id" text NOT NULL,
	"test_version" integer NOT NULL,
	"status" "diagnostic_attempt_status" DEFAULT 'in_progress' NOT NULL,
	"seed" text NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"result" jsonb
);
--> statement-breakpoint
CREATE TABLE "diagnostic_tests" (
	"test_id" text NOT NULL,
	"version" integer NOT NULL,
	"title" text NOT NULL,
	"definition" jsonb NOT NULL,
	"uploaded_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "diagnostic_tests_test_id_version_pk" PRIMARY KEY("test_id","version"),
	CONSTRAINT "diagnostic_tests_version_positive" CHECK ("diagnostic_tests"."version" >= 1)
);
--> statement-breakpoint
ALTER TABLE "diagnostic_answers" ADD CONSTRAINT "diagnostic_answers_attempt_id_diagnostic_attempts_id_fk" FOREIGN KEY ("attempt_id") REFERENCES "public"."diagnostic_attempts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "diagnostic_attempts" ADD CONSTRAINT "diagnostic_attempts_student_id_users_id_fk" FOREIGN KEY ("student_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "diagnostic_attempts" ADD CONSTRAINT "diagnostic_attempts_test_id_test_version_diagnostic_tests_test_id_version_fk" FOREIGN KEY ("test_id","test_version") REFERENCES "public"."diagnostic_tests"("test_id","version") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "diagnostic_tests" ADD CONSTRAINT "diagnostic_tests_uploaded_by_id_users_id_fk" FOREIGN KEY ("uploaded_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "diagnostic_attempts_one_in_progress" ON "diagnostic_attempts" USING btree ("student_id","test_id") WHERE "diagnostic_attempts"."status" = 'in_progress';--> statement-breakpoint
CREATE INDEX "diagnostic_attempts_student_finished" ON "diagnostic_attempts" USING btree ("student_id","finished_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "diagnostic_attempts_test_finished" ON "diagnostic_attempts" USING btree ("test_id","test_version") WHERE "diagnostic_attempts"."status" = 'finished';