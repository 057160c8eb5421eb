import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DIAGNOSTIC_TESTS, diagnosticTestById, parseDiagnosticTest, RIASEC_AREAS, type DiagnosticTest } from "./index.ts";

const byId = (id: string): DiagnosticTest => {
  const t = diagnosticTestById(id);
  if (!t) throw new Error(`no test ${id}`);
  return t;
};
const likertOf = (t: DiagnosticTest) => t.items.flatMap((i) => (i.kind === "likert" ? [i] : []));

const optionTexts = (t: DiagnosticTest) => new Set(t.items.flatMap((i) => ("options" in i ? i.options.map((o) => o.text) : [])));

/** Every user-facing string of a test, for checks of wording. */
function texts(t: DiagnosticTest): string[] {
  const out = [t.title, t.description, t.instructions, ...(t.likertLabels ?? [])];
  for (const s of t.scales) out.push(s.title, s.description, ...s.bands.flatMap((b) => [b.label, b.text]), ...(s.directions ?? []));
  for (const i of t.items) {
    if ("text" in i && i.text) out.push(i.text);
    if (i.kind === "forced") out.push(i.a.text, i.b.text);
    if ("options" in i) out.push(...i.options.map((o) => o.text));
    if ("explanation" in i) out.push(i.explanation);
  }
  return out;
}

