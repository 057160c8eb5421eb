export { appRouter, createCaller, type AppRouter } from "./root.ts";
export { createContext, INVALID_INPUT_MESSAGE, type ApiContext, type CreateContextOptions } from "./trpc.ts";
