import { z } from "zod";

/**
 * Every environment variable the platform reads, parsed once. Other packages
 * import `loadEnv()` instead of touching `process.env`.
 */
/** Placeholders that say plainly they must be replaced before real families give consent. */
export const OPERATOR_DEFAULTS = {
  name: "Оператор платформы «Билет в будущее» (наименование не задано: укажите OPERATOR_NAME)",
  address: "адрес оператора не задан: укажите OPERATOR_ADDRESS",
} as const;

/** "MM-DD" that names a day of every year (so not 02-29). */
function isDayOfEveryYear(monthDay: string): boolean {
  const [m, d] = monthDay.split("-").map(Number) as [number, number];
  if (m < 1 || m > 12 || d < 1) return false;
  // 2025 is a common year: the day must exist there.
  return d <= new Date(Date.UTC(2025, m, 0)).getUTCDate();
}

/**
 * How long data is kept before the background jobs remove it (README «Data retention»,
 * docs/decisions/0012-…). Terms count from when a row stopped mattering; 0 keeps that data forever.
 */
export interface RetentionSettings {
  /** Read notifications, from when they were created. */
  readNotificationMonths: number;
  /** Bodies of letters already sent (or captured, or failed); the record of the letter stays. */
  emailBodyDays: number;
  /** Used and expired one-time links (email tokens) and ESIA logins, from their expiry. */
  linkDays: number;
  /** Accepted, revoked and expired invitations, from when they stopped being usable. */
  invitationDays: number;
  /** The audit log and the records of sent letters. */
  auditMonths: number;
  /** Rows one statement removes at most. */
  batchSize: number;
}

export const RETENTION_DEFAULTS: RetentionSettings = {
  readNotificationMonths: 6,
  emailBodyDays: 30,
  linkDays: 30,
  invitationDays: 90,
  auditMonths: 36,
  batchSize: 5000,
};

