import { Args, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentActor, RequireRole } from '../../auth/auth.decorators.js';
import type { Actor } from '../../auth/roles.js';
import { toArticleBase, type ArticleBase } from '../article.mapper.js';
import { idArg, versionArg } from '../articles.resolver.js';
import { ArticleModel } from '../dto/article.model.js';
import { FieldChangeModel, RevisionModel, toGraphqlChange, toRevisionModel } from './revision.model.js';
import { RevisionsService } from './revisions.service.js';

const revisionArg = (name: string, description: string) => Args(name, { type: () => Int, description });

@Resolver(() => RevisionModel)
export class RevisionsResolver {
  constructor(private readonly revisions: RevisionsService) {}

  @Query(() => [RevisionModel], { description: 'Every saved version of an article, newest first (authors and up).' })
  @RequireRole('author')
  async articleRevisions(@CurrentActor() actor: Actor, @idArg() id: string): Promise<RevisionModel[]> {
    return (await this.revisions.list(actor, id)).map(toRevisionModel);
  }

  @Query(() => RevisionModel, { description: 'One saved version in full (authors and up).' })
  @RequireRole('author')
  async articleRevision(
    @CurrentActor() actor: Actor,
    @idArg() id: string,
    @revisionArg('version', 'The version.') version: number,
  ): Promise<RevisionModel> {
    return toRevisionModel(await this.revisions.get(actor, id, version));
  }

  @Query(() => [FieldChangeModel], { description: 'Field-level difference between two versions; values JSON-encoded (authors and up).' })
  @RequireRole('author')
  async compareArticleRevisions(
    @CurrentActor() actor: Actor,
    @idArg() id: string,
    @revisionArg('from', 'The older version.') from: number,
    @revisionArg('to', 'The newer version.') to: number,
  ): Promise<FieldChangeModel[]> {
    return (await this.revisions.compare(actor, id, from, to)).map(toGraphqlChange);
  }

  @Mutation(() => ArticleModel, { description: 'Bring back the content of a version as a new version; history is kept (editors).' })
  @RequireRole('editor')
  async restoreArticleRevision(
    @CurrentActor() actor: Actor,
    @idArg() id: string,
    @revisionArg('version', 'The version to bring back.') version: number,
    @versionArg(false) expectedVersion?: number,
  ): Promise<ArticleBase> {
    return toArticleBase(await this.revisions.restore(actor, id, version, expectedVersion ?? undefined));
  }
}
