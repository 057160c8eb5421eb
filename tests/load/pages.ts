/**
 * Page latency as a browser sees it: GET of the whole document (gzip
 * accepted, like a browser), signed in by a session cookie, one request at a
 * time over a keep-alive connection, timed to the last byte.
 */
import { randomBytes } from "node:crypto";
import { Agent, request } from "node:http";
import { performance } from "node:perf_hooks";
import postgres from "postgres";

export interface PageSpec {
  name: string;
  path: string;
  cookie: string;
  /** Origin of the server to ask (set by the caller when measuring several servers at once). */
  baseUrl?: string;
}

export interface PageFigures {
  latencies: number[];
  bytes: number;
}

/** The signed-in people of the measured pages and the ids their pages need. */
export interface Cast {
  student: { id: string; email: string; regionCode: string };
  parent: { id: string };
  mentor: { id: string };
  staff: { id: string };
  trialId: string;
  notifications: number;
  enrollments: number;
}

/**
 * Picks people with typical data from a filled database: a student in a
 * parent's family, with consent, about five notices and an upcoming trial
 * (its page and its mentor's roster are measured), that parent, a staff member.
 */
export async function pickCast(url: string, students: number): Promise<Cast> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    // Students around the middle of the enrolled quarter, with five notices (3 + i % 5 = 5) and a consenting parent (i % 7 ≠ 0).
    const middle = Math.max(1, Math.floor(students / 8));
    const candidates: string[] = [];
    for (let i = middle; candidates.length < 200 && i <= students; i++) if (i % 5 === 2 && i % 7 !== 0) candidates.push(`s${i}@scale.bench`);
    for (let i = 1; candidates.length < 400 && i < middle; i++) if (i % 5 === 2 && i % 7 !== 0) candidates.push(`s${i}@scale.bench`);
    const [row] = await sql`
      select u.id, u.email, sp.region_code, fl.parent_id, e.trial_id,
             (select count(*)::int from notifications n where n.user_id = u.id) as notifications,
             (select count(*)::int from enrollments x where x.student_id = u.id) as enrollments
      from users u
      join student_profiles sp on sp.user_id = u.id
      join family_links fl on fl.student_id = u.id
      join consents c on c.student_id = u.id and c.parent_id = fl.parent_id and c.withdrawn_at is null
      join lateral (
        select e.trial_id from enrollments e join trials t on t.id = e.trial_id
        where e.student_id = u.id and e.status in ('awaiting_approval', 'confirmed') and t.status = 'published' and t.starts_at > now() + interval '1 day'
        order by t.starts_at limit 1
      ) e on true
      where u.email = any(${candidates})
      order by u.email
      limit 1`;
    if (!row) throw new Error("no student with a parent, consent and an upcoming trial in the filled database");
    const [mentor] = await sql`select mentor_id from trial_mentors where trial_id = ${row.trial_id} order by mentor_id limit 1`;
    const [staff] = await sql`select id from users where role = 'staff' order by email limit 1`;
    if (!mentor || !staff) throw new Error("no mentor or staff member in the filled database");
    return {
      student: { id: row.id, email: row.email, regionCode: row.region_code },
      parent: { id: row.parent_id },
      mentor: { id: mentor.mentor_id },
      staff: { id: staff.id },
      trialId: row.trial_id,
      notifications: row.notifications,
      enrollments: row.enrollments,
    };
  } finally {
    await sql.end();
  }
}

/** Sessions made directly in the sessions table (as signing in would), valid for 14 days; returns the Cookie header value per user id. */
export async function signIn(url: string, userIds: string[]): Promise<Map<string, string>> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  const cookies = new Map<string, string>();
  try {
    for (const userId of new Set(userIds)) {
      const id = randomBytes(20).toString("hex");
      await sql`insert into sessions (id, user_id, expires_at, ip, user_agent) values (${id}, ${userId}, now() + interval '14 days', '127.0.0.1', 'bench')`;
      cookies.set(userId, `bilet_session=${id}`);
    }
  } finally {
    await sql.end();
  }
  return cookies;
}

