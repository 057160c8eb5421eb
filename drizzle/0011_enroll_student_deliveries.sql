-- enroll_student (migration 0003) also stores how the parents' notices go
-- beyond the cabinet, in the same round trip and transaction: each notice row
-- may carry "email" (the rendered letter of a decision: to, subject, text,
-- html, template) and "push" (a push delivery due now, when the parent has a
-- subscribed device). The application decides both from the parents'
-- preferences (packages/core/src/notifications); the function only stores.
-- Same signature as before, so older callers passing plain notices still work.
CREATE OR REPLACE FUNCTION enroll_student(
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
    WITH notices AS (
      SELECT * FROM jsonb_to_recordset(p_parent_notices)
        AS n("userId" uuid, type text, title text, body text, link text, data jsonb, email jsonb, push boolean)
    ), stored AS (
      INSERT INTO notifications (user_id, type, title, body, link, data)
      SELECT n."userId", n.type, n.title, n.body, n.link, n.data FROM notices n
      RETURNING id, user_id
    ), letters AS (
      INSERT INTO email_outbox (to_address, subject, text_body, html_body, template)
      SELECT n.email->>'to', n.email->>'subject', n.email->>'text', n.email->>'html', n.email->>'template'
      FROM notices n WHERE n.email IS NOT NULL AND jsonb_typeof(n.email) = 'object'
    )
    INSERT INTO notification_deliveries (notification_id, user_id, channel)
    SELECT s.id, s.user_id, 'push' FROM stored s JOIN notices n ON n."userId" = s.user_id
    WHERE coalesce(n.push, false);
  END IF;

  SELECT * INTO v_enrollment FROM enrollments WHERE id = p_enrollment_id;
  INSERT INTO audit_log (actor_user_id, action, subject_type, subject_id, ip, data)
  VALUES (p_student_id, 'trial.enrolled', 'enrollment', p_enrollment_id::text, p_ip,
          jsonb_build_object('trialId', p_trial_id, 'status', v_enrollment.status));
  RETURN to_jsonb(v_enrollment);
END $$;
