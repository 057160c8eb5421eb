import { Form, useActionData } from "@remix-run/react";
import type { InvitationDto } from "@bilet/core";
import { formatDateTime } from "~/lib/format";
import { invitationNote } from "~/lib/invitations";
import { Field, FormAlert } from "./form";

const STATE_LABEL = {
  pending: ["ожидает ответа", "wait"],
  expired: ["срок истёк", "off"],
  accepted: ["принято", "ok"],
  revoked: ["отозвано", "off"],
} as const;

type ActionResult = { scope?: string; ok?: boolean; formError?: string | null; fieldErrors?: Partial<Record<string, string>>; message?: string } | undefined;

/** Invite the other side of the family and manage the invitations already sent. */
export function InvitationsSection(props: { title: string; inviteLabel: string; invitations: InvitationDto[] }) {
  const any = useActionData() as ActionResult;
  const result = any?.scope === "family" ? any : undefined;
  return (
    <section className="card" aria-labelledby="invitations-title">
      <h2 id="invitations-title">{props.title}</h2>
      {result?.message ? (
        <div className="alert success" role="status">
          {result.message}
        </div>
      ) : null}
      <Form method="post" className="stack" noValidate>
        <FormAlert message={result?.formError} />
        <input type="hidden" name="intent" value="invite" />
        <Field name="email" label={props.inviteLabel} type="email" errors={result?.fieldErrors} autoComplete="off" required />
        <div className="actions">
          <button type="submit">Отправить приглашение</button>
        </div>
      </Form>
      {props.invitations.length > 0 ? (
        <>
          <h3>Отправленные приглашения</h3>
          <ul className="plain" aria-label="Отправленные приглашения">
            {props.invitations.map((inv) => (
              <li key={inv.id}>
                <div>
                  <strong>{inv.inviteeEmail}</strong> <span className={`status ${STATE_LABEL[inv.state][1]}`}>{STATE_LABEL[inv.state][0]}</span>
                </div>
                <div className="small muted">{invitationNote(inv)}</div>
                {inv.state === "pending" || inv.state === "expired" ? (
                  <div className="actions">
                    <Form method="post">
                      <input type="hidden" name="intent" value="resend" />
                      <input type="hidden" name="invitationId" value={inv.id} />
                      <button type="submit" className="secondary" aria-label={`Отправить ещё раз: ${inv.inviteeEmail}`}>
                        Отправить ещё раз
                      </button>
                    </Form>
                    {inv.state === "pending" ? (
                      <Form method="post">
                        <input type="hidden" name="intent" value="revoke" />
                        <input type="hidden" name="invitationId" value={inv.id} />
                        <button type="submit" className="danger" aria-label={`Отозвать приглашение: ${inv.inviteeEmail}`}>
                          Отозвать
                        </button>
                      </Form>
                    ) : null}
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

/** Invitations addressed to the signed-in person. */
export function IncomingInvitations({ items, viewer }: { items: { id: string; inviterName: string; expiresAt: string }[]; viewer: "student" | "parent" }) {
  if (items.length === 0) return null;
  return (
    <section className="card">
      <h2>{viewer === "student" ? "Тебя пригласили" : "Вас пригласили"}</h2>
      <ul className="plain">
        {items.map((inv) => (
          <li key={inv.id}>
            <strong>{inv.inviterName}</strong> приглашает связать кабинеты (до {formatDateTime(inv.expiresAt)}).
            <Form method="post" className="actions">
              <input type="hidden" name="intent" value="acceptIncoming" />
              <input type="hidden" name="invitationId" value={inv.id} />
              <button type="submit">Принять приглашение</button>
            </Form>
          </li>
        ))}
      </ul>
    </section>
  );
}
