import { acceptLanguageOf } from '../common/http/accept-language.js';
import type { DirectRead } from '../common/http/direct-reads.js';
import { isLocaleTag } from '../common/validation/decorators.js';
import { ParseIdOrSlugPipe } from '../common/validation/id.pipe.js';
import type { ArticlesController } from './articles.controller.js';

interface ArticleReadArgs {
  idOrSlug: string;
  locale: string | undefined;
  acceptLanguage: string[];
}

const idOrSlugPipe = new ParseIdOrSlugPipe();

/** GET /articles/:idOrSlug, `ArticlesController.get`, for anonymous readers without Nest's per-request pipeline (common/http/direct-reads.ts). */
export function directArticleRead(controller: ArticlesController): DirectRead<ArticleReadArgs> {
  return {
    path: 'articles/:idOrSlug',
    read(request) {
      const query = request.query as Record<string, unknown>;
      let locale: string | undefined;
      for (const name in query) {
        // ArticleQuery has `locale` alone: anything else, or a locale it refuses, is Nest's 400 to give.
        if (name !== 'locale' || !isLocaleTag(query.locale)) return null;
        locale = query.locale;
      }
      const { idOrSlug } = request.params as { idOrSlug: string };
      return { idOrSlug: idOrSlugPipe.transform(idOrSlug), locale, acceptLanguage: acceptLanguageOf(request) };
    },
    answer: ({ idOrSlug, locale, acceptLanguage }, reply) => controller.get(null, idOrSlug, { locale }, acceptLanguage, reply),
  };
}
