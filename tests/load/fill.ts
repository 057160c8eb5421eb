/**
 * Fills a migrated PostgreSQL database at the scale of a real season with set
 * SQL (INSERT … SELECT over generate_series, no row goes through Node), into
 * the production schema with its indexes, constraints and triggers in place.
 *
 * Every person's and trial's id is the md5 of a tag and an index, shaped as
 * a version-4 UUID (`bench_uuid('s' || 17)` is student 17), so links,
 * enrollments and notices are joined by arithmetic instead of lookups, while
 * ids stay spread like random UUIDs. The helper function exists only while
 * filling.
 *
 * The shape, for N students (the defaults are the season):
 * - students 1…N (grades 6–11, 89 regions); parents 1…0.83·N: parent j is
 *   linked to student j, and every tenth parent also to a second child, each
 *   link made through an accepted invitation; a third of the students without
 *   a parent have a pending invitation out (some expired, already reported);
 * - consents for six links in seven;
 * - trials: N/100 (at least 300), from 60 days ago to 120 days ahead, in every
 *   competency and region, online and in person, one in fifty cancelled;
 *   mentors: one per three trials, each trial with one (every tenth with two);
 *   staff: one per 50,000 students (at least 3);
 * - enrollments: N/2, spread over the trials and over a quarter of the
 *   students (about two each); held seats never exceed capacity, the rest
 *   waitlisted (upcoming) or expired (past); past trials' participants marked;
 * - every person: 3–7 notices (5 on average, 2 unread), 2 emails, 5 audit
 *   rows; one in five has a live session, one in twenty an expired one.
 *
 * Ages stay within the season (90 days) and the retention terms' steady state:
 * letters older than RETENTION_EMAIL_BODIES_DAYS (30) have their bodies
 * dropped already, accepted invitations are younger than 90 days, so the
 * server's retention jobs find no backlog to chew through while pages are
 * being measured.
 *
 * The notification trigger's pg_notify is switched off while filling (nobody
 * listens, and millions of signals would only fill the queue) and on again
 * afterwards; every other trigger and every foreign key is checked as usual.
 */
import { performance } from "node:perf_hooks";
import postgres from "postgres";
import { CURRENT_CONSENT_VERSION } from "@bilet/content";

