import { defineDiagnosticTest, type DiagnosticTest, type DiagnosticTestInput } from "./schema.ts";
import inclinations1011 from "./tests/inclinations-10-11.ts";
import inclinations67 from "./tests/inclinations-6-7.ts";
import inclinations89 from "./tests/inclinations-8-9.ts";
import professionalDomains from "./tests/professional-domains.ts";
import readiness from "./tests/readiness.ts";
import riasec from "./tests/riasec.ts";
import strengthsCommunication from "./tests/strengths-communication.ts";
import strengthsSelfOrganisation from "./tests/strengths-self-organisation.ts";
import strengthsTeamwork from "./tests/strengths-teamwork.ts";
import workValues from "./tests/work-values.ts";
import gameMatrix from "./tests/game-matrix.ts";
import gameSchulte from "./tests/game-schulte.ts";
import gameSequence from "./tests/game-sequence.ts";
import quizAgroEcology from "./tests/quiz-agro-ecology.ts";
import quizCreative from "./tests/quiz-creative.ts";
import quizFutureProfessions from "./tests/quiz-future-professions.ts";
import quizIndustry from "./tests/quiz-industry.ts";
import quizIt from "./tests/quiz-it.ts";
import quizMedicineScience from "./tests/quiz-medicine-science.ts";
import quizServicesTrade from "./tests/quiz-services-trade.ts";

export * from "./schema.ts";

/** Every shipped test file, in catalogue order. A new file is added here. */
const SHIPPED: readonly DiagnosticTestInput[] = [
  readiness,
  riasec,
  professionalDomains,
  inclinations67,
  inclinations89,
  inclinations1011,
  strengthsTeamwork,
  strengthsCommunication,
  strengthsSelfOrganisation,
  workValues,
  quizIndustry,
  quizIt,
  quizMedicineScience,
  quizCreative,
  quizServicesTrade,
  quizAgroEcology,
  quizFutureProfessions,
  gameSchulte,
  gameSequence,
  gameMatrix,
];

/** The shipped tests, each checked by the schema at import: a broken file fails loudly. */
export const DIAGNOSTIC_TESTS: readonly DiagnosticTest[] = SHIPPED.map(defineDiagnosticTest);

export const diagnosticTestById = (id: string) => DIAGNOSTIC_TESTS.find((t) => t.id === id);
