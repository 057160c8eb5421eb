CREATE TYPE "public"."attendance_mark" AS ENUM('present', 'late', 'absent');--> statement-breakpoint
CREATE TYPE "public"."enrollment_status" AS ENUM('awaiting_approval', 'confirmed', 'waitlisted', 'declined', 'expired', 'cancelled', 'trial_cancelled');--> statement-breakpoint
CREATE TYPE "public"."trial_format" AS ENUM('online', 'in_person');--> statement-breakpoint
CREATE TYPE "public"."trial_level" AS ENUM('intro', 'basic', 'advanced');--> statement-breakpoint
CREATE TYPE "public"."trial_status" AS ENUM('published', 'cancelled');--> statement-breakpoint
CREATE TABLE "competencies" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"area" text NOT NULL,
	"interests" text[] NOT NULL
);
--> statement-breakpoint
CREATE TABLE "enrollments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"trial_id" uuid NOT NULL,
	"student_id" uuid NOT NULL,
	"status" "enrollment_status" NOT NULL,
	"waitlisted_at" timestamp with time zone,
	"approval_due_at" timestamp with time zone,
	"decided_by_id" uuid,
	"decided_at" timestamp with time zone,
	"attendance" "attendance_mark",
	"attendance_marked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mentor_feedback" (
	"enrollment_id" uuid PRIMARY KEY NOT NULL,
	"mentor_id" uuid,
	"performance" smallint NOT NULL,
	"interest" smallint NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mentor_feedback_scales" CHECK ("mentor_feedback"."performance" between 1 and 5 and "mentor_feedback"."interest" between 1 and 5)
);
--> statement-breakpoint
CREATE TABLE "mentor_invitations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"invited_by_id" uuid,
	"token_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mentor_invitations_tokenHash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "season_calendar" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"registration_opens_on" date NOT NULL,
	"esia_opens_on" date NOT NULL,
	"trials_start_on" date NOT NULL,
	"trials_end_on" date NOT NULL,
	"recommendations_on" date NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "season_calendar_single_row" CHECK ("season_calendar"."id" = 1),
	CONSTRAINT "season_calendar_order" CHECK ("season_calendar"."trials_start_on" <= "season_calendar"."trials_end_on")
);
--> statement-breakpoint
CREATE TABLE "trial_mentors" (
	"trial_id" uuid NOT NULL,
	"mentor_id" uuid NOT NULL,
	CONSTRAINT "trial_mentors_trial_id_mentor_id_pk" PRIMARY KEY("trial_id","mentor_id")
);
--> statement-breakpoint
CREATE TABLE "trial_ratings" (
	"enrollment_id" uuid PRIMARY KEY NOT NULL,
	"rating" smallint NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "trial_ratings_scale" CHECK ("trial_ratings"."rating" between 1 and 5)
);
--> statement-breakpoint
CREATE TABLE "trials" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"competency_code" text NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"level" "trial_level" NOT NULL,
	"format" "trial_format" NOT NULL,
	"region_code" text,
	"address" text,
	"link" text,
	"starts_at" timestamp with time zone NOT NULL,
	"duration_minutes" integer NOT NULL,
	"capacity" integer NOT NULL,
	"seats_taken" integer DEFAULT 0 NOT NULL,
	"min_grade" smallint NOT NULL,
	"max_grade" smallint NOT NULL,
	"enroll_deadline" timestamp with time zone NOT NULL,
	"status" "trial_status" DEFAULT 'published' NOT NULL,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "trials_capacity_positive" CHECK ("trials"."capacity" > 0),
	CONSTRAINT "trials_seats_within_capacity" CHECK ("trials"."seats_taken" >= 0 and "trials"."seats_taken" <= "trials"."capacity"),
	CONSTRAINT "trials_grades" CHECK ("trials"."min_grade" between 6 and 11 and "trials"."max_grade" between "trials"."min_grade" and 11),
	CONSTRAINT "trials_duration_positive" CHECK ("trials"."duration_minutes" > 0)
);
--> statement-breakpoint
ALTER TABLE "enrollments" ADD CONSTRAINT "enrollments_trial_id_trials_id_fk" FOREIGN KEY ("trial_id") REFERENCES "public"."trials"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrollments" ADD CONSTRAINT "enrollments_student_id_users_id_fk" FOREIGN KEY ("student_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrollments" ADD CONSTRAINT "enrollments_decided_by_id_users_id_fk" FOREIGN KEY ("decided_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentor_feedback" ADD CONSTRAINT "mentor_feedback_enrollment_id_enrollments_id_fk" FOREIGN KEY ("enrollment_id") REFERENCES "public"."enrollments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentor_feedback" ADD CONSTRAINT "mentor_feedback_mentor_id_users_id_fk" FOREIGN KEY ("mentor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentor_invitations" ADD CONSTRAINT "mentor_invitations_invited_by_id_users_id_fk" FOREIGN KEY ("invited_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trial_mentors" ADD CONSTRAINT "trial_mentors_trial_id_trials_id_fk" FOREIGN KEY ("trial_id") REFERENCES "public"."trials"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trial_mentors" ADD CONSTRAINT "trial_mentors_mentor_id_users_id_fk" FOREIGN KEY ("mentor_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trial_ratings" ADD CONSTRAINT "trial_ratings_enrollment_id_enrollments_id_fk" FOREIGN KEY ("enrollment_id") REFERENCES "public"."enrollments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trials" ADD CONSTRAINT "trials_competency_code_competencies_code_fk" FOREIGN KEY ("competency_code") REFERENCES "public"."competencies"("code") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trials" ADD CONSTRAINT "trials_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trials" ADD CONSTRAINT "trials_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "enrollments_live_key" ON "enrollments" USING btree ("trial_id","student_id") WHERE "enrollments"."status" in ('awaiting_approval', 'confirmed', 'waitlisted');--> statement-breakpoint
CREATE INDEX "enrollments_student_idx" ON "enrollments" USING btree ("student_id");--> statement-breakpoint
CREATE INDEX "enrollments_waitlist_idx" ON "enrollments" USING btree ("trial_id","waitlisted_at") WHERE "enrollments"."status" = 'waitlisted';--> statement-breakpoint
CREATE INDEX "enrollments_approval_due_idx" ON "enrollments" USING btree ("approval_due_at") WHERE "enrollments"."status" = 'awaiting_approval';--> statement-breakpoint
CREATE INDEX "trial_mentors_mentor_idx" ON "trial_mentors" USING btree ("mentor_id");--> statement-breakpoint
CREATE INDEX "trials_starts_at_idx" ON "trials" USING btree ("starts_at");