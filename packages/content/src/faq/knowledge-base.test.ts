import { describe, expect, it } from "vitest";
import { FAQ_KNOWLEDGE_BASE } from "./index.ts";

/** Pages the answers may send people to (children's pages live under /parent/children/<id>). */
const PAGES = new Set([
  "/register/student", "/register/parent", "/login", "/password/forgot", "/activation/resend", "/student", "/parent",
  "/student/trials", "/notifications", "/student/diagnostics", "/student/recommendations", "/requests", "/privacy",
  "/account", "/account/data", "/account/sessions", "/parent/children/new",
]);

describe("FAQ knowledge base", () => {
  it("has at least 40 entries with unique ids", () => {
    expect(FAQ_KNOWLEDGE_BASE.length).toBeGreaterThanOrEqual(40);
    const ids = FAQ_KNOWLEDGE_BASE.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9-]+$/);
  });

  it("links every answer to a page of the platform", () => {
    for (const e of FAQ_KNOWLEDGE_BASE) {
      expect(e.link, e.id).toMatch(/^\//);
      expect(PAGES.has(e.link) || e.link.startsWith("/parent/children/"), `${e.id}: ${e.link}`).toBe(true);
    }
  });

  it("writes questions and answers in Russian, without «(а)» forms", () => {
    for (const e of FAQ_KNOWLEDGE_BASE) {
      expect(e.question, e.id).toMatch(/\?$/);
      expect(e.answer.length, e.id).toBeGreaterThan(60);
      expect(e.aliases.length, e.id).toBeGreaterThanOrEqual(2);
      expect(`${e.question} ${e.answer}`, e.id).not.toMatch(/\((а|ла|а)\)/);
      expect(e.answer, e.id).toMatch(/^[А-ЯЁ«]/);
    }
  });

  it("covers every topic the chat-bot is asked about", () => {
    const topics = new Set(FAQ_KNOWLEDGE_BASE.map((e) => e.topic));
    for (const t of ["registration", "activation", "login", "linking", "invitations", "consent", "esia", "calendar", "diagnostics", "trials", "approval", "attendance", "recommendations", "personal_data", "requests"] as const) {
      expect(topics.has(t), t).toBe(true);
    }
  });
});
