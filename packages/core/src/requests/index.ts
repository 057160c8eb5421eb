export * from "./triage.ts";
export { OBSCENE_AND_INSULTS, TRANSLIT_OBSCENE, type LexiconEntry, type LexiconKind } from "./lexicon.ts";
export * from "./required-fields.ts";
export * from "./faq-search.ts";
export { triageLine, type TriageLineResult } from "./triage-line.ts";
export * from "./service.ts";
export * from "./email.ts";