export interface FillPlan {
  students: number;
  parents: number;
  mentors: number;
  staff: number;
  trials: number;
  enrollments: number;
  /** Enrollments go to students 1…enrolledStudents; coprime with `trials`, so no student is enrolled twice in one trial. */
  enrolledStudents: number;
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

function coprimeNear(n: number, with_: number): number {
  let x = Math.max(1, n);
  while (gcd(x, with_) !== 1) x += 1;
  return x;
}

/** The season's proportions for `students` students (1,000,000 in the issue). */
export function scalePlan(students: number): FillPlan {
  const trials = Math.max(300, Math.round(students / 100));
  const enrollments = Math.round(students / 2);
  return {
    students,
    parents: Math.round(students * 0.83),
    mentors: Math.ceil(trials / 3),
    staff: Math.max(3, Math.round(students / 50_000)),
    trials,
    enrollments,
    enrolledStudents: Math.min(students, coprimeNear(Math.round(students / 4), trials)),
  };
}

/** An almost empty database: a handful of each kind, the same shapes. */
export function tinyPlan(): FillPlan {
  return { students: 8, parents: 7, mentors: 2, staff: 1, trials: 5, enrollments: 10, enrolledStudents: coprimeNear(4, 5) };
}

export interface FillResult {
  plan: FillPlan;
  rows: Record<string, number>;
  seconds: number;
}

const LAST_NAMES = ["Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов", "Новиков", "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров", "Павлов", "Козлов", "Степанов", "Николаев"];
const FIRST_NAMES = ["Александр", "Мария", "Михаил", "Анна", "Артём", "София", "Матвей", "Виктория", "Иван", "Полина", "Дмитрий", "Алиса", "Кирилл", "Елизавета", "Максим", "Ксения", "Тимофей", "Дарья", "Егор", "Варвара"];
const MIDDLE_NAMES = ["Александрович", "Сергеевич", "Андреевич", "Дмитриевич", "Игоревич", "Олегович"];
/** A real argon2id hash shape; nobody signs in with a password here (sessions are made directly). */
const PASSWORD_HASH = "$argon2id$v=19$m=19456,t=2,p=1$YmVuY2hzYWx0YmVuY2g$QmVuY2hIYXNoQmVuY2hIYXNoQmVuY2hIYXNoQmVuY2g";

/** Notices per role: type, title, body, link. */
const NOTICES: Record<"s" | "p" | "m" | "a", [string, string, string, string][]> = {
  s: [
    ["account.activated", "Аккаунт активирован", "Добро пожаловать! Теперь можно проходить диагностику и записываться на пробы.", "/student"],
    ["consent.given", "Допуск к практическим мероприятиям получен", "Согласие на обработку твоих персональных данных получено от родителя. Теперь можно записываться на профессиональные пробы.", "/student"],
    ["trial.approved", "Родитель подтвердил участие", "Твоя запись на пробу подтверждена. Приходи вовремя: место за тобой.", "/student/trials"],
    ["recommendations.ready", "Рекомендации готовы", "По результатам диагностики и проб готов твой индивидуальный учебный план.", "/student/recommendations"],
    ["trial.seat_freed", "Освободилось место", "На пробе, куда ты стоял в листе ожидания, освободилось место: оно за тобой, пока родитель не решит.", "/student/trials"],
  ],
  p: [
    ["family.child_registered", "Регистрация ребёнка завершена", "Ребёнок зарегистрировался по вашему приглашению, кабинеты связаны.", "/parent"],
    ["trial.approval_requested", "Ребёнок записался на пробу, подтвердите участие", "Место удерживается 48 часов. Подтвердите участие или откажитесь на странице ребёнка.", "/parent"],
    ["trial.attendance_marked", "Отмечено посещение пробы", "Наставник отметил, что ребёнок пришёл на пробу.", "/parent"],
    ["diagnostics.finished", "Ребёнок прошёл тест", "Результаты теста доступны в кабинете ребёнка.", "/parent"],
    ["security.login", "Вход в кабинет", "В ваш кабинет выполнен вход с нового устройства.", "/parent"],
  ],
  m: [
    ["trial.assigned", "Вас назначили на пробу", "Вы наставник пробы; список участников откроется в кабинете наставника.", "/mentor"],
    ["trial.enrolled", "Новый участник пробы", "На вашу пробу записался участник.", "/mentor"],
    ["security.login", "Вход в кабинет", "В ваш кабинет выполнен вход с нового устройства.", "/mentor"],
  ],
  a: [
    ["requests.new", "Новое обращение", "Поступило обращение, ожидающее ответа.", "/staff/requests"],
    ["security.login", "Вход в кабинет", "В ваш кабинет выполнен вход с нового устройства.", "/staff"],
  ],
};
const AUDIT_ACTIONS = ["auth.login", "auth.login", "account.activated", "profile.updated", "auth.logout", "consent.given", "trial.enrolled"];
const TEXT_BODY =
  "Здравствуйте!\n\nВы получили это письмо, потому что на платформе «Билет в будущее» произошло событие, о котором мы обещали сообщать. " +
  "Подробности — в личном кабинете. Если это были не вы, просто проигнорируйте письмо или напишите нам.\n\nС уважением, команда «Билета в будущее»\n";
const HTML_BODY = `<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Билет в будущее</title></head><body style="font-family:Arial,sans-serif;font-size:16px;line-height:1.5;color:#1a1a1a"><table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td style="padding:24px"><h1 style="font-size:20px">Билет в будущее</h1><p>${TEXT_BODY.replaceAll("\n", "<br>")}</p><p style="color:#666;font-size:13px">Это письмо отправлено автоматически, отвечать на него не нужно.</p></td></tr></table></body></html>`;

type Kind = "s" | "p" | "m" | "a";
const ROLE: Record<Kind, string> = { s: "student", p: "parent", m: "mentor", a: "staff" };

export interface FillOptions {
  /** postgres:// URL of the (migrated) database to fill. */
  url: string;
  plan: FillPlan;
  /** Statements run side by side for the per-person tables (default 2). */
  jobs?: number;
  log?: (line: string) => void;
  /** Label in the progress lines. */
  label?: string;
}

export async function fill({ url, plan, jobs = 2, log = console.log, label = "fill" }: FillOptions): Promise<FillResult> {
  const started = performance.now();
  const since = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
  const say = (line: string) => log(`[${label} ${since()}] ${line}`);
  const sql = postgres(url, { max: Math.max(1, jobs), onnotice: () => {}, connection: { synchronous_commit: "off", statement_timeout: 0 } });
  const rows: Record<string, number> = {};
  // One moment for the whole fill, so statuses agree with start times.
  const [{ base }] = (await sql`select date_trunc('minute', now()) as base`) as unknown as [{ base: Date }];
  const regions = (await sql`select code from regions order by code`).map((r) => r.code as string);
  const competencies = await sql`select code, name from competencies order by code`;
  const codes = competencies.map((c) => c.code as string);
  const names = competencies.map((c) => c.name as string);
  const R = regions.length;
  const { students: N, parents: P, mentors: M, staff: ST, trials: T, enrollments: E, enrolledStudents: SE } = plan;
  say(`plan: ${N} students, ${P} parents, ${M} mentors, ${ST} staff, ${T} trials, ${E} enrollments (${jobs} statements at a time)`);

  /** Runs `total` items in chunks with progress lines; `run(lo, hi)` covers lo…hi inclusive and returns rows written. */
  async function chunked(what: string, from: number, to: number, size: number, run: (lo: number, hi: number) => Promise<number>) {
    const t0 = performance.now();
    const ranges: [number, number][] = [];
    for (let lo = from; lo <= to; lo += size) ranges.push([lo, Math.min(to, lo + size - 1)]);
    let done = 0;
    let written = 0;
    let next = 0;
    let lastReport = performance.now();
    const worker = async () => {
      while (next < ranges.length) {
        const [lo, hi] = ranges[next++]!;
        written += await run(lo, hi);
        done += hi - lo + 1;
        if (performance.now() - lastReport > 10_000 && done < to - from + 1) {
          lastReport = performance.now();
          const s = (performance.now() - t0) / 1000;
          say(`  ${what}: ${Math.round((100 * done) / (to - from + 1))}% (${written.toLocaleString("en")} rows, ${Math.round(written / s).toLocaleString("en")} rows/s)`);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(jobs, ranges.length) }, worker));
    const s = (performance.now() - t0) / 1000;
    rows[what] = (rows[what] ?? 0) + written;
    say(`${what}: ${written.toLocaleString("en")} rows in ${s.toFixed(1)} s`);
  }
  const count = (r: { count: number }) => r.count;

  const notifyTriggers = (
    await sql`
      select t.tgname from pg_trigger t join pg_proc p on p.oid = t.tgfoid
      where t.tgrelid = 'notifications'::regclass and not t.tgisinternal and t.tgenabled <> 'D' and p.prosrc ilike '%pg_notify%'`
  ).map((r) => r.tgname as string);
  for (const name of notifyTriggers) await sql.unsafe(`alter table notifications disable trigger "${name}"`);
  // md5 as a UUID with the version (4) and variant (8) digits that validators expect of a random UUID.
  await sql`
    create or replace function bench_uuid(text) returns uuid language sql immutable parallel safe
    as $$ select overlay(overlay(md5($1) placing '4' from 13) placing '8' from 17)::uuid $$`;
  try {
    await sql`
      insert into season_calendar (id, registration_opens_on, esia_opens_on, trials_start_on, trials_end_on, recommendations_on)
      values (1, (${base}::timestamptz - interval '90 days')::date, (${base}::timestamptz - interval '90 days')::date,
              (${base}::timestamptz - interval '60 days')::date, (${base}::timestamptz + interval '130 days')::date, (${base}::timestamptz + interval '140 days')::date)
      on conflict (id) do nothing`;

    // People.
    const users = (kind: Kind, n: number) =>
      chunked(`users (${ROLE[kind]})`, 1, n, 100_000, async (lo, hi) =>
        count(
          await sql`
            insert into users (id, email, role, last_name, first_name, middle_name, password_hash, activated_at, created_at, updated_at)
            select bench_uuid(${kind}::text || i), ${kind}::text || i || '@scale.bench', ${ROLE[kind]}::user_role,
                   (${LAST_NAMES}::text[])[1 + i % ${LAST_NAMES.length}], (${FIRST_NAMES}::text[])[1 + (i / 7) % ${FIRST_NAMES.length}],
                   case when ${kind}::text <> 's' then (${MIDDLE_NAMES}::text[])[1 + i % ${MIDDLE_NAMES.length}] end,
                   ${PASSWORD_HASH}, ts + interval '10 minutes', ts, ts
            from generate_series(${lo}::int, ${hi}::int) i
            cross join lateral (select ${base}::timestamptz - make_interval(secs => (i::bigint * 7919) % 7776000) as ts) t`,
        ),
      );
    await users("s", N);
    await users("p", P);
    await users("m", M);
    await users("a", ST);

    await chunked("student_profiles", 1, N, 200_000, async (lo, hi) =>
      count(
        await sql`
          insert into student_profiles (user_id, birth_date, grade, region_code, school, created_at)
          select bench_uuid('s' || i), make_date(extract(year from ${base}::timestamptz)::int - 7 - g, 1 + i % 12, 1 + i % 28), g,
                 (${regions}::text[])[1 + i % ${R}], 'Школа № ' || (1 + i % 700), ${base}::timestamptz - make_interval(secs => (i::bigint * 7919) % 7776000)
          from generate_series(${lo}::int, ${hi}::int) i cross join lateral (select 6 + i % 6 as g) x`,
      ),
    );
    await chunked("parent_profiles", 1, P, 200_000, async (lo, hi) =>
      count(
        await sql`
          insert into parent_profiles (user_id, region_code, created_at)
          select bench_uuid('p' || i), (${regions}::text[])[1 + i % ${R}], ${base}::timestamptz - make_interval(secs => (i::bigint * 7919) % 7776000)
          from generate_series(${lo}::int, ${hi}::int) i`,
      ),
    );

    // Families: each link through an accepted invitation (parent j ↔ student j; every tenth parent also ↔ student P + j/10).
    const secondChildren = Math.max(0, Math.min(Math.floor(P / 10), N - P));
    const families = (what: string, from: number, to: number, parentOf: string, studentOf: string, tag: string) =>
      chunked(what, from, to, 200_000, async (lo, hi) => {
        await sql.unsafe(
          `insert into invitations (id, inviter_id, invitee_email, invitee_role, token_hash, status, expires_at, sent_count, last_sent_at, accepted_by_id, accepted_at, created_at)
           select bench_uuid('${tag}-' || i),
                  case when i % 2 = 0 then bench_uuid('p' || ${parentOf}) else bench_uuid('s' || ${studentOf}) end,
                  case when i % 2 = 0 then 's' || ${studentOf} else 'p' || ${parentOf} end || '@scale.bench',
                  case when i % 2 = 0 then 'student' else 'parent' end::user_role,
                  md5('token-${tag}-' || i), 'accepted', ts + interval '7 days', 1, ts,
                  case when i % 2 = 0 then bench_uuid('s' || ${studentOf}) else bench_uuid('p' || ${parentOf}) end, ts + interval '1 day', ts
           from generate_series($1::int, $2::int) i
           cross join lateral (select $3::timestamptz - interval '1 day' - make_interval(secs => (i::bigint * 7919) % 6912000) as ts) t`,
          [lo, hi, base],
        );
        const links = await sql.unsafe(
          `insert into family_links (parent_id, student_id, invitation_id, created_at)
           select bench_uuid('p' || ${parentOf}), bench_uuid('s' || ${studentOf}), bench_uuid('${tag}-' || i),
                  $3::timestamptz - make_interval(secs => (i::bigint * 7919) % 7776000)
           from generate_series($1::int, $2::int) i`,
          [lo, hi, base],
        );
        await sql.unsafe(
          `insert into consents (parent_id, student_id, document_version, method, given_at, ip, user_agent)
           select bench_uuid('p' || ${parentOf}), bench_uuid('s' || ${studentOf}), $4, 'password',
                  $3::timestamptz - make_interval(secs => (i::bigint * 7919) % 7776000) + interval '2 hours', '10.1.' || (i % 250) || '.' || (i % 199), 'Mozilla/5.0 (bench)'
           from generate_series($1::int, $2::int) i where i % 7 <> 0`,
          [lo, hi, base, CURRENT_CONSENT_VERSION],
        );
        return links.count;
      });
    await families("family_links", 1, P, "i", "i", "inv");
    if (secondChildren > 0) await families("family_links", 1, secondChildren, `(i * 10)`, `(${P} + i)`, "inv2");
    // Students still without a parent: every third has an invitation out, half of them expired (and already reported).
    const firstUnlinked = P + secondChildren + 1;
    if (firstUnlinked <= N) {
      await chunked("invitations (pending)", firstUnlinked, N, 200_000, async (lo, hi) =>
        count(
          await sql`
            insert into invitations (inviter_id, invitee_email, invitee_role, token_hash, status, expires_at, sent_count, last_sent_at, expiry_notified_at, created_at)
            select bench_uuid('s' || i), 'parent.of.s' || i || '@example.ru', 'parent', md5('token-open' || i), 'pending', ts + interval '7 days', 1 + i % 3, ts,
                   case when ts + interval '7 days' < ${base}::timestamptz then ts + interval '7 days' end, ts
            from generate_series(${lo}::int, ${hi}::int) i
            cross join lateral (select ${base}::timestamptz - make_interval(secs => (i::bigint * 7919) % 1209600) as ts) t
            where i % 3 = 0`,
        ),
      );
    }
    const [{ n: consentRows }] = (await sql`select count(*)::int as n from consents`) as unknown as [{ n: number }];
    rows.consents = consentRows;
    say(`consents: ${consentRows.toLocaleString("en")} rows (six links in seven)`);

    // Trials, mentors, enrollments.
    await chunked("trials", 1, T, 100_000, async (lo, hi) =>
      count(
        await sql`
          insert into trials (id, competency_code, title, description, level, format, region_code, address, link, starts_at, duration_minutes, capacity,
                              min_grade, max_grade, enroll_deadline, status, created_by_id, created_at)
          select bench_uuid('t' || t), (${codes}::text[])[1 + t % ${codes.length}],
                 (${names}::text[])[1 + t % ${codes.length}] || ': проба № ' || t,
                 'Участники знакомятся с профессией на практике: пробуют основные операции под руководством наставника, узнают, где этому учат и где работают, и получают отзыв о своей работе.',
                 (array['intro','basic','advanced'])[1 + t % 3]::trial_level,
                 case when t % 2 = 0 then 'in_person' else 'online' end::trial_format,
                 case when t % 2 = 0 then (${regions}::text[])[1 + (t / 2) % ${R}] end,
                 case when t % 2 = 0 then 'ул. Профессиональная, д. ' || (1 + t % 120) || ', колледж' end,
                 case when t % 2 = 1 then 'https://example.ru/trial/' || t end,
                 starts, 60 + 30 * (t % 4), 20 + (t * 37) % 61, 6 + t % 3, least(11, 6 + t % 3 + 3 + t % 3),
                 starts - interval '1 day', case when t % 50 = 0 then 'cancelled' else 'published' end::trial_status,
                 bench_uuid('a1'), least(${base}::timestamptz, starts - interval '30 days')
          from generate_series(${lo}::int, ${hi}::int) t
          cross join lateral (select date_trunc('hour', ${base}::timestamptz) + make_interval(hours => ((t::bigint * 7919) % 4320)::int - 1440) as starts) s`,
      ),
    );
    await chunked("trial_mentors", 1, T, 100_000, async (lo, hi) =>
      count(
        await sql`
          insert into trial_mentors (trial_id, mentor_id)
          select bench_uuid('t' || t), bench_uuid('m' || (1 + t % ${M})) from generate_series(${lo}::int, ${hi}::int) t
          union all
          select bench_uuid('t' || t), bench_uuid('m' || (1 + (t * 7) % ${M})) from generate_series(${lo}::int, ${hi}::int) t
          where t % 10 = 0 and (t * 7) % ${M} <> t % ${M}`,
      ),
    );
    // Enrollment k: trial 1 + k % T, position r = k / T in it, student 1 + k % SE.
    await chunked("enrollments", 0, E - 1, 100_000, async (lo, hi) =>
      count(
        await sql`
          insert into enrollments (trial_id, student_id, status, waitlisted_at, approval_due_at, decided_by_id, decided_at, attendance, attendance_marked_at, created_at)
          select tr.id, bench_uuid('s' || s), st.status,
                 case when st.status = 'waitlisted' then c.at end,
                 case when st.status = 'awaiting_approval' then least(tr.starts_at, ${base}::timestamptz + interval '40 hours') end,
                 case when st.status in ('confirmed', 'declined') and s <= ${P} then bench_uuid('p' || s) end,
                 case when st.status in ('confirmed', 'declined') then c.at + interval '5 hours' end,
                 case when st.status = 'confirmed' and tr.starts_at < ${base}::timestamptz then (case when r % 5 = 0 then 'absent' else 'present' end)::attendance_mark end,
                 case when st.status = 'confirmed' and tr.starts_at < ${base}::timestamptz then tr.starts_at end,
                 c.at
          from generate_series(${lo}::int, ${hi}::int) k
          cross join lateral (select k / ${T} as r, 1 + k % ${SE} as s) p
          join trials tr on tr.id = bench_uuid('t' || (1 + k % ${T}))
          cross join lateral (select least(${base}::timestamptz, tr.starts_at) - interval '6 days' + make_interval(mins => r * 7) as at) c
          cross join lateral (select (case
              when tr.status = 'cancelled' then 'trial_cancelled'
              when r % 13 = 7 then 'cancelled'
              when r % 17 = 3 then 'declined'
              when r < tr.capacity and tr.starts_at < ${base}::timestamptz then 'confirmed'
              when r < tr.capacity then case when r % 3 = 0 then 'awaiting_approval' else 'confirmed' end
              when tr.starts_at < ${base}::timestamptz then 'expired'
              else 'waitlisted' end)::enrollment_status as status) st`,
      ),
    );
    await sql`
      update trials t set seats_taken = h.n
      from (select trial_id, count(*)::int as n from enrollments where status in ('awaiting_approval', 'confirmed') group by trial_id) h
      where t.id = h.trial_id`;
    say("trials: seat counters set from the held enrollments");

    // Per person: notices, emails, audit rows, sessions.
    const populations: [Kind, number][] = [
      ["s", N],
      ["p", P],
      ["m", M],
      ["a", ST],
    ];
    for (const [kind, n] of populations) {
      const notices = NOTICES[kind];
      await chunked(`notifications (${ROLE[kind]})`, 1, n, 50_000, async (lo, hi) =>
        count(
          await sql`
            insert into notifications (user_id, type, title, body, link, data, read_at, created_at)
            select bench_uuid(${kind}::text || i), (${notices.map((x) => x[0])}::text[])[v], (${notices.map((x) => x[1])}::text[])[v],
                   (${notices.map((x) => x[2])}::text[])[v], (${notices.map((x) => x[3])}::text[])[v], '{}'::jsonb,
                   case when n > 2 then ts + interval '3 hours' end, ts
            from generate_series(${lo}::int, ${hi}::int) i
            cross join lateral generate_series(1, 3 + i % 5) n
            cross join lateral (select 1 + (i + n) % ${notices.length} as v,
                                       ${base}::timestamptz - make_interval(secs => ((i::bigint * 7919 + n * 1296000) % 7776000)::int + (n - 1) * 3600) as ts) x`,
        ),
      );
    }
    // Bodies of letters older than the retention term are already dropped, as the retention job leaves them.
    const bodyDays = Math.max(0, Number(process.env.RETENTION_EMAIL_BODIES_DAYS ?? 30) - 1);
    for (const [kind, n] of populations) {
      await chunked(`email_outbox (${ROLE[kind]})`, 1, n, 50_000, async (lo, hi) =>
        count(
          await sql`
            insert into email_outbox (to_address, subject, text_body, html_body, template, status, attempts, next_attempt_at, sent_at, created_at)
            select ${kind}::text || i || '@scale.bench',
                   case when n = 1 then 'Подтвердите адрес электронной почты' else 'Новое уведомление на платформе «Билет в будущее»' end,
                   case when ts > ${base}::timestamptz - make_interval(days => ${bodyDays}) then ${TEXT_BODY} || 'Ссылка: https://bilet.example.ru/activate?token=' || md5(${kind}::text || i || '-' || n) else '' end,
                   case when ts > ${base}::timestamptz - make_interval(days => ${bodyDays}) then ${HTML_BODY} else '' end,
                   case when n = 1 then 'activation' else 'notice' end, 'sent', 1, ts, ts + interval '2 seconds', ts
            from generate_series(${lo}::int, ${hi}::int) i
            cross join generate_series(1, 2) n
            cross join lateral (select ${base}::timestamptz - make_interval(secs => ((i::bigint * 7919 + n * 2592000) % 7776000)::int) as ts) x`,
        ),
      );
    }
    for (const [kind, n] of populations) {
      await chunked(`audit_log (${ROLE[kind]})`, 1, n, 50_000, async (lo, hi) =>
        count(
          await sql`
            insert into audit_log (actor_user_id, action, subject_type, subject_id, ip, data, created_at)
            select bench_uuid(${kind}::text || i), (${AUDIT_ACTIONS}::text[])[1 + (i + n) % ${AUDIT_ACTIONS.length}], 'user', bench_uuid(${kind}::text || i)::text,
                   '10.' || (i % 250) || '.' || ((n * 37) % 250) || '.' || ((i * 7) % 250), '{}'::jsonb,
                   ${base}::timestamptz - make_interval(secs => ((i::bigint * 7919 + n * 1555200) % 7776000)::int)
            from generate_series(${lo}::int, ${hi}::int) i
            cross join generate_series(1, 5) n`,
        ),
      );
    }
    for (const [kind, n] of populations) {
      await chunked(`sessions (${ROLE[kind]})`, 1, n, 200_000, async (lo, hi) =>
        count(
          await sql`
            insert into sessions (id, user_id, expires_at, auth_method, ip, user_agent, created_at)
            select md5('session-' || ${kind}::text || i) || substr(md5('x' || ${kind}::text || i), 1, 8), bench_uuid(${kind}::text || i),
                   case when i % 20 = 0 then ${base}::timestamptz - make_interval(days => 1 + i % 30) else ${base}::timestamptz + make_interval(days => 1 + i % 13) end,
                   'password', '10.2.' || (i % 250) || '.' || (i % 199), 'Mozilla/5.0 (bench)', ${base}::timestamptz - make_interval(days => i % 30)
            from generate_series(${lo}::int, ${hi}::int) i where i % 5 = 0 or i % 20 = 0`,
        ),
      );
    }
  } finally {
    for (const name of notifyTriggers) await sql.unsafe(`alter table notifications enable trigger "${name}"`);
    await sql`drop function if exists bench_uuid(text)`;
  }

  // As autovacuum would leave it after a while: statistics and the visibility map.
  const t0 = performance.now();
  await sql`vacuum (analyze)`;
  await sql`checkpoint`.catch(() => {});
  say(`vacuum analyze: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const [{ size }] = (await sql`select pg_size_pretty(pg_database_size(current_database())) as size`) as unknown as [{ size: string }];
  await sql.end();
  const seconds = (performance.now() - started) / 1000;
  say(`done: ${Object.values(rows).reduce((a, b) => a + b, 0).toLocaleString("en")} rows, database ${size}, ${seconds.toFixed(1)} s in all`);
  return { plan, rows, seconds };
}
