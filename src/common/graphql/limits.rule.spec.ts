import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildSchema, getIntrospectionQuery, Kind, parse, specifiedRules, validate, type DocumentNode } from 'graphql';
import { queryLimitsRule, type QueryLimits } from './limits.rule.js';

const schema = buildSchema(`
  type Query {
    sections: [Section!]!
    section(slug: String!): Section
    articles(first: Int, last: Int, after: String): ArticleConnection!
    search(query: String!, limit: Int): [Article!]!
    latest(first: Int = 20, after: String): ArticleConnection!
  }
  type Section { id: ID! name: String! children: [Section!]! articles(first: Int): ArticleConnection! }
  type ArticleConnection { edges: [ArticleEdge!]! pageInfo: PageInfo! }
  type PageInfo { hasNextPage: Boolean! endCursor: String }
  type ArticleEdge { cursor: String! node: Article! }
  type Article { id: ID! headline: String! section: Section! tags: [Tag!]! }
  type Tag { id: ID! name: String! }
`);

const LIMITS: QueryLimits = { maxDepth: 3, maxAliases: 3, maxCost: 100 };
/** Depth and aliases out of the way, to look at cost alone. */
const COST: QueryLimits = { maxDepth: 12, maxAliases: 3, maxCost: 100 };

/** The codes of every error graphql's own rules and the limits rule report for a query. */
function codes(query: string | DocumentNode, limits: QueryLimits = LIMITS): string[] {
  const document = typeof query === 'string' ? parse(query) : query;
  return validate(schema, document, [...specifiedRules, queryLimitsRule(limits)]).map((error) =>
    typeof error.extensions.code === 'string' ? error.extensions.code : `graphql: ${error.message}`,
  );
}

