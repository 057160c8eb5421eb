import { loadEnv } from "@bilet/config";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "@bilet/core";
import { startEsiaFromEnv } from "./esia.ts";
import { startServer } from "./app.ts";

const env = (() => {
  try {
    return loadEnv();
  } catch (error) {
    // A wrong setting is the operator's to fix: say what it is, without a stack trace.
    console.error(`Платформа не запущена. ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
})();
const esia = await startEsiaFromEnv(env);
// --api-only serves /trpc and the live channel without pages (no build needed).
const server = await startServer({ env, esia: esia?.provider, mode: process.argv.includes("--api-only") ? "api-only" : undefined });

const roles = { student: "участник", parent: "родитель", mentor: "наставник", staff: "оператор" } as const;
console.log(`«Билет в будущее» работает: ${env.APP_ORIGIN} (${env.DATABASE_URL ? "PostgreSQL" : `PGlite, ${env.PGLITE_DIR}`})`);
if (env.SEED_DEMO) {
  if (!env.LOOPBACK_ORIGIN) {
    console.warn(`ВНИМАНИЕ: демо-доступы с известным паролем включены на публичном адресе ${env.APP_ORIGIN} (SEED_DEMO=true). Отключите их для настоящих семей.`);
  }
  console.log(`Демо-доступы (пароль ${DEMO_PASSWORD}):`);
  for (const a of DEMO_ACCOUNTS) console.log(`  ${roles[a.role].padEnd(10)} ${a.email}`);
}
console.log(
  server.runsJobs
    ? "Фоновые задачи и отправка писем работают в этом процессе."
    : "Фоновые задачи и отправка писем работают в отдельных процессах apps/worker (RUN_JOBS=false).",
);
if (env.DEV_MAILBOX) console.log(`Письма не отправляются (SMTP_URL не задан): они видны на ${env.APP_ORIGIN}/dev/mailbox`);
if (esia) console.log(`Вход через Госуслуги: ${esia.description}`);
if (esia && !env.ESIA_ISSUER && !env.LOOPBACK_ORIGIN) {
  console.warn("ВНИМАНИЕ: на публичном адресе работает тестовый стенд Госуслуг (ESIA_STUB=true). Для настоящих семей задайте ESIA_ISSUER.");
}

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
