import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { findLexiconHit, maskWord, triage, TRIAGE_DECISION_LABELS, TRIAGE_DECISIONS, type TriageDecision, type TriageInput } from "./triage.ts";

interface Labelled extends TriageInput {
  id: string;
  expected: TriageDecision;
}

const dataset: Labelled[] = readFileSync(new URL("./triage-dataset.jsonl", import.meta.url), "utf8")
  .split("\n")
  .filter((line) => line.trim())
  .map((line) => JSON.parse(line) as Labelled);

/**
 * Floors for the labelled set. Rejections must be exact (a real question left
 * unanswered is the worst outcome); recall may lag, since a missed rejection
 * only costs staff a click.
 */
const MIN_PRECISION: Partial<Record<TriageDecision, number>> = {
  foreign_language: 1,
  obscene_or_insult: 1,
  threat: 1,
  no_question: 1,
  repeat: 1,
};
const MIN_RECALL: Partial<Record<TriageDecision, number>> = {
  accept: 1,
  foreign_language: 0.8,
  obscene_or_insult: 0.8,
  threat: 0.8,
  no_question: 0.8,
  repeat: 0.8,
};

describe("triage on the labelled set", () => {
  const results = dataset.map((m) => ({ ...m, got: triage(m).decision }));

  it("keeps at least 100 messages covering every automatic decision", () => {
    expect(dataset.length).toBeGreaterThanOrEqual(100);
    expect(new Set(dataset.map((m) => m.id)).size).toBe(dataset.length);
    for (const d of TRIAGE_DECISIONS.filter((d) => d !== "secret")) {
      expect(dataset.filter((m) => m.expected === d).length, d).toBeGreaterThanOrEqual(5);
    }
  });

  it("meets precision and recall floors per decision", () => {
    const rows = TRIAGE_DECISIONS.filter((d) => d !== "secret").map((decision) => {
      const tp = results.filter((r) => r.got === decision && r.expected === decision).length;
      const predicted = results.filter((r) => r.got === decision).length;
      const actual = results.filter((r) => r.expected === decision).length;
      return {
        decision,
        messages: actual,
        precision: predicted ? tp / predicted : 1,
        recall: actual ? tp / actual : 1,
      };
    });
    console.table(rows.map((r) => ({ ...r, precision: r.precision.toFixed(3), recall: r.recall.toFixed(3) })));
    const wrong = results.filter((r) => r.got !== r.expected).map((r) => `${r.id}: expected ${r.expected}, got ${r.got}`);
    if (wrong.length) console.log(wrong.join("\n"));
    for (const r of rows) {
      expect(r.precision, `precision of ${r.decision}`).toBeGreaterThanOrEqual(MIN_PRECISION[r.decision] ?? 0);
      expect(r.recall, `recall of ${r.decision}`).toBeGreaterThanOrEqual(MIN_RECALL[r.decision] ?? 0);
    }
  });

  it("rejects no message labelled accept", () => {
    const rejected = results.filter((r) => r.expected === "accept" && r.got !== "accept");
    expect(rejected.map((r) => r.id)).toEqual([]);
  });
});

describe("triage decisions", () => {
  it("never returns secret, and every decision has a Russian label", () => {
    for (const m of dataset) expect(triage(m).decision).not.toBe("secret");
    for (const d of TRIAGE_DECISIONS) expect(TRIAGE_DECISION_LABELS[d]).toMatch(/[а-я]/);
  });

  it("explains in one Russian sentence and masks the word it found", () => {
    const r = triage({ text: "Какого х у й я не могу войти в кабинет?" });
    expect(r).toMatchObject({ decision: "obscene_or_insult", rule: "lexicon.obscene" });
    expect(r.explanation).toBe("Обнаружено нецензурное слово («х*й» в искажённом написании).");
    expect(maskWord("блядь")).toBe("б***ь");
    expect(triage({ text: "Как войти в кабинет родителя?" }).decision).toBe("accept");
  });
});

describe("language", () => {
  it("does not reject texts too short to identify", () => {
    for (const text of ["Hi!", "Hello, как войти?", "Ok", "Дякую", "Рахмет!", "Danke"]) {
      expect(triage({ text }).decision, text).not.toBe("foreign_language");
    }
  });

  it("reads a Russian request with an English greeting or technical words as Russian", () => {
    for (const text of [
      "Hello! Не приходит письмо активации, что делать?",
      "Good evening, подскажите, пожалуйста, как дать согласие на обработку данных ребёнка?",
      "В браузере Google Chrome на Windows 10 страница входа выдаёт ошибку 502 Bad Gateway, как войти?",
    ]) {
      expect(triage({ text }).decision, text).toBe("accept");
    }
  });

  it("recognises Ukrainian and Kazakh in Cyrillic as foreign", () => {
    expect(triage({ text: "Добрий день! Підкажіть, будь ласка, як зареєструвати дитину на платформі?" })).toMatchObject({
      decision: "foreign_language",
      explanation: "Обращение написано не на русском языке (определён язык: украинский).",
    });
    expect(triage({ text: "Сәлеметсіз бе! Балам платформаға тіркелді, бірақ хат келмеді." }).decision).toBe("foreign_language");
  });

  it("reads Russian in Latin transliteration as Russian", () => {
    expect(triage({ text: "Zdravstvuyte, ne prihodit pismo aktivacii, chto delat?" }).decision).not.toBe("foreign_language");
  });
});