const retentionTerm = (fallback: number) => z.coerce.number().int().min(0).max(1200).default(fallback);

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Public origin of the site, used in email links and for the same-origin check. */
  APP_ORIGIN: z.url().optional(),
  /** Real PostgreSQL; when unset, embedded PGlite keeps data in PGLITE_DIR. */
  DATABASE_URL: z.string().min(1).optional(),
  PGLITE_DIR: z.string().min(1).default(".data/pglite"),
  /** smtp://user:pass@host:port; when unset, emails stay in the dev mailbox (/dev/mailbox). */
  SMTP_URL: z.string().min(1).optional(),
  MAIL_FROM: z.string().min(3).default("Билет в будущее <bilet@localhost>"),
  /** A session ends after this many days without activity. */
  SESSION_IDLE_DAYS: z.coerce.number().positive().default(14),
  /** Secure session cookie; defaults to on in production. */
  COOKIE_SECURE: z
    .enum(["true", "false"])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === "true")),
  /**
   * Seed demo accounts (published password) at start. Default: on for a loopback
   * origin (a laptop), except production on PostgreSQL; off for a public origin
   * unless set to true explicitly.
   */
  SEED_DEMO: z
    .enum(["true", "false"])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === "true")),
  /** Multiply all rate limits, e.g. for load benchmarks on loopback. 0 disables them. */
  RATE_LIMIT_FACTOR: z.coerce.number().min(0).default(1),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  /** Hours a held trial seat waits for a parent's approval before it is released. */
  TRIAL_APPROVAL_HOURS: z.coerce.number().positive().max(24 * 30).default(48),
  /** ESIA (Госуслуги) OpenID Connect provider; when unset, the local stand-in may be used (ESIA_STUB). */
  ESIA_ISSUER: z.url().optional(),
  ESIA_CLIENT_ID: z.string().min(1).default("bilet-local"),
  ESIA_CLIENT_SECRET: z.string().min(1).optional(),
  ESIA_REDIRECT_URI: z.url().optional(),
  ESIA_SCOPES: z.string().min(1).default("openid email profile"),
  /** Start the local ESIA stand-in when ESIA_ISSUER is unset. Default: on for a loopback origin only. */
  ESIA_STUB: z
    .enum(["true", "false"])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === "true")),
  /**
   * End-to-end tests only: with it, POST /__test__/factory makes signed-in test
   * people for callers that send this secret. Refused with a public origin.
   */
  TEST_FACTORY_SECRET: z.string().min(16).optional(),
  /** The requests' email channel: an SMTP listener on this port takes letters to the project's address (unset: off). */
  SMTP_INBOUND_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** Interface the listener binds to; behind a mail server on the same machine, loopback is enough. */
  SMTP_INBOUND_HOST: z.string().min(1).default("127.0.0.1"),
  /** The domain of the project's address for requests (letters to other domains are refused); default: MAIL_FROM's. */
  REQUESTS_DOMAIN: z.string().min(1).optional(),
  /** Port of the local ESIA stand-in; 0 picks a free one. */
  ESIA_STUB_PORT: z.coerce.number().int().min(0).max(65535).default(4010),
  /** The personal-data operator named in the consent text (152-ФЗ): legal name and address. */
  OPERATOR_NAME: z.string().trim().min(3).default(OPERATOR_DEFAULTS.name),
  OPERATOR_ADDRESS: z.string().trim().min(3).default(OPERATOR_DEFAULTS.address),
  /**
   * Web Push (VAPID) keys, as `npx web-push generate-vapid-keys` prints them (URL-safe base64). Both or
   * neither: unset, the platform makes a pair once and keeps it in the database (app_settings).
   */
  VAPID_PUBLIC_KEY: z.string().trim().regex(/^[A-Za-z0-9_-]{87}$/, "ожидается открытый ключ VAPID: 87 символов URL-safe base64").optional(),
  VAPID_PRIVATE_KEY: z.string().trim().regex(/^[A-Za-z0-9_-]{43}$/, "ожидается закрытый ключ VAPID: 43 символа URL-safe base64").optional(),
  /** Contact of the push sender for push services: mailto: or https:. Default: the address of MAIL_FROM. */
  VAPID_SUBJECT: z
    .string()
    .trim()
    .regex(/^(mailto:|https:\/\/)\S+$/, "ожидается mailto:адрес или https://адрес")
    .optional(),
  /**
   * Days between a request to delete a person's data and the erasure (cancellable until then).
   * At most 30: 152-ФЗ art. 21 gives the operator 30 days to destroy data once consent is withdrawn.
   */
  DATA_DELETION_GRACE_DAYS: z.coerce.number().int().min(1).max(30).default(30),
  /**
   * The web server runs the periodic jobs and the outbox sender itself (default true). Set false
   * when workers (apps/worker) do it; needs PostgreSQL, since a worker cannot open PGlite's folder.
   */
  RUN_JOBS: z
    .enum(["true", "false"])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === "true")),
  /** A worker answers GET /health on this port (unset: no HTTP at all). */
  WORKER_HEALTH_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  RETENTION_READ_NOTIFICATIONS_MONTHS: retentionTerm(RETENTION_DEFAULTS.readNotificationMonths),
  RETENTION_EMAIL_BODIES_DAYS: retentionTerm(RETENTION_DEFAULTS.emailBodyDays),
  RETENTION_LINKS_DAYS: retentionTerm(RETENTION_DEFAULTS.linkDays),
  RETENTION_INVITATIONS_DAYS: retentionTerm(RETENTION_DEFAULTS.invitationDays),
  RETENTION_AUDIT_MONTHS: retentionTerm(RETENTION_DEFAULTS.auditMonths),
  RETENTION_BATCH: z.coerce.number().int().min(1).max(100_000).default(RETENTION_DEFAULTS.batchSize),
  /** The day («MM-DD», Moscow) a school year begins: students move up a grade and 11th-graders become graduates. */
  SCHOOL_YEAR_START: z
    .string()
    .trim()
    .regex(/^\d{2}-\d{2}$/, "ожидается MM-DD, например 09-01")
    .refine((v) => isDayOfEveryYear(v), "такого дня нет в каждом году: укажите MM-DD, например 09-01")
    .default("09-01"),
});

