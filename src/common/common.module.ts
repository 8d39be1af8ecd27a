import { Global, Module } from '@nestjs/common';
import { CLOCK, systemClock } from './util/clock.js';

/** Providers every feature may inject: the clock (tests replace its `now`). */
@Global()
@Module({
  // A factory, so each app instance (two in one test process) has a clock of its own.
  providers: [{ provide: CLOCK, useFactory: () => ({ now: () => systemClock.now() }) }],
  exports: [CLOCK],
})
export class CommonModule {}
