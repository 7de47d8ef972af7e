/**
 * Seed data of migration 0002: the pilot's 14 measures (domain.md), the playbooks of the army's
 * patronage practice, and a first set of hromadas. Part of a landed migration: never edit;
 * later changes are new versions written by a later migration or the ministry's screens.
 */
import { OBLASTS } from '@pilot/domain';

const mid = (n: number) => `01930000-0000-7000-8100-${String(n).padStart(12, '0')}`;
const mvid = (n: number) => `01930000-0000-7000-8101-${String(n).padStart(12, '0')}`;
const pid = (n: number) => `01930000-0000-7000-8200-${String(n).padStart(12, '0')}`;
const pvid = (n: number) => `01930000-0000-7000-8201-${String(n).padStart(12, '0')}`;

interface MeasureSeed { id: string; versionId: string; code: string; uk: string; en: string; descriptionUk: string; descriptionEn: string }

const measure = (n: number, uk: string, en: string, descriptionUk: string, descriptionEn: string): MeasureSeed => ({
  id: mid(n), versionId: mvid(n), code: `M${String(n).padStart(2, '0')}`, uk, en, descriptionUk, descriptionEn,
});

export const MEASURES: MeasureSeed[] = [
  measure(1, 'Допомога та супровід під час призову і мобілізації', 'Help and accompaniment at conscription and mobilization',
    'Адаптація до військової служби: роз’яснення прав і обов’язків, підготовка документів, підтримка родини на час служби.',
    'Adaptation to military service: rights and duties explained, documents prepared, the family supported during service.'),
  measure(2, 'Допомога та супровід під час звільнення зі служби', 'Help and accompaniment at discharge',
    'Адаптація до цивільного життя: оформлення звільнення, статусу, пільг, працевлаштування.',
    'Adaptation to civilian life: discharge paperwork, status, benefits, employment.'),
  measure(3, 'Допомога в підготовці необхідних документів', 'Help with preparing the necessary documents',
    'Довідки, посвідчення, заяви на виплати і компенсації; супровід до органів, що їх видають.',
    'Certificates, IDs, applications for payments and compensation; accompaniment to the issuing bodies.'),
  measure(4, 'Інформування з питань соціального захисту', 'Information on social protection',
    'Пільги, гарантії, виплати для військовослужбовців і членів їхніх сімей.', 'Benefits, guarantees and payments for service members and their families.'),
  measure(5, 'Інформування з питань охорони здоров’я', 'Information on health care',
    'Медична допомога, реабілітація, протезування, програма медичних гарантій.', 'Medical care, rehabilitation, prosthetics, the medical guarantees programme.'),
  measure(6, 'Інформування з питань освіти', 'Information on education',
    'Пільги на навчання для військовослужбовців, ветеранів і дітей, перекваліфікація.', 'Education benefits for service members, veterans and children; retraining.'),
  measure(7, 'Інформування про безоплатну правничу допомогу та направлення до центрів БПД', 'Information on free legal aid and referral to free legal aid centres',
    'Роз’яснення права на безоплатну правничу допомогу, направлення до центру БПД.', 'The right to free legal aid explained; referral to a free legal aid centre.'),
  measure(8, 'Психосоціальні консультації', 'Psychosocial support consultations',
    'Індивідуальні та групові консультації, первинна психологічна допомога, направлення до фахівців.',
    'Individual and group consultations, psychological first aid, referral to specialists.'),
  measure(9, 'Консультації зі зміцнення сім’ї', 'Family-strengthening consultations',
    'Стосунки з партнерами і дітьми під час і після служби.', 'Relationships with partners and children during and after service.'),
  measure(10, 'Представництво інтересів', 'Representation of interests',
    'Представництво перед органами державної влади, місцевого самоврядування та іншими установами.',
    'Representation before state bodies, local self-government and other institutions.'),
  measure(11, 'Перенаправлення до інших послуг і фахівців', 'Referral to other services and specialists',
    'За виявленими потребами: ВЛК, ЕКОПФО, реабілітація, центри надання адміністративних послуг, служби громади.',
    'According to identified needs: Military Medical Commission, functioning assessment teams, rehabilitation, administrative service centres, community services.'),
  measure(12, 'Відновлення втраченого зв’язку між сім’єю та військовослужбовцем', 'Restoring lost contact between the family and the service member',
    'Пошук інформації через військову частину, координаційний штаб, Національне інформаційне бюро.',
    'Searching through the military unit, the Coordination Headquarters and the National Information Bureau.'),
  measure(13, 'Профілактика залежностей, соціально небезпечних хвороб і протиправної поведінки', 'Prevention of gambling and substance addiction, socially dangerous diseases and unlawful behaviour',
    'Інформування, скринінг ризиків, направлення до програм профілактики та лікування.', 'Information, risk screening, referral to prevention and treatment programmes.'),
  measure(14, 'Матеріальна і гуманітарна допомога через партнерів', 'Material and humanitarian help arranged through partners',
    'Наприклад, тверде паливо на опалювальний сезон, продуктові набори, речі першої потреби.', 'For example solid fuel for the heating season, food parcels, essentials.'),
];

