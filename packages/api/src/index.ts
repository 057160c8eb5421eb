export { appRouter, createCaller, type AppRouter } from "./root.ts";
export { createContext, type ApiContext, type CreateContextOptions } from "./trpc.ts";
