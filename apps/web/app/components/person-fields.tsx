import { Field, GRADES } from "./form";

type Values = Partial<Record<string, string>>;
type Errors = Partial<Record<string, string>>;

/** Фамилия, имя, отчество: the same on every registration form. */
export function NameFields({ errors, values }: { errors: Errors; values: Values }) {
  return (
    <>
      <Field name="lastName" label="Фамилия" errors={errors} defaultValue={values.lastName} autoComplete="family-name" required />
      <Field name="firstName" label="Имя" errors={errors} defaultValue={values.firstName} autoComplete="given-name" required />
      <Field name="middleName" label="Отчество (если есть)" errors={errors} defaultValue={values.middleName} autoComplete="additional-name" />
    </>
  );
}

/** Date of birth and grade of a participant. */
export function StudentFields({ errors, values }: { errors: Errors; values: Values }) {
  return (
    <>
      <Field name="birthDate" label="Дата рождения" type="date" errors={errors} defaultValue={values.birthDate} autoComplete="bday" required />
      <Field name="grade" label="Класс" errors={errors} defaultValue={values.grade} required>
        <option value="">Выберите класс</option>
        {GRADES.map((g) => (
          <option key={g} value={g}>
            {g} класс
          </option>
        ))}
      </Field>
    </>
  );
}
