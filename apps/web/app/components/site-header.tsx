import { Link } from "@remix-run/react";

export function SiteHeader() {
  return (
    <header className="site-header">
      <Link to="/" className="brand">
        Билет <span>в будущее</span>
      </Link>
      <nav className="header-actions" aria-label="Вход и регистрация">
        <Link to="/login">Войти</Link>
      </nav>
    </header>
  );
}
