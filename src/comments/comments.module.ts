import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { ReadersController } from '../readers/readers.controller.js';
import { ReadersResolver } from '../readers/readers.resolver.js';
import { ReadersService } from '../readers/readers.service.js';
import { RealtimeModule } from '../realtime/realtime.module.js';
import { CommentModerationService } from './comment-moderation.service.js';
import { CommentSignals } from './comment-signals.js';
import { CommentTransitions } from './comment-transitions.js';
import { CommentsController } from './comments.controller.js';
import { ArticleCommentsResolver, CommentsResolver } from './comments.resolver.js';
import { CommentsService } from './comments.service.js';

/**
 * Readers and comments. Reader accounts (src/readers) and comments live in one module:
 * deleting an account anonymises its comments in the same transaction.
 */
@Module({
  imports: [AuthModule, RealtimeModule],
  controllers: [ReadersController, CommentsController],
  providers: [
    ReadersService,
    ReadersResolver,
    CommentsService,
    CommentModerationService,
    CommentTransitions,
    CommentSignals,
    CommentsResolver,
    ArticleCommentsResolver,
  ],
})
export class CommentsModule {}
