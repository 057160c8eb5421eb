import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import type { diagnostics } from "@bilet/core";
import { attempt } from "~/.server/forms";
import { requireRole } from "~/.server/session";
import { CompareChart, ProfileChart, type CompareSeries } from "~/components/diagnostics";
import { formatDate } from "~/lib/format";

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [{ title: `Диагностика: ${d?.child.name ?? "ребёнок"} — Билет в будущее` }];

type Summary = diagnostics.ResultSummary;

interface Comparison {
  series: CompareSeries[];
  scales: { id: string; title: string }[];
}

/** Two results side by side: one test (change over time) shares its scales; two tests show each one's own. */
function compare(first: Summary, second: Summary, names: [string, string]): Comparison {
  const sameTest = first.testId === second.testId;
  const key = (r: Summary, scale: string) => (sameTest ? scale : `${r.testId}:${scale}`);
  const scales = new Map<string, string>();
  for (const r of [first, second]) for (const s of r.scales) scales.set(key(r, s.scale), sameTest ? s.title : `${r.title}: ${s.title}`);
  const values = (r: Summary) => Object.fromEntries(r.scales.map((s) => [key(r, s.scale), s.percent]));
  return { series: [{ name: names[0], values: values(first) }, { name: names[1], values: values(second) }], scales: [...scales].map(([id, title]) => ({ id, title })) };
}

/** A test taken twice (older first), else the two latest results: what the page compares before anyone chooses. */
function defaultPair(results: Summary[]): [string, string] | null {
  for (const r of results) {
    const earlier = results.find((x) => x.testId === r.testId && x.attemptId !== r.attemptId);
    if (earlier) return [earlier.attemptId, r.attemptId];
  }
  return results.length >= 2 ? [results[1]!.attemptId, results[0]!.attemptId] : null;
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  requireRole(context, request, "parent");
  const studentId = params.studentId ?? "";
  const card = await attempt(() => context.api.family.child({ studentId }));
  if (!card.ok) throw data(card.status === 403 ? "Нет доступа к этой странице" : card.formError, { status: card.status === 400 ? 404 : card.status });
  const [results, profile, linked] = await Promise.all([
    context.api.diagnostics.results({ studentId }),
    context.api.diagnostics.profile({ studentId }),
    context.api.family.linked(),
  ]);
  const url = new URL(request.url);
  const q = (k: string) => url.searchParams.get(k) ?? "";

  // Two results of this child.
  const pair = q("a") && q("b") ? ([q("a"), q("b")] as [string, string]) : defaultPair(results);
  const first = results.find((r) => r.attemptId === pair?.[0]);
  const second = results.find((r) => r.attemptId === pair?.[1]);
  const label = (r: Summary) => (first && second && first.testId === second.testId ? `Результат от ${formatDate(r.finishedAt)}` : `${r.title}, ${formatDate(r.finishedAt)}`);
  const results2 = first && second ? compare(first, second, [label(first), label(second)]) : null;

  // The same test of two children of this parent.
  const others = linked.filter((c) => c.id !== studentId);
  const tests = [...new Map(results.map((r) => [r.testId, r.title])).entries()].map(([id, title]) => ({ id, title }));
  let children2: (Comparison & { notice: string | null }) | null = null;
  const otherId = q("child") || others[0]?.id || "";
  const testId = q("test") || tests[0]?.id || "";
  const other = others.find((c) => c.id === otherId);
  if (other && testId) {
    const theirs = await attempt(() => context.api.diagnostics.results({ studentId: other.id }));
    const mine = results.find((r) => r.testId === testId);
    const their = theirs.ok ? theirs.value.find((r) => r.testId === testId) : undefined;
    if (mine && their) children2 = { ...compare(mine, their, [card.value.child.name, other.name]), notice: null };
    else if (mine) children2 = { series: [], scales: [], notice: `${other.name}: тест «${mine.title}» ещё не пройден.` };
  }

  return {
    child: card.value.child,
    results,
    profile,
    compare: { a: first?.attemptId ?? "", b: second?.attemptId ?? "", result: results2 },
    siblings: { others: others.map((c) => ({ id: c.id, name: c.name })), tests, child: otherId, test: testId, result: children2 },
  };
}

const shortArea = (name: string) => name.split(" (")[0]!;
const capital = (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1) : s);

