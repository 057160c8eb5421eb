export * from "./scoring.ts";
export * from "./games.ts";
export * from "./profile.ts";
export * from "./psychometrics.ts";
export * from "./attempts.ts";
export { seedDemoDiagnostics } from "./demo.ts";
