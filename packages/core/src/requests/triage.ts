import { francAll } from "franc";
import {
  OBSCENE_AND_INSULTS,
  REPORT_MARKERS,
  THREAT_OBJECTS,
  THREAT_PHRASES,
  THREAT_VERBS,
  THREAT_VERBS_WITH_OBJECT,
  TRANSLIT_OBSCENE,
  type LexiconEntry,
} from "./lexicon.ts";
import { STOPWORDS, fold, stem, words } from "./text.ts";
import { TRIAGE_DECISION_LABELS, triageDecisions, type TriageDecision } from "@bilet/validators";

/**
 * Automatic triage of a user request by the rules of the source document
 * («Порядок работы с обращениями пользователей»). Every rejection is a family's
 * question left without an answer, so each rule rejects only when it is sure;
 * anything doubtful is `accept` and goes to staff, who may override.
 */

export const TRIAGE_DECISIONS = triageDecisions;
export type { TriageDecision };
export { TRIAGE_DECISION_LABELS };
/** What triage may return: `secret` is decided by staff only. */
export type AutomaticDecision = Exclude<TriageDecision, "secret">;


export interface PreviousRequest {
  text: string;
  resolved: boolean;
}

export interface TriageInput {
  text: string;
  subject?: string | null;
  /** The same person's earlier requests; only resolved ones can make a repeat. */
  previous?: readonly PreviousRequest[] | null;
}

export interface TriageResult {
  decision: AutomaticDecision;
  /** Stable id of the rule that decided, e.g. `lexicon.obscene`. */
  rule: string;
  /** One Russian sentence for staff saying what was found. */
  explanation: string;
}

export function triage(input: TriageInput): TriageResult {
  const body = cleanText(input.text ?? "");
  const subject = cleanText(input.subject ?? "");
  const all = subject ? `${subject}. ${body}` : body;

  return (
    checkLanguage(all) ??
    checkThreat(all) ??
    checkLexicon(all) ??
    checkQuestion(all) ??
    checkRepeat(all, input.previous ?? []) ?? {
      decision: "accept",
      rule: "accept",
      explanation: "Обращение принято: признаков для оставления без ответа не найдено.",
    }
  );
}