/** A linked child's results, interest profile and comparisons, for the parent. */
export default function ChildDiagnostics() {
  const { child, results, profile: p, compare, siblings } = useLoaderData<typeof loader>();
  const base = `/parent/children/${child.id}/diagnostics`;
  const option = (r: (typeof results)[number]) => `${r.title} — ${formatDate(r.finishedAt)}`;
  return (
    <>
      <p>
        <Link to={`/parent/children/${child.id}`}>← {child.name}</Link>
      </p>
      <h1>Результаты диагностики: {child.name}</h1>

      <section className="card" aria-labelledby="results-title">
        <h2 id="results-title" style={{ marginTop: 0 }}>
          Пройденные тесты
        </h2>
        {results.length === 0 ? (
          <p className="muted">Ребёнок пока не прошёл ни одного теста. Когда тест будет пройден, вы получите уведомление.</p>
        ) : (
          <ul className="plain" aria-label="Пройденные тесты">
            {results.map((r) => (
              <li key={r.attemptId}>
                <Link to={`${base}/${r.attemptId}`}>{r.title}</Link> <span className="small muted">· {formatDate(r.finishedAt)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>

      {p.profile.tests > 0 ? (
        <section className="card" aria-labelledby="profile-title">
          <h2 id="profile-title" style={{ marginTop: 0 }}>
            Профиль интересов
          </h2>
          <ProfileChart variant="bars" areas={p.profile.areas} labels={Object.fromEntries(Object.entries(p.areaNames).map(([k, v]) => [k, shortArea(v)]))} />
          <p>
            <span className={`status ${p.profile.precision >= 0.7 ? "ok" : p.profile.precision >= 0.4 ? "wait" : "off"}`}>{capital(p.profile.precisionLabel)}</span>{" "}
            <span className="small muted">
              учтено тестов: {p.profile.tests}, разных разделов: {p.profile.categories}. Чем больше тестов разных видов пройдено, тем точнее профиль.
            </span>
          </p>
          {p.profile.leading.length > 0 ? (
            <>
              <h3>Ведущие области</h3>
              <ol>
                {p.profile.leading.map((a) => (
                  <li key={a}>{p.areaNames[a]}</li>
                ))}
              </ol>
            </>
          ) : null}
          {p.fits.length > 0 ? (
            <>
              <h3>Компетенции, которые подходят больше всего</h3>
              <ol style={{ paddingLeft: "1.25rem" }}>
                {p.fits.map((f) => (
                  <li key={f.code} style={{ margin: "0 0 0.5rem", overflowWrap: "anywhere" }}>
                    <strong>{f.name}</strong> <span className="small muted">· совпадение {Math.round(f.fit)} из 100</span>
                    <div className="small">{capital(f.reason)}</div>
                  </li>
                ))}
              </ol>
            </>
          ) : null}
        </section>
      ) : null}

      {results.length >= 2 ? (
        <section className="card" aria-labelledby="compare-title">
          <h2 id="compare-title" style={{ marginTop: 0 }}>
            Сравнить два результата
          </h2>
          <p className="small muted">Две попытки одного теста покажут, что изменилось со временем; два разных теста — результаты рядом.</p>
          <Form method="get" className="grid" aria-label="Выбор результатов для сравнения">
            <div className="field">
              <label htmlFor="cmp-a">Первый результат</label>
              <select id="cmp-a" name="a" defaultValue={compare.a}>
                {results.map((r) => (
                  <option key={r.attemptId} value={r.attemptId}>
                    {option(r)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="cmp-b">Второй результат</label>
              <select id="cmp-b" name="b" defaultValue={compare.b}>
                {results.map((r) => (
                  <option key={r.attemptId} value={r.attemptId}>
                    {option(r)}
                  </option>
                ))}
              </select>
            </div>
            {siblings.child ? <input type="hidden" name="child" value={siblings.child} /> : null}
            {siblings.test ? <input type="hidden" name="test" value={siblings.test} /> : null}
            <div className="actions" style={{ alignItems: "end" }}>
              <button type="submit" className="secondary">
                Сравнить
              </button>
            </div>
          </Form>
          {compare.result ? (
            <CompareChart series={compare.result.series} scales={compare.result.scales} caption="Сравнение двух результатов, в процентах" />
          ) : (
            <p className="muted">Выберите два результата из списка.</p>
          )}
        </section>
      ) : null}

      {siblings.others.length > 0 && siblings.tests.length > 0 ? (
        <section className="card" aria-labelledby="siblings-title">
          <h2 id="siblings-title" style={{ marginTop: 0 }}>
            Сравнить с другим ребёнком
          </h2>
          <p className="small muted">Последние результаты одного теста у двух ваших детей.</p>
          <Form method="get" className="grid" aria-label="Выбор ребёнка и теста для сравнения">
            <div className="field">
              <label htmlFor="sib-child">Второй ребёнок</label>
              <select id="sib-child" name="child" defaultValue={siblings.child}>
                {siblings.others.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="sib-test">Тест</label>
              <select id="sib-test" name="test" defaultValue={siblings.test}>
                {siblings.tests.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.title}
                  </option>
                ))}
              </select>
            </div>
            {compare.a ? <input type="hidden" name="a" value={compare.a} /> : null}
            {compare.b ? <input type="hidden" name="b" value={compare.b} /> : null}
            <div className="actions" style={{ alignItems: "end" }}>
              <button type="submit" className="secondary">
                Сравнить детей
              </button>
            </div>
          </Form>
          {siblings.result?.notice ? <p className="muted">{siblings.result.notice}</p> : null}
          {siblings.result && !siblings.result.notice ? (
            <CompareChart series={siblings.result.series} scales={siblings.result.scales} caption="Сравнение результатов двух детей, в процентах" />
          ) : null}
        </section>
      ) : null}
    </>
  );
}
