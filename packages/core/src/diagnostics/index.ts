export * from "./scoring.ts";
export * from "./games.ts";
export * from "./profile.ts";
export * from "./psychometrics.ts";