describe("shipped diagnostic tests", () => {
  it("all parse, with unique ids, a named source and Russian wording", () => {
    expect(DIAGNOSTIC_TESTS.length).toBeGreaterThanOrEqual(10);
    expect(new Set(DIAGNOSTIC_TESTS.map((t) => t.id)).size).toBe(DIAGNOSTIC_TESTS.length);
    for (const t of DIAGNOSTIC_TESTS) {
      expect(parseDiagnosticTest(t).ok, t.id).toBe(true);
      expect(t.source.length, t.id).toBeGreaterThan(30);
      for (const s of texts(t)) {
        // An answer option may be a number or a product's own name («50 %», «Microsoft Word»); everything else is Russian.
        if (/^[A-Za-z0-9 .,+#%-]+$/.test(s) && optionTexts(t).has(s)) continue;
        expect(s, `${t.id}: «${s}»`).toMatch(/[а-яё]/i);
        // no gendered slash or bracket forms: sentences are written to need none
        expect(s, `${t.id}: «${s}»`).not.toMatch(/\((а|ла|на)\)|\/(а|ла|на)\b/);
      }
    }
  });

  it("ship every file of the tests folder, and every file parses", async () => {
    const files = readdirSync(new URL("./tests", import.meta.url)).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"));
    const ids: string[] = [];
    for (const f of files) {
      const mod = (await import(`./tests/${f}`)) as { default: unknown };
      const r = parseDiagnosticTest(mod.default);
      expect(r.ok ? [] : r.errors, f).toEqual([]);
      if (r.ok) ids.push(r.test.id);
    }
    const unshipped = ids.filter((id) => !diagnosticTestById(id));
    expect(unshipped, "files in tests/ missing from the list in diagnostics/index.ts").toEqual([]);
  });

  it("«Моя готовность» has at least 40 items on four factors, each with direct and reversed items", () => {
    const t = byId("my-readiness");
    expect(t.category).toBe("readiness");
    expect(t.grades).toEqual([6, 11]);
    expect(t.scales).toHaveLength(4);
    const items = likertOf(t);
    expect(items.length).toBe(t.items.length);
    expect(items.length).toBeGreaterThanOrEqual(40);
    for (const s of t.scales) {
      const own = items.filter((i) => i.scale === s.id);
      expect(own.length, s.id).toBeGreaterThanOrEqual(10);
      expect(own.filter((i) => i.reversed).length, s.id).toBeGreaterThanOrEqual(2);
      expect(own.filter((i) => !i.reversed).length, s.id).toBeGreaterThanOrEqual(6);
    }
  });

  it("the RIASEC inventory has 8 Likert items per type, each scale weighted to its own area", () => {
    const t = byId("riasec-interests");
    expect(t.scales).toHaveLength(6);
    const covered = new Set<string>();
    for (const s of t.scales) {
      const areas = Object.keys(s.interests ?? {});
      expect(areas, s.id).toHaveLength(1);
      covered.add(areas[0]!);
      expect(likertOf(t).filter((i) => i.scale === s.id)).toHaveLength(8);
    }
    expect([...covered].sort()).toEqual([...RIASEC_AREAS].sort());
    expect(t.items).toHaveLength(48);
    // interleaved: no two neighbours of the same type
    t.items.forEach((item, i) => {
      const prev = t.items[i - 1];
      if (prev?.kind === "likert" && item.kind === "likert") expect(item.scale).not.toBe(prev.scale);
    });
  });

  it("the five domains test offers every domain equally often in at least 20 forced pairs", () => {
    const t = byId("professional-domains");
    const pairs = t.items.flatMap((i) => (i.kind === "forced" ? [i] : []));
    expect(pairs.length).toBe(t.items.length);
    expect(pairs.length).toBeGreaterThanOrEqual(20);
    const count = new Map<string, number>();
    for (const p of pairs) for (const s of [p.a.scale, p.b.scale]) count.set(s, (count.get(s) ?? 0) + 1);
    expect([...count.keys()].sort()).toEqual(["art", "human", "nature", "sign", "technics"]);
    expect(new Set(count.values()).size).toBe(1);
    const combos = new Set(pairs.map((p) => [p.a.scale, p.b.scale].sort().join("+")));
    expect(combos.size).toBe(10);
  });

  it("professional inclinations come in three age versions pointing at subjects, and from grade 8 at profiles and directions", () => {
    const versions = [byId("inclinations-6-7"), byId("inclinations-8-9"), byId("inclinations-10-11")];
    expect(versions.map((t) => t.grades)).toEqual([
      [6, 7],
      [8, 9],
      [10, 11],
    ]);
    for (const t of versions) {
      expect(t.category).toBe("inclinations");
      expect(t.items.length).toBeGreaterThanOrEqual(20);
      for (const s of t.scales) {
        expect(s.subjects?.length, `${t.id}/${s.id}`).toBeGreaterThan(0);
        expect(Object.keys(s.interests ?? {}).length, `${t.id}/${s.id}`).toBeGreaterThan(0);
      }
    }
    for (const t of versions.slice(1)) {
      for (const s of t.scales) {
        expect(s.profiles?.length, `${t.id}/${s.id}`).toBeGreaterThan(0);
        expect(s.directions?.length, `${t.id}/${s.id}`).toBeGreaterThan(0);
      }
    }
  });

  it("ships three strengths self-assessments of about 12 items with reversed ones, and a work values test with rankings", () => {
    for (const id of ["strengths-teamwork", "strengths-communication", "strengths-self-organisation"]) {
      const t = byId(id);
      expect(t.category).toBe("strengths");
      expect(likertOf(t).length, id).toBeGreaterThanOrEqual(12);
      expect(likertOf(t).filter((i) => i.reversed).length, id).toBeGreaterThanOrEqual(3);
    }
    const values = byId("work-values");
    expect(values.category).toBe("values");
    expect(values.scales.map((s) => s.id).sort()).toEqual(["autonomy", "creativity", "helping", "income", "recognition", "stability"]);
    const rankings = values.items.flatMap((i) => (i.kind === "ranking" ? [i] : []));
    expect(rankings.length).toBeGreaterThanOrEqual(3);
    // each ranking offers every value once
    for (const r of rankings) expect(r.options.map((o) => o.scale).sort()).toEqual(values.scales.map((s) => s.id).sort());
  });

  it("lets every test be retaken once a semester at most", () => {
    for (const t of DIAGNOSTIC_TESTS.filter((x) => x.retakeAfterDays !== undefined)) expect(t.retakeAfterDays).toBeGreaterThanOrEqual(90);
  });
});
