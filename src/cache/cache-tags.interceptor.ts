import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { tap, type Observable } from 'rxjs';
import { addCacheTags, CACHE_TAGS_KEY, type CacheTagsOf } from '../common/http/cache-tags.js';
import { requestOf } from '../common/http/request.js';

/** Applies @CacheTags: the handler's result names what the answer shows. */
@Injectable()
export class CacheTagsInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const of = this.reflector.get<CacheTagsOf | undefined>(CACHE_TAGS_KEY, context.getHandler());
    if (!of) return next.handle();
    return next.handle().pipe(tap((result) => result != null && addCacheTags(requestOf(context), ...of(result))));
  }
}
