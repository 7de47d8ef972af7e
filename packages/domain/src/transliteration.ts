/**
 * Ukrainian to Latin, by the national transliteration table (Cabinet of Ministers resolution
 * No. 55 of 27 January 2010), the one used for names in passports and on road signs: Є, Ї, Й,
 * Ю, Я are written Ye, Yi, Y, Yu, Ya at the start of a word and ie, i, i, iu, ia elsewhere;
 * "зг" is "zgh" (so that it is not read as "жг"); the soft sign and the apostrophe are dropped.
 */
const LETTERS: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'h', ґ: 'g', д: 'd', е: 'e', є: 'ie', ж: 'zh', з: 'z', и: 'y', і: 'i', ї: 'i', й: 'i',
  к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts',
  ч: 'ch', ш: 'sh', щ: 'shch', ь: '', ю: 'iu', я: 'ia',
};
const WORD_INITIAL: Record<string, string> = { є: 'ye', ї: 'yi', й: 'y', ю: 'yu', я: 'ya' };
const APOSTROPHES = new Set(["'", '’', 'ʼ', '`']);

const isLetter = (ch: string | undefined) => ch !== undefined && /\p{L}/u.test(ch);

export function transliterate(text: string): string {
  let out = '';
  const chars = [...text];
  chars.forEach((ch, i) => {
    if (APOSTROPHES.has(ch) && isLetter(chars[i - 1]) && isLetter(chars[i + 1])) return;
    const lower = ch.toLowerCase();
    if (!Object.hasOwn(LETTERS, lower)) {
      out += ch;
      return;
    }
    // An apostrophe inside a word does not start a new one (Знам'янка: Znamianka).
    let j = i - 1;
    while (j >= 0 && APOSTROPHES.has(chars[j]!)) j--;
    const initial = !isLetter(chars[j]);
    let latin = (initial && WORD_INITIAL[lower]) || LETTERS[lower]!;
    if (lower === 'г' && chars[i - 1]?.toLowerCase() === 'з') latin = 'gh';
    if (ch !== lower && latin) {
      // A capital keeps its case: the first Latin letter, or all of them in an all-capitals word.
      const capital = (c: string | undefined) => c !== undefined && isLetter(c) && c !== c.toLowerCase();
      const allCaps = capital(chars[i + 1]) || capital(chars[i - 1]);
      latin = allCaps ? latin.toUpperCase() : latin[0]!.toUpperCase() + latin.slice(1);
    }
    out += latin;
  });
  return out;
}
