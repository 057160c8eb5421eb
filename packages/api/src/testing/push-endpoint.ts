import { createECDH, createPublicKey, generateKeyPairSync, randomBytes, sign, verify } from "node:crypto";
import { createServer, Agent, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";

/**
 * A local stand-in for a browser push service (no outside service): an HTTPS
 * server with a certificate made here, that checks the VAPID signature of
 * every message and decrypts its payload with the fake subscription's keys,
 * as a browser would.
 */

const ece = createRequire(import.meta.url)("http_ece") as {
  decrypt(buffer: Buffer, params: { version: "aes128gcm"; privateKey: ReturnType<typeof createECDH>; authSecret: string }): Buffer;
};

// --- a self-signed certificate for "localhost", DER-encoded by hand (Node can sign, but not build certificates) ---
function der(tag: number, content: Buffer): Buffer {
  const n = content.length;
  const length = n < 0x80 ? Buffer.from([n]) : (() => {
    const bytes = Buffer.from(n.toString(16).padStart(n > 0xff ? 4 : 2, "0"), "hex");
    return Buffer.concat([Buffer.from([0x80 | bytes.length]), bytes]);
  })();
  return Buffer.concat([Buffer.from([tag]), length, content]);
}
const seq = (...items: Buffer[]) => der(0x30, Buffer.concat(items));
function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split(".").map(Number) as [number, number, ...number[]];
  const body = [40 * a + b];
  for (const v of rest) {
    const chunk = [v & 0x7f];
    for (let x = v >> 7; x > 0; x >>= 7) chunk.unshift((x & 0x7f) | 0x80);
    body.push(...chunk);
  }
  return der(0x06, Buffer.from(body));
}
const utcTime = (d: Date) => der(0x17, Buffer.from(`${d.toISOString().slice(2, 19).replace(/[-T:]/g, "")}Z`));
const commonName = (cn: string) => seq(der(0x31, seq(oid("2.5.4.3"), der(0x0c, Buffer.from(cn)))));

function selfSignedCertificate(host: string): { key: string; cert: string } {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const ecdsaSha256 = seq(oid("1.2.840.10045.4.3.2"));
  const name = commonName(host);
  const tbs = seq(
    der(0x02, Buffer.from([0x01])),
    ecdsaSha256,
    name,
    seq(utcTime(new Date(Date.now() - 86_400_000)), utcTime(new Date(Date.now() + 86_400_000))),
    name,
    publicKey.export({ type: "spki", format: "der" }),
  );
  const signature = sign("sha256", tbs, privateKey);
  const certificate = seq(tbs, ecdsaSha256, der(0x03, Buffer.concat([Buffer.from([0]), signature])));
  const pem = `-----BEGIN CERTIFICATE-----\n${certificate.toString("base64").replace(/(.{64})/g, "$1\n")}\n-----END CERTIFICATE-----\n`;
  return { key: privateKey.export({ type: "pkcs8", format: "pem" }).toString(), cert: pem.replace(/\n\n/g, "\n") };
}

/** A fake browser subscription: its own P-256 key pair and auth secret, as PushSubscription.toJSON() gives them. */
export function fakeSubscription(endpoint: string) {
  const ecdh = createECDH("prime256v1");
  ecdh.generateKeys();
  const auth = randomBytes(16).toString("base64url");
  return { ecdh, json: { endpoint, keys: { p256dh: ecdh.getPublicKey().toString("base64url"), auth } } };
}

export interface ReceivedPush {
  path: string;
  /** The VAPID JWT verified with `vapidPublicKey`, or why not. */
  vapid: { ok: true; claims: { aud: string; exp: number; sub: string }; key: string } | { ok: false; reason: string };
  encoding: string | undefined;
  ttl: string | undefined;
  urgency: string | undefined;
  body: Buffer;
}

/** Verifies `Authorization: vapid t=<JWT>, k=<public key>` as a push service does. */
export function checkVapid(header: string | undefined, expectedPublicKey: string): ReceivedPush["vapid"] {
  const m = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(header ?? "");
  if (!m) return { ok: false, reason: `no vapid authorization: ${header}` };
  const [, jwt, key] = m as unknown as [string, string, string];
  if (key !== expectedPublicKey) return { ok: false, reason: "another public key" };
  const [head, payload, sig] = jwt.split(".") as [string, string, string];
  const raw = Buffer.from(key, "base64url");
  const publicKey = createPublicKey({
    key: { kty: "EC", crv: "P-256", x: raw.subarray(1, 33).toString("base64url"), y: raw.subarray(33, 65).toString("base64url") },
    format: "jwk",
  });
  const jwtHeader = JSON.parse(Buffer.from(head, "base64url").toString()) as { alg: string };
  if (jwtHeader.alg !== "ES256") return { ok: false, reason: `alg ${jwtHeader.alg}` };
  const valid = verify("sha256", Buffer.from(`${head}.${payload}`), { key: publicKey, dsaEncoding: "ieee-p1363" }, Buffer.from(sig, "base64url"));
  if (!valid) return { ok: false, reason: "bad signature" };
  return { ok: true, claims: JSON.parse(Buffer.from(payload, "base64url").toString()), key };
}

/** Decrypts an aes128gcm push payload with the subscription's private key and auth secret. */
export function decryptPush(body: Buffer, subscription: ReturnType<typeof fakeSubscription>): unknown {
  return JSON.parse(ece.decrypt(body, { version: "aes128gcm", privateKey: subscription.ecdh, authSecret: subscription.json.keys.auth }).toString("utf8"));
}

/**
 * Starts the stand-in. Paths starting with /gone/ answer 410 (an expired
 * subscription), everything else 201 Created.
 */
export async function startPushEndpoint(vapidPublicKey: string) {
  const tls = selfSignedCertificate("localhost");
  const received: ReceivedPush[] = [];
  const server: Server = createServer(tls, (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({
        path: req.url ?? "",
        vapid: checkVapid(req.headers.authorization, vapidPublicKey),
        encoding: req.headers["content-encoding"],
        ttl: req.headers.ttl as string | undefined,
        urgency: req.headers.urgency as string | undefined,
        body: Buffer.concat(chunks),
      });
      res.writeHead(req.url?.startsWith("/gone/") ? 410 : 201).end();
    });
  });
  await new Promise<void>((done) => server.listen(0, done));
  const origin = `https://localhost:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    received,
    /** An HTTPS agent that trusts this server's certificate (and nothing else). */
    agent: new Agent({ ca: tls.cert }),
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
