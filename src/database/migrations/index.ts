import { InitialSchema1764300000000 } from './1764300000000-initial-schema.js';
import { EditorialWorkflow1764400000000 } from './1764400000000-editorial-workflow.js';

/** Every migration, oldest first. The app and the TypeORM CLI (ormconfig.ts) both run this list. */
export const MIGRATIONS = [InitialSchema1764300000000, EditorialWorkflow1764400000000];
