import type { FieldErrors } from "@bilet/validators";
import { Field, GRADES, RegionOptions } from "./form";
import { FORMATS, LEVELS } from "~/lib/trials";

/** The fields of a trial, for creating and editing. */
export function TrialFields(props: {
  values: Record<string, string | undefined>;
  errors: FieldErrors;
  competencies: { code: string; name: string; area: string }[];
  regions: { code: string; name: string }[];
}) {
  const { values: v, competencies, regions } = props;
  const errorsFor = () => props.errors;
  return (
    <>
          <Field name="competencyCode" label="Компетенция" defaultValue={v.competencyCode} errors={errorsFor()}>
            <option value="">Выберите</option>
            {competencies.map((c) => (
              <option key={c.code} value={c.code}>
                {c.area}: {c.name}
              </option>
            ))}
          </Field>
          <Field name="title" label="Название" defaultValue={v.title} errors={errorsFor()} />
          <Field name="description" label="Описание" defaultValue={v.description} errors={errorsFor()} />
          <Field name="level" label="Уровень" defaultValue={v.level} errors={errorsFor()}>
            {Object.entries(LEVELS).map(([k, n]) => (
              <option key={k} value={k}>
                {n}
              </option>
            ))}
          </Field>
          <Field name="format" label="Формат" defaultValue={v.format} errors={errorsFor()}>
            {Object.entries(FORMATS).map(([k, n]) => (
              <option key={k} value={k}>
                {n}
              </option>
            ))}
          </Field>
          <Field name="regionCode" label="Субъект РФ (для очной)" defaultValue={v.regionCode} errors={errorsFor()}>
            <RegionOptions regions={regions} />
          </Field>
          <Field name="address" label="Адрес (для очной)" defaultValue={v.address} errors={errorsFor()} />
          <Field name="link" label="Ссылка (для онлайн)" defaultValue={v.link} errors={errorsFor()} />
          <Field name="startsAt" label="Начало (мск)" type="datetime-local" defaultValue={v.startsAt} errors={errorsFor()} />
          <Field name="durationMinutes" label="Длительность, мин" type="number" defaultValue={v.durationMinutes ?? "90"} errors={errorsFor()} />
          <Field name="capacity" label="Мест" type="number" defaultValue={v.capacity ?? "10"} errors={errorsFor()} />
          <Field name="minGrade" label="Для классов: с" defaultValue={v.minGrade ?? "6"} errors={errorsFor()}>
            {GRADES.map((g) => (
              <option key={g}>{g}</option>
            ))}
          </Field>
          <Field name="maxGrade" label="Для классов: по" defaultValue={v.maxGrade ?? "11"} errors={errorsFor()}>
            {GRADES.map((g) => (
              <option key={g}>{g}</option>
            ))}
          </Field>
          <Field name="enrollDeadline" label="Запись до (мск)" type="datetime-local" defaultValue={v.enrollDeadline} errors={errorsFor()} />
    </>
  );
}