describe('GraphQL query limits rule', () => {
  describe('depth', () => {
    it('lets a query through at the limit and refuses one level more', () => {
      assert.deepEqual(codes('{ sections { id } }'), []);
      assert.deepEqual(codes('{ sections { children { id } } }'), []);
      assert.deepEqual(codes('{ sections { children { children { id } } } }'), ['QUERY_TOO_DEEP']);
    });

    it('counts depth through named and inline fragments', () => {
      assert.deepEqual(codes('{ sections { ...Deep } } fragment Deep on Section { children { children { id } } }'), ['QUERY_TOO_DEEP']);
      assert.deepEqual(codes('{ sections { ... on Section { children { children { id } } } } }'), ['QUERY_TOO_DEEP']);
      assert.deepEqual(codes('{ sections { ...Flat } } fragment Flat on Section { children { id } }'), []);
    });

    it('says how deep it may go in the message', () => {
      const [error] = validate(schema, parse('{ sections { children { children { id } } } }'), [queryLimitsRule(LIMITS)]);
      assert.match(error.message, /deeper than 3/);
      assert.equal(error.nodes?.[0]?.kind, Kind.OPERATION_DEFINITION);
    });
  });

  describe('aliases', () => {
    it('lets a query through at the limit and refuses one alias more', () => {
      assert.deepEqual(codes('{ a: sections { id } b: sections { id } c: sections { id } }'), []);
      assert.deepEqual(codes('{ a: sections { id } b: sections { id } c: sections { id } d: sections { id } }'), ['TOO_MANY_ALIASES']);
    });

    it('counts aliases at every level and inside fragments', () => {
      assert.deepEqual(codes('{ a: sections { b: id c: name d: id } }'), ['TOO_MANY_ALIASES']);
      assert.deepEqual(codes('{ sections { ...Named } } fragment Named on Section { a: id b: name c: id d: name }'), ['TOO_MANY_ALIASES']);
      // The same fragment spread twice counts its aliases twice.
      assert.deepEqual(codes('{ sections { ...Two } s: sections { ...Two } } fragment Two on Section { a: id b: name }'), ['TOO_MANY_ALIASES']);
    });
  });

  describe('cost', () => {
    it('is one per field times the page sizes above it', () => {
      // articles 1 + (edges, node, id) × 33 = 100: at the limit.
      assert.deepEqual(codes('{ articles(first: 33) { edges { node { id } } } }', COST), []);
      assert.deepEqual(codes('{ articles(first: 34) { edges { node { id } } } }', COST), ['QUERY_TOO_COSTLY']);
    });

    it('reads first, last and limit as page sizes', () => {
      assert.deepEqual(codes('{ articles(last: 34) { edges { node { id } } } }', COST), ['QUERY_TOO_COSTLY']);
      assert.deepEqual(codes('{ search(query: "x", limit: 49) { id headline } }', COST), []);
      assert.deepEqual(codes('{ search(query: "x", limit: 50) { id headline } }', COST), ['QUERY_TOO_COSTLY']);
    });

    it('multiplies nested pages', () => {
      const nested = (outer: number) =>
        `{ articles(first: ${outer}) { edges { node { section { articles(first: 5) { edges { node { id } } } } } } } }`;
      // 1 + 5 × 4 + 25 × 3 = 96; with 6 outside: 1 + 6 × 4 + 30 × 3 = 115.
      assert.deepEqual(codes(nested(5), COST), []);
      assert.deepEqual(codes(nested(6), COST), ['QUERY_TOO_COSTLY']);
    });

    it('counts a page size given as a variable at the largest page (100)', () => {
      const query = 'query($n: Int) { articles(first: $n) { edges { node { id } } } }';
      assert.deepEqual(codes(query, { ...COST, maxCost: 301 }), []);
      assert.deepEqual(codes(query, { ...COST, maxCost: 300 }), ['QUERY_TOO_COSTLY']);
    });

    it('counts a page size left out at the argument’s default, not as one item', () => {
      // latest(first: Int = 20) returns 20 items when first is left out: 1 + 20 × 3 = 61.
      assert.deepEqual(codes('{ latest(first: 20) { edges { node { id } } } }', { ...COST, maxCost: 60 }), ['QUERY_TOO_COSTLY']);
      assert.deepEqual(codes('{ latest { edges { node { id } } } }', { ...COST, maxCost: 60 }), ['QUERY_TOO_COSTLY']);
      assert.deepEqual(codes('{ latest { edges { node { id } } } }', { ...COST, maxCost: 61 }), []);
    });

    it('counts the fields of fragments, once per spread', () => {
      const page = 'fragment Page on ArticleConnection { edges { node { id headline } } }';
      // Each spread under articles(first: 10) costs 1 + 10 × 4 = 41.
      assert.deepEqual(codes(`{ a: articles(first: 10) { ...Page } b: articles(first: 10) { ...Page } } ${page}`, COST), []);
      assert.deepEqual(
        codes(`{ a: articles(first: 10) { ...Page } b: articles(first: 10) { ...Page } c: articles(first: 10) { ...Page } } ${page}`, COST),
        ['QUERY_TOO_COSTLY'],
      );
      assert.deepEqual(codes(`{ articles(first: 30) { ...Page } } ${page}`, COST), ['QUERY_TOO_COSTLY']);
      assert.deepEqual(codes('{ articles(first: 30) { ... on ArticleConnection { edges { node { id headline } } } } }', COST), ['QUERY_TOO_COSTLY']);
    });
  });

  describe('introspection', () => {
    it('is not counted, so IDEs and code generators keep working under tight limits', () => {
      assert.deepEqual(codes(getIntrospectionQuery(), { maxDepth: 2, maxAliases: 0, maxCost: 10 }), []);
      assert.deepEqual(
        codes(getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, inputValueDeprecation: true })),
        [],
      );
      assert.deepEqual(codes('{ __typename sections { __typename id } }', { maxDepth: 2, maxAliases: 0, maxCost: 2 }), []);
    });

    it('does not shelter the rest of the query', () => {
      assert.deepEqual(codes('{ __schema { types { name } } sections { children { children { id } } } }'), ['QUERY_TOO_DEEP']);
    });
  });

  it('reports one error per operation, and only for the operation that is over', () => {
    assert.deepEqual(codes('{ a: sections { children { children { id } } } b: sections { id } c: sections { id } d: sections { id } }'), [
      'QUERY_TOO_DEEP',
    ]);
    assert.deepEqual(codes('query Fine { sections { id } } query Deep { sections { children { children { id } } } }'), ['QUERY_TOO_DEEP']);
  });

  it('stops on a fragment cycle (graphql reports the cycle itself)', () => {
    const result = codes('{ sections { ...A } } fragment A on Section { children { ...B } } fragment B on Section { children { ...A } }', {
      maxDepth: 100,
      maxAliases: 100,
      maxCost: 1_000_000,
    });
    assert.ok(result.length > 0);
    assert.ok(
      result.every((code) => code.startsWith('graphql:')),
      result.join('; '),
    );
  });

  it('does not walk a fragment reused many times over (exponential work)', () => {
    // F0 spreads F1 twice, F1 spreads F2 twice, … : 2^18 paths through a 1 KB document whose
    // fields (__typename) cost nothing. Walking every path blocks the server for seconds (2^30: hours).
    const levels = 18;
    const fragments = Array.from({ length: levels }, (_, i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`);
    const document = parse(`{ ...F0 } ${fragments.join(' ')} fragment F${levels} on Query { __typename }`);
    let reads = 0;
    for (const definition of document.definitions) {
      if (definition.kind !== Kind.FRAGMENT_DEFINITION) continue;
      const selectionSet = definition.selectionSet;
      Object.defineProperty(definition, 'selectionSet', {
        get: () => {
          reads += 1;
          return selectionSet;
        },
      });
    }
    validate(schema, document, [queryLimitsRule({ maxDepth: 12, maxAliases: 30, maxCost: 5000 })]);
    assert.ok(reads < 10_000, `the rule read fragment selection sets ${reads} times for a ${levels}-fragment document`);
  });
});
