import { Form, Link } from "@remix-run/react";
import type { ReactNode } from "react";
import type { NotificationDto } from "@bilet/validators";
import { ROLE_TITLES } from "~/lib/format";
import { NotificationBell } from "./notification-bell";

export interface ShellData {
  user: { firstName: string; lastName: string; role: keyof typeof ROLE_TITLES };
  notifications: { items: NotificationDto[]; unreadCount: number };
}

/** The frame of every cabinet: who is signed in, the live bell, and «Выйти». */
export function CabinetShell({ shell, children }: { shell: ShellData; children: ReactNode }) {
  return (
    <>
      <header className="site-header">
        <Link to="/" className="brand">
          Билет <span>в будущее</span>
        </Link>
        <div className="header-actions">
          <span className="small muted">
            {shell.user.firstName} {shell.user.lastName} · {ROLE_TITLES[shell.user.role]}
          </span>
          <NotificationBell initialUnread={shell.notifications.unreadCount} initialItems={shell.notifications.items} />
          <Link to="/account">Профиль</Link>
          <Link to="/settings/notifications">Настройка уведомлений</Link>
          <Form method="post" action="/logout">
            <button type="submit" className="secondary">
              Выйти
            </button>
          </Form>
        </div>
      </header>
      <main>{children}</main>
    </>
  );
}
