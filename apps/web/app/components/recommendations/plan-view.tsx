import { Link } from "@remix-run/react";
import type { recommendations } from "@bilet/core";
import { ScaleChart } from "~/components/diagnostics";
import { formatDate, formatDateTime } from "~/lib/format";

type View = recommendations.PlanView;
type Ready = Extract<View, { state: "ready" }>;
type Comparison = recommendations.PlanComparison;
type Place = recommendations.PlanItemPlace;

const PRINT_CSS = `
@media print {
  .site-header, .toast-area, .no-print { display: none !important; }
  main { max-width: none; padding: 0; }
  .card { border: 0; padding: 0; margin: 0 0 1rem; }
  .plan-item { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}`;

const WORDS = {
  student: {
    intro: "План составлен по твоим тестам и пробам. У каждого пункта написано, почему он здесь: так его проще обсудить с родителями и в школе.",
    chartNote: "Из 100: по результатам твоих тестов, отзывам наставников и твоим оценкам проб.",
    versionsNote: "План обновляется, когда появляется новый результат теста, отзыв наставника или твоя оценка пробы. Прежние версии сохраняются.",
    noneTitle: "Плана пока нет",
    noneNext: "Проходи тесты онлайн-диагностики и записывайся на пробы: после пробы с отзывом наставника здесь появится план, и придёт уведомление.",
  },
  parent: {
    intro: "План составлен по тестам и пробам ребёнка. У каждого пункта написано, почему он здесь: его удобно обсудить вместе и взять на встречу в школе.",
    chartNote: "Из 100: по результатам тестов, отзывам наставников и оценкам проб, которые поставил ребёнок.",
    versionsNote: "План обновляется, когда появляется новый результат теста, отзыв наставника или оценка пробы. Прежние версии сохраняются.",
    noneTitle: "Плана пока нет",
    noneNext: "План появится после тестов онлайн-диагностики и хотя бы одной пройденной пробы с отзывом наставника. Когда он будет готов, вы получите уведомление.",
  },
} as const;

export interface PlanViewProps {
  view: View;
  viewer: keyof typeof WORDS;
  /** The student's full name (the «none» state has no plan to take it from). */
  name: string;
  /** The page itself (for ?version=N) and its PDF download. */
  paths: { page: string; pdf: string };
  /** Where «←» leads: the cabinet for the student, the child's page for the parent. */
  back: { to: string; label: string };
}

/**
 * The individual study plan: summary, chart of the areas, every item with its
 * reason, what changed since the version before, versions, printing and the
 * PDF. Shared by the student's page («ты») and the parent's («вы»).
 */
export function PlanView({ view, viewer, name, paths, back }: PlanViewProps) {
  return (
    <>
      <style>{PRINT_CSS}</style>
      <p className="no-print">
        <Link to={back.to}>← {back.label}</Link>
      </p>
      <h1>Индивидуальный учебный план</h1>
      <p className="lead" style={{ marginBottom: "0.25rem", overflowWrap: "anywhere" }}>
        {name}
      </p>
      {view.state === "none" ? <NoPlan view={view} viewer={viewer} back={back} /> : <ReadyPlan view={view} viewer={viewer} paths={paths} />}
      {view.state === "none" ? null : (
        <section className="card" aria-labelledby="plan-method-title">
          <h2 id="plan-method-title" style={{ marginTop: 0 }}>
            Как составлен план
          </h2>
          <p className="small" style={{ margin: 0 }}>
            План составлен автоматически по правилам проекта из результатов тестов онлайн-диагностики, посещённых проб, отзывов наставников и оценок проб, с учётом класса и региона.
            Вес каждого результата указан в пояснениях. Это рекомендация, а не решение: её стоит обсудить в семье и в школе.
          </p>
        </section>
      )}
    </>
  );
}

