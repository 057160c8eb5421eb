/**
 * The triage rules alone, on JSON lines:
 *   npx tsx packages/core/src/requests/cli-triage.ts < messages.jsonl
 * reads {"id", "text", "subject"?, "previous"?: [{"text", "resolved"}]} per line
 * and prints {"id", "decision", "rule", "explanation"} per line. A line that
 * cannot be read prints {"id", "error"} and the rest go on.
 */
import { createInterface } from "node:readline";
import { triageLine } from "./triage-line.ts";

// A closed pipe (`| head`) ends the command quietly.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
let number = 0;
for await (const line of lines) {
  number++;
  if (!line.trim()) continue;
  process.stdout.write(`${JSON.stringify(triageLine(line, number))}\n`);
}
