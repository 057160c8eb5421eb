import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { familyAction } from "~/.server/family-actions";
import { formFields } from "~/.server/forms";
import { afterParam } from "~/lib/list-page";
import { requireRole } from "~/.server/session";
import { IncomingInvitations, INVITATIONS_PAGE, InvitationsSection } from "~/components/invitations";

export const meta: MetaFunction = () => [{ title: "Личный кабинет родителя — Билет в будущее" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireRole(context, request, "parent");
  const [cabinet, children, invitations, incoming, esia] = await Promise.all([
    context.api.cabinet.parent(),
    context.api.family.linked(),
    context.api.family.sentInvitationsPage({ cursor: afterParam(request, INVITATIONS_PAGE) }),
    context.api.family.incomingInvitations(),
    context.esiaEnabled ? context.api.esia.status() : Promise.resolve(null),
  ]);
  const admissions = await Promise.all(children.map((c) => context.api.consent.admission({ studentId: c.id })));
  return {
    firstName: user.firstName,
    profile: cabinet.profile,
    children: children.map((c, i) => ({ ...c, admitted: admissions[i]!.admitted })),
    invitations,
    incoming,
    esia,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  return familyAction(await formFields(request), context);
}

export default function ParentHome() {
  const { firstName, profile, children, invitations, incoming, esia } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Личный кабинет родителя</h1>
      <p className="lead">Здравствуйте, {firstName}!</p>

      <section className="card" aria-labelledby="children-title">
        <h2 id="children-title">Мои дети</h2>
        {children.length === 0 ? (
          <p className="muted">Кабинет пока не связан с кабинетом ребёнка. Ребёнка младше 14 лет добавьте сами, ребёнка постарше пригласите по электронной почте или ссылкой — ниже.</p>
        ) : (
          <ul className="plain" aria-label="Связанные дети">
            {children.map((c) => (
              <li key={c.id}>
                <Link to={`/parent/children/${c.id}`}>
                  <strong>{c.name}</strong>
                </Link>{" "}
                {c.admitted ? <span className="status ok">согласие дано</span> : <span className="status wait">нужно ваше согласие</span>}
              </li>
            ))}
          </ul>
        )}
        <div className="actions">
          <Link className="button secondary" to="/parent/children/new">
            Добавить ребёнка младше 14 лет
          </Link>
        </div>
      </section>

      <IncomingInvitations items={incoming} viewer="parent" />
      <InvitationsSection title="Пригласить ребёнка" inviteLabel="Электронная почта ребёнка" invitations={invitations.items} next={invitations.nextCursor} linkInvitations />

      {esia ? (
        <section className="card">
          <h2>Госуслуги</h2>
          {esia.linked ? (
            <p>
              <span className="status ok">Привязаны</span>{" "}
              {esia.verified ? "Вы можете входить через Госуслуги; личность подтверждена." : "Вы можете входить через тестовый стенд Госуслуг; он личность не подтверждает."}
            </p>
          ) : (
            <Form method="post" action="/auth/esia/start">
              <p>Привяжите Госуслуги, чтобы входить без пароля и подтвердить личность.</p>
              <button type="submit" className="secondary">
                Привязать Госуслуги
              </button>
            </Form>
          )}
        </section>
      ) : null}

      <section className="card">
        <h2>Мои данные</h2>
        <p>{profile.regionName}</p>
      </section>
    </>
  );
}
