import { isValidDay } from "@bilet/validators";
import { afterParam } from "./list-page";

/** The address parameters of a trial list's GET filter form (the catalogue, the staff list). */
export const TRIAL_FILTER_PARAMS = ["q", "competencyCode", "format", "level", "regionCode", "from", "to", "fit"] as const;

/**
 * The trial list's filter and page from the address. Values that are not one
 * of the options are left out; a date typed into the address bar that is no
 * real day is left out too, and `badDates` says so.
 */
export function trialFilterFrom(request: Request) {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const filter = {
    format: params.format === "online" || params.format === "in_person" ? (params.format as "online" | "in_person") : undefined,
    level: params.level === "intro" || params.level === "basic" || params.level === "advanced" ? (params.level as "intro" | "basic" | "advanced") : undefined,
    competencyCode: params.competencyCode || undefined,
    regionCode: params.regionCode || undefined,
    from: params.from && isValidDay(params.from) ? params.from : undefined,
    to: params.to && isValidDay(params.to) ? params.to : undefined,
    fit: params.fit === "1" ? true : undefined,
    q: params.q?.trim().slice(0, 100) || undefined,
    cursor: afterParam(request),
  };
  const badDates = Boolean((params.from && !filter.from) || (params.to && !filter.to));
  return { filter, params, badDates };
}
