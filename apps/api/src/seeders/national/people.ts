/**
 * Plausible Ukrainian people for the national-scale generator: names with their feminine and
 * masculine forms, patronymics from the father's first name, RNOKPP numbers that encode the
 * date of birth and sex as real ones do (with a valid check digit), mobile numbers.
 */
import { rnokppCheckDigit } from '@pilot/domain';
import type { Random } from './random.ts';

/** Surnames: most are the same for women and men (-енко, -чук, -ук), some change (-ський/-ська). */
const NEUTRAL = ['Шевченко', 'Коваленко', 'Бондаренко', 'Ткаченко', 'Кравченко', 'Олійник', 'Мельник', 'Поліщук', 'Лисенко', 'Гнатюк',
  'Савчук', 'Руденко', 'Марченко', 'Мороз', 'Панченко', 'Левченко', 'Романюк', 'Захарченко', 'Федоренко', 'Лук’яненко', 'Бойко',
  'Ковальчук', 'Кравчук', 'Павленко', 'Собко', 'Гончар', 'Шевчук', 'Ярошенко', 'Коломієць', 'Дячук', 'Ткачук', 'Литвин', 'Кушнір',
  'Климченко', 'Петренко', 'Демченко', 'Сидоренко', 'Остапчук', 'Мартинюк', 'Білик'];
const GENDERED: [string, string][] = [['Ковальський', 'Ковальська'], ['Вишневський', 'Вишневська'], ['Яворський', 'Яворська'],
  ['Грушевський', 'Грушевська'], ['Гнатишин', 'Гнатишина'], ['Кравців', 'Кравців'], ['Білий', 'Біла'], ['Сокіл', 'Сокіл'],
  ['Заболотний', 'Заболотна'], ['Верховський', 'Верховська']];
export const LAST_NAMES: readonly { m: string; f: string }[] = [
  ...NEUTRAL.map((n) => ({ m: n, f: n })),
  ...GENDERED.map(([m, f]) => ({ m, f })),
];

export const FIRST_F = ['Олена', 'Ірина', 'Наталія', 'Оксана', 'Тетяна', 'Марія', 'Юлія', 'Ганна', 'Софія', 'Людмила', 'Вікторія',
  'Світлана', 'Катерина', 'Анастасія', 'Галина', 'Надія', 'Валентина', 'Дарина', 'Христина', 'Любов'];
/** Men's first names with the patronymics they give their children. */
export const FIRST_M: readonly { name: string; son: string; daughter: string }[] = [
  ['Андрій', 'Андрійович', 'Андріївна'], ['Олександр', 'Олександрович', 'Олександрівна'], ['Сергій', 'Сергійович', 'Сергіївна'],
  ['Дмитро', 'Дмитрович', 'Дмитрівна'], ['Богдан', 'Богданович', 'Богданівна'], ['Василь', 'Васильович', 'Василівна'],
  ['Максим', 'Максимович', 'Максимівна'], ['Тарас', 'Тарасович', 'Тарасівна'], ['Юрій', 'Юрійович', 'Юріївна'],
  ['Олег', 'Олегович', 'Олегівна'], ['Іван', 'Іванович', 'Іванівна'], ['Петро', 'Петрович', 'Петрівна'],
  ['Михайло', 'Михайлович', 'Михайлівна'], ['Володимир', 'Володимирович', 'Володимирівна'], ['Віктор', 'Вікторович', 'Вікторівна'],
  ['Микола', 'Миколайович', 'Миколаївна'], ['Роман', 'Романович', 'Романівна'], ['Ігор', 'Ігорович', 'Ігорівна'],
  ['Олексій', 'Олексійович', 'Олексіївна'], ['Степан', 'Степанович', 'Степанівна'], ['Артем', 'Артемович', 'Артемівна'],
  ['Владислав', 'Владиславович', 'Владиславівна'], ['Назар', 'Назарович', 'Назарівна'], ['Євген', 'Євгенович', 'Євгенівна'],
].map(([name, son, daughter]) => ({ name: name!, son: son!, daughter: daughter! }));

const MOBILE_CODES = ['50', '63', '66', '67', '68', '73', '93', '95', '96', '97', '98', '99'];
export const mobile = (r: Random) => `+380${r.pick(MOBILE_CODES)}${String(r.int(0, 9_999_999)).padStart(7, '0')}`;

export type Sex = 'female' | 'male';

export type FirstName = (typeof FIRST_M)[number];

export interface Person {
  last: string; first: string; patronymic: string; sex: Sex; birthDate: string; phone: string;
  /** A man's first name, for his children's patronymic. */
  own?: FirstName;
}

/** Someone of this sex, born on that date, of this family (surname), whose father was `father`. */
export function person(r: Random, sex: Sex, birth: Date, family: { m: string; f: string }, father: FirstName = r.pick(FIRST_M)): Person {
  const own = sex === 'male' ? r.pick(FIRST_M) : undefined;
  return {
    last: sex === 'female' ? family.f : family.m,
    first: own?.name ?? r.pick(FIRST_F),
    patronymic: sex === 'female' ? father.daughter : father.son,
    sex, birthDate: birth.toISOString().slice(0, 10), phone: mobile(r), own,
  };
}

export const fullName = (p: Pick<Person, 'last' | 'first' | 'patronymic'>) => `${p.last} ${p.first} ${p.patronymic}`;

const RNOKPP_EPOCH = Date.UTC(1899, 11, 31);

/**
 * An RNOKPP as the tax service issues them: days from 31.12.1899 to the date of birth (five
 * digits), a serial whose last digit is odd for men and even for women, and the check digit.
 */
export function rnokpp(r: Random, p: Pick<Person, 'birthDate' | 'sex'>): string {
  const days = Math.round((Date.parse(p.birthDate) - RNOKPP_EPOCH) / 86_400_000);
  const sexDigit = r.int(0, 4) * 2 + (p.sex === 'male' ? 1 : 0);
  const nine = `${String(days).padStart(5, '0')}${String(r.int(0, 999)).padStart(3, '0')}${sexDigit}`;
  return `${nine}${rnokppCheckDigit(nine)}`;
}

/** A birth date between two years (inclusive). */
export const bornBetween = (r: Random, from: number, to: number) => new Date(Date.UTC(r.int(from, to), r.int(0, 11), r.int(1, 28)));
