import { email as emailSchema, REGIONS, REQUEST_FIELD_LABELS, type RegionCode } from "@bilet/validators";
import { fold, stem } from "./text.ts";

/**
 * What a request must contain by the source document («Обращение должно
 * содержать…»): субъект РФ, фамилия и имя, адрес электронной почты, тема и
 * причина. Both channels ask for what is missing one field at a time, in
 * this order.
 */
export const REQUEST_FIELDS = ["regionCode", "fullName", "email", "subject", "text"] as const;
export type RequestField = (typeof REQUEST_FIELDS)[number];

export interface RequestDraft {
  regionCode?: string | null;
  /** Фамилия и имя, as one line. */
  fullName?: string | null;
  email?: string | null;
  /** Тема. */
  subject?: string | null;
  /** Суть обращения. */
  text?: string | null;
}

export { REQUEST_FIELD_LABELS };

/** What the chat-bot (or the automatic email reply) asks when a field is empty. */
export const REQUEST_FIELD_QUESTIONS: Record<RequestField, string> = {
  regionCode: "Из какого вы региона (субъекта РФ)?",
  fullName: "Как к вам обращаться? Напишите, пожалуйста, фамилию и имя.",
  email: "На какой адрес электронной почты прислать ответ?",
  subject: "Какая тема обращения? Коротко, например: «Не приходит письмо активации».",
  text: "Опишите, пожалуйста, суть обращения: что случилось и какой у вас вопрос?",
};

/** What it asks when a field is filled but cannot be used. */
export const REQUEST_FIELD_CORRECTIONS: Record<RequestField, string> = {
  regionCode: "Не удалось понять регион. Напишите, пожалуйста, название субъекта РФ, например «Республика Татарстан» или «Новосибирская область».",
  fullName: "Напишите, пожалуйста, и фамилию, и имя, например «Иванова Мария».",
  email: "Адрес электронной почты выглядит неверно. Проверьте его, пожалуйста: он должен выглядеть как name@example.ru.",
  subject: "Тема слишком короткая. Напишите её, пожалуйста, в нескольких словах.",
  text: "Опишите, пожалуйста, вопрос подробнее: одного-двух слов мало, чтобы на него ответить.",
};

export interface MissingField {
  field: RequestField;
  reason: "missing" | "invalid";
  question: string;
}

const REGION_CODES = new Set<string>(REGIONS.map(([code]) => code));
const MIN_SUBJECT_LETTERS = 3;
const MIN_TEXT_LETTERS = 8;

function letters(value: string): number {
  return (value.match(/\p{L}/gu) ?? []).length;
}

