import {
  GraphQLError,
  getArgumentValues,
  getNamedType,
  getNullableType,
  isListType,
  isObjectType,
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/**
 * Calculated query cost, as the GraphQL Admin API rate-limit guide describes it
 * (https://shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits):
 *
 * - a scalar or enum field costs 0, an object field 1;
 * - a connection costs 2, plus, for every object it may return, that object's cost — sized by
 *   `first`/`last` before running (requested cost) and by what came back after (actual cost);
 * - a mutation costs 10;
 * - a single query may not request more than 1000 points.
 *
 * A connection without `first` or `last`, or with more than 250, is refused before it runs.
 */
export const SINGLE_QUERY_MAX_COST = 1000;
export const MAX_PAGE_SIZE = 250;
const MUTATION_COST = 10;
/** A plain list field without `first` (say `trackingInfo`): what it is assumed to hold when asked. */
const DEFAULT_LIST_SIZE = 10;

interface Walk {
  variables: Record<string, unknown>;
  fragments: Map<string, FragmentDefinitionNode>;
  errors: GraphQLError[];
  path: string[];
}

function collectFields(selectionSet: SelectionSetNode, walk: Walk, out: FieldNode[] = []): FieldNode[] {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) out.push(selection);
    else if (selection.kind === Kind.INLINE_FRAGMENT) collectFields(selection.selectionSet, walk, out);
    else {
      const fragment = walk.fragments.get(selection.name.value);
      if (fragment) collectFields(fragment.selectionSet, walk, out);
    }
  }
  return out;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The cost of a selection on an object. With `data` undefined it is the requested cost (worst
 * case from the arguments); with the result's data, the actual cost.
 */
function selectionCost(type: GraphQLObjectType, selectionSet: SelectionSetNode | undefined, walk: Walk, data: unknown): number {
  if (!selectionSet) return 0;
  const requested = data === undefined;
  let total = 0;
  for (const node of collectFields(selectionSet, walk)) {
    const name = node.name.value;
    if (name.startsWith('__')) continue;
    const def = type.getFields()[name];
    if (!def) continue;
    const named = getNamedType(def.type);
    if (!isObjectType(named)) continue;
    const key = node.alias?.value ?? name;
    const value = requested ? undefined : isRecord(data) ? data[key] : null;
    if (!requested && (value === null || value === undefined)) continue;
    let args: Record<string, unknown> = {};
    try {
      args = getArgumentValues(def, node, walk.variables);
    } catch {
      // execution reports bad arguments itself
    }
    if (named.name.endsWith('Connection')) {
      if (requested) {
        const first = args.first as number | null | undefined;
        const last = args.last as number | null | undefined;
        if (first == null && last == null) {
          walk.errors.push(new GraphQLError('you must provide one of first or last', { nodes: node, path: [...walk.path, key] }));
        }
        for (const [arg, n] of [['first', first], ['last', last]] as const) {
          if (n != null && (n < 0 || n > MAX_PAGE_SIZE)) {
            walk.errors.push(
              new GraphQLError(`${arg} argument must be between 0 and ${MAX_PAGE_SIZE}. To query larger amounts of data with fewer limits, bulk operations should be used instead.`, {
                nodes: node,
                path: [...walk.path, key],
              }),
            );
          }
        }
      }
      total += 2 + connectionItemsCost(named, node, walk, value, Math.min(MAX_PAGE_SIZE, Math.max(0, Number(args.first ?? args.last ?? 0))));
    } else if (isListType(getNullableType(def.type))) {
      if (requested) {
        const n = Number(args.first ?? DEFAULT_LIST_SIZE);
        total += n * (1 + selectionCost(named, node.selectionSet, walk, undefined));
      } else if (Array.isArray(value)) {
        for (const item of value) if (item !== null) total += 1 + selectionCost(named, node.selectionSet, walk, item);
      }
    } else {
      total += 1 + selectionCost(named, node.selectionSet, walk, value);
    }
  }
  return total;
}