export type Env = z.infer<typeof envSchema> & {
  APP_ORIGIN: string;
  COOKIE_SECURE: boolean;
  SEED_DEMO: boolean;
  ESIA_STUB: boolean;
  /** APP_ORIGIN is localhost, 127.0.0.1 or [::1]: a developer's machine, not a public server. */
  LOOPBACK_ORIGIN: boolean;
  /** The development mailbox (/dev/mailbox): only without SMTP_URL on a loopback origin. */
  DEV_MAILBOX: boolean;
  REQUESTS_DOMAIN: string;
  RUN_JOBS: boolean;
  RETENTION: RetentionSettings;
};

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** Whether an origin names this machine only (localhost, 127.0.0.1, [::1]). */
export function isLoopbackOrigin(origin: string): boolean {
  try {
    return LOOPBACK_HOSTS.has(new URL(origin).hostname);
  } catch {
    return false;
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment:\n${issues}`);
  }
  const env = result.data;
  const appOrigin = (env.APP_ORIGIN ?? `http://localhost:${env.PORT}`).replace(/\/$/, "");
  const loopback = isLoopbackOrigin(appOrigin);
  if (!loopback && !env.SMTP_URL) {
    // Without SMTP every letter (password resets included) would be readable in the dev mailbox.
    throw new Error(
      `Invalid environment:\n  SMTP_URL: обязателен для публичного адреса ${appOrigin}. ` +
        "Без SMTP письма (в том числе ссылки для сброса пароля) некуда отправить; почтовый ящик разработчика работает только на localhost.",
    );
  }
  if (!loopback && env.TEST_FACTORY_SECRET) {
    throw new Error(`Invalid environment:\n  TEST_FACTORY_SECRET: только для тестов на localhost, не для ${appOrigin}.`);
  }
  if (Boolean(env.VAPID_PUBLIC_KEY) !== Boolean(env.VAPID_PRIVATE_KEY)) {
    throw new Error("Invalid environment:\n  VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY: задайте оба ключа VAPID или ни одного (тогда пара создаётся один раз и хранится в базе).");
  }
  if (env.RUN_JOBS === false && !env.DATABASE_URL) {
    // Nobody would send the letters: a worker cannot open the folder PGlite has locked.
    throw new Error(
      "Invalid environment:\n  RUN_JOBS: false возможно только с DATABASE_URL (PostgreSQL). " +
        "Встроенную базу PGlite открывает один процесс, поэтому фоновые задачи и отправка писем работают в процессе веб-сервера.",
    );
  }
  return {
    ...env,
    APP_ORIGIN: appOrigin,
    LOOPBACK_ORIGIN: loopback,
    DEV_MAILBOX: loopback && !env.SMTP_URL,
    COOKIE_SECURE: env.COOKIE_SECURE ?? env.NODE_ENV === "production",
    SEED_DEMO: env.SEED_DEMO ?? (loopback && !(env.NODE_ENV === "production" && env.DATABASE_URL)),
    ESIA_STUB: env.ESIA_STUB ?? loopback,
    REQUESTS_DOMAIN: env.REQUESTS_DOMAIN ?? /@([^>\s]+)>?\s*$/.exec(env.MAIL_FROM)?.[1] ?? "localhost",
    RUN_JOBS: env.RUN_JOBS ?? true,
    RETENTION: {
      readNotificationMonths: env.RETENTION_READ_NOTIFICATIONS_MONTHS,
      emailBodyDays: env.RETENTION_EMAIL_BODIES_DAYS,
      linkDays: env.RETENTION_LINKS_DAYS,
      invitationDays: env.RETENTION_INVITATIONS_DAYS,
      auditMonths: env.RETENTION_AUDIT_MONTHS,
      batchSize: env.RETENTION_BATCH,
    },
  };
}

let cached: Env | undefined;

export function loadEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
