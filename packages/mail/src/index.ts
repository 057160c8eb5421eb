export * from "./templates.ts";
export * from "./notice-letters.ts";
export * from "./outbox.ts";
export * from "./transports.ts";
export * from "./sender.ts";
export * from "./inbound-index.ts";
