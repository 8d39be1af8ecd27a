import { InitialSchema1764300000000 } from './1764300000000-initial-schema.js';
import { EditorialWorkflow1764400000000 } from './1764400000000-editorial-workflow.js';
import { NinjsIngest1764500000000 } from './1764500000000-ninjs-ingest.js';
import { MediaLibrary1764600000000 } from './1764600000000-media-library.js';
import { Outbox1764700000000 } from './1764700000000-outbox.js';
import { ReaderSubscriptions1764710000000 } from './1764710000000-reader-subscriptions.js';
import { Webhooks1764720000000 } from './1764720000000-webhooks.js';
import { SearchAndEditions1764800000000 } from './1764800000000-search-and-editions.js';
import { ReadersAndComments1764900000000 } from './1764900000000-readers-and-comments.js';
import { EmbargoIndex1765000000000 } from './1765000000000-embargo-index.js';

/** Every migration, oldest first. The app and the TypeORM CLI (ormconfig.ts) both run this list. */
export const MIGRATIONS = [
  InitialSchema1764300000000,
  EditorialWorkflow1764400000000,
  NinjsIngest1764500000000,
  MediaLibrary1764600000000,
  Outbox1764700000000,
  ReaderSubscriptions1764710000000,
  Webhooks1764720000000,
  SearchAndEditions1764800000000,
  ReadersAndComments1764900000000,
  EmbargoIndex1765000000000,
];
