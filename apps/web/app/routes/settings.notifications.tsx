import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect, useState } from "react";
import { attempt, formFields } from "~/.server/forms";
import { requireUser } from "~/.server/session";
import { cabinetShell } from "~/.server/shell";
import { ActionMessage } from "~/components/action-message";
import { CabinetShell } from "~/components/cabinet-shell";
import { formatDateTime } from "~/lib/format";
import { trpc } from "~/lib/trpc";

export const meta: MetaFunction = () => [{ title: "Настройка уведомлений — Билет в будущее" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  const { shell } = await cabinetShell(context, request, user.role);
  const settings = await context.api.notificationSettings.get();
  return { shell, settings, student: user.role === "student" };
}

export async function action({ request, context }: ActionFunctionArgs) {
  requireUser(context, request);
  const fields = await formFields(request);
  if (fields.intent === "remove-device") {
    const removed = await attempt(() => context.api.notificationSettings.removeDevice({ id: fields.device ?? "" }));
    if (!removed.ok) return data({ message: null, formError: removed.formError, fieldErrors: {} }, { status: removed.status });
    return { message: "Устройство удалено: уведомления на него больше не приходят.", formError: null, fieldErrors: {} };
  }
  // Checkboxes send only what is ticked; the list of kinds on the page says what was shown.
  const kinds = (fields.kinds ?? "").split(",").filter(Boolean);
  const choices = kinds.map((kind) => ({ kind, email: fields[`email:${kind}`] === "on", push: fields[`push:${kind}`] === "on" }));
  const saved = await attempt(() => context.api.notificationSettings.save({ choices }));
  if (!saved.ok) return data({ message: null, formError: saved.formError, fieldErrors: saved.fieldErrors }, { status: saved.status });
  return { message: "Настройки сохранены.", formError: null, fieldErrors: {} };
}

const CLASS_HINT = {
  decision: "Нужно ваше решение: письмо приходит сразу. Хотя бы один способ, кроме кабинета, остаётся включённым.",
  important: "Важное: на телефон приходит сразу, письмом — одной сводкой за несколько минут.",
  informational: "Для сведения: по умолчанию только в кабинете.",
} as const;

export default function NotificationSettings() {
  const { shell, settings, student } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errors: Partial<Record<string, string>> = result?.fieldErrors ?? {};
  return (
    <CabinetShell shell={shell}>
      <p>
        <Link to="/notifications">← Все уведомления</Link>
      </p>
      <h1>Настройка уведомлений</h1>
      <p className="lead">
        {student
          ? "Все уведомления всегда видны в кабинете. Выбери, какие ещё присылать письмом и на телефон."
          : "Все уведомления всегда видны в кабинете. Выберите, какие ещё присылать письмом и на телефон."}
      </p>
      <ActionMessage result={result} />
      {settings.hasEmail ? null : (
        <div className="alert info">В учётной записи нет адреса электронной почты, поэтому письма не приходят.</div>
      )}

      <Form method="post" aria-label="Способы уведомлений">
        <input type="hidden" name="kinds" value={settings.kinds.map((k) => k.kind).join(",")} />
        {settings.kinds.map((k) => {
          const error = errors[`email:${k.kind}`];
          return (
            <fieldset key={k.kind} className="card" aria-describedby={`hint-${k.kind}${error ? ` error-${k.kind}` : ""}`} style={{ minWidth: 0 }}>
              {/* A floated legend sits inside the card, however many lines it takes on a phone. */}
              <legend style={{ float: "left", width: "100%", padding: 0, margin: "0 0 0.25rem", fontWeight: 600, overflowWrap: "anywhere" }}>{k.label}</legend>
              <p id={`hint-${k.kind}`} className="small muted" style={{ clear: "both", margin: "0 0 0.5rem" }}>
                {CLASS_HINT[k.class]}
              </p>
              <div style={{ display: "flex", flexWrap: "wrap", gap: "0.5rem 1.25rem" }}>
                <label>
                  <input type="checkbox" checked disabled readOnly /> В кабинете — всегда
                </label>
                <label>
                  <input type="checkbox" name={`email:${k.kind}`} defaultChecked={k.email} disabled={!k.emailOffered || !settings.hasEmail} /> Письмо на почту
                </label>
                <label>
                  <input type="checkbox" name={`push:${k.kind}`} defaultChecked={k.push} disabled={!k.pushOffered} /> На телефоне и в браузере
                </label>
              </div>
              {error ? (
                <p id={`error-${k.kind}`} className="small" role="alert" style={{ color: "var(--bad)", margin: "0.5rem 0 0" }}>
                  {error}
                </p>
              ) : null}
            </fieldset>
          );
        })}
        <div className="actions">
          <button type="submit" disabled={busy}>
            Сохранить
          </button>
        </div>
      </Form>

      <section className="card" aria-labelledby="devices-title">
        <h2 id="devices-title">Устройства для уведомлений</h2>
        <p className="small muted">
          {student
            ? "Уведомления приходят на телефон или компьютер, где ты их включишь, даже когда сайт закрыт. Нажатие на уведомление открывает нужную страницу."
            : "Уведомления приходят на телефон или компьютер, где вы их включите, даже когда сайт закрыт. Нажатие на уведомление открывает нужную страницу."}
        </p>
        <ThisDevice vapidPublicKey={settings.vapidPublicKey} student={student} />
        {settings.devices.length === 0 ? (
          <p className="muted">Устройств пока нет.</p>
        ) : (
          <ul className="plain" aria-label="Устройства">
            {settings.devices.map((d) => (
              <li key={d.id} style={{ display: "flex", flexWrap: "wrap", gap: "0.5rem 1rem", alignItems: "center", justifyContent: "space-between" }}>
                <div style={{ minWidth: 0, overflowWrap: "anywhere" }}>
                  <strong>{d.device}</strong>
                  <div className="small muted">
                    Подключено {formatDateTime(d.createdAt)}
                    {d.lastSentAt ? ` · последнее уведомление ${formatDateTime(d.lastSentAt)}` : ""}
                  </div>
                </div>
                <Form method="post">
                  <input type="hidden" name="intent" value="remove-device" />
                  <input type="hidden" name="device" value={d.id} />
                  <button type="submit" className="danger" disabled={busy} aria-label={`Удалить: ${d.device}`}>
                    Удалить
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        )}
      </section>
    </CabinetShell>
  );
}

type DeviceState = "checking" | "unsupported" | "denied" | "off" | "on" | "working";

/** The service worker's push key as the Push API wants it. */
function keyBytes(base64url: string): Uint8Array {
  const base64 = (base64url + "=".repeat((4 - (base64url.length % 4)) % 4)).replace(/-/g, "+").replace(/_/g, "/");
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

/** «Включить уведомления на этом устройстве»: the browser asks for permission, subscribes, and the platform keeps the subscription. */
function ThisDevice({ vapidPublicKey, student }: { vapidPublicKey: string; student: boolean }) {
  const [state, setState] = useState<DeviceState>("checking");
  const [problem, setProblem] = useState<string | null>(null);
  const revalidator = useRevalidator();

  useEffect(() => {
    if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) {
      setState("unsupported");
      return;
    }
    if (Notification.permission === "denied") {
      setState("denied");
      return;
    }
    navigator.serviceWorker
      .getRegistration("/")
      .then(async (registration) => setState((await registration?.pushManager.getSubscription()) ? "on" : "off"))
      .catch(() => setState("off"));
  }, []);

  async function enable() {
    setProblem(null);
    setState("working");
    try {
      const registration = await navigator.serviceWorker.register("/sw.js", { scope: "/" });
      await navigator.serviceWorker.ready;
      const permission = await Notification.requestPermission();
      if (permission !== "granted") {
        setState(permission === "denied" ? "denied" : "off");
        return;
      }
      const subscription =
        (await registration.pushManager.getSubscription()) ??
        (await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(vapidPublicKey) as BufferSource }));
      const json = subscription.toJSON() as { endpoint: string; keys: { p256dh: string; auth: string } };
      await trpc.notificationSettings.subscribe.mutate({ endpoint: json.endpoint, keys: json.keys });
      setState("on");
      revalidator.revalidate();
    } catch {
      setProblem(student ? "Не получилось включить уведомления. Попробуй ещё раз или в другом браузере." : "Не получилось включить уведомления. Попробуйте ещё раз или в другом браузере.");
      setState("off");
    }
  }

  async function disable() {
    setProblem(null);
    setState("working");
    try {
      const subscription = await (await navigator.serviceWorker.getRegistration("/"))?.pushManager.getSubscription();
      if (subscription) {
        await trpc.notificationSettings.forgetDevice.mutate({ endpoint: subscription.endpoint });
        await subscription.unsubscribe();
      }
      setState("off");
      revalidator.revalidate();
    } catch {
      setProblem("Не получилось отключить уведомления на этом устройстве.");
      setState("on");
    }
  }

  return (
    <div className="actions" style={{ alignItems: "center" }}>
      {state === "unsupported" ? (
        <span className="small muted">
          {student
            ? "Этот браузер не умеет показывать уведомления с сайта. На iPhone сначала добавь сайт на экран «Домой» (меню «Поделиться»)."
            : "Этот браузер не умеет показывать уведомления с сайта. На iPhone сначала добавьте сайт на экран «Домой» (меню «Поделиться»)."}
        </span>
      ) : state === "denied" ? (
        <span className="small muted">
          {student ? "Уведомления для этого сайта запрещены в настройках браузера: разреши их там." : "Уведомления для этого сайта запрещены в настройках браузера: разрешите их там."}
        </span>
      ) : state === "on" ? (
        <>
          <span className="status ok">На этом устройстве уведомления включены</span>
          <button type="button" className="secondary" onClick={disable}>
            Отключить на этом устройстве
          </button>
        </>
      ) : (
        <button type="button" onClick={enable} disabled={state !== "off"}>
          Включить уведомления на этом устройстве
        </button>
      )}
      {problem ? (
        <span className="small" role="alert" style={{ color: "var(--bad)" }}>
          {problem}
        </span>
      ) : null}
    </div>
  );
}
