import { Module } from '@nestjs/common';
import { ArticlesModule } from '../articles/articles.module.js';
import { SectionsModule } from '../sections/sections.module.js';
import { TaxonomyModule } from '../taxonomy/taxonomy.module.js';
import { SearchController } from './search.controller.js';
import { SearchIndexModule } from './search-index.module.js';
import { SearchResolver } from './search.resolver.js';
import { SearchService } from './search.service.js';

/** Search: REST `GET /search` and GraphQL `search`, over the index ArticlesModule keeps (SearchIndexModule). */
@Module({
  imports: [ArticlesModule, SearchIndexModule, SectionsModule, TaxonomyModule],
  controllers: [SearchController],
  providers: [SearchService, SearchResolver],
})
export class SearchModule {}