/** The objects of a connection, reached through `edges { node }` or `nodes`. */
function connectionItemsCost(connection: GraphQLObjectType, node: FieldNode, walk: Walk, value: unknown, requestedSize: number): number {
  if (!node.selectionSet) return 0;
  let best = 0;
  for (const sub of collectFields(node.selectionSet, walk)) {
    const key = sub.alias?.value ?? sub.name.value;
    let itemType: GraphQLObjectType | null = null;
    let itemSelection: SelectionSetNode | undefined;
    let items: unknown[] | null = null;
    if (sub.name.value === 'nodes') {
      const t = getNamedType(connection.getFields().nodes!.type);
      if (!isObjectType(t)) continue;
      itemType = t;
      itemSelection = sub.selectionSet;
      if (value !== undefined) items = isRecord(value) && Array.isArray(value[key]) ? (value[key] as unknown[]) : [];
    } else if (sub.name.value === 'edges' && sub.selectionSet) {
      const edgeType = getNamedType(connection.getFields().edges!.type);
      if (!isObjectType(edgeType)) continue;
      const nodeField = collectFields(sub.selectionSet, walk).find((f) => f.name.value === 'node');
      const t = getNamedType(edgeType.getFields().node!.type);
      if (!isObjectType(t)) continue;
      itemType = t;
      itemSelection = nodeField?.selectionSet;
      if (value !== undefined) {
        const edges = isRecord(value) && Array.isArray(value[key]) ? (value[key] as unknown[]) : [];
        const nodeKey = nodeField?.alias?.value ?? 'node';
        items = edges.map((e) => (isRecord(e) ? e[nodeKey] : null));
      }
    } else continue;
    let cost = 0;
    if (items === null) cost = requestedSize * (1 + selectionCost(itemType, itemSelection, walk, undefined));
    else for (const item of items) if (item !== null && item !== undefined) cost += 1 + selectionCost(itemType, itemSelection, walk, item);
    best = Math.max(best, cost);
  }
  return best;
}

export interface CostInput {
  operation: OperationDefinitionNode;
  rootType: GraphQLObjectType;
  fragments: FragmentDefinitionNode[];
  variables: Record<string, unknown>;
}

export function requestedCost(input: CostInput): { cost: number; errors: GraphQLError[] } {
  const walk: Walk = { variables: input.variables, fragments: new Map(input.fragments.map((f) => [f.name.value, f])), errors: [], path: [] };
  if (input.operation.operation === 'mutation') {
    const fields = collectFields(input.operation.selectionSet, walk).filter((f) => !f.name.value.startsWith('__'));
    return { cost: fields.length * MUTATION_COST, errors: [] };
  }
  const cost = selectionCost(input.rootType, input.operation.selectionSet, walk, undefined);
  return { cost, errors: walk.errors };
}

export function actualCost(input: CostInput, data: unknown): number {
  const walk: Walk = { variables: input.variables, fragments: new Map(input.fragments.map((f) => [f.name.value, f])), errors: [], path: [] };
  if (input.operation.operation === 'mutation') {
    const fields = collectFields(input.operation.selectionSet, walk).filter((f) => !f.name.value.startsWith('__'));
    return fields.length * MUTATION_COST;
  }
  return selectionCost(input.rootType, input.operation.selectionSet, walk, data ?? null);
}

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

/**
 * The leaky bucket of one app on one shop: `maximumAvailable` points, refilled continuously at
 * `restoreRate` points per second. A query needs its requested cost up front; the difference to
 * its actual cost is given back after it ran.
 */
export class LeakyBucket {
  private available: number;
  private at: number;

  constructor(
    public maximumAvailable: number,
    public restoreRate: number,
    private readonly clock: () => number,
  ) {
    this.available = maximumAvailable;
    this.at = clock();
  }

  private refill() {
    const now = this.clock();
    this.available = Math.min(this.maximumAvailable, this.available + ((now - this.at) / 1000) * this.restoreRate);
    this.at = now;
  }

  status(): ThrottleStatus {
    this.refill();
    return { maximumAvailable: this.maximumAvailable, currentlyAvailable: Math.floor(this.available), restoreRate: this.restoreRate };
  }

  take(cost: number): boolean {
    this.refill();
    if (this.available < cost) return false;
    this.available -= cost;
    return true;
  }

  refund(points: number) {
    this.refill();
    this.available = Math.min(this.maximumAvailable, this.available + points);
  }

  /** Test helper: set what is left in the bucket now. */
  set(available: number) {
    this.refill();
    this.available = Math.max(0, Math.min(this.maximumAvailable, available));
  }
}
