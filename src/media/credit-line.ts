/** What a credit line is made from; the media row (or any object with these fields). */
export interface CreditLineParts {
  creditLine?: string | null;
  copyrightNotice?: string | null;
  source?: string | null;
  credit?: string | null;
  creator?: string | null;
}

/** The separator of the site's style: "© RIA Novosti . Mikhail Klementiev". */
export const CREDIT_LINE_SEPARATOR = ' . ';

/** The default template (MEDIA_CREDIT_TEMPLATE): the site's style. */
export const DEFAULT_CREDIT_TEMPLATE = `{copyrightNotice}${CREDIT_LINE_SEPARATOR}{creator}`;

const clean = (value: string | null | undefined): string | null => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
};

/**
 * The credit line shown under a picture. A line an editor stored wins; otherwise it is
 * rendered from the template: `{copyrightNotice}` (or "© source" when there is none),
 * `{creator}`, `{source}`, `{credit}`. A part whose value is unknown drops out with the
 * text that joins it to the next, so "© RIA Novosti" alone carries no dangling " . ".
 * Null when nothing is known.
 */
export function renderCreditLine(m: CreditLineParts, template = DEFAULT_CREDIT_TEMPLATE): string | null {
  const stored = clean(m.creditLine);
  if (stored) return stored;
  const source = clean(m.source);
  const values: Record<string, string | null> = {
    copyrightNotice: clean(m.copyrightNotice) ?? (source ? `© ${source}` : null),
    creator: clean(m.creator),
    source,
    credit: clean(m.credit),
  };
  // The template alternates literal text and {tokens}: keep a literal only between two known parts.
  const pieces = template.split(/(\{[a-zA-Z]+\})/);
  const parts: { literalBefore: string; value: string }[] = [];
  const leading = pieces[0];
  let literal = '';
  for (const piece of pieces.slice(1)) {
    const token = /^\{([a-zA-Z]+)\}$/.exec(piece);
    if (!token) {
      literal += piece;
      continue;
    }
    const value = values[token[1]] ?? null;
    if (value) parts.push({ literalBefore: parts.length === 0 ? '' : literal, value });
    literal = '';
  }
  if (parts.length === 0) return null;
  const trailing = literal;
  return clean(`${leading}${parts.map((p) => p.literalBefore + p.value).join('')}${trailing}`);
}
