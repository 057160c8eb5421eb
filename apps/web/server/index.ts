import { loadEnv } from "@bilet/config";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "@bilet/core";
import { startEsiaFromEnv } from "./esia.ts";
import { startServer } from "./app.ts";

const env = loadEnv();
const esia = await startEsiaFromEnv(env);
// --api-only serves /trpc and the live channel without pages (no build needed).
const server = await startServer({ env, esia: esia?.provider, mode: process.argv.includes("--api-only") ? "api-only" : undefined });

const roles = { student: "участник", parent: "родитель", mentor: "наставник", staff: "оператор" } as const;
console.log(`«Билет в будущее» работает: ${env.APP_ORIGIN} (${env.DATABASE_URL ? "PostgreSQL" : `PGlite, ${env.PGLITE_DIR}`})`);
if (env.SEED_DEMO) {
  console.log(`Демо-доступы (пароль ${DEMO_PASSWORD}):`);
  for (const a of DEMO_ACCOUNTS) console.log(`  ${roles[a.role].padEnd(10)} ${a.email}`);
}
if (!env.SMTP_URL) {
  console.log(`Письма не отправляются (SMTP_URL не задан): они видны на ${env.APP_ORIGIN}/dev/mailbox`);
  if (env.NODE_ENV === "production" && env.DATABASE_URL) {
    console.warn("ВНИМАНИЕ: production без SMTP_URL — страница /dev/mailbox показывает письма всех пользователей. Задайте SMTP_URL.");
  }
}
if (esia) console.log(`Вход через Госуслуги: ${esia.description}`);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: останавливаюсь…`);
  await server.close();
  await esia?.close();
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