const M = (n: number) => `M${String(n).padStart(2, '0')}`;

export interface PlaybookStepSeed {
  key: string; measureCode: string; titleUk: string; titleEn: string; offsetDays: number;
  ownerRole: 'case_manager' | 'supervisor'; documents: { uk: string; en: string }[];
}
interface PlaybookSeed {
  id: string; versionId: string; code: string; uk: string; en: string; descriptionUk: string; descriptionEn: string;
  categories: string[]; steps: PlaybookStepSeed[]; checklist: { uk: string; en: string }[];
}

const doc = (uk: string, en: string) => ({ uk, en });
const step = (key: string, n: number, titleUk: string, titleEn: string, offsetDays: number, documents: { uk: string; en: string }[] = [], ownerRole: 'case_manager' | 'supervisor' = 'case_manager'): PlaybookStepSeed =>
  ({ key, measureCode: M(n), titleUk, titleEn, offsetDays, ownerRole, documents });

const PASSPORT = doc('Паспорт або ID-картка', 'Passport or ID card');
const RNOKPP = doc('Картка платника податків (РНОКПП)', 'Taxpayer card (RNOKPP)');
const MIL_ID = doc('Військовий квиток', 'Military ID');
const UNIT_CERT = doc('Довідка з військової частини', 'Certificate from the military unit');
const KINSHIP = doc('Документи, що підтверджують родинний зв’язок', 'Documents proving kinship');

