export * from "./password.ts";
export * from "./tokens.ts";
export * from "./sessions.ts";
export * from "./oidc.ts";
