import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { attempt } from "~/.server/forms";
import { requireRole } from "~/.server/session";

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [{ title: `Психометрика: ${d?.title ?? "тест"} — Билет в будущее` }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  requireRole(context, request, "staff");
  const raw = new URL(request.url).searchParams.get("version");
  const version = raw && /^\d{1,4}$/.test(raw) ? Number(raw) : undefined;
  const report = await attempt(() => context.api.diagnostics.report({ testId: params.testId ?? "", version }));
  if (!report.ok) throw data(report.formError, { status: report.status === 400 ? 404 : report.status });
  return report.value;
}

/** Below this a corrected item-total correlation says the item hardly measures what its scale does. */
const WEAK_ITEM = 0.2;

/** «0,82»; «—» when there is nothing to show. */
const num = (x: number | null | undefined, digits = 2) => (x === null || x === undefined || !Number.isFinite(x) ? "—" : x.toFixed(digits).replace(".", ","));
const percent = (x: number | null) => (x === null ? "—" : `${Math.round(x * 100)} %`);

/** How staff read α: the usual rule of thumb for a scale used to talk with a student, not to select. */
function alphaVerdict(alpha: number | null): { text: string; tone: string } {
  if (alpha === null) return { text: "не посчитать", tone: "off" };
  if (alpha >= 0.8) return { text: "высокая надёжность", tone: "ok" };
  if (alpha >= 0.7) return { text: "приемлемая надёжность", tone: "ok" };
  if (alpha >= 0.6) return { text: "сомнительная надёжность", tone: "wait" };
  return { text: "низкая надёжность", tone: "bad" };
}

/** Open psychometrics of one test version: completion, time, and for each scale α, the distribution of scores and its items. */
export default function TestReport() {
  const r = useLoaderData<typeof loader>();
  return (
    <>
      <p>
        <Link to="/staff/diagnostics">← Диагностика и психометрика</Link>
      </p>
      <h1>Открытая психометрика: {r.title}</h1>

      {r.versions.length > 1 ? (
        <Form method="get" className="actions" aria-label="Выбор версии" style={{ alignItems: "end" }}>
          <div className="field">
            <label htmlFor="version">Версия теста</label>
            <select id="version" name="version" defaultValue={String(r.version)}>
              {r.versions.map((v) => (
                <option key={v} value={v}>
                  Версия {v}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="secondary">
            Показать
          </button>
        </Form>
      ) : null}

      <section className="card" aria-labelledby="summary-title">
        <h2 id="summary-title" style={{ marginTop: 0 }}>
          Версия {r.version}: прохождения
        </h2>
        <dl className="facts">
          <dt>Начато попыток</dt>
          <dd>{r.attempts}</dd>
          <dt>Завершено</dt>
          <dd>{r.finished}</dd>
          <dt>Доля завершивших</dt>
          <dd>{percent(r.completionRate)}</dd>
          <dt>Медианное время</dt>
          <dd>{r.medianMinutes === null ? "—" : `${num(r.medianMinutes, 1)} мин`}</dd>
        </dl>
      </section>
      {r.tooFew ? (
        <div className="alert info" role="note">
          Завершённых попыток {r.finished}, а для надёжных оценок нужно не меньше {r.minReliableAttempts}. Надёжность и корреляции ниже показаны для справки и могут сильно измениться.
        </div>
      ) : null}

      {r.scales.map((s) => {
        const verdict = alphaVerdict(s.alpha);
        const most = Math.max(1, ...s.distribution.map((b) => b.count));
        return (
          <section key={s.scale} className="card" aria-labelledby={`scale-${s.scale}`}>
            <h2 id={`scale-${s.scale}`} style={{ marginTop: 0 }}>
              {s.title}
            </h2>
            <dl className="facts">
              <dt>α Кронбаха</dt>
              <dd>
                {num(s.alpha)} <span className={`status ${verdict.tone}`}>{verdict.text}</span>
              </dd>
              <dt>Медиана баллов</dt>
              <dd>{s.median === null ? "—" : `${num(s.median, 1)} из 100`}</dd>
              <dt>Вопросов в шкале</dt>
              <dd>{s.items.length}</dd>
            </dl>

            <h3>Распределение баллов</h3>
            {/* A wrapper that may scroll sideways on a phone is focusable, so the keyboard can scroll it. */}
            <div className="table-wrap" tabIndex={0} role="region" aria-label={`Распределение баллов: ${s.title}`}>
              <table>
                <caption className="small muted" style={{ textAlign: "left", captionSide: "top", paddingBottom: "0.25rem" }}>
                  Сколько прохождений набрали баллы в каждом интервале (баллы в процентах от максимума)
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Баллы</th>
                    <th scope="col">Прохождений</th>
                    <th scope="col" style={{ width: "55%" }}>
                      Доля
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {s.distribution.map((b) => (
                    <tr key={b.from}>
                      <td style={{ whiteSpace: "nowrap" }}>
                        {Math.round(b.from)}–{Math.round(b.to)}
                      </td>
                      <td>{b.count}</td>
                      <td aria-hidden="true">
                        <div style={{ background: "#e8ecf4", borderRadius: 4, height: 14 }}>
                          <div style={{ width: `${(b.count / most) * 100}%`, background: "var(--brand)", borderRadius: 4, height: 14, printColorAdjust: "exact" }} />
                        </div>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>

            <h3>Вопросы шкалы</h3>
            <div className="table-wrap" tabIndex={0} role="region" aria-label={`Вопросы шкалы: ${s.title}`}>
              <table>
                <caption className="small muted" style={{ textAlign: "left", captionSide: "top", paddingBottom: "0.25rem" }}>
                  Среднее по вопросу и его корреляция с суммой остальных вопросов шкалы; ниже {num(WEAK_ITEM, 1)} — вопрос стоит пересмотреть
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Вопрос</th>
                    <th scope="col">Среднее</th>
                    <th scope="col">Корреляция с суммой</th>
                  </tr>
                </thead>
                <tbody>
                  {s.items.map((it) => {
                    const weak = it.itemTotal !== null && it.itemTotal < WEAK_ITEM;
                    return (
                      <tr key={it.item} style={weak ? { background: "#fff3f2" } : undefined}>
                        <td style={{ minWidth: 150, overflowWrap: "anywhere" }}>
                          <span className="small muted">{it.item}</span> {it.text}
                        </td>
                        <td>{num(it.mean)}</td>
                        <td>
                          {num(it.itemTotal)} {weak ? <span className="status bad">слабая</span> : null}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          </section>
        );
      })}
    </>
  );
}
