/** Test citizens of the stand-in. Fictional people; addresses on a reserved test domain. */
export interface Citizen {
  id: string;
  lastName: string;
  firstName: string;
  middleName: string;
  email: string;
}

export const CITIZENS: readonly Citizen[] = [
  { id: "esia-1000001", lastName: "Петрова", firstName: "Анна", middleName: "Сергеевна", email: "anna.petrova@esia.test" },
  { id: "esia-1000002", lastName: "Сидоров", firstName: "Олег", middleName: "Викторович", email: "oleg.sidorov@esia.test" },
  { id: "esia-1000003", lastName: "Габдуллина", firstName: "Алсу", middleName: "Ринатовна", email: "alsu.gabdullina@esia.test" },
  { id: "esia-1000004", lastName: "Ким", firstName: "Виктор", middleName: "Андреевич", email: "viktor.kim@esia.test" },
];

export const citizenById = (id: string) => CITIZENS.find((c) => c.id === id);
