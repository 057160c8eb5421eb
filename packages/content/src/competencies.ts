/**
 * Competencies of practical trials (профессиональные пробы), grouped by
 * professional area and mapped to Holland's interest types (RIASEC: R realistic,
 * I investigative, A artistic, S social, E enterprising, C conventional), which
 * the interest profile from diagnostics is matched against.
 */
export type InterestArea = "R" | "I" | "A" | "S" | "E" | "C";

export interface Competency {
  code: string;
  name: string;
  area: string;
  interests: readonly InterestArea[];
}

export const INTEREST_AREAS: Record<InterestArea, string> = {
  R: "Практический (техника, работа руками)",
  I: "Исследовательский (наука, анализ)",
  A: "Артистический (творчество, дизайн)",
  S: "Социальный (помощь людям, обучение)",
  E: "Предпринимательский (лидерство, бизнес)",
  C: "Конвенциональный (порядок, данные, точность)",
};

export const COMPETENCIES: readonly Competency[] = [
  { code: "cnc-turning", name: "Токарные работы на станках с ЧПУ", area: "Промышленные и инженерные технологии", interests: ["R", "I", "C"] },
  { code: "cnc-milling", name: "Фрезерные работы на станках с ЧПУ", area: "Промышленные и инженерные технологии", interests: ["R", "I", "C"] },
  { code: "additive-manufacturing", name: "Аддитивное производство (3D-печать)", area: "Промышленные и инженерные технологии", interests: ["R", "A", "I"] },
  { code: "welding", name: "Сварочные технологии", area: "Промышленные и инженерные технологии", interests: ["R", "C"] },
  { code: "electrical-installations", name: "Электромонтаж", area: "Промышленные и инженерные технологии", interests: ["R", "C"] },
  { code: "industrial-electronics", name: "Электроника", area: "Промышленные и инженерные технологии", interests: ["R", "I"] },
  { code: "mobile-robotics", name: "Мобильная робототехника", area: "Промышленные и инженерные технологии", interests: ["R", "I", "A"] },
  { code: "mechatronics", name: "Мехатроника", area: "Промышленные и инженерные технологии", interests: ["R", "I", "C"] },
  { code: "engineering-design-cad", name: "Инженерный дизайн CAD", area: "Промышленные и инженерные технологии", interests: ["I", "A", "R"] },
  { code: "drone-operation", name: "Эксплуатация беспилотных авиационных систем", area: "Промышленные и инженерные технологии", interests: ["R", "I"] },
  { code: "software-solutions", name: "Программные решения для бизнеса", area: "Информационные и коммуникационные технологии", interests: ["I", "C", "E"] },
  { code: "web-technologies", name: "Веб-технологии", area: "Информационные и коммуникационные технологии", interests: ["I", "A", "C"] },
  { code: "it-network-administration", name: "Сетевое и системное администрирование", area: "Информационные и коммуникационные технологии", interests: ["I", "C", "R"] },
  { code: "cyber-security", name: "Корпоративная защита от внутренних угроз информационной безопасности", area: "Информационные и коммуникационные технологии", interests: ["I", "C"] },
  { code: "game-development", name: "Разработка компьютерных игр и мультимедийных приложений", area: "Информационные и коммуникационные технологии", interests: ["A", "I"] },
  { code: "machine-learning", name: "Машинное обучение и большие данные", area: "Информационные и коммуникационные технологии", interests: ["I", "C"] },
  { code: "graphic-design", name: "Графический дизайн", area: "Творчество и дизайн", interests: ["A", "E"] },
  { code: "fashion-technology", name: "Технологии моды", area: "Творчество и дизайн", interests: ["A", "R"] },
  { code: "jewellery", name: "Ювелирное дело", area: "Творчество и дизайн", interests: ["A", "R"] },
  { code: "floristry", name: "Флористика", area: "Творчество и дизайн", interests: ["A", "S"] },
  { code: "journalism", name: "Журналистика", area: "Творчество и дизайн", interests: ["A", "S", "E"] },
  { code: "confectionery", name: "Кондитерское дело", area: "Сфера услуг", interests: ["A", "R"] },
  { code: "cooking", name: "Поварское дело", area: "Сфера услуг", interests: ["R", "A", "S"] },
  { code: "restaurant-service", name: "Ресторанный сервис", area: "Сфера услуг", interests: ["S", "E"] },
  { code: "hairdressing", name: "Парикмахерское искусство", area: "Сфера услуг", interests: ["A", "S"] },
  { code: "hotel-reception", name: "Администрирование отеля", area: "Сфера услуг", interests: ["S", "E", "C"] },
  { code: "tourism", name: "Туризм", area: "Сфера услуг", interests: ["S", "E"] },
  { code: "health-social-care", name: "Медицинский и социальный уход", area: "Социальная сфера", interests: ["S", "I"] },
  { code: "preschool-education", name: "Дошкольное воспитание", area: "Социальная сфера", interests: ["S", "A"] },
  { code: "teaching-primary", name: "Преподавание в младших классах", area: "Социальная сфера", interests: ["S", "A", "E"] },
  { code: "entrepreneurship", name: "Предпринимательство", area: "Социальная сфера", interests: ["E", "S", "C"] },
  { code: "accounting", name: "Бухгалтерский учёт", area: "Социальная сфера", interests: ["C", "E"] },
  { code: "laboratory-chemical-analysis", name: "Лабораторный химический анализ", area: "Естественные науки", interests: ["I", "C", "R"] },
  { code: "biotechnology", name: "Биотехнологии", area: "Естественные науки", interests: ["I", "R"] },
  { code: "landscape-design", name: "Ландшафтный дизайн", area: "Строительство и среда", interests: ["A", "R"] },
  { code: "bricklaying", name: "Кирпичная кладка", area: "Строительство и среда", interests: ["R", "C"] },
  { code: "carpentry", name: "Столярное дело", area: "Строительство и среда", interests: ["R", "A"] },
  { code: "bim-modelling", name: "Информационное моделирование в строительстве (BIM)", area: "Строительство и среда", interests: ["I", "C", "A"] },
  { code: "car-painting", name: "Кузовной ремонт и окраска автомобиля", area: "Транспорт и логистика", interests: ["R", "A"] },
  { code: "automobile-technology", name: "Ремонт и обслуживание легковых автомобилей", area: "Транспорт и логистика", interests: ["R", "I"] },
  { code: "logistics", name: "Экспедирование грузов", area: "Транспорт и логистика", interests: ["C", "E"] },
  { code: "agronomy", name: "Агрономия", area: "Агропромышленный комплекс", interests: ["R", "I"] },
  { code: "veterinary", name: "Ветеринария", area: "Агропромышленный комплекс", interests: ["S", "I", "R"] },
  { code: "agricultural-machinery", name: "Эксплуатация сельскохозяйственных машин", area: "Агропромышленный комплекс", interests: ["R"] },
];

export const competencyByCode = (code: string) => COMPETENCIES.find((c) => c.code === code);
