import { Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { OpsHealthChecks } from './health-checks.js';
import { MetricsService } from './metrics.service.js';
import { OpsController } from './ops.controller.js';

/** Health probes and metrics; MetricsService is global so features can add their own gauges and counters. */
@Global()
@Module({
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [OpsController],
  providers: [MetricsService, OpsHealthChecks],
  exports: [MetricsService],
})
export class OpsModule {}
