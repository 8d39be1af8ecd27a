import {
  GraphQLError,
  Kind,
  type ASTVisitor,
  type FieldNode,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValueNode,
} from 'graphql';

export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxCost: number;
}

interface Tally {
  depth: number;
  aliases: number;
  cost: number;
}

const PAGE_ARGS = ['first', 'last', 'limit'];
// Validation runs once per document, before variables are known: a page size given as a
// variable is counted at the largest page a list allows.
const VARIABLE_PAGE = 100;

/** How many items a field may return: its page-size argument, or 1. */
function pageSize(field: FieldNode): number {
  for (const arg of field.arguments ?? []) {
    if (!PAGE_ARGS.includes(arg.name.value)) continue;
    const value: ValueNode = arg.value;
    if (value.kind === Kind.INT) return Math.max(1, Number(value.value));
    if (value.kind === Kind.VARIABLE) return VARIABLE_PAGE;
  }
  return 1;
}

/**
 * Refuses a document before it runs when it nests deeper than maxDepth, uses more
 * than maxAliases aliases, or would cost more than maxCost (one per field, times the
 * page size of each list above it). Introspection fields (`__schema`, `__type`) are
 * not counted, so IDEs and code generators keep working.
 */
export function queryLimitsRule(limits: QueryLimits) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of context.getDocument().definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    }

    const walk = (set: SelectionSetNode, depth: number, multiplier: number, tally: Tally, seen: Set<string>): void => {
      for (const selection of set.selections) {
        if (tally.depth > limits.maxDepth || tally.aliases > limits.maxAliases || tally.cost > limits.maxCost) return;
        if (selection.kind === Kind.FIELD) {
          if (selection.name.value.startsWith('__')) continue;
          if (selection.alias) tally.aliases += 1;
          tally.cost += multiplier;
          tally.depth = Math.max(tally.depth, depth);
          if (selection.selectionSet) walk(selection.selectionSet, depth + 1, multiplier * pageSize(selection), tally, seen);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          walk(selection.selectionSet, depth, multiplier, tally, seen);
        } else {
          const name = selection.name.value;
          const fragment = fragments.get(name);
          // A fragment spread inside itself is reported by graphql's own NoFragmentCycles rule.
          if (!fragment || seen.has(name)) continue;
          walk(fragment.selectionSet, depth, multiplier, tally, new Set([...seen, name]));
        }
      }
    };

    return {
      OperationDefinition(operation) {
        const tally: Tally = { depth: 0, aliases: 0, cost: 0 };
        walk(operation.selectionSet, 1, 1, tally, new Set());
        const report = (code: string, message: string) =>
          context.reportError(new GraphQLError(message, { nodes: [operation], extensions: { code } }));
        if (tally.depth > limits.maxDepth) report('QUERY_TOO_DEEP', `The query nests deeper than ${limits.maxDepth} levels.`);
        else if (tally.aliases > limits.maxAliases) report('TOO_MANY_ALIASES', `The query uses more than ${limits.maxAliases} aliases.`);
        else if (tally.cost > limits.maxCost)
          report('QUERY_TOO_COSTLY', `The query would cost more than ${limits.maxCost} (fields times page sizes).`);
      },
    };
  };
}
