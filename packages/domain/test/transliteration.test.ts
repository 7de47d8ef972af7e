import { describe, expect, it } from 'vitest';
import { transliterate } from '../src/transliteration.ts';

describe('transliterate (Cabinet resolution 55 of 2010)', () => {
  it('follows the examples of the resolution', () => {
    const examples: [string, string][] = [
      ['Алушта', 'Alushta'], ['Борщагівка', 'Borshchahivka'], ['Вінниця', 'Vinnytsia'], ['Гадяч', 'Hadiach'],
      ['Згорани', 'Zghorany'], ['Розгон', 'Rozghon'], ['Ґалаґан', 'Galagan'], ['Дон', 'Don'], ['Рівне', 'Rivne'],
      ['Єнакієве', 'Yenakiieve'], ['Наталія', 'Nataliia'], ['Житомир', 'Zhytomyr'], ['Закарпаття', 'Zakarpattia'],
      ['Медвин', 'Medvyn'], ['Іршава', 'Irshava'], ['Їжакевич', 'Yizhakevych'], ['Кадиївка', 'Kadyivka'],
      ['Йосипівка', 'Yosypivka'], ['Стрий', 'Stryi'], ['Олексій', 'Oleksii'], ['Київ', 'Kyiv'], ['Лебедин', 'Lebedyn'],
      ['Миколаїв', 'Mykolaiv'], ['Ніжин', 'Nizhyn'], ['Одеса', 'Odesa'], ['Полтава', 'Poltava'], ['Решетилівка', 'Reshetylivka'],
      ['Суми', 'Sumy'], ['Тернопіль', 'Ternopil'], ['Ужгород', 'Uzhhorod'], ['Фастів', 'Fastiv'], ['Харків', 'Kharkiv'],
      ['Біла Церква', 'Bila Tserkva'], ['Чернівці', 'Chernivtsi'], ['Шостка', 'Shostka'], ['Гоща', 'Hoshcha'],
      ['Щербухи', 'Shcherbukhy'], ['Юрій', 'Yurii'], ['Крюківка', 'Kriukivka'], ['Яготин', 'Yahotyn'], ['Ічня', 'Ichnia'],
      ['Знам’янка', 'Znamianka'], ["Знам'янка", 'Znamianka'], ['Короп’є', 'Koropie'], ['Щастя', 'Shchastia'],
    ];
    for (const [uk, en] of examples) expect(transliterate(uk), uk).toBe(en);
  });

  it('starts a word again after a space or a hyphen', () => {
    expect(transliterate('Івано-Франківська')).toBe('Ivano-Frankivska');
    expect(transliterate('Кам’янець-Подільський')).toBe('Kamianets-Podilskyi');
    expect(transliterate('Усть-Чорнянська')).toBe('Ust-Chornianska');
    expect(transliterate('Станично-Луганська')).toBe('Stanychno-Luhanska');
  });

  it('keeps capitals, digits and punctuation', () => {
    expect(transliterate('ЩАСТЯ')).toBe('SHCHASTIA');
    expect(transliterate('м. Київ, 12')).toBe('m. Kyiv, 12');
    expect(transliterate('Kyiv')).toBe('Kyiv');
    expect(transliterate('')).toBe('');
  });
});
