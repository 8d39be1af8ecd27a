// Writes schema.gql from the running app's schema (npm run schema:generate).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

process.env.DATA_DIR ??= mkdtempSync(join(tmpdir(), 'newsroom-schema-'));
process.env.DEMO_CONTENT = 'false';
const { createApp } = await import('../src/bootstrap.js');
const { printAppSchema, SCHEMA_FILE } = await import('../src/graphql-schema.js');
const { projectRoot } = await import('../src/common/util/project-root.js');
const app = await createApp({ logger: false });
await app.init();
writeFileSync(join(projectRoot(), SCHEMA_FILE), printAppSchema(app));
await app.close();
process.stdout.write(`Wrote ${SCHEMA_FILE}\n`);