/** The pages of the issue, as the cast sees them. */
export function pagesFor(cast: Cast, cookies: Map<string, string>): PageSpec[] {
  const student = cookies.get(cast.student.id)!;
  const parent = cookies.get(cast.parent.id)!;
  return [
    { name: "student cabinet", path: "/student", cookie: student },
    { name: "parent cabinet", path: "/parent", cookie: parent },
    { name: "child's page", path: `/parent/children/${cast.student.id}`, cookie: parent },
    { name: "catalogue", path: "/student/trials", cookie: student },
    { name: "catalogue, filtered", path: `/student/trials?format=in_person&level=basic&regionCode=${cast.student.regionCode}`, cookie: student },
    { name: "trial page", path: `/student/trials/${cast.trialId}`, cookie: student },
    { name: "notification centre", path: "/notifications", cookie: student },
    { name: "mentor's roster", path: `/mentor/trials/${cast.trialId}`, cookie: cookies.get(cast.mentor.id)! },
    { name: "staff trial list", path: "/staff/trials", cookie: cookies.get(cast.staff.id)! },
    { name: "staff cabinet", path: "/staff", cookie: cookies.get(cast.staff.id)! },
  ];
}

function get(agent: Agent, url: URL, cookie: string, gzip = true): Promise<{ status: number; bytes: number; body: string; location?: string }> {
  return new Promise((resolve, reject) => {
    const headers = { cookie, accept: "text/html", "user-agent": "bilet-bench", ...(gzip ? { "accept-encoding": "gzip" } : {}) };
    const req = request(url, { agent, headers }, (res) => {
      let bytes = 0;
      const head: Buffer[] = [];
      res.on("data", (chunk: Buffer) => {
        if (bytes < 2000) head.push(chunk);
        bytes += chunk.length;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, bytes, body: Buffer.concat(head).toString("utf8").slice(0, 2000), location: res.headers.location }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

/**
 * Requests every page `rounds` times, round robin (so a slow moment of the
 * machine is shared by all pages, and by all servers when the pages name
 * several), after `warmup` uncounted rounds. Figures are keyed by `key(page)`
 * (the name by default). Any answer but 200 stops the run: a redirect to
 * /login would measure nothing.
 */
export async function measurePages(
  pages: PageSpec[],
  rounds: number,
  options: { warmup?: number; log?: (line: string) => void; label?: string; key?: (page: PageSpec) => string } = {},
) {
  const { warmup = 10, log = console.log, label = "", key = (p: PageSpec) => p.name } = options;
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const figures = new Map<string, PageFigures>(pages.map((p) => [key(p), { latencies: [], bytes: 0 }]));
  const started = performance.now();
  let lastReport = started;
  try {
    for (let round = -warmup; round < rounds; round++) {
      for (const page of pages) {
        const t0 = performance.now();
        const res = await get(agent, new URL(page.path, page.baseUrl), page.cookie);
        const ms = performance.now() - t0;
        if (res.status !== 200) {
          const plain = await get(agent, new URL(page.path, page.baseUrl), page.cookie, false).catch(() => res);
          throw new Error(`${label}${key(page)} (${page.path}) answered ${res.status}${res.location ? ` → ${res.location}` : ""}: ${plain.body.replace(/\s+/g, " ").slice(0, 400)}`);
        }
        if (round >= 0) {
          const f = figures.get(key(page))!;
          f.latencies.push(ms);
          f.bytes = res.bytes;
        }
      }
      if (performance.now() - lastReport > 15_000 || round === rounds - 1) {
        lastReport = performance.now();
        log(`${label}round ${Math.max(0, round + 1)} of ${rounds} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
      }
    }
  } finally {
    agent.destroy();
  }
  return figures;
}
