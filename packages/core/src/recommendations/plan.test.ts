import { describe, expect, it } from "vitest";
import { diagnosticTestById } from "@bilet/content";
import { AppError } from "../errors.ts";
import { catalogue, input, result, riasecTech, robotics, webDev, welding } from "./fixtures.ts";
import { REFUSALS, TRIAL_POINTS, buildPlan, comparePlans, planDiagnostic, planRefusal, type Plan, type PlanInput, type PlanItem, type SectionKind } from "./plan.ts";

const ids = (plan: Plan) => plan.sections.map((s) => [s.kind, s.items.map((i) => i.id)]);
const section = (plan: Plan, kind: SectionKind) => plan.sections.find((s) => s.kind === kind);
const item = (plan: Plan, id: string): PlanItem => {
  const found = plan.sections.flatMap((s) => s.items).find((i) => i.id === id);
  if (!found) throw new Error(`no item ${id} in ${JSON.stringify(ids(plan))}`);
  return found;
};
const area = (plan: Plan, id: string) => plan.areas.find((a) => a.id === id)!;

describe("buildPlan: the same input gives the same plan", () => {
  it("two runs are deeply equal, whatever the order of the inputs", () => {
    const a = buildPlan(input(9, { trials: [robotics, welding, webDev] }));
    const b = buildPlan(input(9, { trials: [robotics, welding, webDev] }));
    expect(b).toEqual(a);
    const shuffled = input(9, { trials: [webDev, welding, robotics] });
    expect(buildPlan({ ...shuffled, diagnostics: [...shuffled.diagnostics].reverse(), catalogue: [...catalogue].reverse() })).toEqual(a);
  });

  it("gives these items for the fixed inputs (grades 7, 9, 11)", () => {
    expect(ids(buildPlan(input(7)))).toEqual([
      ["subjects", ["subjects:physics", "subjects:math", "subjects:technology"]],
      ["courses", ["courses:industry:technical", "courses:transport:technical", "courses:transport:social-humanitarian"]],
      ["trials", ["trials:c-welding-2", "trials:c-mechatronics", "trials:c-drones"]],
      ["next-steps", ["next-steps:enrol-course"]],
    ]);
    expect(ids(buildPlan(input(9)))).toEqual([
      ["profile", ["profile:technological"]],
      ["path", ["path:15.00.00", "path:23.00.00"]],
      ["oge", ["oge:physics", "oge:informatics"]],
      ["trials", ["trials:c-welding-2", "trials:c-drones", "trials:c-mechatronics"]],
      ["next-steps", ["next-steps:oge-application", "next-steps:college-open-days"]],
    ]);
    expect(ids(buildPlan(input(11)))).toEqual([
      ["ege", ["ege:math-profile", "ege:physics", "ege:informatics"]],
      ["directions", ["directions:15.00.00", "directions:27.00.00", "directions:23.00.00", "directions:38.00.00", "directions:spo:15.00.00"]],
      ["trials", ["trials:c-welding-2", "trials:c-drones", "trials:c-mechatronics"]],
      ["olympiads", ["olympiads:vsosh:technology", "olympiads:vsosh:physics", "olympiads:rsosh"]],
      ["next-steps", ["next-steps:ege-application"]],
    ]);
  });
});

describe("buildPlan: each age group gets its own kind of plan", () => {
  it("6–7: subjects to deepen, courses and clubs, next trials; no ОГЭ, ЕГЭ or profile", () => {
    const plan = buildPlan(input(7));
    expect(plan.ageGroup).toBe("6-7");
    expect(plan.sections.map((s) => s.kind)).toEqual(["subjects", "courses", "trials", "next-steps"]);
    expect(section(plan, "ege")).toBeUndefined();
    expect(item(plan, "subjects:physics").text).toBe("Рекомендуется углублённо изучать физику");
  });

  it("8–9: a profile of the senior school, the college path and ОГЭ; no ЕГЭ", () => {
    const plan = buildPlan(input(8));
    expect(plan.ageGroup).toBe("8-9");
    expect(plan.sections.map((s) => s.kind)).toEqual(["profile", "path", "oge", "trials", "next-steps"]);
    expect(section(plan, "ege")).toBeUndefined();
    expect(item(plan, "profile:technological").text).toBe("Рекомендуется технологический профиль: углублённо математика и информатика или физика");
  });

  it("10–11: ЕГЭ, directions of higher education and college, trials and olympiads; no ОГЭ", () => {
    const plan = buildPlan(input(10));
    expect(plan.ageGroup).toBe("10-11");
    expect(plan.sections.map((s) => s.kind)).toEqual(["ege", "directions", "trials", "olympiads", "next-steps"]);
    expect(section(plan, "oge")).toBeUndefined();
  });
});

