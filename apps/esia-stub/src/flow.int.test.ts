import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createOidcClient } from "@bilet/auth";
import { loginAsCitizen } from "./drive.ts";
import { CITIZENS, startEsiaStub, type EsiaStub } from "./index.ts";

const redirectUri = "http://127.0.0.1:3999/auth/esia/callback";
let stub: EsiaStub;
// What the stand-in printed to the console, from its first start on.
const printed: string[] = [];

beforeAll(async () => {
  for (const level of ["log", "info", "warn", "error"] as const) {
    const original = console[level];
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      printed.push(args.map(String).join(" "));
      original(...args);
    });
  }
  stub = await startEsiaStub({ clients: [{ clientId: "bilet-test", clientSecret: "test-secret", redirectUris: [redirectUri] }] });
});
afterAll(async () => {
  await stub?.close();
});

const client = () => createOidcClient({ issuer: stub.issuer, clientId: "bilet-test", clientSecret: "test-secret", redirectUri, allowInsecureHttp: true });

describe("the ESIA stand-in with the OIDC client", () => {
  it("prints nothing a newcomer would mistake for a problem while it starts and signs someone in", async () => {
    const oidc = await client();
    const start = await oidc.startLogin();
    await oidc.finishLogin(await loginAsCitizen(start.url, CITIZENS[0]!.id, redirectUri), start);
    expect(printed.filter((line) => line.includes("oidc-provider"))).toEqual([]);
  });

  it("signs a chosen citizen in with code + PKCE and returns their verified claims", async () => {
    const oidc = await client();
    const start = await oidc.startLogin();
    expect(new URL(start.url).searchParams.get("code_challenge_method")).toBe("S256");
    const citizen = CITIZENS[1]!;
    const callback = await loginAsCitizen(start.url, citizen.id, redirectUri);
    expect(new URL(callback).searchParams.get("state")).toBe(start.state);

    const identity = await oidc.finishLogin(callback, start);
    expect(identity).toEqual({
      subject: citizen.id,
      issuer: stub.issuer,
      email: citizen.email,
      emailVerified: true,
      lastName: citizen.lastName,
      firstName: citizen.firstName,
      middleName: citizen.middleName,
    });
  });

  it("refuses a wrong state and a code used twice, in Russian", async () => {
    const oidc = await client();
    const start = await oidc.startLogin();
    const callback = await loginAsCitizen(start.url, CITIZENS[0]!.id, redirectUri);
    await expect(oidc.finishLogin(callback, { ...start, state: "forged" })).rejects.toThrow(/^Вход через Госуслуги не завершён/);
    await oidc.finishLogin(callback, start);
    await expect(oidc.finishLogin(callback, start)).rejects.toThrow(/^Вход через Госуслуги не завершён/);
  });

  it("refuses an unknown client at the provider", async () => {
    const stranger = await createOidcClient({ issuer: stub.issuer, clientId: "nobody", clientSecret: "x", redirectUri, allowInsecureHttp: true });
    const start = await stranger.startLogin();
    const res = await fetch(start.url, { redirect: "manual" });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/invalid_client|client is invalid/i);
  });
});
