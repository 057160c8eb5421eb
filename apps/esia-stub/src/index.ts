import { generateKeyPairSync, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Provider from "oidc-provider";
import { CITIZENS, citizenById } from "./citizens.ts";

export { CITIZENS, type Citizen } from "./citizens.ts";

export interface StubClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
}

export interface EsiaStub {
  issuer: string;
  port: number;
  close(): Promise<void>;
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/**
 * A real OpenID Connect provider (panva/oidc-provider) standing in for ESIA:
 * authorization code flow with PKCE, signing keys made at start, and a plain
 * Russian login page listing the test citizens. For development and tests only.
 */
export async function startEsiaStub(options: { port?: number; host?: string; issuer?: string; clients: StubClient[] }): Promise<EsiaStub> {
  const host = options.host ?? "127.0.0.1";
  const http = createServer();
  await new Promise<void>((resolve) => http.listen(options.port ?? 0, host, resolve));
  const port = (http.address() as AddressInfo).port;
  const issuer = options.issuer ?? `http://${host === "0.0.0.0" ? "localhost" : host}:${port}`;

  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: "jwk" }), kid: randomBytes(8).toString("hex"), use: "sig", alg: "RS256" };

  const provider = new Provider(issuer, {
    clients: options.clients.map((c) => ({
      client_id: c.clientId,
      client_secret: c.clientSecret,
      redirect_uris: c.redirectUris,
      grant_types: ["authorization_code"],
      response_types: ["code"],
    })),
    jwks: { keys: [jwk as never] },
    cookies: { keys: [randomBytes(32).toString("hex")] },
    claims: {
      openid: ["sub"],
      email: ["email", "email_verified"],
      profile: ["family_name", "given_name", "middle_name"],
    },
    scopes: ["openid", "email", "profile"],
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(_ctx, id) {
      const citizen = citizenById(id);
      if (!citizen) return undefined;
      return {
        accountId: citizen.id,
        async claims() {
          return {
            sub: citizen.id,
            email: citizen.email,
            email_verified: true,
            family_name: citizen.lastName,
            given_name: citizen.firstName,
            middle_name: citizen.middleName,
          };
        },
      };
    },
  });
  const oidc = provider.callback();

  http.on("request", (req: IncomingMessage, res: ServerResponse) => {
    const match = req.url?.match(/^\/interaction\/([\w-]+)(\/login)?$/);
    if (!match) return oidc(req, res);
    interaction(req, res, match[1]!, Boolean(match[2])).catch((error: unknown) => {
      res.statusCode = 400;
      res.setHeader("content-type", "text/html; charset=utf-8");
      res.end(page("Вход не выполнен", `<p>${escape(error instanceof Error ? error.message : String(error))}</p>`));
    });
  });

  async function interaction(req: IncomingMessage, res: ServerResponse, uid: string, submitted: boolean) {
    const details = await provider.interactionDetails(req, res);
    if (details.uid !== uid) throw new Error("Сеанс входа устарел. Вернитесь на сайт и начните вход заново.");
    if (!submitted || req.method !== "POST") {
      const options = CITIZENS.map(
        (c, i) => `<label style="display:block;margin:.4rem 0"><input type="radio" name="citizen" value="${c.id}"${i === 0 ? " checked" : ""}> ${escape(`${c.lastName} ${c.firstName} ${c.middleName}`)} <small>(${escape(c.email)})</small></label>`,
      ).join("");
      res.setHeader("content-type", "text/html; charset=utf-8");
      res.end(
        page(
          "Госуслуги (тестовый стенд)",
          `<p>Учебный поставщик входа для разработки. Выберите тестового гражданина.</p>
           <form method="post" action="/interaction/${uid}/login"><fieldset><legend>Гражданин</legend>${options}</fieldset>
           <p><button type="submit">Войти</button></p></form>`,
        ),
      );
      return;
    }
    const body = new URLSearchParams(await readBody(req));
    const citizen = citizenById(body.get("citizen") ?? "");
    if (!citizen) throw new Error("Выберите гражданина из списка.");
    const clientId = String(details.params.client_id);
    const grant = new provider.Grant({ accountId: citizen.id, clientId });
    grant.addOIDCScope(String(details.params.scope ?? "openid"));
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, { login: { accountId: citizen.id }, consent: { grantId } }, { mergeWithLastSubmission: false });
  }

  return {
    issuer,
    port,
    close: () => new Promise<void>((resolve) => http.close(() => resolve())),
  };
}

function page(title: string, body: string) {
  return `<!doctype html><html lang="ru"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head>
<body style="font-family:Arial,sans-serif;max-width:560px;margin:2rem auto;padding:0 1rem"><h1>${title}</h1>${body}</body></html>`;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = "";
    req.setEncoding("utf8");
    req.on("data", (chunk) => (data += chunk));
    req.on("end", () => resolve(data));
    req.on("error", reject);
  });
}
