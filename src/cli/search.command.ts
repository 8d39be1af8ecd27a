import type { Command } from 'commander';
import { withApp } from './context.js';
import { createProgress } from './progress.js';

/** `search reindex`: rebuilds every article's search entry (after a tag rename, or a stemmer change). */
export function registerSearchCommand(program: Command): void {
  const search = program.command('search').description('the full-text search index');
  search
    .command('reindex')
    .description('rewrite the search entry of every article (headline, lead, body text, tag names), in batches of --batch')
    .option('--batch <n>', 'articles per transaction', '200')
    .addHelpText(
      'after',
      '\nArticles stay searchable while it runs: each batch replaces its entries in one transaction.\n\nExample:\n  npm run cli -- search reindex',
    )
    .action(async (options: { batch: string }) => {
      const batch = Math.max(1, Math.min(5000, Number.parseInt(options.batch, 10) || 200));
      const [{ DataSource }, { ArticleEntity }, { SEARCH_ENGINE }, { Transactions }, { ResponseCache }, { CacheTag }] = await Promise.all([
        import('typeorm'),
        import('../articles/article.entity.js'),
        import('../search/search-engine.js'),
        import('../database/transactions.js'),
        import('../cache/response-cache.js'),
        import('../common/http/cache-tags.js'),
      ]);
      await withApp(async (app) => {
        const indexer = app.get<import('../search/search-engine.js').SearchIndexer>(SEARCH_ENGINE, { strict: false });
        const transactions = app.get(Transactions, { strict: false });
        const repository = app.get(DataSource).getRepository(ArticleEntity);
        const ids = (await repository.find({ select: { id: true }, order: { id: 'ASC' } })).map((a) => a.id);
        const progress = createProgress('search', ids.length, 'articles');
        for (let start = 0; start < ids.length; start += batch) {
          const slice = ids.slice(start, start + batch);
          await transactions.run(async (manager) => {
            for (const id of slice) {
              const article = await manager.findOneBy(ArticleEntity, { id });
              if (article) await indexer.index(manager, article);
            }
          });
          progress.update(Math.min(start + batch, ids.length));
        }
        progress.stop();
        // Cached search answers of the old index go too: at once where the cache is shared (REDIS_URL);
        // a server's in-process cache lets them expire (CACHE_TTL_SECONDS).
        await app.get(ResponseCache, { strict: false }).purge([CacheTag.search]);
        process.stdout.write(`Reindexed ${ids.length} article(s).\n`);
      });
    });
}
