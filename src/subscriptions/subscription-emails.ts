import type { MailMessage } from '../mail/mail-message.js';

/** The links every subscription email carries to leave the list. */
export interface UnsubscribeLinks {
  /** RFC 8058 one-click target: the API, which unsubscribes on a POST of `List-Unsubscribe=One-Click`. */
  oneClick: string;
  /** The frontend page for people who click the link in the text. */
  page: string;
}

export interface ArticleSummary {
  headline: string;
  lead: string | null;
  url: string;
}

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

/** One line for a header: no CR/LF or other controls, at most `max` characters. */
const oneLine = (text: string, max = 200): string => {
  const flat = text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

/** RFC 2369 + RFC 8058 headers: mail clients show an "Unsubscribe" button that POSTs to the one-click URL. */
export function unsubscribeHeaders(links: UnsubscribeLinks): Record<string, string> {
  return { 'List-Unsubscribe': `<${links.oneClick}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}

function footer(siteName: string, links: UnsubscribeLinks, why: string): { text: string; html: string } {
  return {
    text: `\n--\n${why}\nUnsubscribe: ${links.page}\n${siteName}\n`,
    html: `<hr><p style="font-size:small;color:#666">${escapeHtml(why)}<br><a href="${escapeHtml(links.page)}">Unsubscribe</a> · ${escapeHtml(siteName)}</p>`,
  };
}

const page = (body: string) => `<!doctype html><html><body style="font-family:sans-serif;max-width:40em">${body}</body></html>`;

export function confirmationEmail(input: {
  siteName: string;
  to: string;
  confirmUrl: string;
  ttlHours: number;
  following: string[];
  frequency: 'instant' | 'daily';
  links: UnsubscribeLinks;
}): MailMessage {
  const what = input.following.length ? input.following.join(', ') : 'the news';
  const how = input.frequency === 'daily' ? 'once a day, as a digest' : 'as soon as they are published';
  const intro = `Please confirm that you want ${input.siteName} to email you articles about ${what}, ${how}.`;
  const ignore = `If you did not ask for this, ignore this email: nothing else will be sent to you.`;
  const foot = footer(input.siteName, input.links, 'You get this email because someone entered this address on our subscription form.');
  return {
    to: input.to,
    subject: oneLine(`Confirm your subscription to ${input.siteName}`),
    text: `${intro}\n\nConfirm: ${input.confirmUrl}\n\nThe link expires in ${input.ttlHours} hours. ${ignore}\n${foot.text}`,
    html: page(
      `<p>${escapeHtml(intro)}</p><p><a href="${escapeHtml(input.confirmUrl)}">Confirm my subscription</a></p>` +
        `<p>The link expires in ${input.ttlHours} hours. ${escapeHtml(ignore)}</p>${foot.html}`,
    ),
    headers: unsubscribeHeaders(input.links),
  };
}

export function articleEmail(input: { siteName: string; to: string; article: ArticleSummary; links: UnsubscribeLinks }): MailMessage {
  const { article } = input;
  const foot = footer(input.siteName, input.links, `You get this email because you subscribed to ${input.siteName}.`);
  const lead = article.lead ? `${article.lead}\n\n` : '';
  return {
    to: input.to,
    subject: oneLine(article.headline),
    text: `${article.headline}\n\n${lead}Read it: ${article.url}\n${foot.text}`,
    html: page(
      `<h1><a href="${escapeHtml(article.url)}">${escapeHtml(article.headline)}</a></h1>` +
        (article.lead ? `<p>${escapeHtml(article.lead)}</p>` : '') +
        `<p><a href="${escapeHtml(article.url)}">Read it</a></p>${foot.html}`,
    ),
    headers: unsubscribeHeaders(input.links),
  };
}

export function digestEmail(input: { siteName: string; to: string; day: string; articles: ArticleSummary[]; links: UnsubscribeLinks }): MailMessage {
  const foot = footer(input.siteName, input.links, `You get this daily digest because you subscribed to ${input.siteName}.`);
  const text = input.articles.map((a) => `* ${a.headline}\n${a.lead ? `  ${a.lead}\n` : ''}  ${a.url}`).join('\n\n');
  const html = input.articles
    .map((a) => `<li><a href="${escapeHtml(a.url)}">${escapeHtml(a.headline)}</a>${a.lead ? `<br>${escapeHtml(a.lead)}` : ''}</li>`)
    .join('');
  const count = input.articles.length === 1 ? '1 article' : `${input.articles.length} articles`;
  return {
    to: input.to,
    subject: oneLine(`${input.siteName}: your digest for ${input.day} (${count})`),
    text: `Your ${input.siteName} digest for ${input.day}:\n\n${text}\n${foot.text}`,
    html: page(`<h1>Your digest for ${escapeHtml(input.day)}</h1><ul>${html}</ul>${foot.html}`),
    headers: unsubscribeHeaders(input.links),
  };
}
