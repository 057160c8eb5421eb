import { z } from "zod";

/**
 * Every environment variable the platform reads, parsed once. Other packages
 * import `loadEnv()` instead of touching `process.env`.
 */
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
  /** Seed demo accounts at start (default: on unless NODE_ENV=production with DATABASE_URL). */
  SEED_DEMO: z
    .enum(["true", "false"])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === "true")),
  /** Multiply all rate limits, e.g. for load benchmarks on loopback. 0 disables them. */
  RATE_LIMIT_FACTOR: z.coerce.number().min(0).default(1),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  /** Hours a held trial seat waits for a parent's approval before it is released. */
  TRIAL_APPROVAL_HOURS: z.coerce.number().positive().max(24 * 30).default(48),
  /** ESIA (Госуслуги) OpenID Connect provider; when unset, the local stand-in is used unless ESIA_STUB=false. */
  ESIA_ISSUER: z.url().optional(),
  ESIA_CLIENT_ID: z.string().min(1).default("bilet-local"),
  ESIA_CLIENT_SECRET: z.string().min(1).optional(),
  ESIA_REDIRECT_URI: z.url().optional(),
  ESIA_SCOPES: z.string().min(1).default("openid email profile"),
  ESIA_STUB: z
    .enum(["true", "false"])
    .default("true")
    .transform((v) => v === "true"),
  /** Port of the local ESIA stand-in; 0 picks a free one. */
  ESIA_STUB_PORT: z.coerce.number().int().min(0).max(65535).default(4010),
});

export type Env = z.infer<typeof envSchema> & {
  APP_ORIGIN: string;
  COOKIE_SECURE: boolean;
  SEED_DEMO: boolean;
};

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment:\n${issues}`);
  }
  const env = result.data;
  return {
    ...env,
    APP_ORIGIN: (env.APP_ORIGIN ?? `http://localhost:${env.PORT}`).replace(/\/$/, ""),
    COOKIE_SECURE: env.COOKIE_SECURE ?? env.NODE_ENV === "production",
    SEED_DEMO: env.SEED_DEMO ?? !(env.NODE_ENV === "production" && env.DATABASE_URL),
  };
}

let cached: Env | undefined;

export function loadEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
