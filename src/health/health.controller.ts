import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';

class HealthCheckDto {
  @ApiProperty({ enum: ['up', 'down'], example: 'up' })
  status!: 'up' | 'down';

  @ApiProperty({ description: 'Round trip in milliseconds.', example: 1, type: 'integer' })
  latencyMs!: number;
}

class HealthChecksDto {
  @ApiProperty({ type: HealthCheckDto })
  database!: HealthCheckDto;
}

class HealthDto {
  @ApiProperty({ enum: ['ok', 'error'], example: 'ok' })
  status!: 'ok' | 'error';

  @ApiProperty({ type: HealthChecksDto })
  checks!: HealthChecksDto;
}

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get()
  @HttpCode(200)
  @ApiOperation({ summary: 'Whether the server and its database answer' })
  @ApiOkResponse({ type: HealthDto, description: 'Ready.' })
  @ApiServiceUnavailableResponse({ type: HealthDto, description: 'The database does not answer.' })
  async health(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthDto> {
    const started = performance.now();
    let up = true;
    try {
      await this.dataSource.query('SELECT 1');
    } catch {
      up = false;
    }
    const database: HealthCheckDto = { status: up ? 'up' : 'down', latencyMs: Math.round(performance.now() - started) };
    void reply.header('Cache-Control', 'no-store');
    if (!up) void reply.status(503);
    return { status: up ? 'ok' : 'error', checks: { database } };
  }
}
