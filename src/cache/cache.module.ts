import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { CacheTagsInterceptor } from './cache-tags.interceptor.js';
import { ResponseCache } from './response-cache.js';

/** The response cache, for every feature that purges what its writes change; @CacheTags applied to every handler. */
@Global()
@Module({
  providers: [ResponseCache, { provide: APP_INTERCEPTOR, useClass: CacheTagsInterceptor }],
  exports: [ResponseCache],
})
export class CacheModule {}
