import { createOidcClient } from "@bilet/auth";
import type { Env } from "@bilet/config";
import type { IdentityProvider } from "@bilet/core";

export interface EsiaSetup {
  provider: IdentityProvider;
  description: string;
  close(): Promise<void>;
}

/**
 * «Войти через Госуслуги»: the provider named by ESIA_ISSUER, or else the local
 * stand-in started in this process when ESIA_STUB is on (by default only for a
 * loopback origin), or nothing.
 */
export async function startEsiaFromEnv(env: Env): Promise<EsiaSetup | null> {
  const redirectUri = env.ESIA_REDIRECT_URI ?? `${env.APP_ORIGIN}/auth/esia/callback`;
  const scopes = env.ESIA_SCOPES.split(/\s+/);
  if (env.ESIA_ISSUER) {
    if (!env.ESIA_CLIENT_SECRET) throw new Error("ESIA_ISSUER is set, so ESIA_CLIENT_SECRET is required");
    const client = await createOidcClient({ issuer: env.ESIA_ISSUER, clientId: env.ESIA_CLIENT_ID, clientSecret: env.ESIA_CLIENT_SECRET, redirectUri, scopes });
    return { provider: { ...client, verifiesIdentity: true }, description: env.ESIA_ISSUER, close: async () => {} };
  }
  if (!env.ESIA_STUB) return null;
  const { startEsiaStub } = await import("@bilet/esia-stub");
  // A per-process secret: the stand-in and its only client live in this process.
  const clientSecret = env.ESIA_CLIENT_SECRET ?? crypto.randomUUID();
  const stub = await startEsiaStub({ port: env.ESIA_STUB_PORT, clients: [{ clientId: env.ESIA_CLIENT_ID, clientSecret, redirectUris: [redirectUri] }] });
  const client = await createOidcClient({ issuer: stub.issuer, clientId: env.ESIA_CLIENT_ID, clientSecret, redirectUri, scopes, allowInsecureHttp: true });
  // The stand-in's citizens are fictional: signing in through it never marks anyone as verified.
  return {
    provider: { ...client, verifiesIdentity: false },
    description: `тестовый стенд ${stub.issuer} — только для разработки, личность не подтверждает (тестовые граждане: apps/esia-stub/README.md)`,
    close: stub.close,
  };
}
