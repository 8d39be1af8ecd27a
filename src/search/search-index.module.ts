import { Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { PostgresTsvectorEngine } from './engines/postgres-tsvector.engine.js';
import { SqliteFtsEngine } from './engines/sqlite-fts.engine.js';
import { SEARCH_ENGINE, type SearchEngine } from './search-engine.js';

/**
 * The search index alone, with no dependency on the articles feature, so ArticlesModule
 * can update it inside its write transactions. The engine is the DataSource's dialect's.
 */
@Module({
  providers: [
    {
      provide: SEARCH_ENGINE,
      inject: [getDataSourceToken()],
      useFactory: (dataSource: DataSource): SearchEngine =>
        dataSource.options.type === 'postgres' ? new PostgresTsvectorEngine(dataSource) : new SqliteFtsEngine(dataSource),
    },
  ],
  exports: [SEARCH_ENGINE],
})
export class SearchIndexModule {}
