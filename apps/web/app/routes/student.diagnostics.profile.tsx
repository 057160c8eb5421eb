import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { attempt } from "~/.server/forms";
import { requireRole } from "~/.server/session";
import { ProfileChart } from "~/components/diagnostics";

export const meta: MetaFunction = () => [{ title: "Профиль интересов — Билет в будущее" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireRole(context, request, "student");
  const profile = await attempt(() => context.api.diagnostics.profile({ studentId: user.id }));
  if (!profile.ok) throw data(profile.formError, { status: profile.status });
  return profile.value;
}

/** «Практический (техника, работа руками)» → «Практический»: the chart has room for short names only. */
const shortArea = (name: string) => name.split(" (")[0]!;

/** The interest profile over every finished test, how far to trust it, and the competencies that fit. */
export default function StudentProfile() {
  const { profile, areaNames, fits } = useLoaderData<typeof loader>();
  const empty = profile.tests === 0;
  const chartLabels = Object.fromEntries(Object.entries(areaNames).map(([k, v]) => [k, shortArea(v)]));
  return (
    <>
      <p>
        <Link to="/student/diagnostics">← Онлайн-диагностика</Link>
      </p>
      <h1>Профиль интересов</h1>
      {empty ? (
        <section className="card">
          <p>Профиль появится, когда ты пройдёшь хотя бы один тест об интересах, склонностях или ценностях.</p>
          <p>
            <Link className="button" to="/student/diagnostics">
              Выбрать тест
            </Link>
          </p>
        </section>
      ) : (
        <>
          <section className="card" aria-labelledby="chart-title">
            <h2 id="chart-title" style={{ marginTop: 0 }}>
              Шесть областей интересов
            </h2>
            <ProfileChart variant="bars" areas={profile.areas} labels={chartLabels} />
          </section>

          <section className="card" aria-labelledby="precision-title">
            <h2 id="precision-title" style={{ marginTop: 0 }}>
              Точность профиля
            </h2>
            <p>
              <span className={`status ${profile.precision >= 0.7 ? "ok" : profile.precision >= 0.4 ? "wait" : "off"}`}>{capital(profile.precisionLabel)}</span>{" "}
              <span className="small muted">
                учтено тестов: {profile.tests}, разных разделов: {profile.categories}
              </span>
            </p>
            <meter min={0} max={1} low={0.4} high={0.7} optimum={1} value={profile.precision} aria-label="Точность профиля" style={{ width: "100%", height: 16 }} />
            <p className="small">
              {profile.precision >= 0.7
                ? "Профиль уже надёжный. Новые тесты уточнят его, а повторное прохождение через полгода покажет, что изменилось."
                : "Точность растёт с каждым пройденным тестом, особенно если тесты из разных разделов: интересы, склонности, ценности, сильные стороны. Пройди ещё тесты других видов — профиль станет точнее."}
            </p>
          </section>

          <section className="card" aria-labelledby="leading-title">
            <h2 id="leading-title" style={{ marginTop: 0 }}>
              Ведущие области
            </h2>
            {profile.leading.length === 0 ? (
              <p className="muted">Пройденные тесты пока ничего не говорят об областях интересов.</p>
            ) : (
              <ol>
                {profile.leading.map((a) => (
                  <li key={a}>
                    <strong>{areaNames[a]}</strong> <span className="small muted">· {Math.round(profile.areas[a] ?? 0)} из 100</span>
                  </li>
                ))}
              </ol>
            )}
          </section>

          <section className="card" aria-labelledby="fits-title">
            <h2 id="fits-title" style={{ marginTop: 0 }}>
              Компетенции, которые подходят больше всего
            </h2>
            {fits.length === 0 ? (
              <p className="muted">Подбор появится, когда в профиле будут области интересов.</p>
            ) : (
              <ol style={{ paddingLeft: "1.25rem" }}>
                {fits.map((f) => (
                  <li key={f.code} style={{ margin: "0 0 0.75rem", overflowWrap: "anywhere" }}>
                    <strong>{f.name}</strong> <span className="small muted">· совпадение {Math.round(f.fit)} из 100</span>
                    <div className="small">{capital(f.reason)}</div>
                  </li>
                ))}
              </ol>
            )}
            <p>
              <Link className="button" to="/student/trials?fit=1">
                Подходящие пробы
              </Link>
            </p>
          </section>
        </>
      )}
      <p>
        <Link to="/student/diagnostics">Все тесты</Link>
      </p>
    </>
  );
}

const capital = (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1) : s);