function NoPlan({ view, viewer, back }: { view: Extract<View, { state: "none" }>; viewer: PlanViewProps["viewer"]; back: PlanViewProps["back"] }) {
  const words = WORDS[viewer];
  return (
    <section className="card" aria-labelledby="plan-none-title">
      <h2 id="plan-none-title" style={{ marginTop: 0 }}>
        {words.noneTitle}
      </h2>
      <p>
        <span className={`status ${view.admitted ? "wait" : "off"}`}>{view.admitted ? "Не хватает данных" : "Нет допуска"}</span>
      </p>
      <p>{/[.!?]$/.test(view.reason) ? view.reason : `${view.reason}.`}</p>
      <p className="small muted">{words.noneNext}</p>
      <div className="actions">
        {viewer === "student" ? (
          <>
            <Link className="button" to="/student/diagnostics">
              Онлайн-диагностика
            </Link>
            <Link className="button secondary" to="/student/trials">
              Каталог проб
            </Link>
          </>
        ) : (
          <Link className="button secondary" to={back.to}>
            Страница ребёнка
          </Link>
        )}
      </div>
    </section>
  );
}

function ReadyPlan({ view, viewer, paths }: { view: Ready; viewer: PlanViewProps["viewer"]; paths: PlanViewProps["paths"] }) {
  const words = WORDS[viewer];
  const { plan } = view;
  const latest = view.versions[0]?.version ?? view.version;
  const titles = new Map(plan.sections.map((s) => [s.kind as string, s.title]));
  const withVersion = (path: string) => (view.version === latest ? path : `${path}?version=${view.version}`);
  return (
    <>
      <p className="muted" style={{ marginTop: 0 }}>
        Версия {view.version} от {formatDate(view.createdAt)} · {view.grade} класс
        {view.version !== latest ? (
          <>
            {" "}
            · <span className="status wait">Есть более новая версия</span>
          </>
        ) : null}
      </p>
      <p className="small muted">{words.intro}</p>

      <div className="actions no-print">
        <button type="button" onClick={() => window.print()}>
          Распечатать
        </button>
        <a className="button secondary" href={withVersion(paths.pdf)} download>
          Скачать PDF
        </a>
      </div>

      <section className="card" aria-labelledby="plan-summary-title">
        <h2 id="plan-summary-title" style={{ marginTop: 0 }}>
          Коротко
        </h2>
        <p style={{ margin: 0, overflowWrap: "anywhere" }}>{plan.summary}</p>
      </section>

      {view.changes ? <Changes changes={view.changes} previous={view.version - 1} titles={titles} /> : null}

      {plan.areas.length > 0 ? (
        <section className="card" aria-labelledby="plan-areas-title">
          <h2 id="plan-areas-title" style={{ marginTop: 0 }}>
            Оценки направлений
          </h2>
          <p className="small muted">{words.chartNote}</p>
          <ScaleChart scales={plan.areas.map((a) => ({ id: a.id, title: a.area, percent: a.score }))} caption="Оценки направлений, из 100" />
        </section>
      ) : null}

      {plan.sections.map((s) => (
        <section key={s.kind} className="card" aria-labelledby={`plan-section-${s.kind}`}>
          <h2 id={`plan-section-${s.kind}`} style={{ marginTop: 0 }}>
            {s.title}
          </h2>
          <ol style={{ paddingLeft: "1.25rem", margin: 0 }}>
            {s.items.map((item) => (
              <li key={item.id} className="plan-item" style={{ margin: "0 0 1rem", overflowWrap: "anywhere" }}>
                <p style={{ margin: "0 0 0.25rem", fontWeight: 600 }}>{item.text}</p>
                <p className="small" style={{ margin: 0 }}>
                  <strong>Почему:</strong> {item.why.text}
                </p>
              </li>
            ))}
          </ol>
        </section>
      ))}

      <section className="card no-print" aria-labelledby="plan-versions-title">
        <h2 id="plan-versions-title" style={{ marginTop: 0 }}>
          Версии плана
        </h2>
        <p className="small muted">{words.versionsNote}</p>
        <ul className="plain" aria-label="Версии плана">
          {view.versions.map((v) => {
            const label = `Версия ${v.version} от ${formatDateTime(v.createdAt)}`;
            return (
              <li key={v.version}>
                {v.version === view.version ? (
                  <>
                    <strong aria-current="page">{label}</strong> <span className="small muted">· открыта сейчас</span>
                  </>
                ) : (
                  <Link to={`${paths.page}?version=${v.version}`}>{label}</Link>
                )}
                {v.version === latest ? <span className="small muted"> · последняя</span> : null}
              </li>
            );
          })}
        </ul>
      </section>
    </>
  );
}

