/** «Фамилия Имя Отчество» as Russian documents write a person's name. */
export function fullName(p: { lastName: string; firstName: string; middleName?: string | null }): string {
  return [p.lastName, p.firstName, p.middleName].filter(Boolean).join(" ");
}

/** «Имя Фамилия», for friendly sentences. */
export function shortName(p: { lastName: string; firstName: string }): string {
  return `${p.firstName} ${p.lastName}`;
}
