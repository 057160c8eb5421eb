/**
 * Russian lexicon for the triage of user requests: obscene words, insults and
 * threats to life or health.
 *
 * Method. A message is cut into words; each word is normalised the way people
 * disguise words (see `normalizeDisguised` in triage.ts: Latin look-alikes
 * become Cyrillic, 0/3/4/6/@ become о/з/ч/б/а, `*` is a one-letter wildcard,
 * dots and spaces between single letters are closed up, repeated letters are
 * collapsed, ё is е). Every pattern below is then matched against the WHOLE
 * normalised word (anchored with ^…$), never as a substring: that is what keeps
 * «хлебать», «употреблять», «рубля», «сухую», «команда» and «застраховать»
 * innocent. A root is allowed only behind the prefixes listed with it, and
 * ambiguous roots («сука», «манда», «педик», «урод») only with the endings of
 * their declension, so «мандарин», «мандат», «педикюр» and «уродливый» pass.
 * Patterns are written for collapsed spelling (no doubled letters).
 *
 * Left out on purpose, because rejecting a family's real question is the worst
 * outcome: vulgar but not obscene words («жопа», «говно», «херня», «хрень»),
 * mild words that harsh but fair complaints use («дураки», «тупые», «козлы»,
 * «бардак», «позор»), adjectives about things rather than people
 * («идиотская система», «дебильный интерфейс»), and words with a common
 * innocent sense («лох», «даун», «козёл»).
 */

export type LexiconKind = "obscene" | "insult";

export interface LexiconEntry {
  /** Stable id of the root, for the recorded rule. */
  id: string;
  kind: LexiconKind;
  /** Matched against one whole normalised (Cyrillic, collapsed) word. */
  pattern: RegExp;
}

const L = "[а-я]*";

export const OBSCENE_AND_INSULTS: readonly LexiconEntry[] = [
  // Obscene (мат): the four roots and their well-known derivatives.
  { id: "huj", kind: "obscene", pattern: new RegExp(`^(?:на|по|о|от|за|ни|до|вы|при|про|рас|раз|у|пере|недо|об|а)?ху[йеяию]${L}$`) },
  { id: "pizd", kind: "obscene", pattern: new RegExp(`^${L}п[ие]зд${L}$`) },
  {
    id: "jeb",
    kind: "obscene",
    pattern: new RegExp(
      `^(?:за|на|от|ото|у|вы|до|по|при|про|раз[ъь]?|рас|из[ъь]|в[ъь]|с[ъь]|об[ъь]|под[ъь]|от[ъь]|долбо|пиздо|мудо|хуе|мозго)?еб(?!ург)(?:а|у|е|л|н|и|ы|ок|к|ош|ищ|ур|уч)${L}$|^еб$`,
    ),
  },
  { id: "blja", kind: "obscene", pattern: new RegExp(`^(?:вы|по)?бля(?:|[дт]${L})$`) },
  { id: "mud", kind: "obscene", pattern: new RegExp(`^муд(?:ак|ач|ил|озвон|оеб|ень|охал)${L}$`) },
  { id: "zalup", kind: "obscene", pattern: new RegExp(`^залуп${L}$`) },
  { id: "gondon", kind: "obscene", pattern: new RegExp(`^г[ао]нд[оа]н${L}$`) },
  { id: "manda", kind: "obscene", pattern: /^манд(?:а|ы|е|у|ой|ища|ень)$/ },
  { id: "droch", kind: "obscene", pattern: new RegExp(`^(?:за|по|на|от|вы|пере|у)?дроч${L}$`) },
  { id: "pidor", kind: "obscene", pattern: new RegExp(`^(?:пид[оае]р${L}|пидр${L}|педик(?:|а|у|ом|и|ов|ам|ами))$`) },
  { id: "suka", kind: "obscene", pattern: /^(?:сук(?:а|и|е|у|ой|ам|ами|ин|ина|ины|ино|иному|иным)|суч(?:ка|ки|ку|кой|ара|ары|ий|ья|ье|ьи))$/ },
  { id: "shljuha", kind: "obscene", pattern: new RegExp(`^шлюх${L}$`) },

  // Insults: nouns aimed at people, in their declension only.
  { id: "mraz", kind: "insult", pattern: /^мраз(?:ь|и|ью|ям|ями|ей|ота|оте|оту|отой)$/ },
  { id: "ubljudok", kind: "insult", pattern: new RegExp(`^ублюд${L}$`) },
  { id: "gnida", kind: "insult", pattern: /^гнид(?:а|ы|е|у|ой|ам|ами)$/ },
  { id: "vyrodok", kind: "insult", pattern: /^вырод(?:ок|ки|ка|ку|ком|ков|кам|ками)$/ },
  { id: "debil", kind: "insult", pattern: /^дебил(?:|ы|а|у|ом|ов|ам|ами|ка|ки|ище|ища)$/ },
  { id: "idiot", kind: "insult", pattern: /^идиот(?:|ы|а|у|ом|ов|ам|ами|ка|ки|ина|ины)$/ },
  { id: "kretin", kind: "insult", pattern: /^кретин(?:|ы|а|у|ом|ов|ам|ами|ка|ки)$/ },
  { id: "degenerat", kind: "insult", pattern: /^дегенерат(?:|ы|а|у|ом|ов|ам|ами|ка|ки)$/ },
  { id: "imbecil", kind: "insult", pattern: /^имбецил(?:|ы|а|у|ом|ов|ам|ами|ка|ки)$/ },
  { id: "oligofren", kind: "insult", pattern: /^олигофрен(?:|ы|а|у|ом|ов|ам|ами)$/ },
  { id: "nedoumok", kind: "insult", pattern: /^недоум(?:ок|ки|ка|ку|ком|ков|кам|ками)$/ },
  { id: "pridurok", kind: "insult", pattern: /^придур(?:ок|ки|ка|ку|ком|ков|кам|ками)$/ },
  { id: "urod", kind: "insult", pattern: /^урод(?:|ы|а|у|ом|ов|ам|ами|ина|ины)$/ },
  { id: "chmo", kind: "insult", pattern: /^(?:чмо|чмошник|чмошники)$/ },
  { id: "tvar", kind: "insult", pattern: /^твар(?:ь|и|ью|ям|ями|ей)$/ },
  { id: "svoloch", kind: "insult", pattern: /^сволоч(?:ь|и|ью|ам|ами|ей)$/ },
  { id: "skotina", kind: "insult", pattern: /^скотин(?:а|ы|е|у|ой)$/ },
  { id: "bydlo", kind: "insult", pattern: /^быдл(?:о|а|у|ом)$/ },
  { id: "padla", kind: "insult", pattern: /^(?:падл(?:а|ы|е|у|ой)|паскуд(?:а|ы|е|у|ой|ина))$/ },
  { id: "podonok", kind: "insult", pattern: /^подон(?:ок|ки|ка|ку|ком|ков|кам|ками)$/ },
  { id: "ushlepok", kind: "insult", pattern: /^ушл[еа]п(?:ок|ки|ка|ку|ком|ков|кам|ками)$/ },
  { id: "sdohni", kind: "insult", pattern: /^(?:сдохни|сдохните)$/ },
];