function Changes({ changes, previous, titles }: { changes: Comparison; previous: number; titles: Map<string, string> }) {
  const place = (p: Place) => {
    const title = titles.get(p.section);
    return title ? `раздел «${title}», пункт ${p.position}` : `пункт ${p.position}`;
  };
  return (
    <section className="card" aria-labelledby="plan-changes-title">
      <h2 id="plan-changes-title" style={{ marginTop: 0 }}>
        Что изменилось по сравнению с версией {previous}
      </h2>
      <p style={{ overflowWrap: "anywhere" }}>{changes.summary}</p>

      {changes.added.length > 0 ? (
        <>
          <h3>Добавлено</h3>
          <ul style={{ paddingLeft: "1.25rem" }}>
            {changes.added.map((a) => (
              <li key={a.item.id} className="plan-item" style={{ margin: "0 0 0.75rem", overflowWrap: "anywhere" }}>
                <strong>{a.item.text}</strong> <span className="small muted">· {place(a)}</span>
                <div className="small">
                  <strong>Почему:</strong> {a.item.why.text}
                </div>
              </li>
            ))}
          </ul>
        </>
      ) : null}

      {changes.removed.length > 0 ? (
        <>
          <h3>Убрано</h3>
          <ul style={{ paddingLeft: "1.25rem" }}>
            {changes.removed.map((r) => (
              <li key={r.id} style={{ margin: "0 0 0.5rem", overflowWrap: "anywhere" }}>
                {r.text} <span className="small muted">· было: {place(r)}</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}

      {changes.moved.length > 0 ? (
        <>
          <h3>Переставлено</h3>
          <ul style={{ paddingLeft: "1.25rem" }}>
            {changes.moved.map((m) => (
              <li key={m.id} className="plan-item" style={{ margin: "0 0 0.75rem", overflowWrap: "anywhere" }}>
                <strong>{m.text}</strong>
                <div className="small muted">
                  было: {place(m.from)}; стало: {place(m.to)}
                </div>
              </li>
            ))}
          </ul>
        </>
      ) : null}

      {changes.reasoned.length > 0 ? (
        <>
          <h3>Новые причины</h3>
          <ul style={{ paddingLeft: "1.25rem" }}>
            {changes.reasoned.map((r) => (
              <li key={r.id} className="plan-item" style={{ margin: "0 0 0.75rem", overflowWrap: "anywhere" }}>
                <strong>{r.text}</strong>
                <div className="small muted">Было: {r.before}</div>
                <div className="small">Стало: {r.after}</div>
              </li>
            ))}
          </ul>
        </>
      ) : null}

      {changes.areas.length > 0 ? (
        <>
          <h3>Как изменились оценки направлений</h3>
          <ul style={{ paddingLeft: "1.25rem" }}>
            {changes.areas.map((a) => (
              <li key={a.id} style={{ overflowWrap: "anywhere" }}>
                {a.area}: {Math.round(a.from)} → {Math.round(a.to)} из 100
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

/** ?version=N as a number: digits only, anything else means the latest version. */
export function planVersion(url: string): number | undefined {
  const raw = new URL(url).searchParams.get("version") ?? "";
  return /^[1-9]\d{0,8}$/.test(raw) ? Number(raw) : undefined;
}
