import { Form, useActionData } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState } from "react";
import type { InvitationDto } from "@bilet/core";
import { formatDateTime } from "~/lib/format";
import { invitationNote } from "~/lib/invitations";
import { Field, FormAlert } from "./form";
import { Pager } from "./pager";

/** The address parameter with the cursor of the sent invitations' page. */
export const INVITATIONS_PAGE = "invitations";

const STATE_LABEL = {
  pending: ["ожидает ответа", "wait"],
  expired: ["срок истёк", "off"],
  accepted: ["принято", "ok"],
  revoked: ["отозвано", "off"],
} as const;

type ActionResult = { scope?: string; ok?: boolean; formError?: string | null; fieldErrors?: Partial<Record<string, string>>; message?: string; link?: string } | undefined;

/**
 * Invite the other side of the family and manage the invitations already
 * sent. `linkInvitations`: a parent may also copy an invitation link for a
 * child of 14 or more (to pass through a messenger).
 */
export function InvitationsSection(props: { title: string; inviteLabel: string; invitations: InvitationDto[]; next?: string | null; linkInvitations?: boolean }) {
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
      {props.linkInvitations ? (
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="copyLink" />
          <p className="small muted">Ребёнку от 14 лет приглашение можно передать ссылкой, например в мессенджере. Ссылка действует 7 дней и только для одного человека.</p>
          <div className="actions">
            <button type="submit" className="secondary">
              Скопировать ссылку-приглашение
            </button>
          </div>
        </Form>
      ) : null}
      {result?.link ? <CopiedLink key={result.link} url={result.link} /> : null}
      {props.invitations.length > 0 ? (
        <>
          <h3>Отправленные приглашения</h3>
          <ul className="plain" aria-label="Отправленные приглашения">
            {props.invitations.map((inv) => (
              <li key={inv.id}>
                <div>
                  <strong>{inv.inviteeEmail ?? "Ссылка-приглашение"}</strong> <span className={`status ${STATE_LABEL[inv.state][1]}`}>{STATE_LABEL[inv.state][0]}</span>
                </div>
                <div className="small muted">{invitationNote(inv)}</div>
                {inv.state === "pending" || inv.state === "expired" ? (
                  <div className="actions">
                    <Form method="post">
                      <input type="hidden" name="intent" value="resend" />
                      <input type="hidden" name="invitationId" value={inv.id} />
                      {inv.inviteeEmail ? (
                        <button type="submit" className="secondary" aria-label={`Отправить ещё раз: ${inv.inviteeEmail}`}>
                          Отправить ещё раз
                        </button>
                      ) : (
                        <button type="submit" className="secondary">
                          Новая ссылка
                        </button>
                      )}
                    </Form>
                    {inv.state === "pending" ? (
                      <Form method="post">
                        <input type="hidden" name="intent" value="revoke" />
                        <input type="hidden" name="invitationId" value={inv.id} />
                        <button type="submit" className="danger" aria-label={`Отозвать приглашение: ${inv.inviteeEmail ?? "ссылка"}`}>
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
      <Pager next={props.next ?? null} label="Страницы отправленных приглашений" param={INVITATIONS_PAGE} hash="invitations-title" />
    </section>
  );
}

type CopyState = "trying" | "copied" | "manual";

/**
 * A fresh invitation link, shown once: copied to the clipboard when the
 * browser allows it, and always visible in a read-only field to copy by hand.
 */
function CopiedLink({ url }: { url: string }) {
  const [state, setState] = useState<CopyState>("trying");
  const field = useRef<HTMLInputElement>(null);
  const copy = useCallback(async () => {
    try {
      await navigator.clipboard.writeText(url);
      setState("copied");
    } catch {
      setState("manual");
      field.current?.select();
    }
  }, [url]);
  useEffect(() => {
    void copy();
  }, [copy]);
  return (
    <div className="stack">
      <div className="field">
        <label htmlFor="invitation-link">Ссылка-приглашение</label>
        <input id="invitation-link" type="text" value={url} readOnly onFocus={(e) => e.currentTarget.select()} ref={field} aria-describedby="invitation-link-state" />
        <span id="invitation-link-state" className="hint" role="status">
          {state === "copied" ? "Ссылка скопирована: вставьте её в сообщение ребёнку." : state === "manual" ? "Скопируйте ссылку из поля: выделите её и скопируйте." : ""}
        </span>
      </div>
      <div className="actions">
        <button type="button" className="secondary" onClick={() => void copy()}>
          Скопировать ещё раз
        </button>
      </div>
    </div>
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
