import { createSessionManager, type OidcIdentity, type SessionManager } from "@bilet/auth";
import type { Env, RetentionSettings } from "@bilet/config";
import type { Database } from "@bilet/db";

/** What the domain services need from the outside world; built once at start. */
export interface CoreDeps {
  db: Database;
  sessions: SessionManager;
  /** Public origin for links in emails, e.g. https://bilet.example.ru */
  appOrigin: string;
  /** Multiplies rate limits; 0 turns them off (benchmarks only). */
  rateLimitFactor: number;
  /** Hours a held trial seat waits for a parent's approval (default 48). */
  approvalHours?: number;
  /** Days from a request to delete a person's data to the erasure (DATA_DELETION_GRACE_DAYS, default 30). */
  dataDeletionGraceDays?: number;
  /** The domain of the project's own address, for the Message-IDs that thread request letters. */
  requestsDomain?: string;
  /** Pause before answering a login to an account under a guessing attack (default LOGIN_SLOWDOWN_MS). */
  loginSlowdownMs?: number;
  /** ESIA (Госуслуги) through OpenID Connect; absent when not configured. */
  esia?: IdentityProvider;
  /** The personal-data operator named in the consent text (OPERATOR_NAME, OPERATOR_ADDRESS); placeholders when absent. */
  operator?: { name: string; address: string };
  /** The day («MM-DD») a school year begins: the yearly move-up (SCHOOL_YEAR_START); 09-01 when absent. */
  schoolYearStart?: string;
  /** How long the retention jobs keep data (RETENTION_*); RETENTION_DEFAULTS when absent. */
  retention?: RetentionSettings;
}

/**
 * The deps every process builds from the environment: the web server and the
 * workers alike, so a setting a job reads is the same wherever the job runs.
 * A new setting of CoreDeps that comes from the environment belongs here.
 */
export function coreDepsFromEnv(env: Env, db: Database, extra: Partial<CoreDeps> = {}): CoreDeps {
  return {
    db,
    sessions: createSessionManager(db, { idleDays: env.SESSION_IDLE_DAYS, secureCookie: env.COOKIE_SECURE }),
    appOrigin: env.APP_ORIGIN,
    rateLimitFactor: env.RATE_LIMIT_FACTOR,
    approvalHours: env.TRIAL_APPROVAL_HOURS,
    dataDeletionGraceDays: env.DATA_DELETION_GRACE_DAYS,
    operator: { name: env.OPERATOR_NAME, address: env.OPERATOR_ADDRESS },
    requestsDomain: env.REQUESTS_DOMAIN,
    schoolYearStart: env.SCHOOL_YEAR_START,
    retention: env.RETENTION,
    ...extra,
  };
}

/** The verified person an identity provider returns. */
export type ExternalIdentity = OidcIdentity;

/** An OpenID Connect provider as the domain sees it (implemented in @bilet/auth). */
export interface IdentityProvider {
  /** Only a real configured provider confirms who a person is; a development stand-in does not. */
  readonly verifiesIdentity: boolean;
  startLogin(): Promise<{ url: string; state: string; nonce: string; codeVerifier: string }>;
  finishLogin(callbackUrl: URL | string, expected: { state: string; nonce: string; codeVerifier: string }): Promise<ExternalIdentity>;
}

/** Where a request came from, for rate limits and the audit log. */
export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
}

export interface Actor {
  id: string;
  role: "student" | "parent" | "mentor" | "staff";
}
