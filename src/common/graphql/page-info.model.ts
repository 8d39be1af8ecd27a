import { Field, ObjectType } from '@nestjs/graphql';

@ObjectType('PageInfo', { description: 'Relay page information.' })
export class PageInfoModel {
  @Field(() => Boolean, { description: 'Whether more items follow `endCursor`.' })
  hasNextPage!: boolean;

  @Field(() => Boolean, { description: 'Whether items come before `startCursor` (always false: lists are read forwards).' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the first item in this page.' })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the last item; pass it as `after` for the next page.' })
  endCursor!: string | null;
}
