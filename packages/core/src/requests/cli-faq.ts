/**
 * Checks the chat-bot's answers outside the browser:
 *   npx tsx packages/core/src/requests/cli-faq.ts "как дать согласие"
 * prints the best three matches of the shipped knowledge base as JSON lines,
 * best first.
 */
import { searchFaq } from "./faq-search.ts";

const query = process.argv.slice(2).join(" ");
if (!query.trim()) {
  process.stderr.write('Usage: cli-faq "вопрос"\n');
  process.exit(2);
}
for (const { id, question, answer, score } of searchFaq(query, 3)) {
  process.stdout.write(`${JSON.stringify({ id, question, answer, score })}\n`);
}
