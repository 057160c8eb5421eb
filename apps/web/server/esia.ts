import type { Env } from "@bilet/config";
import type { IdentityProvider } from "@bilet/core";

/** ESIA is wired by the OIDC work; until then the button stays hidden. */
export async function startEsiaFromEnv(_env: Env): Promise<{ provider: IdentityProvider; description: string; close(): Promise<void> } | null> {
  return null;
}
