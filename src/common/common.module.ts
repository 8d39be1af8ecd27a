import { Global, Module } from '@nestjs/common';
import { CLOCK, systemClock } from './util/clock.js';

/** Providers every feature may inject: the clock (tests replace its `now`). */
@Global()
@Module({
  providers: [{ provide: CLOCK, useValue: { now: () => systemClock.now() } }],
  exports: [CLOCK],
})
export class CommonModule {}
