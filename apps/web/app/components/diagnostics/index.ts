export { SchulteGame, type SchultePuzzle } from "./schulte-game";
export { SequenceGame, type SequencePuzzle } from "./sequence-game";
export { MatrixGame, type MatrixGamePuzzle } from "./matrix-game";
export { ScaleChart, ProfileChart, CompareChart, type ScaleBar, type CompareSeries } from "./score-chart";
export type { GameLogEvent } from "./game-log";
export * from "./result-view";
