import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { describe, expect, it } from "vitest";
import { LOGIN_PATTERN } from "@bilet/validators";
import {
  ONE_TIME_PASSWORD_ALPHABET,
  generateOneTimePassword,
  loginBase,
  loginCandidate,
  loginSheetFilename,
  renderLoginSheetPdf,
  transliterate,
} from "./child-accounts.ts";

async function pdfText(pdf: Buffer): Promise<string> {
  const doc = await getDocument({ data: new Uint8Array(pdf) }).promise;
  const texts: string[] = [];
  for (let n = 1; n <= doc.numPages; n++) texts.push((await (await doc.getPage(n)).getTextContent()).items.map((i) => ("str" in i ? i.str : "")).join(" "));
  return texts.join(" ").replace(/\s+/g, " ");
}

describe("logins", () => {
  it("transliterates a Russian surname into lower-case latin letters", () => {
    expect(transliterate("Иванов")).toBe("ivanov");
    expect(transliterate("Щербакова")).toBe("shcherbakova");
    expect(transliterate("Хвостенко-Цой")).toBe("khvostenkotsoy");
    expect(transliterate("Ёлкин Юрьев")).toBe("elkinyurev");
    expect(transliterate("Подъячев")).toBe("podyachev");
    expect(transliterate("O'Brien")).toBe("obrien");
  });

  it("keeps the letters short and falls back when a surname gives too little", () => {
    expect(loginBase("Константинопольский")).toBe("konstantin");
    expect(loginBase("Ъ")).toBe("uchenik");
    expect(loginBase("Ы")).toBe("uchenik");
    expect(loginBase("Ю")).toBe("yu");
  });

  it("adds random digits, and what it makes is a login the sign-in form accepts", () => {
    expect(loginCandidate("ivanov", 4, () => 4821)).toBe("ivanov4821");
    for (let i = 0; i < 50; i++) {
      const four = loginCandidate(loginBase("Петров"), 4);
      expect(four).toMatch(/^petrov\d{4}$/);
      expect(four).toMatch(LOGIN_PATTERN);
      expect(loginCandidate(loginBase("Константинопольский"), 6)).toMatch(LOGIN_PATTERN);
    }
  });
});

describe("one-time passwords", () => {
  it("are 10 characters without look-alikes, with a letter and a digit", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const p = generateOneTimePassword();
      expect(p).toHaveLength(10);
      expect(p).not.toMatch(/[il1o0]/);
      expect(p).toMatch(/[a-z]/);
      expect(p).toMatch(/\d/);
      seen.add(p);
    }
    expect(seen.size).toBe(200);
  });

  it("draws again when a draw has no digit", () => {
    // First ten draws are all «a», then a digit appears.
    const draws = [...Array(10).fill(0), 0, ONE_TIME_PASSWORD_ALPHABET.indexOf("7"), ...Array(8).fill(1)];
    let n = 0;
    expect(generateOneTimePassword(() => draws[n++]!)).toBe("a7bbbbbbbb");
  });
});

describe("the login sheet", () => {
  it("is a PDF whose text has the name, the login, the password, the site and the three steps", async () => {
    const pdf = await renderLoginSheetPdf({ name: "Иванов Пётр Сергеевич", login: "ivanov4821", password: "k7mpq2xr9a" }, "https://bilet.example.ru");
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const text = await pdfText(pdf);
    expect(text).toContain("Лист входа");
    expect(text).toContain("Иванов Пётр Сергеевич");
    expect(text).toContain("ivanov4821");
    expect(text).toContain("k7mpq2xr9a");
    // pdf.js returns the address in two pieces («https://» and the host).
    expect(text.replace(/:\/\/ /g, "://")).toContain("https://bilet.example.ru");
    expect(text).toContain("Введи логин и пароль из этого листа");
    expect(text).toContain("Придумай свой пароль");
    expect(loginSheetFilename("ivanov4821")).toBe("list-vhoda-ivanov4821.pdf");
  });
});