describe("obscene and insulting words", () => {
  const disguised = [
    "хуй", "ХУЙ", "xуй", "х*й", "х.у.й", "х у й", "хууууй", "нахуя", "пох*й", "oхуеть",
    "пиздец", "п*здец", "пи3дец", "п1здец", "nиздец", "пизда", "распиздяй",
    "блядь", "бл*дь", "б л я", "бляяять", "6лядь", "блять", "bлядь",
    "ебать", "е*ать", "заебали", "ёбаный", "уебок", "съебись", "еб@ть",
    "мудак", "м у д а к", "сука", "с*ка", "суууука", "пидор", "гондон",
    "мразь", "дебилы", "идиоты", "ублюдок", "урод", "тварь", "blyat", "nahuy", "pizdec",
  ];
  it.each(disguised)("finds «%s»", (word) => {
    expect(findLexiconHit(`Ну вы ${word}, когда заработает регистрация?`)).not.toBeNull();
  });

  /** Innocent words with similar letter runs; none may be taken for an obscene root. */
  const innocent = [
    "оскорбление", "оскорблять", "употреблять", "потреблять", "хлебать", "психология", "психолог", "команда", "командировка",
    "рубля", "корабля", "застраховать", "застрахую", "страхуй", "сухой", "сухую", "гребля", "граблями", "себя", "тебя",
    "ребёнок", "ребята", "требовать", "учебный", "учебник", "служебный", "волшебный", "небо", "небольшой", "колебаться",
    "мандарин", "мандат", "педикюр", "педиатр", "педагог", "сук", "сукно", "хутор", "худой", "похудеть", "хулиган",
    "хуже", "бляха", "мудрый", "мудрость", "премудрость", "шлюз", "лохматый", "дебют", "дебет", "идиома", "урожай",
    "уродливый", "уродство", "скипидар", "спидометр", "гандбол", "гондола", "Херсонская", "Ебург", "hui", "huge",
    "ebay", "suitcase", "Хуанхэ", "Хуавей", "мандарины", "оскорбили", "употребление", "потребление",
    "застраховали", "психологический", "рубль", "рублей", "погребение", "хлебопечка", "колеблется", "заблуждение",
    "употребляйте", "подъезд", "съездить", "объявление", "объединение", "подъём", "изъян", "въезд",
    "мандариновый", "командный", "скотный", "тварный", "сволочной", "идиотская", "дебильный",
    "дурак", "дураков", "тупые", "козлы", "жопа", "олигофрения", "небесный", "эбонит", "ебонит",
  ];
  it("does not see an obscene word in innocent ones", () => {
    const found = innocent.filter((w) => findLexiconHit(w) !== null);
    expect(found).toEqual([]);
  });

  it.each(["оскорбление", "употреблять", "хлебать", "психология", "команда", "рубля", "застраховать", "сухой", "гребля", "Ебург"])(
    "accepts a request with «%s»",
    (word) => {
      expect(triage({ text: `Подскажите, пожалуйста, при чём тут слово «${word}» в письме активации?` }).decision).toBe("accept");
    },
  );
});

describe("threats", () => {
  it.each([
    "Я вас убью, если ребёнка не допустят к пробам.",
    "Вам не жить, если сын не попадёт на пробу.",
    "Взорву вашу школу, если не ответите.",
    "Переломаю ноги вашему наставнику.",
    "Я приду к вам в офис с ножом.",
  ])("finds a threat in «%s»", (text) => {
    expect(triage({ text }).decision).toBe("threat");
  });

  it.each([
    "Мне угрожают в школе, что делать?",
    "Одноклассник пишет сыну, что убьёт его. Можно ли перевести сына на другую пробу?",
    "Сыну прислали сообщение «я тебя убью». Что делать?",
    "Прибью полку и сяду регистрировать ребёнка. Где форма регистрации?",
    "Я себя убью, если не попаду на пробу. Почему меня не допускают?",
    "Я не убью на это весь вечер? Сколько длится диагностика?",
  ])("accepts «%s»", (text) => {
    expect(triage({ text }).decision).toBe("accept");
  });
});

describe("no question", () => {
  it.each(["Здравствуйте!", "Спасибо!", "Добрый день, привет", "фывапролдж", "Регистрация", "Помогите", "Есть кто живой?", ""])(
    "rejects «%s»",
    (text) => {
      expect(triage({ text }).decision).toBe("no_question");
    },
  );

  it.each(["Как зарегистрироваться?", "Письмо не приходит", "Помогите с регистрацией", "Где согласие?", "Можно ли записаться на две пробы?"])(
    "accepts «%s»",
    (text) => {
      expect(triage({ text }).decision).toBe("accept");
    },
  );

  it("reads the subject together with the text", () => {
    expect(triage({ subject: "Не приходит письмо активации", text: "Помогите, пожалуйста" }).decision).toBe("accept");
  });
});

describe("repeat", () => {
  const previous = [{ text: "Как связать кабинет родителя с кабинетом ребёнка?", resolved: true }];

  it("rejects the same question again, with word forms and fillers", () => {
    expect(triage({ text: "Еще раз спрашиваю, как связать кабинеты родителя и ребенка?", previous })).toMatchObject({ decision: "repeat", rule: "repeat.similarity" });
  });

  it("ignores unresolved earlier requests", () => {
    expect(triage({ text: previous[0]!.text, previous: [{ ...previous[0]!, resolved: false }] }).decision).toBe("accept");
  });

  it("accepts a near repeat that brings new information", () => {
    expect(triage({ text: "Как связать кабинет родителя с кабинетом ребёнка, если приглашение истекло?", previous }).decision).toBe("accept");
    expect(triage({ text: "Как связать кабинет второго родителя с кабинетом ребёнка?", previous }).decision).toBe("accept");
  });
});
