import { isCursor } from "@bilet/validators";

/**
 * The cursor of the list page asked for (`?after=…`); anything that is not a
 * cursor of ours is left out, so a damaged address shows the first page.
 */
export function afterParam(request: Request, param = "after"): string | undefined {
  const value = new URL(request.url).searchParams.get(param);
  return isCursor(value) ? value : undefined;
}
