import { madeUp } from '../../model/cfn/ref-values.js';
import type { GenerateContext } from './context.js';
import { urlSuffixOf } from '../../partition.js';

export interface AppSyncFieldOptions {
  /** The type the resolver is attached to: `Query`, `Mutation`, `Subscription` or an object type. */
  readonly typeName?: string;
  readonly fieldName?: string;
  /** The field's GraphQL arguments. */
  readonly arguments?: Readonly<Record<string, unknown>>;
}

/**
 * What AppSync sends a direct Lambda resolver (a Lambda data source's resolver without a request mapping
 * template or code): the resolver's whole context object (AppSync developer guide, "Direct Lambda resolvers";
 * samples: powertools appSyncDirectResolver.json and the event_handler_graphql examples). The caller is an
 * API key's, whose `identity` is null; no selection set is known locally, so it is empty.
 */
export function appSyncResolverEvent(ctx: GenerateContext, options: AppSyncFieldOptions = {}) {
  const typeName = options.typeName ?? 'Query';
  const fieldName = options.fieldName ?? 'getItem';
  const args = options.arguments ?? {};
  const query = `${typeName === 'Mutation' ? 'mutation' : typeName === 'Subscription' ? 'subscription' : 'query'} { ${fieldName} }`;
  return {
    arguments: args,
    identity: null,
    source: null,
    request: {
      headers: {
        'x-forwarded-for': '127.0.0.1',
        'accept-encoding': 'gzip, deflate, br',
        'content-type': 'application/json',
        'x-amzn-trace-id': `Root=1-${Math.floor(ctx.nowMs / 1000).toString(16)}-${ctx.newId().replace(/-/g, '').slice(0, 24)}`,
        'content-length': String(JSON.stringify({ query, variables: {} }).length),
        'x-forwarded-proto': 'https',
        host: `${appSyncApiId(ctx)}.appsync-api.${ctx.region}.${urlSuffixOf(ctx.region)}`,
        accept: '*/*',
        'x-forwarded-port': '443',
      },
    },
    prev: null,
    info: { selectionSetList: [], selectionSetGraphQL: '', parentTypeName: typeName, fieldName, variables: {} },
    stash: {},
  };
}

/** A made-up GraphQL API id of AppSync's shape (26 lower-case letters and digits), the same for an account and region. */
function appSyncApiId(ctx: GenerateContext): string {
  return madeUp(`${ctx.accountId}/${ctx.region}`, 26, 'abcdefghijklmnopqrstuvwxyz0123456789');
}