describe("buildPlan: each rule fires and names its inputs", () => {
  const mentorAndRating = "проба «Мобильная робототехника: первый робот»: наставник отметил интерес 5/5 и результат 4/5, оценка ребёнка 5/5";

  it("subjects: the scales that name the subject, with percent and weight, and the trial with the mentor's and the student's marks", () => {
    const why = item(buildPlan(input(7)), "subjects:physics").why;
    expect(why.text).toMatch(/^Оценка предмета «Физика» — \d+ из 100: /);
    expect(why.text).toContain("высокий интерес по шкале «Техника и конструирование» теста «Что мне нравится делать (6–7 классы)» (80 из 100, вес");
    expect(why.text).toContain(mentorAndRating);
    expect(why.text).toContain("отзыв наставника: «Собрал робота быстрее всех, задавал много вопросов»");
    expect(why.text).toContain("повышает оценку на 18 баллов");
    expect(why.signals.map((s) => s.source)).toEqual(["test", "test", "test", "trial", "mentor", "rating"]);
    expect(why.signals.find((s) => s.source === "rating")).toEqual({ source: "rating", ref: "t-robotics", label: "Оценка ребёнка: 5/5", weight: 8 });
  });

  it("courses: the area's kind of extra-curricular education, explained by the area's score", () => {
    const courses = item(buildPlan(input(6)), "courses:industry:technical");
    expect(courses.text).toBe("Кружок или курс дополнительного образования (техническая направленность): робототехника, 3D-моделирование и прототипирование, радиоэлектроника, авиа- и судомоделирование");
    expect(courses.why.text).toMatch(/^Оценка направления «Промышленные и инженерные технологии» — \d+ из 100: /);
    expect(courses.why.text).toContain(mentorAndRating);
  });

  it("profile and ОГЭ: the profile's subjects, and the ОГЭ of choice for it", () => {
    const plan = buildPlan(input(9));
    expect(item(plan, "profile:technological").why.text).toMatch(/^Оценка технологического профиля — \d+ из 100: .*«Инженерия и производство» теста «Мои склонности \(8–9 классы\)»/);
    const oge = item(plan, "oge:informatics");
    expect(oge.text).toBe("ОГЭ по информатике — экзамен по выбору (кроме обязательных русского языка и математики)");
    expect(oge.why.text).toMatch(/^Для технологического профиля обычно учитывают ОГЭ по информатике или физике; оценка предмета «Информатика» — \d+ из 100: /);
  });

  it("college path: the group of specialities the liked trial leads to, and how colleges admit", () => {
    const path = item(buildPlan(input(9)), "path:15.00.00");
    expect(path.text).toBe("Колледж после 9 класса: специальности группы 15.00.00 «Машиностроение»");
    expect(path.why.text).toContain("проба «Мобильная робототехника: первый робот» ведёт прямо к этой группе специальностей");
    expect(path.why.text).toContain("в колледж после 9 класса принимают по среднему баллу аттестата");
  });

  it("ЕГЭ and directions: the exams the chosen directions ask, naming them", () => {
    const plan = buildPlan(input(11, { trials: [robotics, webDev] }));
    expect(item(plan, "directions:09.00.00").text).toBe(
      "Высшее образование, группа 09.00.00 «Информатика и вычислительная техника»: обычно ЕГЭ по русскому языку, математике (профильный уровень) и информатике или физике",
    );
    const math = item(plan, "ege:math-profile");
    expect(math.text).toBe("ЕГЭ по математике профильного уровня");
    expect(math.why.text).toMatch(/^Нужен для направлений 15\.00\.00 «Машиностроение», .*09\.00\.00 «Информатика и вычислительная техника»/);
    expect(item(plan, "directions:spo:15.00.00").text).toContain("Колледж после 11 класса");
  });

  it("olympiads: the all-Russian olympiad in the strongest subjects", () => {
    const plan = buildPlan(input(11));
    expect(item(plan, "olympiads:vsosh:physics").text).toBe("Всероссийская олимпиада школьников по предмету «физика»: школьный этап проходит осенью, в сентябре–октябре");
    expect(item(plan, "olympiads:vsosh:physics").why.text).toMatch(/^Оценка предмета «Физика» — \d+ из 100: /);
  });

  it("trials: upcoming, with free seats, for the grade, in the region or online, not taken and not disliked", () => {
    const seventh = buildPlan(input(7, { trials: [robotics, welding] }));
    const offered = section(seventh, "trials")!.items.map((i) => i.id);
    expect(offered).not.toContain("trials:c-full"); // no free seats
    expect(offered).not.toContain("trials:c-past"); // already started
    expect(offered).not.toContain("trials:c-other-region"); // in person, another region
    expect(offered).not.toContain("trials:c-cad"); // from grade 8
    expect(offered).not.toContain("trials:c-seniors"); // grades 10–11
    expect(offered).not.toContain("trials:c-welding-2"); // welding was rated low
    const first = item(seventh, offered[0]!);
    expect(first.text).toMatch(/^Проба «.+» — \d+ октября 2025 г\., \d\d:\d\d \(мск\), свободных мест: \d+$/);
    expect(first.why.text).toMatch(/^Подходит на \d+ из 100: совпадение компетенции «.+» с интересами — \d+ из 100 \(.+\); оценка направления «Промышленные и инженерные технологии» — \d+ из 100: .+; проба для \d+–\d+ классов\.$/);
  });

  it("next steps: the exam calendar by grade, and a missing interest test", () => {
    expect(item(buildPlan(input(9)), "next-steps:oge-application").text).toBe(
      "Подать заявление на ОГЭ до 1 марта: русский язык, математика, физика, информатика; до этого — итоговое собеседование по русскому языку в феврале",
    );
    expect(item(buildPlan(input(11)), "next-steps:ege-application").text).toMatch(/^Написать итоговое сочинение в декабре и подать заявление на ЕГЭ до 1 февраля: русский язык, математика профильного уровня, /);
    expect(item(buildPlan(input(10)), "next-steps:check-admission").text).toMatch(/^Сверить список ЕГЭ с правилами приёма двух-трёх вузов по направлениям 15\.00\.00/);
    expect(item(buildPlan(input(8)), "next-steps:profile-classes").why.text).toBe("Рекомендованный профиль — технологический; предметы ОГЭ по выбору в плане: физика и информатика.");
    const noRiasec = buildPlan(input(9, { diagnostics: input(9).diagnostics.filter((d) => d.testId !== "riasec-interests") }));
    expect(item(noRiasec, "next-steps:test:riasec-interests").text).toBe("Пройти тест «Шесть типов интересов»: он уточнит профиль интересов, и следующий вариант плана будет точнее");
  });

  it("a test taken twice: the explanation names the earlier value when it moved", () => {
    const why = item(buildPlan(input(9)), "path:15.00.00").why.text;
    expect(why).toContain("«Практический тип (R)» теста «Шесть типов интересов» (84 из 100, вес 13 %; в прошлый раз 70)");
  });

  it("the universal profile comes first when no profile stands out, with the two strongest subjects", () => {
    const flat = result("inclinations-8-9", { engineering: 50, it: 50, science: 50, nature: 50, economics: 50, people: 50, languages: 50, art: 50 }, "2025-09-22T10:00:00Z");
    const cooking = { ...robotics, trialId: "t-cooking", title: "Поварское дело", competencyCode: "cooking", competencyName: "Поварское дело", area: "Сфера услуг", mentorInterest: 3, mentorPerformance: 3, studentRating: 3 } as const;
    const plan = buildPlan(input(9, { diagnostics: [flat], trials: [cooking] }));
    const first = section(plan, "profile")!.items[0]!;
    expect(first.id).toBe("profile:universal");
    expect(first.text).toMatch(/^Рекомендуется универсальный профиль с двумя предметами углублённо: .+ и .+$/);
    expect(first.why.text).toMatch(/^Явного профиля пока нет/);
  });

  it("takes scale metadata from the test definition", () => {
    const test = diagnosticTestById("riasec-interests")!;
    const d = planDiagnostic(test, [{ scale: "realistic", percent: 84 }], "2025-09-20T10:00:00Z");
    expect(d.scales[0]).toEqual({ scale: "realistic", title: "Практический тип (R)", percent: 84, interests: { R: 1 }, subjects: ["technology", "physics"] });
    expect(d.scales[1]!.percent).toBeNull();
    expect(d.category).toBe("interests");
  });
});

