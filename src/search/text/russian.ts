/**
 * A Russian stemmer following the rules of the Snowball Russian algorithm (perfective
 * gerunds, reflexives, adjectivals, verbs, nouns, then и, -ость, superlatives, нн and ь),
 * written here so SQLite, whose FTS5 has no Russian stemmer, finds "дипломаты" when asked
 * for "дипломатов". Input: one lowercase word, ё already folded to е.
 */
export function russianStem(word: string): string {
  if (!/^[а-я]+$/.test(word)) return word;
  const rv = regionAfterFirstVowel(word);
  if (rv >= word.length) return word;
  const r2 = r2Of(word);
  let w = word;

  // Step 1
  const gerund = removeEnding(w, rv, PERFECTIVE_GERUND_1, true) ?? removeEnding(w, rv, PERFECTIVE_GERUND_2, false);
  if (gerund !== undefined) {
    w = gerund;
  } else {
    w = removeEnding(w, rv, REFLEXIVE, false) ?? w;
    const adjectival = removeAdjectival(w, rv);
    if (adjectival !== undefined) w = adjectival;
    else {
      const verb = removeEnding(w, rv, VERB_1, true) ?? removeEnding(w, rv, VERB_2, false);
      if (verb !== undefined) w = verb;
      else w = removeEnding(w, rv, NOUN, false) ?? w;
    }
  }

  // Step 2
  if (w.endsWith('и') && w.length - 1 >= rv) w = w.slice(0, -1);

  // Step 3: derivational endings in R2
  const derivational = DERIVATIONAL.find((e) => w.endsWith(e) && w.length - e.length >= r2);
  if (derivational) w = w.slice(0, -derivational.length);

  // Step 4
  if (w.endsWith('нн') && w.length - 2 >= rv) w = w.slice(0, -1);
  else {
    const superlative = removeEnding(w, rv, SUPERLATIVE, false);
    if (superlative !== undefined) {
      w = superlative;
      if (w.endsWith('нн') && w.length - 2 >= rv) w = w.slice(0, -1);
    } else if (w.endsWith('ь') && w.length - 1 >= rv) w = w.slice(0, -1);
  }
  return w;
}

const VOWELS = 'аеиоуыэюя';
const byLength = (list: string[]) => [...list].sort((a, b) => b.length - a.length);

const PERFECTIVE_GERUND_1 = byLength(['в', 'вши', 'вшись']);
const PERFECTIVE_GERUND_2 = byLength(['ив', 'ивши', 'ившись', 'ыв', 'ывши', 'ывшись']);
const ADJECTIVE = byLength([
  'ее', 'ие', 'ые', 'ое', 'ими', 'ыми', 'ей', 'ий', 'ый', 'ой', 'ем', 'им', 'ым', 'ом',
  'его', 'ого', 'ему', 'ому', 'их', 'ых', 'ую', 'юю', 'ая', 'яя', 'ою', 'ею',
]); // prettier-ignore
const PARTICIPLE_1 = byLength(['ем', 'нн', 'вш', 'ющ', 'щ']);
const PARTICIPLE_2 = byLength(['ивш', 'ывш', 'ующ']);
const REFLEXIVE = byLength(['ся', 'сь']);
const VERB_1 = byLength(['ла', 'на', 'ете', 'йте', 'ли', 'й', 'л', 'ем', 'н', 'ло', 'но', 'ет', 'ют', 'ны', 'ть', 'ешь', 'нно']);
const VERB_2 = byLength([
  'ила', 'ыла', 'ена', 'ейте', 'уйте', 'ите', 'или', 'ыли', 'ей', 'уй', 'ил', 'ыл', 'им', 'ым', 'ен',
  'ило', 'ыло', 'ено', 'ят', 'ует', 'уют', 'ит', 'ыт', 'ены', 'ить', 'ыть', 'ишь', 'ую', 'ю',
]); // prettier-ignore
const NOUN = byLength([
  'а', 'ев', 'ов', 'ие', 'ье', 'е', 'иями', 'ями', 'ами', 'еи', 'ии', 'и', 'ией', 'ей', 'ой', 'ий', 'й',
  'иям', 'ям', 'ием', 'ем', 'ам', 'ом', 'о', 'у', 'ах', 'иях', 'ях', 'ы', 'ь', 'ию', 'ью', 'ю', 'ия', 'ья', 'я',
]); // prettier-ignore
const SUPERLATIVE = byLength(['ейш', 'ейше']);
const DERIVATIONAL = byLength(['ост', 'ость']);

/**
 * The word without the longest of `endings` that lies within RV; for group-1 endings
 * (`afterAOrYa`) only when а or я (also in RV) comes right before. undefined: none matched.
 */
function removeEnding(w: string, rv: number, endings: string[], afterAOrYa: boolean): string | undefined {
  for (const ending of endings) {
    if (!w.endsWith(ending)) continue;
    const start = w.length - ending.length;
    if (start < rv) continue;
    if (afterAOrYa) {
      if (start - 1 < rv || (w[start - 1] !== 'а' && w[start - 1] !== 'я')) continue;
    }
    return w.slice(0, start);
  }
  return undefined;
}

/** An adjective ending, and a participle ending before it if there is one. */
function removeAdjectival(w: string, rv: number): string | undefined {
  const stem = removeEnding(w, rv, ADJECTIVE, false);
  if (stem === undefined) return undefined;
  return removeEnding(stem, rv, PARTICIPLE_1, true) ?? removeEnding(stem, rv, PARTICIPLE_2, false) ?? stem;
}

function regionAfterFirstVowel(w: string): number {
  for (let i = 0; i < w.length; i += 1) if (VOWELS.includes(w[i])) return i + 1;
  return w.length;
}

/** R1: after the first non-vowel following a vowel; R2: the same, within R1. */
function r2Of(w: string): number {
  const r1 = regionAfter(w, 0);
  return regionAfter(w, r1);
}

function regionAfter(w: string, from: number): number {
  for (let i = from + 1; i < w.length; i += 1) if (!VOWELS.includes(w[i]) && VOWELS.includes(w[i - 1])) return i + 1;
  return w.length;
}
