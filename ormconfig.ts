// The TypeORM CLI's entry (see README, "Migrations"): the same options the app uses.
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { readDatabaseConfig } from './src/config/database.config.js';
import { buildDataSourceOptions } from './src/database/data-source.options.js';

export default new DataSource(buildDataSourceOptions(readDatabaseConfig()));
