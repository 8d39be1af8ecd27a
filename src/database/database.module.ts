import { Global, Module } from '@nestjs/common';
import { SqlReader } from './sql-reader.js';

/** The read path every feature shares: SqlReader (prepared statements for the hot public reads). */
@Global()
@Module({ providers: [SqlReader], exports: [SqlReader] })
export class DatabaseModule {}