describe("buildPlan: the score of an area", () => {
  const onlyRealistic = result("riasec-interests", { realistic: 80 }, "2025-09-20T10:00:00Z");

  it("is the tests' weighted mean plus what the trials add (TRIAL_POINTS × the trial's signal)", () => {
    // Robotics: mentor interest 5 (+1 × 0.4), rating 5 (+1 × 0.4), performance 4 (+0.5 × 0.2) → 0.9 → +18.
    const plan = buildPlan(input(9, { diagnostics: [onlyRealistic], trials: [robotics] }));
    expect(area(plan, "industry")).toEqual({ id: "industry", area: "Промышленные и инженерные технологии", score: 98, testPart: 80, trialPart: 0.9 * TRIAL_POINTS });
  });

  it("a trial rated low (≤ 2) lowers its area, and the explanation says so", () => {
    const liked = buildPlan(input(9, { diagnostics: [onlyRealistic], trials: [robotics] }));
    const both = buildPlan(input(9, { diagnostics: [onlyRealistic], trials: [robotics, welding] }));
    // Welding: interest 2 (−0.5 × 0.4), rating 1 (−1 × 0.4), performance 3 (0) → −0.6 → −12.
    expect(area(both, "industry").trialPart).toBe(6);
    expect(area(both, "industry").score).toBeLessThan(area(liked, "industry").score);
    const why = item(both, "path:15.00.00").why;
    expect(why.text).toContain("проба «Сварка: первый шов»: наставник отметил интерес 2/5 и результат 3/5, оценка ребёнка 1/5 — снижает оценку на 12 баллов: проба понравилась мало и наставник увидел мало интереса");
    expect(why.signals).toContainEqual({ source: "trial", ref: "t-welding", label: "Проба «Сварка: первый шов»", weight: -12 });
    expect(both.summary).toContain("Проба «Сварка: первый шов» оценена низко, поэтому её направление в плане ниже.");
    expect(item(both, "next-steps:talk:t-welding").text).toBe("Обсудить пробу «Сварка: первый шов»: что не понравилось и почему — это поможет точнее выбрать следующие пробы");
  });

  it("little interest seen by the mentor lowers the area even when the other marks are high", () => {
    const bored = { ...robotics, mentorInterest: 1, mentorPerformance: 5, studentRating: 4 } as const;
    const plan = buildPlan(input(9, { diagnostics: [onlyRealistic], trials: [bored] }));
    expect(area(plan, "industry").trialPart).toBe(-10); // the low-mark rule: at least −0.5 × 20
    const mentions = plan.sections.flatMap((s) => s.items).filter((i) => i.why.text.includes("проба «Мобильная робототехника: первый робот»"));
    expect(mentions.length).toBeGreaterThan(0);
    for (const i of mentions) expect(i.why.text).toContain("наставник отметил интерес 1/5 и результат 5/5, оценка ребёнка 4/5");
    expect(mentions.some((i) => i.why.text.includes("снижает оценку на 10 баллов: наставник увидел мало интереса"))).toBe(true);
    expect(section(plan, "path")!.items.map((i) => i.id)).not.toContain("path:15.00.00");
  });
});

