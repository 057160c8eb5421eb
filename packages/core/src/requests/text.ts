// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- the package ships no types; packages that compile core sources need this declaration too
/// <reference path="./snowball-stemmers.d.ts" />
import snowball from "snowball-stemmers";

const russian = snowball.newStemmer("russian");

/** Lower case, ё → е: the spelling every matcher in this module works on. */
export function fold(text: string): string {
  return text.toLowerCase().replaceAll("ё", "е");
}

/** Words of a text (letters and digits), folded. */
export function words(text: string): string[] {
  return fold(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}

const stemCache = new Map<string, string>();

/** Snowball Russian stem of one folded word; other scripts pass through. */
export function stem(word: string): string {
  const w = fold(word);
  let s = stemCache.get(w);
  if (s === undefined) {
    s = /[а-я]/.test(w) ? russian.stem(w) : w;
    if (stemCache.size > 50_000) stemCache.clear();
    stemCache.set(w, s);
  }
  return s;
}

/** Function words that carry no topic: left out of similarity and "content" counts. */
export const STOPWORDS = new Set(
  (
    "и в во не что он на я с со как а то все вс она так его но да ты к у же вы за бы по только ее мне было вот от меня еще нет о из ему теперь когда даже ну вдруг ли если уже или ни быть был него до вас нибудь опять уж вам ведь там потом себя ничего ей может они тут где есть надо ней для мы тебя их чем была сам чтоб без будто чего раз тоже себе под будет ж тогда кто этот того потому этого какой совсем ним здесь этом один почти мой тем чтобы нее сейчас были куда зачем всех никогда можно при наконец два об другой хоть после над больше тот через эти нас про всего них какая много разве три эту моя впрочем хорошо свою этой перед иногда лучше чуть том нельзя такой им более всегда конечно всю между это эта эти этим этих мой моя мое мои моего моей моих мою наш наша наше наши нашего нашей нашему нашим ваш ваша ваше ваши вашего вашей вашим ваших свой своя свое свои своего своей своих " +
    "который которая которое которые которого которой котором которых также тоже очень просто вообще либо пожалуйста пож плиз спасибо благодарю здравствуйте здраствуйте здрасте добрый доброго добрая день утро вечер привет приветствую уважаемые уважаемый уважаемая коллеги"
  ).split(/\s+/),
);
