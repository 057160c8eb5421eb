import { loadEnv } from "@bilet/config";
import { startWorker, WorkerConfigError, type RunningWorker } from "./worker.ts";

/** A round that will not end (a hung statement) must not keep a stopping worker alive for ever. */
const STOP_TIMEOUT_MS = 30_000;

function refuse(error: unknown): never {
  // A wrong setting is the operator's to fix: say what it is, without a stack trace.
  console.error(`Фоновый процесс не запущен. ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

const env = (() => {
  try {
    return loadEnv();
  } catch (error) {
    refuse(error);
  }
})();

let worker: RunningWorker;
try {
  worker = await startWorker({ env });
} catch (error) {
  if (error instanceof WorkerConfigError) refuse(error);
  throw error;
}

console.log(`«Билет в будущее», фоновый процесс ${worker.id} работает: задачи по расписанию (${worker.jobNames.length}) и отправка писем (${env.SMTP_URL ? "SMTP" : "почтовый ящик разработчика"}).`);
console.log(`Задачи: ${worker.jobNames.join(", ")}`);
if (worker.healthPort !== null) console.log(`Проверка состояния: http://127.0.0.1:${worker.healthPort}/health`);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: дожидаюсь текущих задач и останавливаюсь…`);
  const timeout = setTimeout(() => {
    console.error(`Задачи не закончились за ${STOP_TIMEOUT_MS / 1000} с, выхожу.`);
    process.exit(1);
  }, STOP_TIMEOUT_MS);
  timeout.unref();
  await worker.stop();
  console.log("Фоновый процесс остановлен.");
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
