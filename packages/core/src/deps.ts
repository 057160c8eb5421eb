import type { SessionManager } from "@bilet/auth";
import type { Database } from "@bilet/db";

/** What the domain services need from the outside world; built once at start. */
export interface CoreDeps {
  db: Database;
  sessions: SessionManager;
  /** Public origin for links in emails, e.g. https://bilet.example.ru */
  appOrigin: string;
  /** Multiplies rate limits; 0 turns them off (benchmarks only). */
  rateLimitFactor: number;
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
