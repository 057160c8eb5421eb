import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { CLASS_DEFAULTS, choiceRefusal, kindLabel, kindOfNotice, kindsForRole, NOTICE_KINDS, NOTICE_TYPES, resolveChannels, type NoticeKindId } from "./kinds.ts";

const CORE_SRC = fileURLToPath(new URL("../", import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith(".ts") && !e.name.endsWith(".test.ts") ? [join(dir, e.name)] : [],
  );
}

/** Every notice type the services store: `type: "area.event"` in files that make notices. */
function typesUsedInCode(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of sourceFiles(CORE_SRC)) {
    const text = readFileSync(file, "utf8");
    if (!/notifyUsers?\(|NewNotification/.test(text)) continue;
    for (const m of text.matchAll(/\btype: "([a-z_]+\.[a-z_]+)"/g)) found.set(m[1]!, file.slice(CORE_SRC.length));
  }
  return found;
}

describe("the classification of notices", () => {
  it("covers every notification type stored in the code", () => {
    const used = typesUsedInCode();
    // The scan finds the well-known ones, so it cannot pass by finding nothing.
    expect([...used.keys()]).toEqual(expect.arrayContaining(["trial.approval_requested", "trial.approval_reminder", "consent.withdrawn", "security.login", "trial.starts_soon"]));
    const unclassified = [...used].filter(([type]) => !Object.hasOwn(NOTICE_TYPES, type)).map(([type, file]) => `${type} (${file})`);
    expect(unclassified, "add these types to NOTICE_TYPES in notifications/kinds.ts").toEqual([]);
  });

  it("names each kind for every role it applies to, and every kind applies to someone", () => {
    for (const [kind, k] of Object.entries(NOTICE_KINDS)) {
      const roles = Object.keys(k.labels);
      expect(roles.length, kind).toBeGreaterThan(0);
      for (const role of roles) expect(kindsForRole(role as "parent")).toContain(kind);
    }
    expect(kindLabel("trial_approval", "parent")).toBe("Запись ребёнка на пробу: нужно ваше решение");
    expect(kindsForRole("mentor")).toEqual(expect.arrayContaining(["mentor_trial_soon", "sign_in"]));
    expect(kindsForRole("student")).not.toContain("trial_approval");
  });

  it("classifies what the issue names: decisions, important, informational", () => {
    const classOf = (type: string, data?: Record<string, unknown>) => NOTICE_KINDS[kindOfNotice(type, data)].class;
    expect(classOf("trial.approval_requested")).toBe("decision");
    expect(classOf("trial.approval_reminder")).toBe("decision");
    for (const t of ["consent.withdrawn", "trial.cancelled", "trial.moved", "trial.approval_expired", "family.child_registered", "family.parent_linked"]) {
      expect(classOf(t), t).toBe("important");
    }
    expect(classOf("trial.attendance_marked", { mark: "absent" })).toBe("important");
    expect(classOf("trial.attendance_marked", { mark: "present" })).toBe("informational");
    expect(classOf("security.login")).toBe("informational");
  });
});

describe("channels", () => {
  const decision: NoticeKindId = "trial_approval";

  it("follow the class's defaults until the person chooses", () => {
    expect(resolveChannels("sign_in", null, true)).toEqual(CLASS_DEFAULTS.informational);
    expect(resolveChannels("family", null, true)).toEqual({ email: true, push: true });
    expect(resolveChannels("sign_in", { email: true }, false)).toEqual({ email: true, push: false });
  });

  it("never email a kind whose letter goes anyway", () => {
    expect(resolveChannels("requests", { email: true, push: true }, true)).toEqual({ email: false, push: true });
    expect(choiceRefusal("requests", { email: true, push: false })).toMatch(/приходит всегда/);
  });

  it("keep a decision outside the cabinet: email unless push can carry it", () => {
    expect(choiceRefusal(decision, { email: false, push: false })).toMatch(/нельзя оставить только в кабинете/);
    expect(choiceRefusal(decision, { email: false, push: true })).toBeNull();
    expect(resolveChannels(decision, { email: false, push: true }, true)).toEqual({ email: false, push: true });
    // Push chosen, but no device subscribed (or the last one expired): the letter goes after all.
    expect(resolveChannels(decision, { email: false, push: true }, false)).toEqual({ email: true, push: true });
    expect(choiceRefusal("sign_in", { email: false, push: false })).toBeNull();
  });
});
