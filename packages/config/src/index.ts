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
  return {
    ...env,
    APP_ORIGIN: appOrigin,
    LOOPBACK_ORIGIN: loopback,
    DEV_MAILBOX: loopback && !env.SMTP_URL,
    COOKIE_SECURE: env.COOKIE_SECURE ?? env.NODE_ENV === "production",
    SEED_DEMO: env.SEED_DEMO ?? (loopback && !(env.NODE_ENV === "production" && env.DATABASE_URL)),
    ESIA_STUB: env.ESIA_STUB ?? loopback,
    REQUESTS_DOMAIN: env.REQUESTS_DOMAIN ?? /@([^>\s]+)>?\s*$/.exec(env.MAIL_FROM)?.[1] ?? "localhost",
  };
}

let cached: Env | undefined;

export function loadEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
