import { Controller, Get, Headers, Inject, Res, ServiceUnavailableException } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiProperty,
  ApiPropertyOptional,
  ApiServiceUnavailableResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { HealthCheckService, TypeOrmHealthIndicator, type HealthCheckResult, type HealthIndicatorFunction } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { OwnCredential } from '../auth/auth.decorators.js';
import { ApiProblems } from '../common/api/problem.dto.js';
import { unauthorized } from '../common/errors/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/config.module.js';
import { OpsHealthChecks } from './health-checks.js';
import { MetricsService } from './metrics.service.js';

class HealthStatusDto {
  @ApiProperty({ enum: ['up', 'down'], example: 'up' })
  status!: 'up' | 'down';

  @ApiPropertyOptional({ description: 'Why a check is down.', example: 'connect ECONNREFUSED 127.0.0.1:6379' })
  message?: string;

  @ApiPropertyOptional({ description: 'Round trip (redis).', type: 'integer', example: 1 })
  latencyMs?: number;

  @ApiPropertyOptional({ description: 'Free bytes on the disk under DATA_DIR (disk).', type: 'integer', example: 53687091200 })
  freeBytes?: number;

  @ApiPropertyOptional({ description: 'Size of that disk (disk).', type: 'integer', example: 270582939648 })
  totalBytes?: number;

  @ApiPropertyOptional({ description: 'The folder checked (disk).', example: '/srv/newsroom/data' })
  path?: string;
}

const checkMap = (description: string, example: Record<string, unknown>) =>
  ApiProperty({ description, type: 'object', additionalProperties: { $ref: getSchemaPath(HealthStatusDto) }, example });

class ReadinessDto {
  @ApiProperty({ enum: ['ok', 'error', 'shutting_down'], example: 'ok' })
  status!: string;

  @checkMap('Each check that passed: database, redis (when REDIS_URL is set), disk.', {
    database: { status: 'up' },
    disk: { status: 'up', freeBytes: 53687091200 },
  })
  info!: Record<string, HealthStatusDto>;

  @checkMap('Each check that failed, with a message.', {})
  error!: Record<string, HealthStatusDto>;

  @checkMap('Every check.', { database: { status: 'up' } })
  details!: Record<string, HealthStatusDto>;
}

class LivenessDto {
  @ApiProperty({ enum: ['ok'], example: 'ok' })
  status!: 'ok';

  @ApiProperty({ description: 'Seconds since the process started.', example: 42.5 })
  uptimeSeconds!: number;
}

/** Probes for orchestrators and load balancers, and Prometheus metrics. */
@ApiTags('operations')
@ApiExtraModels(HealthStatusDto)
@Controller()
export class OpsController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly checks: OpsHealthChecks,
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('health/live')
  @ApiOperation({ summary: 'Liveness: the process answers (restart it if not)' })
  @ApiOkResponse({ type: LivenessDto, description: 'Alive.' })
  live(@Res({ passthrough: true }) reply: FastifyReply): LivenessDto {
    void reply.header('Cache-Control', 'no-store');
    return { status: 'ok', uptimeSeconds: Math.round(process.uptime() * 10) / 10 };
  }

  @Get('health/ready')
  @ApiOperation({ summary: 'Readiness: database, Redis (when configured) and disk space all fine (send traffic only then)' })
  @ApiOkResponse({ type: ReadinessDto, description: 'Ready.' })
  @ApiServiceUnavailableResponse({ type: ReadinessDto, description: 'A dependency is down; `error` says which.' })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthCheckResult> {
    void reply.header('Cache-Control', 'no-store');
    if (this.checks.draining) {
      void reply.status(503);
      return { status: 'shutting_down', info: {}, error: {}, details: {} } as unknown as HealthCheckResult;
    }
    const checks: HealthIndicatorFunction[] = [() => this.database.pingCheck('database', { timeout: 2000 }), () => this.checks.disk()];
    if (this.checks.redisConfigured) checks.push(() => this.checks.redisPing());
    try {
      return await this.health.check(checks);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      void reply.status(503);
      return error.getResponse() as HealthCheckResult;
    }
  }

  @Get('metrics')
  @OwnCredential()
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Prometheus metrics (text exposition format)',
    description:
      'Requests and latency by route, database pool, outbox backlog, cache hits, realtime subscribers, process. With METRICS_TOKEN set, send `Authorization: Bearer <METRICS_TOKEN>`.',
  })
  @ApiProduces('text/plain')
  @ApiOkResponse({
    description: 'The metrics.',
    schema: { type: 'string', example: 'http_requests_total{method="GET",route="/api/v1/articles",status="200"} 42' },
  })
  @ApiProblems(401)
  async metricsText(@Headers('authorization') authorization: string | undefined, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    // Without METRICS_TOKEN the metrics are open; a credential sent anyway must be that token (a bad one is a 401 everywhere).
    if ((this.config.metricsToken || authorization !== undefined) && authorization !== `Bearer ${this.config.metricsToken}`) {
      throw unauthorized('Send Authorization: Bearer <METRICS_TOKEN>, or no credential when METRICS_TOKEN is not set.');
    }
    void reply.header('Content-Type', this.metrics.contentType).header('Cache-Control', 'no-store');
    return this.metrics.render();
  }
}
