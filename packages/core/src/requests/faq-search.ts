import MiniSearch from "minisearch";
import { FAQ_KNOWLEDGE_BASE, type FaqEntry } from "@bilet/content";
import { isGibberish } from "./triage.ts";
import { STOPWORDS, fold, stem } from "./text.ts";

/**
 * Full-text search over the chat-bot's knowledge base. Words are reduced to
 * their Snowball stems («зарегистрировать ребёнка» meets «регистрация
 * ребенка»), typos are forgiven by fuzzy matching on the stems («регестрация»,
 * «сагласие»), and the order of words does not matter. A match in a question
 * or its alternative phrasings counts more than one in an answer.
 */

export interface FaqHit {
  id: string;
  question: string;
  answer: string;
  link: string;
  score: number;
}

/** Question words and courtesy carry no topic; searched, they only add noise. */
const IGNORED = new Set([...STOPWORDS, "здравствуйте", "подскажите", "скажите", "пожалуйста", "добрый", "день", "вопрос", "можно", "нужно", "надо", "делать"]);

export function processTerm(term: string): string | null {
  const w = fold(term);
  if (w.length < 2 || IGNORED.has(w)) return null;
  return stem(w);
}

/**
 * Relative floor: answers scoring below this share of the best one are not
 * offered. It keeps «что-то про пробы» from listing every trial answer with a
 * single shared word after a strong match.
 */
const RELATIVE_FLOOR = 0.2;

export interface FaqSearch {
  search(query: string, limit?: number): FaqHit[];
}

export function createFaqSearch(entries: readonly FaqEntry[]): FaqSearch {
  const index = new MiniSearch<FaqEntry>({
    fields: ["question", "aliases", "answer"],
    storeFields: ["question", "answer", "link"],
    extractField: (doc, field) => (field === "aliases" ? doc.aliases.join(" · ") : String(doc[field as keyof FaqEntry] ?? "")),
    processTerm,
    searchOptions: {
      boost: { question: 3, aliases: 2.5, answer: 1 },
      // One edit on stems of 5–9 letters, two on longer ones; short stems must match exactly.
      fuzzy: (term) => (term.length >= 10 ? 0.2 : term.length >= 5 ? 0.19 : false),
      prefix: (term) => term.length >= 4,
      combineWith: "OR",
    },
  });
  index.addAll(entries as FaqEntry[]);

  return {
    search(query: string, limit = 3): FaqHit[] {
      const meaningful = (fold(query).match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => processTerm(w) !== null && !isGibberish(w));
      if (meaningful.length === 0) return [];
      const results = index.search(meaningful.join(" "));
      const best = results[0]?.score ?? 0;
      return results
        .filter((r) => r.score >= best * RELATIVE_FLOOR)
        .slice(0, limit)
        .map((r) => ({
          id: String(r.id),
          question: r.question as string,
          answer: r.answer as string,
          link: r.link as string,
          score: Math.round(r.score * 1000) / 1000,
        }));
    },
  };
}

let shipped: FaqSearch | null = null;

/** The closest answers of the shipped knowledge base, best first; [] for an empty or noise query. */
export function searchFaq(query: string, limit = 3): FaqHit[] {
  shipped ??= createFaqSearch(FAQ_KNOWLEDGE_BASE);
  return shipped.search(query, limit);
}
