import { useRevalidator } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { io, type Socket } from "socket.io-client";
import type { ClientToServerEvents, NotificationDto, ServerToClientEvents } from "@bilet/validators";
import { ApprovalActions } from "~/components/approval-actions";
import { formatDateTime } from "~/lib/format";
import { trpc } from "~/lib/trpc";

interface Toast {
  id: string;
  title: string;
}

/**
 * The cabinet's bell: the unread count and latest notifications, kept live
 * over socket.io. Every (re)connect brings a fresh `notification:synced`, so a
 * dropped connection loses nothing; new ones are merged by id.
 */
export function NotificationBell(props: { initialUnread: number; initialItems: NotificationDto[] }) {
  const [unread, setUnread] = useState(props.initialUnread);
  const [items, setItems] = useState(props.initialItems);
  const [open, setOpen] = useState(false);
  const [toasts, setToasts] = useState<Toast[]>([]);
  const [live, setLive] = useState(false);
  const revalidator = useRevalidator();
  const revalidate = useRef(revalidator.revalidate);
  revalidate.current = revalidator.revalidate;

  useEffect(() => {
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({ withCredentials: true });
    socket.on("connect", () => setLive(true));
    socket.on("disconnect", () => setLive(false));
    socket.on("notification:synced", ({ unreadCount, latest }) => {
      setUnread(unreadCount);
      setItems(latest);
    });
    socket.on("notification:created", ({ notification, unreadCount }) => {
      setUnread(unreadCount);
      setItems((current) => (current.some((n) => n.id === notification.id) ? current : [notification, ...current].slice(0, 20)));
      setToasts((current) => [...current, { id: notification.id, title: notification.title }]);
      setTimeout(() => setToasts((current) => current.filter((t) => t.id !== notification.id)), 8000);
      // The page's own data may have changed (a child linked, a consent given): reload it quietly.
      revalidate.current();
    });
    socket.on("notification:countChanged", ({ unreadCount }) => setUnread(unreadCount));
    return () => {
      socket.disconnect();
    };
  }, []);

  async function markAllRead() {
    const { unreadCount } = await trpc.notifications.markAllRead.mutate();
    setUnread(unreadCount);
    setItems((current) => current.map((n) => ({ ...n, readAt: n.readAt ?? new Date().toISOString() })));
  }

  return (
    <div className="bell" data-live={live ? "true" : "false"}>
      <button type="button" aria-expanded={open} aria-controls="bell-panel" onClick={() => setOpen((v) => !v)}>
        Уведомления
        <span className="count" data-zero={unread === 0} aria-label={`Непрочитанные уведомления: ${unread}`}>
          {unread}
        </span>
      </button>
      {open ? (
        <div id="bell-panel" className="bell-panel" role="region" aria-label="Последние уведомления">
          {items.length === 0 ? <p className="muted">Уведомлений пока нет.</p> : null}
          <ul className="plain">
            {items.map((n) => (
              <li key={n.id} data-unread={n.readAt ? "false" : "true"}>
                <div className="title">{n.link ? <a href={n.link}>{n.title}</a> : n.title}</div>
                {n.type === "trial.approval_requested" && typeof n.data.enrollmentId === "string" ? (
                  // The request as it stands now (facts and decision), not as it was when the notification was stored.
                  <ApprovalActions enrollmentId={n.data.enrollmentId} onDecided={() => revalidate.current()} />
                ) : (
                  <div className="small">{n.body}</div>
                )}
                <div className="small muted">{formatDateTime(n.createdAt)}</div>
              </li>
            ))}
          </ul>
          <div className="actions">
            <button type="button" className="secondary" onClick={markAllRead} disabled={unread === 0}>
              Отметить все прочитанными
            </button>
            <a href="/notifications">Все уведомления</a>
          </div>
        </div>
      ) : null}
      <div className="toast-area">
        {toasts.map((t) => (
          <div key={t.id} className="toast" role="status">
            {t.title}
          </div>
        ))}
      </div>
    </div>
  );
}
