import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readAppConfig } from './app.config.js';
import { readAuthConfig } from './auth.config.js';
import { readDatabaseConfig } from './database.config.js';
import { ConfigError } from './env.js';

/** The problems a reader reports, or [] when it accepts the environment. */
function problems(read: () => unknown): string[] {
  try {
    read();
    return [];
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error.problems;
  }
}

describe('configuration from the environment', () => {
  it('starts with sensible defaults and nothing set', () => {
    const app = readAppConfig({});
    assert.equal(app.port, 3000);
    assert.equal(app.publicBaseUrl, 'http://localhost:3000');
    assert.equal(app.defaultLocale, 'en');
    assert.equal(app.fallbackLocale, 'en');
    assert.equal(readAppConfig({ DEFAULT_LOCALE: 'ru' }).fallbackLocale, 'ru', 'the fallback follows DEFAULT_LOCALE unless set');
    assert.equal(readAppConfig({ FALLBACK_LOCALE: 'ru' }).fallbackLocale, 'ru');
    assert.equal(app.demoContent, true);
    assert.deepEqual(app.corsOrigins, []);
    assert.match(app.dataDir, /\/data$/);
    const db = readDatabaseConfig({});
    assert.equal(db.type, 'sqlite');
    assert.ok(db.type === 'sqlite' && db.file.endsWith('/data/cms.sqlite'));
    assert.equal(db.type === 'sqlite' && db.cacheMb, 2, "SQLite's page cache: 2 MB per connection, not better-sqlite3's 16");
    assert.equal(readAuthConfig({}).loginRateLimit.perMinute, 10);
  });

  it('reads what is set', () => {
    const app = readAppConfig({
      PORT: '8080',
      PUBLIC_BASE_URL: 'https://news.example/',
      CORS_ORIGINS: 'https://a.example, https://b.example',
      DEMO_CONTENT: 'false',
    });
    assert.equal(app.port, 8080);
    assert.equal(app.publicBaseUrl, 'https://news.example');
    assert.deepEqual(app.corsOrigins, ['https://a.example', 'https://b.example']);
    assert.equal(app.demoContent, false);
    const db = readDatabaseConfig({ DATABASE_URL: 'postgres://u@db:5432/news' });
    assert.deepEqual(db.type === 'postgres' && [db.url, db.poolSize], ['postgres://u@db:5432/news', 10]);
  });

  it('names every bad variable at once, with what to set', () => {
    const found = problems(() =>
      readAppConfig({ PORT: 'eighty', DEMO_CONTENT: 'maybe', PUBLIC_BASE_URL: 'not a url', DEFAULT_LOCALE: 'English', FALLBACK_LOCALE: 'русский' }),
    );
    assert.equal(found.length, 5, found.join('\n'));
    assert.match(found.join('\n'), /PORT="eighty" must be a whole number from 0 to 65535/);
    assert.match(found.join('\n'), /DEMO_CONTENT="maybe" must be true or false/);
    assert.match(found.join('\n'), /PUBLIC_BASE_URL="not a url" is not a URL/);
    assert.match(found.join('\n'), /DEFAULT_LOCALE="English" must be a BCP 47 tag/);
    assert.match(found.join('\n'), /FALLBACK_LOCALE="русский" must be a BCP 47 tag/);
  });

  it('sizes the SQLite page cache from SQLITE_CACHE_MB, and says what is wrong with a bad one', () => {
    const db = readDatabaseConfig({ SQLITE_CACHE_MB: '64' });
    assert.equal(db.type === 'sqlite' && db.cacheMb, 64);
    assert.match(
      problems(() => readDatabaseConfig({ SQLITE_CACHE_MB: '0.5' })).join(),
      /SQLITE_CACHE_MB="0.5" must be a whole number from 1 to 4096 \(default 2\)/,
    );
  });

  it('refuses a DATABASE_URL that is not PostgreSQL', () => {
    assert.match(
      problems(() => readDatabaseConfig({ DATABASE_URL: 'mysql://root@localhost/db' })).join(),
      /DATABASE_URL must use postgres: or postgresql:/,
    );
  });

  it('refuses half an admin, a short admin password and a short JWT secret', () => {
    assert.match(problems(() => readAuthConfig({ ADMIN_EMAIL: 'a@b.c' })).join(), /Set both ADMIN_EMAIL and ADMIN_PASSWORD/);
    assert.match(problems(() => readAuthConfig({ ADMIN_EMAIL: 'a@b.c', ADMIN_PASSWORD: 'short' })).join(), /ADMIN_PASSWORD must be at least 8/);
    assert.match(problems(() => readAuthConfig({ JWT_SECRET: 'too-short' })).join(), /JWT_SECRET must be at least 32 characters/);
    assert.deepEqual(
      problems(() => readAuthConfig({ ADMIN_EMAIL: 'A@B.C', ADMIN_PASSWORD: 'long enough' })),
      [],
    );
    assert.equal(readAuthConfig({ ADMIN_EMAIL: 'A@B.C', ADMIN_PASSWORD: 'long enough' }).adminEmail, 'a@b.c');
  });
});
