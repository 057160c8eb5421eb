import { CITIZENS, startEsiaStub } from "./index.ts";

// Development-only defaults: this provider signs in fictional citizens and must never face real users.
const stub = await startEsiaStub({
  port: Number(process.env.ESIA_STUB_PORT ?? 4010),
  clients: [
    {
      clientId: process.env.ESIA_CLIENT_ID ?? "bilet-local",
      clientSecret: process.env.ESIA_CLIENT_SECRET ?? "bilet-local-secret",
      redirectUris: [process.env.ESIA_REDIRECT_URI ?? "http://localhost:3000/auth/esia/callback"],
    },
  ],
});
console.log(`Госуслуги (тестовый стенд): ${stub.issuer}`);
for (const c of CITIZENS) console.log(`  ${c.lastName} ${c.firstName} ${c.middleName} <${c.email}>`);