describe("planRefusal: no plan yet, and why", () => {
  it("no attended trial with the mentor's feedback", () => {
    const message = "План появится после хотя бы одной пройденной пробы с отзывом наставника";
    expect(planRefusal(input(9, { trials: [] }))).toBe(message);
    expect(planRefusal(input(9, { trials: [{ ...robotics, attended: false }] }))).toBe(message);
    expect(planRefusal(input(9, { trials: [{ ...robotics, mentorInterest: null, mentorPerformance: null }] }))).toBe(message);
    expect(() => buildPlan(input(9, { trials: [] }))).toThrow(new AppError("CONFLICT", message));
  });

  it("consent withdrawn or not given: no plan, whatever the results", () => {
    const refused: PlanInput = input(9, { admitted: false, trials: [robotics, webDev] });
    expect(planRefusal(refused)).toBe(REFUSALS.notAdmitted);
    expect(REFUSALS.notAdmitted).toBe("Рекомендации доступны, когда у участника есть действующее согласие родителя: согласие не получено или отозвано");
    expect(() => buildPlan(refused)).toThrow(AppError);
  });

  it("no finished test", () => {
    expect(planRefusal(input(9, { diagnostics: [] }))).toBe("План появится после хотя бы одного пройденного теста онлайн-диагностики");
  });

  it("nothing missing", () => {
    expect(planRefusal(input(9))).toBeNull();
  });
});

