export * from "./inbound.ts";
export * from "./inbound-parse.ts";
