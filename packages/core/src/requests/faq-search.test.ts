import { FAQ_KNOWLEDGE_BASE } from "@bilet/content";
import { describe, expect, it } from "vitest";
import { createFaqSearch, processTerm, searchFaq } from "./faq-search.ts";

const top = (query: string) => searchFaq(query).map((h) => h.id);

describe("searchFaq on the shipped knowledge base", () => {
  it("returns at most three answers, best first, with their pages", () => {
    const hits = searchFaq("не пришло письмо активации");
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.length).toBeLessThanOrEqual(3);
    expect(hits[0]).toMatchObject({ id: "activation-not-received", link: "/activation/resend" });
    const scores = hits.map((h) => h.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(searchFaq("согласие", 5).length).toBe(5);
  });

  it("finds answers despite word forms", () => {
    expect(top("как зарегистрировать ребенка")[0]).toMatch(/^(under-14|register-student)$/);
    expect(top("как зарегистрировать ребенка")).toEqual(expect.arrayContaining(["register-student", "under-14"]));
    expect(top("отзыв согласия")[0]).toBe("consent-withdraw");
    expect(top("как подтвердить участие ребенка в пробе")[0]).toBe("approval-how");
    expect(top("подтверждение участия ребёнка в пробах")).toEqual(expect.arrayContaining(["approval-how", "approval-deadline"]));
    expect(top("приглашения сколько дней действуют")[0]).toBe("invitation-validity");
  });

  it("forgives typos", () => {
    expect(top("регестрация")).toEqual(expect.arrayContaining(["register-student"]));
    expect(top("как дать сагласие")[0]).toBe("consent-give");
    expect(top("забыл парол")[0]).toBe("forgot-password");
    expect(top("как войти через госуслги")[0]).toBe("esia-login");
  });

  it("does not depend on word order", () => {
    expect(top("согласие отозвать как")).toEqual(top("как отозвать согласие"));
    expect(top("ребенка как зарегистрировать")).toEqual(top("как зарегистрировать ребенка"));
  });

  it("finds answers by their other phrasings", () => {
    expect(top("у ребенка нет своей почты ему 12 лет")[0]).toBe("under-14");
    expect(top("проба заполнена, мест нет")[0]).toBe("trials-waiting-list");
    expect(top("удалить аккаунт")[0]).toBe("delete-data");
  });

  it.each(["", "   ", "?!", "ывапролджэ", "здравствуйте", "спасибо", "как", "qwerty"])("returns nothing for «%s»", (query) => {
    expect(searchFaq(query)).toEqual([]);
  });
});

describe("the Russian term processing", () => {
  it("lowercases, folds ё and stems", () => {
    expect(processTerm("Ребёнка")).toBe(processTerm("ребенка"));
    expect(processTerm("Ребёнку")).toBe(processTerm("ребенка"));
    expect(processTerm("Регистрации")).toBe(processTerm("регистрация"));
    expect(processTerm("как")).toBeNull();
  });

  it("searches any list of entries", () => {
    const search = createFaqSearch(FAQ_KNOWLEDGE_BASE.slice(0, 2));
    expect(search.search("регистрация родителя").map((h) => h.id)).toEqual(["register-parent", "register-student"]);
  });
});