describe("comparePlans: what changed and why", () => {
  it("a new trial result changes the plan, and the new items carry their why", () => {
    const v1 = buildPlan(input(11, { trials: [robotics] }));
    const v2 = buildPlan(input(11, { trials: [robotics, webDev] }));
    const diff = comparePlans(v1, v2);
    expect(diff.added.map((a) => a.item.id)).toContain("directions:09.00.00");
    const added = diff.added.find((a) => a.item.id === "directions:09.00.00")!;
    expect(added.section).toBe("directions");
    expect(added.item.why.text).toContain("проба «Веб-технологии: свой сайт за день»: наставник отметил интерес 4/5 и результат 5/5, оценка ребёнка 4/5 — повышает оценку на 12 баллов");
    expect(diff.removed.map((r) => r.id)).toContain("directions:23.00.00");
    expect(diff.areas).toContainEqual({ id: "ict", area: "Информационные и коммуникационные технологии", from: area(v1, "ict").score, to: area(v2, "ict").score });
    expect(diff.summary).toMatch(/^Добавлено пунктов: \d+, убрано: \d+/);
    expect(diff.summary).toContain("«Информационные и коммуникационные технологии»");
  });

  it("a low rating moves items and changes reasons", () => {
    const v1 = buildPlan(input(9, { trials: [robotics] }));
    const v2 = buildPlan(input(9, { trials: [robotics, welding] }));
    const diff = comparePlans(v1, v2);
    expect(diff.added.map((a) => a.item.id)).toContain("next-steps:talk:t-welding");
    expect(diff.removed.map((r) => r.id)).toContain("trials:c-welding-2");
    expect(diff.reasoned.find((r) => r.id === "path:15.00.00")?.after).toContain("снижает оценку на 12 баллов");
  });

  it("the same plan: nothing changed", () => {
    const plan = buildPlan(input(9));
    expect(comparePlans(plan, buildPlan(input(9)))).toEqual({ added: [], removed: [], moved: [], reasoned: [], areas: [], summary: "План не изменился." });
  });
});

describe("buildPlan: the summary", () => {
  it("names the grade, the date, the leading areas and what was counted", () => {
    expect(buildPlan(input(9, { diagnostics: [riasecTech] })).summary).toMatch(/^План для 9 класса на 1 октября 2025 г\. Сильнее всего направлени[ея] «.+» \(\d+ из 100\).* Учтены тесты: 1; пробы с отзывом наставника: 1\.$/);
  });
});