/** A full name is at least two words of letters (фамилия и имя), each with two letters or more. */
export function isFullName(value: string): boolean {
  const parts = value.trim().split(/\s+/).filter(Boolean);
  return parts.length >= 2 && parts.length <= 4 && parts.every((p) => /^\p{L}[\p{L}'-]*\p{L}$/u.test(p));
}

function check(field: RequestField, raw: string | null | undefined): MissingField["reason"] | null {
  const value = (raw ?? "").trim();
  if (!value) return "missing";
  switch (field) {
    case "regionCode":
      return REGION_CODES.has(value) ? null : "invalid";
    case "fullName":
      return isFullName(value) ? null : "invalid";
    case "email":
      return emailSchema.safeParse(value).success ? null : "invalid";
    case "subject":
      return letters(value) >= MIN_SUBJECT_LETTERS ? null : "invalid";
    case "text":
      return letters(value) >= MIN_TEXT_LETTERS ? null : "invalid";
  }
}

/** The fields still to ask for, in the order to ask them; empty when the request is complete. */
export function missingFields(draft: RequestDraft): MissingField[] {
  const out: MissingField[] = [];
  for (const field of REQUEST_FIELDS) {
    const reason = check(field, draft[field]);
    if (reason) out.push({ field, reason, question: reason === "missing" ? REQUEST_FIELD_QUESTIONS[field] : REQUEST_FIELD_CORRECTIONS[field] });
  }
  return out;
}

// ---------------------------------------------------------------- regions

/**
 * Other names people use for a region: capitals, short forms, old names. A
 * word is compared by its Snowball stem («из Казани» → казан); a word written
 * as `=regex` must match the folded word exactly (for names whose stem is a
 * common word: «Ростов» stems to «рост», «Коми» to «ком» as «кому» does). Bare names that point at two regions
 * («Алтай»: республика or край) are left out, so they return null.
 */
const REGION_ALIASES: Record<string, readonly string[]> = {
  "01": ["адыгея", "майкоп"],
  "02": ["башкирия", "башкортостан", "=уф(?:а|е|у|ы|ой)"],
  "03": ["бурятия", "улан-удэ"],
  "04": ["республика алтай", "горный алтай", "горно-алтайск"],
  "05": ["дагестан", "махачкала"],
  "06": ["ингушетия", "магас"],
  "07": ["кабардино-балкария", "кабардино-балкарская", "кбр", "нальчик"],
  "08": ["калмыкия", "элиста"],
  "09": ["карачаево-черкесия", "карачаево-черкесская", "кчр", "черкесск"],
  "10": ["карелия", "петрозаводск"],
  "11": ["=коми", "сыктывкар"],
  "12": ["марий эл", "йошкар-ола"],
  "13": ["мордовия", "саранск"],
  "14": ["якутия", "=саха", "якутск"],
  "15": ["северная осетия", "осетия", "алания", "владикавказ"],
  "16": ["татарстан", "татария", "казань", "набережные челны"],
  "17": ["тыва", "тува", "кызыл"],
  "18": ["удмуртия", "удмуртская", "ижевск"],
  "19": ["хакасия", "абакан"],
  "20": ["чечня", "чеченская"],
  "21": ["чувашия", "чувашская", "чебоксары"],
  "22": ["алтайский", "барнаул"],
  "23": ["краснодарский", "краснодар", "кубань", "сочи"],
  "24": ["красноярский", "красноярск"],
  "25": ["приморский", "приморье", "владивосток"],
  "26": ["ставропольский", "ставрополь", "ставрополье"],
  "27": ["хабаровский", "хабаровск"],
  "28": ["амурская", "благовещенск"],
  "29": ["архангельская", "архангельск"],
  "30": ["астраханская", "астрахань"],
  "31": ["белгородская", "белгород"],
  "32": ["брянская", "брянск"],
  "33": ["владимирская"],
  "34": ["волгоградская", "волгоград"],
  "35": ["вологодская", "вологда", "череповец"],
  "36": ["воронежская", "воронеж"],
  "37": ["ивановская"],
  "38": ["иркутская", "иркутск"],
  "39": ["калининградская", "калининград"],
  "40": ["калужская", "калуга"],
  "41": ["камчатский", "камчатка", "петропавловск-камчатский"],
  "42": ["кемеровская", "кузбасс", "кемерово", "новокузнецк"],
  "43": ["кировская"],
  "44": ["костромская", "кострома"],
  "45": ["курганская", "курган"],
  "46": ["курская", "курск"],
  "47": ["ленинградская", "ленобласть"],
  "48": ["липецкая", "липецк"],
  "49": ["магаданская", "магадан"],
  "50": ["московская", "подмосковье"],
  "51": ["мурманская", "мурманск"],
  "52": ["нижегородская", "нижний новгород"],
  "53": ["новгородская", "великий новгород", "новгород"],
  "54": ["новосибирская", "новосибирск"],
  "55": ["омская", "омск"],
  "56": ["оренбургская", "оренбург"],
  "57": ["орловская"],
  "58": ["пензенская", "пенза"],
  "59": ["пермский", "пермь"],
  "60": ["псковская", "псков"],
  "61": ["ростовская", "=ростов(?:а|е|ом|у)?", "=ростов(?:а|е|ом|у)?-на-дону"],
  "62": ["рязанская", "рязань"],
  "63": ["самарская", "самара", "тольятти"],
  "64": ["саратовская", "саратов"],
  "65": ["сахалинская", "сахалин", "южно-сахалинск"],
  "66": ["свердловская", "екатеринбург", "екб"],
  "67": ["смоленская", "смоленск"],
  "68": ["тамбовская", "тамбов"],
  "69": ["тверская", "тверь"],
  "70": ["томская", "томск"],
  "71": ["тульская", "тула"],
  "72": ["тюменская", "тюмень"],
  "73": ["ульяновская", "ульяновск"],
  "74": ["челябинская", "челябинск", "магнитогорск"],
  "75": ["забайкальский", "забайкалье", "=чит(?:а|е|у|ой|ы)"],
  "76": ["ярославская", "ярославль"],
  "77": ["москва", "мск"],
  "78": ["санкт-петербург", "петербург", "спб", "питер", "ленинград"],
  "79": ["еврейская", "биробиджан"],
  "80": ["донецкая", "днр", "донецк"],
  "81": ["луганская", "лнр", "луганск"],
  "83": ["ненецкий", "нао", "нарьян-мар"],
  "84": ["запорожская", "запорожье", "мелитополь"],
  "85": ["херсонская", "херсон"],
  "86": ["ханты-мансийский", "хмао", "югра", "ханты-мансийск", "сургут"],
  "87": ["чукотский", "чукотка", "анадырь"],
  "89": ["ямало-ненецкий", "янао", "ямал", "салехард"],
  "91": ["крым", "симферополь"],
  "92": ["севастополь"],
};

type WordTest = (word: string) => boolean;

function tokenize(text: string): string[] {
  return fold(text).match(/[а-яa-z0-9]+/g) ?? [];
}

function aliasTests(alias: string): WordTest[] {
  if (alias.startsWith("=")) {
    const parts = alias.slice(1).split("-");
    return parts.map((p) => {
      const re = new RegExp(`^${p}$`);
      return (w: string) => re.test(w);
    });
  }
  return tokenize(alias).map((part) => {
    // Abbreviations («нао», «спб», «хмао») are whole words: their stems are common words («на»).
    if (part.length <= 4) return (w: string) => w === part;
    const s = stem(part);
    return (w: string) => stem(w) === s;
  });
}

const MATCHERS: { code: RegionCode; tests: WordTest[] }[] = Object.entries(REGION_ALIASES)
  .flatMap(([code, aliases]) => aliases.map((a) => ({ code: code as RegionCode, tests: aliasTests(a) })))
  .sort((a, b) => b.tests.length - a.tests.length);

/**
 * The region (субъект РФ) named in free text: «Москва», «московская обл»,
 * «республика Татарстан», «СПб», «из Казани», «16». Returns null when nothing
 * or more than one region is named.
 */
export function parseRegion(text: string): RegionCode | null {
  const trimmed = text.trim();
  const number = /^(?:регион\s*)?(\d{1,2})(?:\s*регион)?$/iu.exec(trimmed);
  if (number) {
    const code = number[1]!.padStart(2, "0");
    return REGION_CODES.has(code) ? (code as RegionCode) : null;
  }
  const words = tokenize(trimmed);
  const taken = new Array<boolean>(words.length).fill(false);
  const found = new Set<RegionCode>();
  // Longest names first, so «Нижний Новгород» is not read as «Новгород».
  for (const { code, tests } of MATCHERS) {
    for (let i = 0; i + tests.length <= words.length; i++) {
      if (taken.slice(i, i + tests.length).some(Boolean)) continue;
      if (tests.every((t, k) => t(words[i + k]!))) {
        found.add(code);
        taken.fill(true, i, i + tests.length);
      }
    }
  }
  return found.size === 1 ? [...found][0]! : null;
}
