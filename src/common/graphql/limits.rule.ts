import {
  GraphQLError,
  Kind,
  getNamedType,
  isInterfaceType,
  isObjectType,
  valueFromASTUntyped,
  type ASTVisitor,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';

export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxCost: number;
}

/** What a selection set asks for: how deep it nests, how many aliases it uses, what it costs. */
interface Measure {
  depth: number;
  aliases: number;
  cost: number;
}

const ZERO: Measure = { depth: 0, aliases: 0, cost: 0 };
const PAGE_ARGS = ['first', 'last', 'limit'];
// Validation runs once per document, before variables are known: a page size given as a
// variable is counted at the largest page a list allows.
const VARIABLE_PAGE = 100;

/** How many items a field may return: its page-size argument, the argument's default, or 1. */
function pageSize(field: FieldNode, definition: GraphQLField<unknown, unknown> | undefined): number {
  for (const name of PAGE_ARGS) {
    const given = field.arguments?.find((arg) => arg.name.value === name);
    if (given) {
      if (given.value.kind === Kind.VARIABLE) return VARIABLE_PAGE;
      const value = valueFromASTUntyped(given.value);
      return typeof value === 'number' ? Math.max(1, value) : 1;
    }
    const defaultValue = definition?.args.find((arg) => arg.name === name)?.defaultValue;
    if (typeof defaultValue === 'number') return Math.max(1, defaultValue);
  }
  return 1;
}

function fieldsOf(type: GraphQLNamedType | undefined) {
  return type && (isObjectType(type) || isInterfaceType(type)) ? type.getFields() : undefined;
}

/**
 * Refuses a document before it runs when it nests deeper than maxDepth, uses more
 * than maxAliases aliases, or would cost more than maxCost (one per field, times the
 * page size of each list above it). Introspection fields (`__schema`, `__type`) are
 * not counted, so IDEs and code generators keep working. Each fragment is measured
 * once and reused, so a document that spreads fragments over and over is judged in
 * time proportional to its size.
 */
export function queryLimitsRule(limits: QueryLimits) {
  return (context: ValidationContext): ASTVisitor => {
    const schema = context.getSchema();
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of context.getDocument().definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    }
    const fragmentMeasures = new Map<string, Measure>();
    const inProgress = new Set<string>();

    const measureFragment = (name: string): Measure => {
      const known = fragmentMeasures.get(name);
      if (known) return known;
      const fragment = fragments.get(name);
      // A missing fragment or a cycle is reported by graphql's own rules.
      if (!fragment || inProgress.has(name)) return ZERO;
      inProgress.add(name);
      const measure = measureSet(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value) ?? undefined);
      inProgress.delete(name);
      fragmentMeasures.set(name, measure);
      return measure;
    };

    const measureSet = (set: SelectionSetNode, parentType: GraphQLNamedType | undefined): Measure => {
      const total: Measure = { depth: 0, aliases: 0, cost: 0 };
      const add = (m: Measure) => {
        total.depth = Math.max(total.depth, m.depth);
        total.aliases += m.aliases;
        total.cost += m.cost;
      };
      for (const selection of set.selections) {
        if (selection.kind === Kind.FIELD) {
          if (selection.name.value.startsWith('__')) continue;
          const definition = fieldsOf(parentType)?.[selection.name.value];
          const child = selection.selectionSet ? measureSet(selection.selectionSet, definition ? getNamedType(definition.type) : undefined) : ZERO;
          add({
            depth: 1 + child.depth,
            aliases: (selection.alias ? 1 : 0) + child.aliases,
            cost: 1 + pageSize(selection, definition) * child.cost,
          });
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          const type = selection.typeCondition ? (schema.getType(selection.typeCondition.name.value) ?? undefined) : parentType;
          add(measureSet(selection.selectionSet, type));
        } else {
          add(measureFragment(selection.name.value));
        }
      }
      return total;
    };

    return {
      OperationDefinition(operation) {
        const root =
          operation.operation === 'query'
            ? schema.getQueryType()
            : operation.operation === 'mutation'
              ? schema.getMutationType()
              : schema.getSubscriptionType();
        const measure = measureSet(operation.selectionSet, root ?? undefined);
        const report = (code: string, message: string) =>
          context.reportError(new GraphQLError(message, { nodes: [operation], extensions: { code } }));
        if (measure.depth > limits.maxDepth) report('QUERY_TOO_DEEP', `The query nests deeper than ${limits.maxDepth} levels.`);
        else if (measure.aliases > limits.maxAliases) report('TOO_MANY_ALIASES', `The query uses more than ${limits.maxAliases} aliases.`);
        else if (measure.cost > limits.maxCost)
          report('QUERY_TOO_COSTLY', `The query would cost more than ${limits.maxCost} (fields times page sizes).`);
      },
    };
  };
}
