// Russian and Ukrainian/Belarusian letters, transliterated close to ICAO 9303 / Yandex practice,
// so "Путин" becomes "putin" as a reader would type it.
const CYRILLIC: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
  і: 'i',
  ї: 'yi',
  є: 'ye',
  ґ: 'g',
  ў: 'u',
};

// Latin letters that Unicode does not decompose into a base letter and a mark.
const LATIN_EXTRA: Record<string, string> = { ł: 'l', ø: 'o', đ: 'd', ð: 'd', æ: 'ae', œ: 'oe', þ: 'th', ı: 'i', ß: 'ss', ħ: 'h', ŧ: 't' };

export const MAX_SLUG_LENGTH = 120;

export function slugify(text: string): string {
  // NFC first, so "й" typed as и + breve is the same letter as the precomposed one.
  const transliterated = Array.from(text.normalize('NFC').toLowerCase(), (ch) => CYRILLIC[ch] ?? LATIN_EXTRA[ch] ?? ch).join('');
  const ascii = transliterated
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[’'`]/g, '');
  const slug = ascii
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_SLUG_LENGTH)
    .replace(/-+$/g, '');
  return slug;
}
