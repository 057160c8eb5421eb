/**
 * Every string that reaches the platform from a person passes here once (the
 * tRPC middleware in @bilet/api applies it to each procedure's whole input):
 * text is stored in Unicode NFC, so «Й» typed as «И» + a combining breve is the
 * same letter as a precomposed «Й»; text that is not valid Unicode or carries
 * control characters is refused with a message instead of being stored
 * mangled (a lone surrogate would become U+FFFD) or breaking a header.
 */
export class TextInputError extends Error {
  constructor(
    message: string,
    /** The top-level field the bad text was found in, for showing the message beside it. */
    readonly field: string | null,
  ) {
    super(message);
  }
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// Tab, line feed and carriage return are allowed: multi-line fields need them; single-line fields refuse them in their own schema.
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused here
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

export const INVALID_TEXT_MESSAGE = "Текст содержит недопустимые символы: проверьте, что он набран обычными буквами и цифрами";

/** The input with every string in NFC; throws TextInputError on invalid Unicode or control characters. */
export function normalizeTextInput(value: unknown, field: string | null = null, depth = 0): unknown {
  if (typeof value === "string") {
    if (LONE_SURROGATE.test(value) || CONTROL.test(value)) throw new TextInputError(INVALID_TEXT_MESSAGE, field);
    return value.normalize("NFC");
  }
  if (depth > 20 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((item) => normalizeTextInput(item, field, depth + 1));
  // Only plain objects (JSON and form data): dates, files and class instances pass as they are.
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (LONE_SURROGATE.test(key) || CONTROL.test(key)) throw new TextInputError(INVALID_TEXT_MESSAGE, field);
    out[key.normalize("NFC")] = normalizeTextInput(item, depth === 0 ? key : field, depth + 1);
  }
  return out;
}
