import * as client from "openid-client";

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  scopes?: string[];
  /** Only for a provider on plain http (the local stand-in). */
  allowInsecureHttp?: boolean;
}

export interface OidcIdentity {
  subject: string;
  issuer: string;
  email: string | null;
  emailVerified: boolean;
  lastName: string | null;
  firstName: string | null;
  middleName: string | null;
}

const str = (v: unknown) => (typeof v === "string" && v.trim() ? v.trim() : null);

/**
 * An OpenID Connect client (authorization code + PKCE, state and nonce) for
 * any provider: ESIA's OIDC gateway in production, the stand-in elsewhere.
 */
export async function createOidcClient(config: OidcConfig) {
  const execute = config.allowInsecureHttp ? [client.allowInsecureRequests] : [];
  let discovered: client.Configuration | undefined;
  const configuration = async () =>
    (discovered ??= await client.discovery(new URL(config.issuer), config.clientId, config.clientSecret, undefined, { execute }));
  const scope = (config.scopes ?? ["openid", "email", "profile"]).join(" ");

  return {
    async startLogin() {
      const codeVerifier = client.randomPKCECodeVerifier();
      const state = client.randomState();
      const nonce = client.randomNonce();
      const url = client.buildAuthorizationUrl(await configuration(), {
        redirect_uri: config.redirectUri,
        scope,
        code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: "S256",
        state,
        nonce,
      });
      return { url: url.toString(), state, nonce, codeVerifier };
    },

    async finishLogin(callbackUrl: URL | string, expected: { state: string; nonce: string; codeVerifier: string }): Promise<OidcIdentity> {
      try {
        const cfg = await configuration();
        const tokens = await client.authorizationCodeGrant(cfg, new URL(callbackUrl), {
          pkceCodeVerifier: expected.codeVerifier,
          expectedState: expected.state,
          expectedNonce: expected.nonce,
        });
        const idClaims = tokens.claims();
        if (!idClaims) throw new Error("provider returned no ID token");
        const info = await client.fetchUserInfo(cfg, tokens.access_token, idClaims.sub);
        return {
          subject: idClaims.sub,
          issuer: String(idClaims.iss),
          email: str(info.email)?.toLowerCase() ?? null,
          emailVerified: info.email_verified === true,
          lastName: str(info.family_name),
          firstName: str(info.given_name),
          middleName: str(info.middle_name),
        };
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new Error(`Вход через Госуслуги не завершён: ${reason}`, { cause: error });
      }
    },
  };
}

export type OidcClient = Awaited<ReturnType<typeof createOidcClient>>;
