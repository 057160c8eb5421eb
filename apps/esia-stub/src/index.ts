import { generateKeyPairSync, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type ProviderType from "oidc-provider";
import type { Adapter, AdapterPayload } from "oidc-provider";
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

  const Provider = await loadProvider();
  const provider = new Provider(issuer, {
    // Kept in memory on purpose: the stand-in's sessions live as long as the process.
    adapter: memoryAdapter(),
    async renderError(ctx, out) {
      ctx.type = "html";
      ctx.body = page("Вход не выполнен", `<p>${escape(String(out.error_description ?? out.error ?? "Ошибка"))}</p>`);
    },
    ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Session: 8 * 3600, Grant: 8 * 3600 },
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

let providerClass: Promise<typeof ProviderType> | undefined;

/**
 * oidc-provider warns at import that Node 20 is not its supported runtime;
 * everything the stand-in uses works on Node 20 (its tests run here), and the
 * stand-in is for development only, so that one line is not printed.
 */
function loadProvider(): Promise<typeof ProviderType> {
  providerClass ??= (async () => {
    const warn = console.warn;
    console.warn = (...args: unknown[]) => {
      if (typeof args[0] === "string" && args[0].includes("Unsupported runtime")) return;
      warn(...args);
    };
    try {
      return (await import("oidc-provider")).default;
    } finally {
      console.warn = warn;
    }
  })();
  return providerClass;
}

type Entry = { payload: AdapterPayload; expiresAt: number | null };

/** The stand-in's storage, one per started stand-in: a Map per model, with expiry, as oidc-provider's adapter interface asks. */
function memoryAdapter() {
  const stores = new Map<string, Map<string, Entry>>();
  return class MemoryAdapter implements Adapter {
    private readonly store: Map<string, Entry>;
    constructor(name: string) {
      this.store = stores.get(name) ?? new Map();
      stores.set(name, this.store);
    }
    async upsert(id: string, payload: AdapterPayload, expiresIn: number) {
      this.store.set(id, { payload, expiresAt: expiresIn ? Date.now() + expiresIn * 1000 : null });
    }
    async find(id: string) {
      const entry = this.store.get(id);
      if (!entry) return undefined;
      if (entry.expiresAt !== null && entry.expiresAt < Date.now()) {
        this.store.delete(id);
        return undefined;
      }
      return entry.payload;
    }
    async findByUserCode(userCode: string) {
      for (const [id, entry] of this.store) if (entry.payload.userCode === userCode) return this.find(id);
      return undefined;
    }
    async findByUid(uid: string) {
      for (const [id, entry] of this.store) if (entry.payload.uid === uid) return this.find(id);
      return undefined;
    }
    async consume(id: string) {
      const entry = this.store.get(id);
      if (entry) entry.payload.consumed = Math.floor(Date.now() / 1000);
    }
    async destroy(id: string) {
      this.store.delete(id);
    }
    async revokeByGrantId(grantId: string) {
      for (const [id, entry] of this.store) if (entry.payload.grantId === grantId) this.store.delete(id);
    }
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