/** Addresses, links and numbers say nothing about the language or the question. */
function cleanText(text: string): string {
  return text
    .normalize("NFC")
    .replace(/https?:\/\/\S+|www\.\S+/gi, " ")
    .replace(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

// ---------------------------------------------------------------- language

/**
 * Languages a request to a Russian project may plausibly come in. Bulgarian
 * and Macedonian are left out: on short texts franc confuses them with Russian
 * (same alphabet, similar trigrams) and nobody writes to the project in them.
 * Serbian is left out of the Cyrillic list for the same reason. Uzbek is `uzn`
 * in franc (it has no `uzb`).
 */
const CYRILLIC_LANGUAGES = ["rus", "ukr", "bel", "kaz", "tat", "kir", "tgk", "khk", "uzn", "azj", "tuk"];
const LATIN_LANGUAGES = ["eng", "deu", "fra", "spa", "ita", "por", "tur", "uzn", "azj", "tuk", "pol", "ces", "ron", "nld", "fin", "lit", "lvs", "ekk", "srp"];

/** Below this many letters franc's answer is noise: such texts are never rejected as foreign. */
const MIN_LETTERS_FOR_LANGUAGE = 20;
/**
 * Russian must trail the winner by this much (franc's scores are relative,
 * 1 = best). On short Russian texts franc often puts Ukrainian or Tatar first
 * with Russian at 0.55–0.98, so the margin alone is a weak guard; the letters
 * below are the strong one.
 */
const RUSSIAN_MARGIN = 0.95;
/** Share of words that must carry letters of the detected language. */
const MIN_OWN_LETTER_WORDS = 0.1;

/**
 * Letters a language has and Russian does not. franc decides; these only veto
 * a rejection that has no letter of the language found (a Russian text that
 * trigrams happened to place closer to another language).
 */
const OWN_LETTERS: Record<string, RegExp> = {
  ukr: /[іїєґ]/,
  bel: /[іў]/,
  kaz: /[әғқңөұүһі]/,
  tat: /[әөүҗңһ]/,
  kir: /[ңөү]/,
  tgk: /[ғӣқӯҳҷ]/,
  khk: /[өү]/,
  uzn: /[ўқғҳ]/,
  azj: /[әғҹөүһј]/,
  tuk: /[әжңөүý]/,
  srp: /[јљњћџђ]/,
};

export const LANGUAGE_NAMES: Record<string, string> = {
  rus: "русский", ukr: "украинский", bel: "белорусский", kaz: "казахский", tat: "татарский", kir: "киргизский",
  tgk: "таджикский", khk: "монгольский", uzn: "узбекский", azj: "азербайджанский", tuk: "туркменский", srp: "сербский",
  eng: "английский", deu: "немецкий", fra: "французский", spa: "испанский", ita: "итальянский", por: "португальский",
  tur: "турецкий", pol: "польский", ces: "чешский", ron: "румынский", nld: "нидерландский", fin: "финский",
  lit: "литовский", lvs: "латышский", ekk: "эстонский", cmn: "китайский", jpn: "японский", kor: "корейский",
  arb: "арабский", heb: "иврит", hye: "армянский", kat: "грузинский", pes: "персидский", hin: "хинди",
};

/** Common Russian words in Latin transliteration: «zdravstvuyte, ne prihodit pismo» is Russian. */
const RUSSIAN_TRANSLIT = new Set(
  "zdravstvuyte zdravstvujte zdrastvuyte privet pozhaluysta pozhalujsta pozhalujsta spasibo kak chto gde kogda pochemu mne nam nuzhno mozhno ne net da ya my vy u menya rebenok rebenka syn doch pismo pisma prihodit prishlo registraciya registratsiya zaregistrirovat akkaunt kabinet roditel roditelya pomogite podskazhite skazhite ochen uzhe eshe esche tozhe pochta pochtu vhod voyti parol proba proby soglasie gosuslugi".split(" "),
);

function checkLanguage(text: string): TriageResult | null {
  const tokens = text.match(/\p{L}+/gu) ?? [];
  let cyr = 0;
  let lat = 0;
  let other = 0;
  const cyrWords: string[] = [];
  const latWords: string[] = [];
  for (const t of tokens) {
    if (/\p{Script=Cyrillic}/u.test(t)) {
      cyr += t.length;
      cyrWords.push(t);
    } else if (/\p{Script=Latin}/u.test(t)) {
      lat += t.length;
      latWords.push(t);
    } else other += t.length;
  }
  const total = cyr + lat + other;
  if (total < MIN_LETTERS_FOR_LANGUAGE) return null;

  if (other > cyr + lat) {
    const [best] = francAll(text, { minLength: 1 });
    const code = best && best[0] !== "und" ? best[0] : null;
    return foreign(code, "lang.script");
  }

  if (cyr >= lat) {
    // Latin words inside a Cyrillic text (a greeting, a browser's name) do not count.
    const sample = cyrWords.join(" ");
    if (cyr < MIN_LETTERS_FOR_LANGUAGE) return null;
    const ranked = francAll(sample, { only: CYRILLIC_LANGUAGES, minLength: 1 });
    const [best] = ranked;
    if (!best || best[0] === "rus" || best[0] === "und") return null;
    const russian = ranked.find(([code]) => code === "rus")?.[1] ?? 0;
    if (russian >= RUSSIAN_MARGIN) return null;
    const own = OWN_LETTERS[best[0]];
    if (own) {
      const folded = cyrWords.map(fold);
      const withOwn = folded.filter((w) => own.test(w)).length;
      if (withOwn < Math.max(1, folded.length * MIN_OWN_LETTER_WORDS)) return null;
      // Ukrainian has no ы, э, ъ, ё: a text full of them is Russian with a Ukrainian word or two.
      if (best[0] === "ukr" && folded.filter((w) => /[ыэъ]/.test(w)).length >= withOwn) return null;
    }
    return foreign(best[0], "lang.franc");
  }

  const latin = latWords.map((w) => w.toLowerCase());
  if (lat < MIN_LETTERS_FOR_LANGUAGE) return null;
  const translit = latin.filter((w) => RUSSIAN_TRANSLIT.has(w)).length;
  if (translit >= 2 && translit >= latin.length * 0.2) return null;
  const [best] = francAll(latWords.join(" "), { only: LATIN_LANGUAGES, minLength: 1 });
  if (!best || best[0] === "und") return null;
  return foreign(best[0], "lang.franc");
}

function foreign(code: string | null, rule: string): TriageResult {
  const name = code ? LANGUAGE_NAMES[code] : undefined;
  return {
    decision: "foreign_language",
    rule,
    explanation: name
      ? `Обращение написано не на русском языке (определён язык: ${name}).`
      : "Обращение написано не на русском языке (язык определить не удалось, текст не на кириллице и не на латинице).",
  };
}

// ---------------------------------------------------------------- lexicon

const LOOKALIKES: Record<string, string> = {
  a: "а", e: "е", o: "о", p: "р", c: "с", x: "х", y: "у", k: "к", m: "м", t: "т", h: "н", u: "и", n: "п", r: "г",
  "0": "о", "3": "з", "4": "ч", "6": "б", "@": "а", $: "с", ё: "е", і: "и",
};
const WILDCARD = "?";

/**
 * One disguised word in the spelling the lexicon is written for: Cyrillic,
 * lower case, look-alikes replaced, `*` as a one-letter wildcard, repeated
 * letters collapsed. Latin-only words are left alone (they go to the
 * transliteration list); returns null for a word with nothing Cyrillic or
 * disguised in it.
 */
export function normalizeDisguised(raw: string): string | null {
  const trimmed = raw.replace(/^[*#._-]+|[*#._-]+$/g, "");
  if (!trimmed) return null;
  const hasCyrillic = /\p{Script=Cyrillic}/u.test(trimmed);
  const hasDisguise = /[01346@$*#]/.test(trimmed) && /\p{L}/u.test(trimmed);
  if (!hasCyrillic && !hasDisguise) return null;
  let out = "";
  for (const ch of trimmed.replace(/[._-]/g, "")) {
    // «b» looks like б at the start of a word and like ь elsewhere; «B» is В.
    if (ch === "B") out += "в";
    else if (ch === "b") out += out ? "ь" : "б";
    // «1» stands for и or л («п1здец», «б1ядь»): a wildcard, like «*».
    else if (ch === "*" || ch === "#" || ch === "1") out += WILDCARD;
    else {
      const lower = ch.toLowerCase();
      out += LOOKALIKES[lower] ?? lower;
    }
  }
  return out.replace(/(.)\1+/gu, "$1");
}

interface LexiconHit {
  entry: LexiconEntry;
  word: string;
  disguised: boolean;
}

const CYRILLIC_LETTERS = "абвгдежзийклмнопрстуфхцчшщъыьэюя";

function matchEntry(word: string, entries: readonly LexiconEntry[]): LexiconEntry | null {
  const wildcards = word.split(WILDCARD).length - 1;
  if (wildcards === 0) return entries.find((e) => e.pattern.test(word)) ?? null;
  // A masked word counts only when most of it is visible: «х*й», «бл**ь», not «х**».
  const visible = word.length - wildcards;
  if (wildcards > 2 || visible < wildcards + 1 || visible < 2) return null;
  const candidates = expandWildcards(word);
  for (const e of entries) if (candidates.some((c) => e.pattern.test(c))) return e;
  return null;
}

function expandWildcards(word: string): string[] {
  const i = word.indexOf(WILDCARD);
  if (i < 0) return [word];
  const out: string[] = [];
  for (const ch of CYRILLIC_LETTERS) out.push(...expandWildcards(word.slice(0, i) + ch + word.slice(i + 1)));
  return out;
}

/** Word candidates of a text: every word, plus runs of single letters closed up («х у й», «б.л.я»). */
function lexiconCandidates(text: string): { raw: string; spaced: boolean }[] {
  const raw = text.split(/[\s,;:!?()«»"'“”„/\\]+/u).filter(Boolean);
  const out = raw.map((r) => ({ raw: r, spaced: false }));
  // Parts of dotted or hyphenated words («бл.дь» is one word above, «письмо.Ребёнок» two here).
  for (const r of raw) {
    const parts = r.split(/[.-]+/).filter(Boolean);
    if (parts.length > 1) {
      for (const p of parts) out.push({ raw: p, spaced: false });
      if (parts.length >= 3 && parts.every((p) => p.length === 1)) out.push({ raw: parts.join(""), spaced: true });
    }
  }
  let run: string[] = [];
  // Every stretch of three or more single letters: «вы д е б и л ы я …» holds «дебилы».
  const flush = () => {
    for (let i = 0; i + 3 <= run.length; i++) {
      for (let j = i + 3; j <= run.length; j++) out.push({ raw: run.slice(i, j).join(""), spaced: true });
    }
    run = [];
  };
  for (const r of raw) {
    const letter = r.replace(/[.-]/g, "");
    if (letter.length === 1 && /[\p{L}0-9@*$]/u.test(letter)) run.push(letter);
    else flush();
  }
  flush();
  return out;
}

/**
 * A sentence that reports someone else's words («наставник обозвал сына
 * дебилом», a quotation in «…») is a complaint to answer, not an insult to the
 * project.
 */
const QUOTED_ABUSE = /(?:^|[^а-я])(?:обозвал[а-я]*|обзыва[а-я]*|назвал[а-я]*|называ[а-я]*|оскорбил[а-я]*|оскорбля[а-я]*|матер[а-я]*|выматерил[а-я]*|ругал[а-я]*|ругает[а-я]*|ругается|выругал[а-я]*)(?=$|[^а-я])/;

function withoutReportedSpeech(text: string): string {
  return sentences(text)
    .filter((s) => !QUOTED_ABUSE.test(fold(s)))
    .map((s) => s.replace(/«[^»]*»|"[^"]*"|“[^”]*”|„[^“”]*[“”]/g, " "))
    .join(" ");
}

export function findLexiconHit(text: string): LexiconHit | null {
  for (const { raw, spaced } of lexiconCandidates(withoutReportedSpeech(text))) {
    const normalized = normalizeDisguised(raw);
    if (normalized) {
      const entry = matchEntry(normalized, OBSCENE_AND_INSULTS);
      if (entry) {
        const plain = fold(raw).replace(/(.)\1+/gu, "$1");
        return { entry, word: normalized, disguised: spaced || plain !== normalized };
      }
    } else if (/^[a-z']+$/i.test(raw)) {
      const latin = raw.toLowerCase().replace(/(.)\1+/g, "$1");
      const entry = TRANSLIT_OBSCENE.find((e) => e.pattern.test(latin));
      if (entry) return { entry, word: latin, disguised: true };
    }
  }
  return null;
}

/** «блядь» → «б***ь»: staff see what was found without the word itself. */
export function maskWord(word: string): string {
  const w = word.replaceAll(WILDCARD, "*");
  if (w.length <= 2) return `${w[0] ?? ""}*`;
  return `${w[0]}${"*".repeat(w.length - 2)}${w[w.length - 1]}`;
}

function checkLexicon(text: string): TriageResult | null {
  const hit = findLexiconHit(text);
  if (!hit) return null;
  const what = hit.entry.kind === "obscene" ? "нецензурное слово" : "оскорбительное слово";
  const how = hit.disguised ? " в искажённом написании" : "";
  return {
    decision: "obscene_or_insult",
    rule: `lexicon.${hit.entry.kind}`,
    explanation: `Обнаружено ${what} («${maskWord(hit.word)}»${how}).`,
  };
}

// ---------------------------------------------------------------- threat

const THREAT_VERB_SET = new Set(THREAT_VERBS);
const THREAT_OBJECT_VERB_SET = new Set(THREAT_VERBS_WITH_OBJECT);

function sentences(text: string): string[] {
  return text.split(/(?<=[.!?…])\s+|\n+/u).filter((s) => s.trim());
}

/** Ranges of the text inside quotation marks. */
function quotedRanges(s: string): [number, number][] {
  const out: [number, number][] = [];
  const re = /«[^»]*»|"[^"]*"|“[^”]*”|„[^“”]*[“”]/g;
  for (let m = re.exec(s); m; m = re.exec(s)) out.push([m.index, m.index + m[0].length]);
  return out;
}

function checkThreat(text: string): TriageResult | null {
  for (const raw of sentences(text)) {
    const s = fold(raw).replace(/\s+/g, " ");
    const quoted = quotedRanges(s);
    const isReport = REPORT_MARKERS.test(s);
    const inQuotes = (i: number) => quoted.some(([a, b]) => i >= a && i < b);

    const tokens = [...s.matchAll(/[а-я]+/g)];
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      const w = t[0];
      const strong = THREAT_VERB_SET.has(w);
      const weak = THREAT_OBJECT_VERB_SET.has(w);
      if (!strong && !weak) continue;
      const around = tokens.slice(Math.max(0, i - 3), i + 4).map((x) => x[0]);
      // «я себя убью» is a cry for help, not a threat: it must reach staff.
      if (around.includes("себя")) continue;
      if (tokens[i - 1]?.[0] === "не") continue;
      if (weak && !around.some((a) => THREAT_OBJECTS.test(a))) continue;
      if (isReport || inQuotes(t.index)) continue;
      return {
        decision: "threat",
        rule: "threat.verb",
        explanation: `Обнаружена угроза жизни или здоровью («${w}»).`,
      };
    }
    for (const { id, pattern } of THREAT_PHRASES) {
      const m = pattern.exec(s);
      if (!m || isReport || inQuotes(m.index + 1)) continue;
      return {
        decision: "threat",
        rule: `threat.${id}`,
        explanation: `Обнаружена угроза жизни или здоровью («${m[0].trim()}»).`,
      };
    }
  }
  return null;
}

// ---------------------------------------------------------------- question

/** Greetings, thanks and small talk: what is left without them has to carry the question. */
const COURTESY = new Set(
  (
    "здравствуйте здраствуйте здрасте здравствуй привет приветик приветствую хай хелло алло ау эй " +
    "добрый доброго добрая доброе день дня вечер вечера утро утра ночи времени суток " +
    "спасибо спасиб спс благодарю благодарим благодарность большое огромное заранее " +
    "пожалуйста пожалуста пжл плиз ок окей ладно понятно понял поняла ясно хорошо отлично супер класс круто здорово ура " +
    "все получилось разобрались разобрался разобралась помогли уважением уважаемые уважаемый уважаемая коллеги администрация " +
    "срочно срочная скорее быстрее ответьте тест тестовое проверка проверочка сообщение вопрос ответ hello hi hey thanks ok test"
  ).split(" "),
);

const SMALL_TALK = /(?:^|[^а-я])(?:как\s+(?:дела|жизнь|поживаете|ваши\s+дела|у\s+вас\s+дела)|кто\s+(?:вы|ты)|(?:вы|ты)\s+(?:бот|робот|человек|тут|здесь)|есть\s+кто(?:[\s-]?(?:нибудь|то))?(?:\s+живой)?|кто[\s-]нибудь\s+(?:есть|тут|здесь))(?=$|[^а-я])/g;

const INTERROGATIVES = new Set(
  "как где когда почему зачем сколько какой какая какое какие каким какую каких каком какого куда откуда кто кого кому чем чему ли разве неужели каков чей чья чье отчего".split(" "),
);

/** Stems of words that ask for something or report a problem. */
const REQUEST_MARKERS =
  /^(?:подскаж|помог|помоч|помощ|прош|просим|просит|просьб|объясн|разъясн|скажит|сообщит|уточн|провер|исправ|удал|верн[иу]|пришл|отправ|восстанов|дайт|нужн|надо|необходим|хоч|хотел|хотим|хотят|требует|отмен|измен|поменя|смен|привяз|отвяз|связ|подтверд|можн|нельз|невозможн|ошибк|ошибочн|проблем|жалоб|сбо[йия]|глюч|глюк|завис|заблокир|лежит|упал|сломал|тормоз|висит|виснет|вылета|выкидыва|пропал|исчез|потерял)/;

/** A negation turns a statement into a reported problem («письмо не пришло»). */
const NEGATIONS = new Set(["не", "нет", "ни"]);

const KEYBOARD_ROWS = ["йцукенгшщзхъ", "фывапролджэ", "ячсмитьбю", "qwertyuiop", "asdfghjkl", "zxcvbnm"];

export function isGibberish(word: string): boolean {
  const w = fold(word);
  if (/^\d+$/.test(w)) return false;
  if (w.length < 4) return false;
  if (/(.)\1{3,}/u.test(w)) return true;
  if (!/[аеиоуыэюяaeiouy]/.test(w)) return true;
  if (/[бвгджзйклмнпрстфхцчшщъь]{5,}|[bcdfghjklmnpqrstvwxz]{5,}/.test(w)) return true;
  for (const row of KEYBOARD_ROWS) {
    for (let i = 0; i + 4 <= w.length; i++) if (row.includes(w.slice(i, i + 4))) return true;
  }
  return false;
}

/** Concrete content: words that are not courtesy, not function words, not noise. */
function contentWords(text: string): { content: string[]; noise: string[] } {
  const content: string[] = [];
  const noise: string[] = [];
  for (const w of words(text)) {
    if (/^\d+$/.test(w)) continue;
    if (STOPWORDS.has(w) || COURTESY.has(w) || INTERROGATIVES.has(w)) continue;
    if (isGibberish(w)) noise.push(w);
    else if (w.length >= 2) content.push(w);
  }
  return { content, noise };
}

/**
 * With no question mark and no request word, a message this short is a bare
 * topic («Регистрация ребёнка») or small talk; a longer one may hide a request
 * in a statement, so it goes to staff. Thanks and praise get more room.
 */
const MAX_CONTENT_WITHOUT_QUESTION = 3;
const MAX_CONTENT_OF_THANKS = 8;
const THANKS = /^(?:спасиб|благодар|понрав|нрав|молодц|отличн|замечательн|здоров|супер|класс)/;

function checkQuestion(text: string): TriageResult | null {
  const folded = fold(text).replace(SMALL_TALK, " ");
  const questionMark = /\?/.test(text);
  const all = words(folded);
  const { content, noise } = contentWords(folded);
  const markers = content.filter((w) => REQUEST_MARKERS.test(w));
  const asks = all.some((w) => INTERROGATIVES.has(w) || NEGATIONS.has(w));
  const topic = content.filter((w) => !REQUEST_MARKERS.test(w));

  const noQuestion = (rule: string, explanation: string): TriageResult => ({ decision: "no_question", rule, explanation });

  if (content.length === 0) {
    if (noise.length > 0) return noQuestion("question.gibberish", "В обращении нет осмысленного текста: только бессмысленный набор символов.");
    return noQuestion("question.courtesy", "В обращении нет содержательных слов: только приветствие, благодарность или служебные слова.");
  }
  if (all.length > 0 && noise.length > content.length * 2) {
    return noQuestion("question.gibberish", "Обращение состоит в основном из бессмысленного набора символов.");
  }
  const thanks = all.some((w) => THANKS.test(w));
  if (thanks && !asks && markers.length === 0 && !questionMark && content.length <= MAX_CONTENT_OF_THANKS) {
    return noQuestion("question.thanks", "В обращении благодарность или отзыв, вопроса или просьбы нет.");
  }
  if (content.length === 1 && topic.length <= 1 && !asks && markers.length === 0) {
    return noQuestion("question.single-word", `Обращение состоит из одного слова («${content[0]}») без вопроса или просьбы.`);
  }
  if (asks || markers.length > 0) {
    if (topic.length === 0) return noQuestion("question.no-topic", "Просьба или вопрос без указания, о чём идёт речь.");
    return null;
  }
  if (questionMark && content.length >= 2) return null;
  if (content.length <= MAX_CONTENT_WITHOUT_QUESTION) {
    return noQuestion("question.none", "В обращении нет конкретного вопроса или просьбы.");
  }
  return null;
}

// ---------------------------------------------------------------- repeat

/**
 * A resolved request is repeated when the new text is this close to it
 * (cosine of the sets of stemmed content words) AND brings no significant new
 * word. 0.5 admits a shorter restatement of a longer question (sqrt of the
 * share of its words); the "no new word" condition is what keeps «как
 * отвязать Госуслуги» from being a repeat of «как привязать Госуслуги».
 */
export const REPEAT_SIMILARITY = 0.5;

/** Words that say "again" and add nothing. */
const REPEAT_FILLERS = new Set(
  "снова опять еще повторно повторяю повторяюсь раз уже писал писала писали спрашивал спрашивала спрашивали задавал задавала обращался обращалась обращались ранее прошлый прошлом прошлого вопрос вопросу ответ ответьте так тот та же всё все до сих пор тех".split(" ").map(stem),
);

function features(text: string): Set<string> {
  const out = new Set<string>();
  for (const w of words(text)) {
    if (STOPWORDS.has(w) || COURTESY.has(w)) continue;
    if (/^\d+$/.test(w)) {
      out.add(`#${w}`);
      continue;
    }
    if (w.length < 2 || isGibberish(w)) continue;
    out.add(stem(w));
  }
  return out;
}

function cosine(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  return shared / Math.sqrt(a.size * b.size);
}

/** Typo tolerance: «регестрац» is not new next to «регистрац». */
function nearlyEqual(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1 || Math.min(a.length, b.length) < 5) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  let j = 0;
  while (j < a.length - i && j < b.length - i && a[a.length - 1 - j] === b[b.length - 1 - j]) j++;
  return a.length - i - j <= 1 && b.length - i - j <= 1;
}

function checkRepeat(text: string, previous: readonly PreviousRequest[]): TriageResult | null {
  const current = features(text);
  if (current.size < 2) return null;
  let best: { similarity: number } | null = null;
  for (const p of previous) {
    if (!p.resolved) continue;
    const before = features(cleanText(p.text));
    const similarity = cosine(current, before);
    if (similarity < REPEAT_SIMILARITY) continue;
    const fresh = [...current].filter(
      (x) => !before.has(x) && !REPEAT_FILLERS.has(x) && (x.startsWith("#") || x.length >= 3) && ![...before].some((y) => nearlyEqual(x, y)),
    );
    if (fresh.length > 0) continue;
    if (!best || similarity > best.similarity) best = { similarity };
  }
  if (!best) return null;
  return {
    decision: "repeat",
    rule: "repeat.similarity",
    explanation: `Повтор уже решённого обращения этого пользователя без новой информации (сходство ${best.similarity.toFixed(2)}).`,
  };
}