/**
 * Obscene words written in Latin transliteration («blyat», «nahuy»). Matched
 * on fully Latin words only; Latin look-alikes inside Cyrillic words are
 * handled by the normalisation instead.
 */
export const TRANSLIT_OBSCENE: readonly LexiconEntry[] = [
  { id: "huj", kind: "obscene", pattern: /^(?:na|po|ni|o)?(?:h|x|kh)u(?:y|j|ya|yu|ye|ij)[a-z]*$/ },
  { id: "pizd", kind: "obscene", pattern: /^[a-z]*p[ie]zd[a-z]*$/ },
  { id: "jeb", kind: "obscene", pattern: /^(?:za|na|vy|pro|ot|do|u|pri)?(?:y|j)?eb(?:at|al|an|ash|u|l)[a-z]*$/ },
  { id: "blja", kind: "obscene", pattern: /^(?:bl(?:y|j)a(?:t|d)?|bl(?:y|j)at'?|bl(?:y|j)ad)$/ },
  { id: "suka", kind: "obscene", pattern: /^suka$/ },
  { id: "mud", kind: "obscene", pattern: /^mudak[a-z]*$/ },
];

/**
 * Threats to life or health. A first-person verb of violence («убью»,
 * «взорву») or a set phrase («вам не жить»). Verbs that also have an everyday
 * sense («прибью полку», «замочу бельё», «порежу овощи») count only with a
 * person or a place as the object (`THREAT_OBJECTS` within three words).
 */
export const THREAT_VERBS: readonly string[] = [
  "убью", "убьем", "зарежу", "зарежем", "прирежу", "прирежем", "застрелю", "застрелим", "пристрелю", "пристрелим",
  "перестреляю", "перестреляем", "расстреляю", "расстреляем", "покалечу", "покалечим", "искалечу", "искалечим",
  "изобью", "изобьем", "отпизжу", "отмудохаю", "задушу", "задушим", "придушу", "придушим", "прикончу", "прикончим",
  "порешу", "порешим", "изувечу", "изувечим", "урою", "уроем",
];

export const THREAT_VERBS_WITH_OBJECT: readonly string[] = [
  "взорву", "взорвем", "подорву", "подорвем", "подожгу", "подожжем", "сожгу", "сожжем", "замочу", "замочим",
  "грохну", "грохнем", "закопаю", "закопаем", "прибью", "прибьем", "порежу", "порежем", "зарублю", "зарубим",
  "отравлю", "отравим", "уничтожу", "уничтожим", "размажу", "размажем",
];

/** Objects that make an everyday verb a threat. */
export const THREAT_OBJECTS = /^(?:вас|тебя|его|ее|их|всех|всю|весь|вашу|ваш|ваше|ваши|ваших|вашего|вашей|директора|директор[а-я]*|сотрудник[а-я]*|оператор[а-я]*|админ[а-я]*|учител[а-я]*|наставник[а-я]*|школу|офис|здание|ребят|детей|людей|каждого|каждую|семью)$/;

/** Set phrases, matched on the normalised text (ё → е, lower case, single spaces). */
export const THREAT_PHRASES: readonly { id: string; pattern: RegExp }[] = [
  { id: "ne-zhit", pattern: /(?:^|[^а-я])(?:вам|тебе|им|ему|ей|вашим|вашему)\s+(?:всем\s+)?не\s+жить(?:ь)?/ },
  { id: "ne-zhit", pattern: /(?:^|[^а-я])не\s+жить\s+(?:вам|тебе|им|ему|ей)/ },
  {
    id: "body-harm",
    pattern:
      /(?:^|[^а-я])(?:переломаю|поломаю|оторву|откручу|проломлю|разобью|сломаю|вырву|отобью)\s+(?:вам|тебе|ему|ей|им|всем\s+)?\s*(?:все\s+)?(?:ноги|руки|голову|башку|бошку|череп|шею|лицо|морду|рожу|челюсть|почки|хребет)/,
  },
  { id: "body-harm", pattern: /(?:^|[^а-я])(?:ноги|руки|голову|башку|бошку|шею|морду|рожу)\s+(?:вам|тебе|ему|ей|им)?\s*(?:переломаю|поломаю|оторву|откручу|проломлю|разобью|сломаю|набью|начищу)/ },
  { id: "body-harm", pattern: /(?:^|[^а-я])набью\s+(?:вам|тебе|ему|ей|им)?\s*(?:морду|рожу|лицо)/ },
  { id: "bomb", pattern: /(?:^|[^а-я])(?:заложу|заложим|подложу|подложим|принесу|пронесу)\s+(?:вам\s+)?(?:бомбу|взрывчатку|взрывное)/ },
  { id: "bomb", pattern: /(?:^|[^а-я])(?:заминирую|заминируем)(?:$|[^а-я])/ },
  { id: "weapon", pattern: /(?:^|[^а-я])(?:приду|придем|явлюсь|заявлюсь)(?:\s+[а-я]+){0,4}?\s+с\s+(?:ножом|оружием|пистолетом|ружьем|стволом|топором|битой|автоматом|обрезом)/ },
  { id: "die", pattern: /(?:^|[^а-я])(?:вы|ты)\s+(?:все\s+)?(?:сдохнете|сдохнешь|умрете|умрешь|пожалеете,?\s+что\s+родились)/ },
  { id: "blood", pattern: /(?:^|[^а-я])(?:умоетесь|умоешься)\s+кровью|кровью\s+(?:умоетесь|умоешься|ответите|ответишь)/ },
];

/**
 * Words that make a sentence a report of someone else's threat rather than a
 * threat: «одноклассник пишет, что убьёт», «мне угрожают». A threatening word
 * inside quotation marks is a quotation, too.
 */
export const REPORT_MARKERS = /(?:^|[^а-я])(?:угрож[а-я]*|угроз[а-я]*|грозит[а-я]*|грозят[а-я]*|грозил[а-я]*|грозится|пообещал[а-я]*|обещает|обещают|обещал[а-я]*|сказал[а-я]*|говорит|говорят|говорил[а-я]*|пишет|пишут|написал[а-я]*|писал[а-я]*|кричал[а-я]*|кричит|заявил[а-я]*|прислал[а-я]*|получил[а-я]*|сообщени[а-я]*|сообщил[а-я]*|травл[а-я]*|буллинг[а-я]*|шантаж[а-я]*|якобы)(?=$|[^а-я])/;
