/** What a credit line is made from; the media row (or any object with these fields). */
export interface CreditLineParts {
  creditLine?: string | null;
  copyrightNotice?: string | null;
  source?: string | null;
  creator?: string | null;
}

/** The separator of the site's style: "© RIA Novosti . Mikhail Klementiev". */
export const CREDIT_LINE_SEPARATOR = ' . ';

const clean = (value: string | null | undefined): string | null => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
};

/**
 * The credit line shown under a picture. A line an editor stored wins; otherwise
 * it is rendered from the copyright notice (or "© source" when there is none)
 * and the creator, joined in the site's style. Null when nothing is known.
 */
export function renderCreditLine(m: CreditLineParts): string | null {
  const stored = clean(m.creditLine);
  if (stored) return stored;
  const source = clean(m.source);
  const parts = [clean(m.copyrightNotice) ?? (source ? `© ${source}` : null), clean(m.creator)].filter((part): part is string => part !== null);
  return parts.length > 0 ? parts.join(CREDIT_LINE_SEPARATOR) : null;
}
