import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import {
  getIntrospectionQuery,
  getNamedType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLField,
  type GraphQLInputField,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';
import { printAppSchema } from '../src/graphql-schema.js';
import { DEMO_SLUG, startTestApp, type HttpResponse, type TestApp } from './support/test-app.js';

const DIALECT = process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite';

interface GqlError {
  message: string;
  extensions?: Record<string, unknown>;
}

const errorsOf = (res: HttpResponse): GqlError[] => (res.body?.errors ?? []) as GqlError[];

const BUILT_IN_SCALARS = ['String', 'Int', 'Float', 'Boolean', 'ID'];

/** The app's own named types: no introspection types, no built-in scalars. */
const ownTypes = (schema: GraphQLSchema): GraphQLNamedType[] =>
  Object.values(schema.getTypeMap()).filter((type) => !type.name.startsWith('__') && !BUILT_IN_SCALARS.includes(type.name));

function fieldsOf(type: GraphQLNamedType): (GraphQLField<unknown, unknown> | GraphQLInputField)[] {
  if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) return Object.values(type.getFields());
  return [];
}

describe(`GraphQL contract (${DIALECT})`, () => {
  let t: TestApp;
  let schema: GraphQLSchema;
  before(async () => {
    t = await startTestApp();
    schema = t.app.get(GraphQLSchemaHost).schema;
  });
  after(async () => t.close());

  /** Sends a query the limits must refuse, and checks it was refused before it ran: no data, no SQL. */
  async function assertRefused(query: string, code: string): Promise<void> {
    await t.idle();
    const before = t.queryCount();
    const res = await t.gql(query);
    const sql = t.queryCount() - before;
    const errors = errorsOf(res);
    assert.equal(errors.length, 1, res.text.slice(0, 500));
    assert.equal(errors[0].extensions?.code, code, `${errors[0].message} (code ${String(errors[0].extensions?.code)})`);
    assert.equal(res.body.data, undefined, 'refused before execution: no data at all');
    assert.ok(res.status >= 400 && res.status < 500, `status ${res.status}`);
    assert.equal(sql, 0, 'a refused query runs no SQL');
  }

  describe('schema', () => {
    it('schema.gql is not stale', () => {
      const committed = readFileSync(new URL('../../schema.gql', import.meta.url), 'utf8');
      const live = printAppSchema(t.app);
      if (committed !== live) {
        const a = committed.split('\n');
        const b = live.split('\n');
        const line = a.findIndex((text, i) => text !== b[i]);
        assert.fail(
          `schema.gql is stale: run \`npm run schema:generate\` and commit it.\n` +
            `First difference at line ${line + 1}:\n  committed: ${a[line] ?? '(end of file)'}\n  live:      ${b[line] ?? '(end of file)'}`,
        );
      }
    });

    it('describes every type and every field', () => {
      const roots = new Set([schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].map((type) => type?.name));
      const missing: string[] = [];
      for (const type of ownTypes(schema)) {
        if (isScalarType(type) && type.name === 'DateTime') continue;
        if (!roots.has(type.name) && !type.description?.trim()) missing.push(type.name);
        for (const field of fieldsOf(type)) if (!field.description?.trim()) missing.push(`${type.name}.${field.name}`);
      }
      assert.deepEqual(missing, [], 'types and fields without a description');
    });

    it('describes the root operation types too', () => {
      const roots = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].filter(
        (type) => type !== null && type !== undefined,
      );
      assert.deepEqual(
        roots.filter((type) => !type.description?.trim()).map((type) => type.name),
        [],
        'root types without a description (IDEs show it as the entry to the API)',
      );
    });

    it('types every field named id as ID!', () => {
      const wrong: string[] = [];
      for (const type of ownTypes(schema)) {
        for (const field of fieldsOf(type)) {
          if (field.name === 'id' && String(field.type) !== 'ID!') wrong.push(`${type.name}.id: ${String(field.type)}`);
        }
      }
      assert.deepEqual(wrong, []);
    });

    it('gives every connection edges and the full Relay pageInfo, and takes first/after', () => {
      const connections = ownTypes(schema).filter((type) => type.name.endsWith('Connection'));
      assert.ok(connections.length > 0, 'there is at least one connection (articles)');
      for (const type of connections) {
        assert.ok(isObjectType(type), type.name);
        const fields = type.getFields();
        assert.ok(fields.edges, `${type.name}.edges`);
        assert.ok(fields.pageInfo, `${type.name}.pageInfo`);
        assert.equal(String(fields.pageInfo.type), 'PageInfo!', `${type.name}.pageInfo`);
        assert.ok(isNonNullType(fields.edges.type) && isListType(fields.edges.type.ofType), `${type.name}.edges is a list`);
        const edge = getNamedType(fields.edges.type);
        assert.ok(isObjectType(edge), `${type.name}.edges`);
        assert.equal(String(edge.getFields().cursor?.type), 'String!', `${edge.name}.cursor`);
        assert.ok(edge.getFields().node, `${edge.name}.node`);
      }
      const pageInfo = schema.getType('PageInfo');
      assert.ok(pageInfo && isObjectType(pageInfo));
      const fields = pageInfo.getFields();
      assert.equal(String(fields.hasNextPage?.type), 'Boolean!');
      assert.equal(String(fields.hasPreviousPage?.type), 'Boolean!');
      assert.equal(String(fields.startCursor?.type), 'String');
      assert.equal(String(fields.endCursor?.type), 'String');

      // Every field that returns a connection pages with first/after.
      for (const type of ownTypes(schema)) {
        if (!isObjectType(type) && !isInterfaceType(type)) continue;
        for (const field of Object.values(type.getFields())) {
          if (!getNamedType(field.type).name.endsWith('Connection')) continue;
          const args = field.args.map((arg) => arg.name);
          assert.ok(args.includes('first') && args.includes('after'), `${type.name}.${field.name}(${args.join(', ')})`);
        }
      }
    });

    it('has no JSON scalar anywhere', () => {
      const json = (name: string) => /^JSON/i.test(name);
      assert.deepEqual(Object.keys(schema.getTypeMap()).filter(json), [], 'a JSON scalar is defined');
      const uses: string[] = [];
      for (const type of ownTypes(schema)) {
        for (const field of fieldsOf(type)) {
          if (json(getNamedType(field.type).name)) uses.push(`${type.name}.${field.name}`);
          for (const arg of 'args' in field ? field.args : [])
            if (json(getNamedType(arg.type).name)) uses.push(`${type.name}.${field.name}(${arg.name})`);
        }
      }
      assert.deepEqual(uses, []);
    });
  });

  describe('limits', () => {
    it('lets the standard introspection query through', async () => {
      const res = await t.gql(
        getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, inputValueDeprecation: true }),
      );
      assert.equal(res.status, 200);
      assert.deepEqual(errorsOf(res), []);
      assert.equal(res.body.data.__schema.queryType.name, 'Query');
      const plain = await t.gql(getIntrospectionQuery());
      assert.deepEqual(errorsOf(plain), []);
    });

    it('refuses a 50-level deep query with QUERY_TOO_DEEP before it runs', async () => {
      let selection = 'id';
      for (let i = 0; i < 50; i++) selection = `children { ${selection} }`;
      await assertRefused(`{ sections { ${selection} } }`, 'QUERY_TOO_DEEP');
    });

    it('refuses a deep query through article → section → articles with QUERY_TOO_DEEP', async () => {
      let selection = 'id';
      for (let i = 0; i < 10; i++) selection = `section { articles(first: 1) { edges { node { ${selection} } } } }`;
      await assertRefused(`{ article(slug: "${DEMO_SLUG}") { ${selection} } }`, 'QUERY_TOO_DEEP');
    });

    it('refuses 1,000 aliases with TOO_MANY_ALIASES before it runs', async () => {
      const aliases = Array.from({ length: 1000 }, (_, i) => `a${i}: sections { id }`).join(' ');
      await assertRefused(`{ ${aliases} }`, 'TOO_MANY_ALIASES');
    });

    it('refuses a costly query (within the depth and alias limits) with QUERY_TOO_COSTLY before it runs', async () => {
      const page =
        'articles(first: 100) { edges { cursor node { id headline lead slug tags { id name } authors { id name } section { id name } } } }';
      // One such page costs about 1,600: it runs.
      const one = await t.gql(`{ ${page} }`);
      assert.deepEqual(errorsOf(one), []);
      assert.ok(one.body.data.articles.edges.length > 0);
      // Four of them (4 aliases, depth 5) cost more than 5,000.
      await assertRefused(`{ ${[0, 1, 2, 3].map((i) => `p${i}: ${page}`).join(' ')} }`, 'QUERY_TOO_COSTLY');
    });

    it('counts a page size given as a variable at the largest page', async () => {
      const page = 'articles(first: $n) { edges { cursor node { id headline lead slug tags { id name } authors { id name } section { id name } } } }';
      const query = `query($n: Int) { ${[0, 1, 2, 3].map((i) => `p${i}: ${page}`).join(' ')} }`;
      await t.idle();
      const before = t.queryCount();
      const res = await t.request('POST', '/graphql', { body: { query, variables: { n: 1 } } });
      const errors = errorsOf(res);
      assert.equal(errors.length, 1, res.text.slice(0, 300));
      assert.equal(errors[0].extensions?.code, 'QUERY_TOO_COSTLY', errors[0].message);
      assert.equal(t.queryCount() - before, 0);
    });

    it('counts a page size left to its default (20) at that default, not as one item', async () => {
      // 20 articles × 20 articles of their section × 13 fields ≈ 5,300: over the limit, at depth 8 with no alias.
      const query =
        '{ articles { edges { node { section { articles { edges { cursor node { id slug headline lead dateline status locale isBreaking urgency wordCount } } } } } } } }';
      await assertRefused(query, 'QUERY_TOO_COSTLY');
    });

    it('does not take seconds to judge a small document that reuses fragments over and over', async () => {
      // F0 spreads F1 twice, F1 spreads F2 twice, …: 2^21 paths through a 1.5 KB document.
      const levels = 21;
      const fragments = Array.from({ length: levels }, (_, i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`).join(' ');
      const query = `{ ...F0 } ${fragments} fragment F${levels} on Query { __typename }`;
      const started = performance.now();
      const res = await t.gql(query);
      const ms = performance.now() - started;
      assert.ok(res.status < 500, res.text.slice(0, 300));
      assert.ok(ms < 1500, `the server spent ${Math.round(ms)} ms on one 1.5 KB query (its event loop blocked meanwhile)`);
    });
  });

  describe('errors', () => {
    it('never carry a stack trace', async () => {
      const token = await t.token('reader');
      const answers: [string, HttpResponse][] = [
        ['syntax', await t.gql('{ sections { id ')],
        ['unknown field', await t.gql('{ nope }')],
        [
          'bad variable',
          await t.request('POST', '/graphql', {
            body: { query: 'query($n: Int) { articles(first: $n) { edges { cursor } } }', variables: { n: 'many' } },
          }),
        ],
        ['too deep', await t.gql(`{ sections { ${'children { '.repeat(20)}id${' }'.repeat(20)} } }`)],
        ['not found', await t.gql('{ article(slug: "no-such-article") { id } }')],
        ['page too large', await t.gql('{ articles(first: 1000) { edges { cursor } } }')],
        ['bad cursor', await t.gql('{ articles(after: "garbage") { edges { cursor } } }')],
        ['anonymous write', await t.gql('mutation { createTag(input: { name: "x", kind: topic }) { id } }')],
        ['forbidden write', await t.gql('mutation { createTag(input: { name: "x", kind: topic }) { id } }', undefined, token)],
        ['bad token', await t.gql('{ sections { id } }', undefined, 'forged.token.value')],
        ['bad input', await t.gql('mutation { login(input: { email: "not-an-email", password: "" }) { accessToken } }')],
      ];
      for (const [what, res] of answers) {
        const errors = errorsOf(res);
        assert.ok(errors.length > 0, `${what}: expected an error, got ${res.text.slice(0, 200)}`);
        for (const error of errors) {
          assert.equal(typeof error.extensions?.code, 'string', `${what}: ${JSON.stringify(error)}`);
          assert.equal(error.extensions?.stacktrace, undefined, `${what}: stacktrace in extensions`);
          assert.equal(error.extensions?.exception, undefined, `${what}: exception in extensions`);
          assert.doesNotMatch(JSON.stringify(error), /\n\s+at |\.js:\d+:\d+/, `${what}: a stack frame leaks`);
        }
      }
    });
  });
});
