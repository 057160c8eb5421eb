export interface NewNotification {
  type: string;
  title: string;
  body?: string;
  link?: string | null;
  data?: Record<string, unknown>;
  /**
   * The letter's paragraphs when they say more than the stored body (facts on
   * lines of their own); not stored. Without them a letter shows the body and,
   * for trial kinds, the trial's facts.
   */
  lines?: string[];
}
