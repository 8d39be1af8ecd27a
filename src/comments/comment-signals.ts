import { Inject, Injectable, Logger } from '@nestjs/common';
import { PUB_SUB, type RealtimeBus } from '../realtime/pubsub.js';
import type { CommentModel } from './dto/comment.dto.js';

const CHANNEL = 'comment.added';

/**
 * `commentAdded` over graphql-ws: a comment that became public is announced after its
 * transaction commits, on the shared bus (Redis when REDIS_URL is set, so every instance's
 * subscribers hear it). Best effort, like any live view: the list is the record.
 */
@Injectable()
export class CommentSignals {
  private readonly logger = new Logger('Comments');

  constructor(@Inject(PUB_SUB) private readonly bus: RealtimeBus) {}

  async added(comment: CommentModel): Promise<void> {
    try {
      await this.bus.engine.publish(this.bus.channel(CHANNEL), comment);
    } catch (error) {
      this.logger.warn(`commentAdded not announced: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Subscriptions that have started listening on this instance (a counter, for tests and metrics). */
  started = 0;

  iterator(): AsyncIterableIterator<unknown> {
    const source = this.bus.engine.asyncIterableIterator<unknown>(this.bus.channel(CHANNEL));
    let counted = false;
    const iterator: AsyncIterableIterator<unknown> = {
      next: () => {
        if (!counted) {
          counted = true;
          this.started += 1;
        }
        return source.next();
      },
      return: (value?: unknown) => (source.return ? source.return() : Promise.resolve({ done: true, value })),
      throw: (error?: unknown) => (source.throw ? source.throw(error) : Promise.reject(error instanceof Error ? error : new Error(String(error)))),
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }
}
