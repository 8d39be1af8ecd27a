import { Logger as NestLogger } from '@nestjs/common';
import type { Logger } from 'typeorm';

/**
 * Counts every SQL statement the app sends, and echoes them when DB_LOG_QUERIES
 * is on. Tests read the count to hold list pages to a fixed query budget.
 */
export class QueryCounterLogger implements Logger {
  count = 0;
  /** The last statements with their parameters (tests EXPLAIN them). */
  readonly recent: { query: string; parameters: unknown[] }[] = [];
  private readonly logger = new NestLogger('Database');

  constructor(private readonly echo: boolean) {}

  logQuery(query: string, parameters?: unknown[]): void {
    this.count += 1;
    this.recent.push({ query, parameters: parameters ?? [] });
    if (this.recent.length > 50) this.recent.shift();
    if (this.echo) this.logger.debug(`${query}${parameters?.length ? ` -- ${JSON.stringify(parameters)}` : ''}`);
  }

  logQueryError(error: string | Error, query: string): void {
    this.logger.warn(`Query failed: ${error instanceof Error ? error.message : error} -- ${query}`);
  }

  logQuerySlow(time: number, query: string): void {
    this.logger.warn(`Slow query (${time} ms): ${query}`);
  }

  logSchemaBuild(): void {}

  logMigration(message: string): void {
    this.logger.log(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn(String(message));
  }
}
