import type { GraphQLSchema } from 'graphql';

/** Code-first schemas leave the root types undescribed; IDEs show these texts. */
export function describeRootTypes(schema: GraphQLSchema): GraphQLSchema {
  const query = schema.getQueryType();
  const mutation = schema.getMutationType();
  if (query) query.description = 'Reads. Public content needs no credential; a bad credential is refused (UNAUTHENTICATED), never read as anonymous.';
  if (mutation)
    mutation.description = 'Writes. Each needs `Authorization: Bearer <JWT or API key>` with the role its description names (login excepted).';
  const subscription = schema.getSubscriptionType();
  if (subscription)
    subscription.description =
      'Live events over graphql-ws on the same URL (ws://…/graphql). Only what a reader may see is sent; a credential goes in connectionParams.authorization.';
  return schema;
}