export const PLAYBOOKS: PlaybookSeed[] = [
  {
    id: pid(1), versionId: pvid(1), code: 'wounded', uk: 'Поранений військовослужбовець', en: 'Wounded service member',
    descriptionUk: 'Від лікування до ВЛК, оцінювання функціонування, реабілітації та протезування.',
    descriptionEn: 'From treatment to the Military Medical Commission, functioning assessment, rehabilitation and prosthetics.',
    categories: ['wounded'],
    steps: [
      step('contact', 8, 'Перший контакт і психосоціальна підтримка', 'First contact and psychosocial support', 2),
      step('injury_certificate', 3, 'Довідка про обставини травми (форма 5)', 'Certificate of the circumstances of injury (form 5)', 7, [doc('Довідка про обставини травми', 'Certificate of the circumstances of injury'), UNIT_CERT]),
      step('vlk', 11, 'Направлення на ВЛК і супровід', 'Referral to the Military Medical Commission (ВЛК) and accompaniment', 14, [doc('Направлення на ВЛК', 'Referral to the ВЛК'), doc('Виписка з медичної карти', 'Medical record extract')]),
      step('etaefi', 11, 'Оцінювання повсякденного функціонування (ЕКОПФО)', 'Assessment of everyday functioning (ETAEFI, formerly МСЕК)', 30, [doc('Рішення ВЛК', 'ВЛК decision'), doc('Направлення на ЕКОПФО', 'Referral to ETAEFI')]),
      step('rehabilitation', 5, 'Реабілітація: вибір закладу і направлення', 'Rehabilitation: choosing a facility and referral', 30),
      step('prosthetics', 11, 'Протезування (за потреби)', 'Prosthetics (if needed)', 45, [doc('Індивідуальна програма реабілітації', 'Individual rehabilitation programme')]),
      step('abroad', 5, 'Лікування за кордоном (за потреби)', 'Treatment abroad (if needed)', 60, [], 'supervisor'),
      step('benefits', 3, 'Статус учасника бойових дій / особи з інвалідністю внаслідок війни, виплати', 'Combatant / war-disability status and payments', 45, [doc('Посвідчення УБД', 'Combatant ID')]),
    ],
    checklist: [PASSPORT, RNOKPP, MIL_ID, doc('Медичні документи', 'Medical records')],
  },
  {
    id: pid(2), versionId: pvid(2), code: 'family_of_fallen', uk: 'Сім’я загиблого (померлого) захисника', en: 'Family of the fallen',
    descriptionUk: 'Підтримка в горі, документи, одноразова грошова допомога, пільги і гарантії для сім’ї.',
    descriptionEn: 'Support in grief, documents, the one-time payment, benefits and guarantees for the family.',
    categories: ['family_of_fallen'],
    steps: [
      step('contact', 8, 'Перший контакт і підтримка в горі', 'First contact and grief support', 1),
      step('documents', 3, 'Документи для одноразової грошової допомоги', 'Documents for the one-time payment', 14, [doc('Свідоцтво про смерть', 'Death certificate'), doc('Сповіщення про загибель', 'Notice of death'), KINSHIP]),
      step('status', 3, 'Статус члена сім’ї загиблого захисника', 'Status of a family member of a fallen defender', 30, [doc('Посвідчення члена сім’ї загиблого', 'Family-of-the-fallen ID')]),
      step('benefits', 4, 'Інформування про пільги і гарантії', 'Information on benefits and guarantees', 21),
      step('legal', 7, 'Правнича допомога (спадщина, виплати)', 'Legal aid (inheritance, payments)', 30),
      step('children', 9, 'Підтримка дітей і родини', 'Support for the children and the family', 30),
    ],
    checklist: [PASSPORT, RNOKPP, KINSHIP, doc('Свідоцтво про смерть', 'Death certificate')],
  },
  {
    id: pid(3), versionId: pvid(3), code: 'family_of_pow', uk: 'Сім’я військовополоненого', en: 'Family of a prisoner of war',
    descriptionUk: 'Зв’язок із Координаційним штабом, виплати грошового забезпечення, безпека родини від шахраїв.',
    descriptionEn: 'Contact with the Coordination Headquarters, pay continued to the family, protection from scams.',
    categories: ['family_of_pow'],
    steps: [
      step('contact', 8, 'Перший контакт і психосоціальна підтримка', 'First contact and psychosocial support', 1),
      step('safety', 13, 'Безпека: як розпізнати шахраїв і вербування', 'Safety: recognising scams and recruitment attempts', 3),
      step('headquarters', 12, 'Звернення до Координаційного штабу та НІБ', 'Applications to the Coordination Headquarters and the National Information Bureau', 7, [doc('Заява до Координаційного штабу', 'Application to the Coordination Headquarters'), doc('Зразки ДНК (за потреби)', 'DNA samples (if needed)')]),
      step('pay', 3, 'Виплата грошового забезпечення сім’ї', 'Service pay paid to the family', 21, [KINSHIP, UNIT_CERT]),
      step('representation', 10, 'Представництво перед органами влади', 'Representation before state bodies', 30, [], 'supervisor'),
    ],
    checklist: [PASSPORT, RNOKPP, KINSHIP, UNIT_CERT],
  },
  {
    id: pid(4), versionId: pvid(4), code: 'family_of_missing', uk: 'Сім’я зниклого безвісти', en: 'Family of the missing',
    descriptionUk: 'Розшук, заяви до поліції та Координаційного штабу, виплати, безпека родини.',
    descriptionEn: 'Search, applications to the police and the Coordination Headquarters, payments, family safety.',
    categories: ['family_of_missing'],
    steps: [
      step('contact', 8, 'Перший контакт і психосоціальна підтримка', 'First contact and psychosocial support', 1),
      step('search', 12, 'Розшук: заяви до поліції, ЄРДР, Координаційного штабу', 'Search: police report, criminal register entry, Coordination Headquarters', 5, [doc('Витяг з ЄРДР', 'Criminal register extract'), doc('Заява до Координаційного штабу', 'Application to the Coordination Headquarters')]),
      step('safety', 13, 'Безпека: як розпізнати шахраїв і вербування', 'Safety: recognising scams and recruitment attempts', 3),
      step('pay', 3, 'Виплата грошового забезпечення сім’ї', 'Service pay paid to the family', 21, [KINSHIP, UNIT_CERT]),
      step('legal', 7, 'Правнича допомога', 'Legal aid', 30),
    ],
    checklist: [PASSPORT, RNOKPP, KINSHIP],
  },
  {
    id: pid(5), versionId: pvid(5), code: 'released_from_captivity', uk: 'Звільнення з полону і реінтеграція', en: 'Release from captivity and reintegration',
    descriptionUk: 'Реабілітація після полону, відновлення документів, виплати, повернення до родини.',
    descriptionEn: 'Rehabilitation after captivity, restored documents, payments, return to the family.',
    categories: ['released_from_captivity'],
    steps: [
      step('contact', 8, 'Перший контакт і психосоціальна підтримка', 'First contact and psychosocial support', 2),
      step('documents', 3, 'Відновлення документів', 'Restoring documents', 14, [PASSPORT, MIL_ID]),
      step('payment', 4, 'Одноразова допомога звільненим з полону', 'One-time payment to those released from captivity', 21),
      step('rehabilitation', 5, 'Медична і психологічна реабілітація', 'Medical and psychological rehabilitation', 14),
      step('family', 9, 'Консультації для сім’ї', 'Consultations for the family', 30),
    ],
    checklist: [PASSPORT, RNOKPP, MIL_ID, doc('Довідка про перебування в полоні', 'Certificate of captivity')],
  },
  {
    id: pid(6), versionId: pvid(6), code: 'preparing_discharge', uk: 'Підготовка до звільнення зі служби', en: 'Preparing for discharge',
    descriptionUk: 'Документи на звільнення, статус ветерана, працевлаштування, освіта.',
    descriptionEn: 'Discharge documents, veteran status, employment, education.',
    categories: ['preparing_discharge'],
    steps: [
      step('contact', 2, 'Перший контакт: план звільнення', 'First contact: discharge plan', 3),
      step('documents', 3, 'Документи на звільнення і статус ветерана', 'Discharge documents and veteran status', 21, [MIL_ID, doc('Наказ про звільнення', 'Discharge order'), doc('Посвідчення УБД', 'Combatant ID')]),
      step('employment', 11, 'Працевлаштування: центр зайнятості, перекваліфікація', 'Employment: job centre, retraining', 45),
      step('education', 6, 'Освіта і пільги на навчання', 'Education and education benefits', 45),
      step('family', 9, 'Повернення до родини: консультації', 'Returning to the family: consultations', 30),
    ],
    checklist: [PASSPORT, RNOKPP, MIL_ID],
  },
  {
    id: pid(7), versionId: pvid(7), code: 'mobilization', uk: 'Мобілізація і адаптація до служби', en: 'Mobilization and adaptation',
    descriptionUk: 'Права і обов’язки, документи, підтримка родини на час служби.',
    descriptionEn: 'Rights and duties, documents, support for the family during service.',
    categories: ['mobilized'],
    steps: [
      step('contact', 1, 'Перший контакт і роз’яснення прав', 'First contact and rights explained', 3),
      step('documents', 3, 'Документи родини (довіреності, пільги)', 'Family documents (powers of attorney, benefits)', 14, [PASSPORT, KINSHIP]),
      step('benefits', 4, 'Інформування про гарантії для сім’ї', 'Information on guarantees for the family', 14),
      step('family', 9, 'Консультації для родини', 'Consultations for the family', 30),
    ],
    checklist: [PASSPORT, RNOKPP],
  },
];

