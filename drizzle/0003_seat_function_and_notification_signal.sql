-- Every stored notification signals the live channel from the database itself,
-- in the inserting transaction: nothing is signalled that was not stored, and
-- no code path can store one and forget the signal. The payload is the
-- NotificationSignal "created" of @bilet/validators (createdAt as toISOString()).
CREATE FUNCTION signal_notification() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('bilet_notifications', jsonb_build_object(
    'kind', 'created',
    'userId', NEW.user_id,
    'notification', jsonb_build_object(
      'id', NEW.id,
      'type', NEW.type,
      'title', NEW.title,
      'body', NEW.body,
      'link', NEW.link,
      'data', NEW.data,
      'readAt', to_char(NEW.read_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
      'createdAt', to_char(NEW.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
    'unreadCount', (SELECT count(*) FROM notifications WHERE user_id = NEW.user_id AND read_at IS NULL)
  )::text);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER notifications_signal AFTER INSERT ON notifications FOR EACH ROW EXECUTE FUNCTION signal_notification();
--> statement-breakpoint
-- The write half of an enrollment, for a student the application has found
-- eligible: one round trip, and the trial's row lock is held for the length
-- of this call only, not across network round trips. Enrollments of one trial
-- queue on that lock, so the seat count is read and raised without a race; a
-- repeated request (double click, retry) finds the first and changes nothing.
-- The student's row is locked FOR SHARE first: withdrawing consent locks it
-- too (same order: student, then trial), so admission is re-checked here
-- without a window in between.
-- Returns the live enrollment as jsonb, or {"refused": "trial_cancelled" | "not_admitted"}.
CREATE FUNCTION enroll_student(
  p_enrollment_id uuid,
  p_trial_id uuid,
  p_student_id uuid,
  p_approval_due_at timestamptz,
  p_parent_notices jsonb,
  p_ip text
) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  v_status trial_status;
  v_enrollment enrollments%ROWTYPE;
BEGIN
  PERFORM 1 FROM users WHERE id = p_student_id FOR SHARE;
  IF NOT EXISTS (
    SELECT 1 FROM consents c
    JOIN family_links l ON l.parent_id = c.parent_id AND l.student_id = c.student_id
    WHERE c.student_id = p_student_id AND c.withdrawn_at IS NULL
  ) THEN
    RETURN jsonb_build_object('refused', 'not_admitted');
  END IF;

  SELECT status INTO v_status FROM trials WHERE id = p_trial_id FOR UPDATE;
  IF v_status IS DISTINCT FROM 'published' THEN
    RETURN jsonb_build_object('refused', 'trial_cancelled');
  END IF;

  INSERT INTO enrollments (id, trial_id, student_id, status, waitlisted_at)
  VALUES (p_enrollment_id, p_trial_id, p_student_id, 'waitlisted', clock_timestamp())
  ON CONFLICT DO NOTHING;
  IF NOT FOUND THEN
    SELECT * INTO v_enrollment FROM enrollments
    WHERE trial_id = p_trial_id AND student_id = p_student_id AND status IN ('awaiting_approval', 'confirmed', 'waitlisted');
    RETURN to_jsonb(v_enrollment);
  END IF;

  UPDATE trials SET seats_taken = seats_taken + 1 WHERE id = p_trial_id AND seats_taken < capacity;
  IF FOUND THEN
    UPDATE enrollments SET status = 'awaiting_approval', waitlisted_at = NULL, approval_due_at = p_approval_due_at
    WHERE id = p_enrollment_id;
    INSERT INTO notifications (user_id, type, title, body, link, data)
    SELECT n."userId", n.type, n.title, n.body, n.link, n.data
    FROM jsonb_to_recordset(p_parent_notices) AS n("userId" uuid, type text, title text, body text, link text, data jsonb);
  END IF;

  SELECT * INTO v_enrollment FROM enrollments WHERE id = p_enrollment_id;
  INSERT INTO audit_log (actor_user_id, action, subject_type, subject_id, ip, data)
  VALUES (p_student_id, 'trial.enrolled', 'enrollment', p_enrollment_id::text, p_ip,
          jsonb_build_object('trialId', p_trial_id, 'status', v_enrollment.status));
  RETURN to_jsonb(v_enrollment);
END $$;
