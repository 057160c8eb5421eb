import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/** Everything a family reads comes from these folders: pages, notification texts, emails, consent. */
const root = fileURLToPath(new URL("../../..", import.meta.url));
const FOLDERS = ["apps/web/app", "packages/core/src", "packages/mail/src", "packages/content/src"];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

function offending(pattern: RegExp): string[] {
  return FOLDERS.flatMap((folder) => sources(join(root, folder))).flatMap((file) =>
    readFileSync(file, "utf8")
      .split("\n")
      .flatMap((line, i) => (pattern.test(line) ? [`${relative(root, file)}:${i + 1}: ${line.trim()}`] : [])),
  );
}

describe("the wording families read", () => {
  it("needs no gender brackets such as «дал(а)», «пришёл(ла)», «справился(ась)»", () => {
    expect(offending(/[а-яё]\((а|ла|ась|ся|на|ен|ён)\)/iu)).toEqual([]);
  });

  it("promises nothing the platform does not have yet", () => {
    expect(offending(/доступна уже сейчас|диагностика остаётся доступной/iu)).toEqual([]);
  });
});