interface HromadaSeed { code: string; oblastCode: string; uk: string; en: string }

/**
 * The oblast-centre city hromadas and a second hromada per oblast, enough to work with until the
 * ministry imports the full KATOTTG codifier. Codes follow the codifier's shape: the oblast's two
 * digits, then the raion and hromada levels.
 */
const CENTRES: Record<string, [string, string, string, string]> = {
  UA05: ['Вінницька', 'Vinnytsia', 'Хмільницька', 'Khmilnyk'],
  UA07: ['Луцька', 'Lutsk', 'Ковельська', 'Kovel'],
  UA12: ['Дніпровська', 'Dnipro', 'Криворізька', 'Kryvyi Rih'],
  UA14: ['Краматорська', 'Kramatorsk', 'Слов’янська', 'Sloviansk'],
  UA18: ['Житомирська', 'Zhytomyr', 'Бердичівська', 'Berdychiv'],
  UA21: ['Ужгородська', 'Uzhhorod', 'Мукачівська', 'Mukachevo'],
  UA23: ['Запорізька', 'Zaporizhzhia', 'Вільнянська', 'Vilniansk'],
  UA26: ['Івано-Франківська', 'Ivano-Frankivsk', 'Калуська', 'Kalush'],
  UA32: ['Білоцерківська', 'Bila Tserkva', 'Броварська', 'Brovary'],
  UA35: ['Кропивницька', 'Kropyvnytskyi', 'Олександрійська', 'Oleksandriia'],
  UA44: ['Сєвєродонецька', 'Sievierodonetsk', 'Лисичанська', 'Lysychansk'],
  UA46: ['Львівська', 'Lviv', 'Дрогобицька', 'Drohobych'],
  UA48: ['Миколаївська', 'Mykolaiv', 'Вознесенська', 'Voznesensk'],
  UA51: ['Одеська', 'Odesa', 'Ізмаїльська', 'Izmail'],
  UA53: ['Полтавська', 'Poltava', 'Кременчуцька', 'Kremenchuk'],
  UA56: ['Рівненська', 'Rivne', 'Дубенська', 'Dubno'],
  UA59: ['Сумська', 'Sumy', 'Конотопська', 'Konotop'],
  UA61: ['Тернопільська', 'Ternopil', 'Чортківська', 'Chortkiv'],
  UA63: ['Харківська', 'Kharkiv', 'Ізюмська', 'Izium'],
  UA65: ['Херсонська', 'Kherson', 'Бериславська', 'Beryslav'],
  UA68: ['Хмельницька', 'Khmelnytskyi', 'Кам’янець-Подільська', 'Kamianets-Podilskyi'],
  UA71: ['Черкаська', 'Cherkasy', 'Уманська', 'Uman'],
  UA73: ['Чернівецька', 'Chernivtsi', 'Хотинська', 'Khotyn'],
  UA74: ['Чернігівська', 'Chernihiv', 'Ніжинська', 'Nizhyn'],
  UA80: ['м. Київ', 'Kyiv City', 'м. Київ (Дарницький район)', 'Kyiv City (Darnytskyi district)'],
  UA01: ['Сімферопольська', 'Simferopol', 'Керченська', 'Kerch'],
  UA85: ['м. Севастополь', 'Sevastopol', 'Балаклавська', 'Balaklava'],
};

export const HROMADAS: HromadaSeed[] = OBLASTS.flatMap((o) => {
  const prefix = o.code.slice(0, 4);
  const names = CENTRES[prefix];
  if (!names) return [];
  const [uk1, en1, uk2, en2] = names;
  return [
    { code: `${prefix}020010000010${prefix.slice(2)}1`, oblastCode: o.code, uk: `${uk1} міська`, en: `${en1} city` },
    { code: `${prefix}040010000010${prefix.slice(2)}2`, oblastCode: o.code, uk: `${uk2} міська`, en: `${en2} city` },
  ].map((h) => (prefix === 'UA80' || prefix === 'UA85' ? { ...h, uk: h.uk.replace(' міська', ''), en: h.en.replace(' city', '') } : h));
});
