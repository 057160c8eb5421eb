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
 * stand-in started in this process (development and tests), or nothing when
 * ESIA_STUB=false.
 */
export async function startEsiaFromEnv(env: Env): Promise<EsiaSetup | null> {
  const redirectUri = env.ESIA_REDIRECT_URI ?? `${env.APP_ORIGIN}/auth/esia/callback`;
  const scopes = env.ESIA_SCOPES.split(/\s+/);
  if (env.ESIA_ISSUER) {
    if (!env.ESIA_CLIENT_SECRET) throw new Error("ESIA_ISSUER is set, so ESIA_CLIENT_SECRET is required");
    const provider = await createOidcClient({ issuer: env.ESIA_ISSUER, clientId: env.ESIA_CLIENT_ID, clientSecret: env.ESIA_CLIENT_SECRET, redirectUri, scopes });
    return { provider, description: env.ESIA_ISSUER, close: async () => {} };
  }
  if (!env.ESIA_STUB) return null;
  const { startEsiaStub } = await import("@bilet/esia-stub");
  // A per-process secret: the stand-in and its only client live in this process.
  const clientSecret = env.ESIA_CLIENT_SECRET ?? crypto.randomUUID();
  const stub = await startEsiaStub({ port: env.ESIA_STUB_PORT, clients: [{ clientId: env.ESIA_CLIENT_ID, clientSecret, redirectUris: [redirectUri] }] });
  const provider = await createOidcClient({ issuer: stub.issuer, clientId: env.ESIA_CLIENT_ID, clientSecret, redirectUri, scopes, allowInsecureHttp: true });
  return { provider, description: `тестовый стенд ${stub.issuer} (тестовые граждане: apps/esia-stub/README.md)`, close: stub.close };
}
