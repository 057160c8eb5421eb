import { createCookie } from "@remix-run/node";

/** Carries a verified ESIA sign-up to the "choose your region" page; HttpOnly, short-lived. */
export const esiaSignupCookie = createCookie("bilet_esia_signup", {
  httpOnly: true,
  sameSite: "lax",
  path: "/auth/esia",
  maxAge: 30 * 60,
  secure: process.env.NODE_ENV === "production" && process.env.COOKIE_SECURE !== "false",
});
