/**
 * Oblasts of Ukraine with their KATOTTG codes (first level of the codifier), the seed list
 * domain.md asks for. Names in Ukrainian and English.
 */
export interface Oblast { code: string; uk: string; en: string }

export const OBLASTS: readonly Oblast[] = [
  { code: 'UA05000000000010236', uk: 'Вінницька', en: 'Vinnytsia' },
  { code: 'UA07000000000024379', uk: 'Волинська', en: 'Volyn' },
  { code: 'UA12000000000090473', uk: 'Дніпропетровська', en: 'Dnipropetrovsk' },
  { code: 'UA14000000000091971', uk: 'Донецька', en: 'Donetsk' },
  { code: 'UA18000000000041385', uk: 'Житомирська', en: 'Zhytomyr' },
  { code: 'UA21000000000011690', uk: 'Закарпатська', en: 'Zakarpattia' },
  { code: 'UA23000000000064947', uk: 'Запорізька', en: 'Zaporizhzhia' },
  { code: 'UA26000000000069363', uk: 'Івано-Франківська', en: 'Ivano-Frankivsk' },
  { code: 'UA32000000000030281', uk: 'Київська', en: 'Kyiv Oblast' },
  { code: 'UA35000000000016081', uk: 'Кіровоградська', en: 'Kirovohrad' },
  { code: 'UA44000000000018893', uk: 'Луганська', en: 'Luhansk' },
  { code: 'UA46000000000026241', uk: 'Львівська', en: 'Lviv' },
  { code: 'UA48000000000039575', uk: 'Миколаївська', en: 'Mykolaiv' },
  { code: 'UA51000000000030770', uk: 'Одеська', en: 'Odesa' },
  { code: 'UA53000000000028050', uk: 'Полтавська', en: 'Poltava' },
  { code: 'UA56000000000066151', uk: 'Рівненська', en: 'Rivne' },
  { code: 'UA59000000000057109', uk: 'Сумська', en: 'Sumy' },
  { code: 'UA61000000000060328', uk: 'Тернопільська', en: 'Ternopil' },
  { code: 'UA63000000000041885', uk: 'Харківська', en: 'Kharkiv' },
  { code: 'UA65000000000030969', uk: 'Херсонська', en: 'Kherson' },
  { code: 'UA68000000000099709', uk: 'Хмельницька', en: 'Khmelnytskyi' },
  { code: 'UA71000000000010357', uk: 'Черкаська', en: 'Cherkasy' },
  { code: 'UA73000000000044923', uk: 'Чернівецька', en: 'Chernivtsi' },
  { code: 'UA74000000000025378', uk: 'Чернігівська', en: 'Chernihiv' },
  { code: 'UA80000000000093317', uk: 'м. Київ', en: 'Kyiv City' },
  { code: 'UA01000000000013043', uk: 'Автономна Республіка Крим', en: 'Autonomous Republic of Crimea' },
  { code: 'UA85000000000065278', uk: 'м. Севастополь', en: 'Sevastopol' },
];

export const OBLAST_CODES = OBLASTS.map((o) => o.code) as [string, ...string[]];
