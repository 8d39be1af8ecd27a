import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { ResponseCache } from '../cache/response-cache.js';
import { Outbox } from '../outbox/outbox.service.js';

interface PgPool {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

/**
 * Prometheus metrics of this app (a registry of its own, so two apps in one process
 * don't mix): requests and latency by route, the database pool, the outbox backlog,
 * the response cache's hit ratio, and whatever features add to `registry`.
 */
@Injectable()
export class MetricsService implements OnModuleInit {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status code.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer, by method and route pattern.',
    labelNames: ['method', 'route'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  private readonly directAnswers = new Counter({
    name: 'http_direct_answers_total',
    help: "Anonymous reads answered (errors included) by their handler without Nest's per-request pipeline (common/http/direct-reads.ts), by route pattern.",
    labelNames: ['route'] as const,
    registers: [this.registry],
  });

  private readonly receivedTotal = new Counter({
    name: 'http_requests_received_total',
    help: 'Requests received (answered or not yet).',
    registers: [this.registry],
  });
  private readonly inFlight = new Gauge({
    name: 'http_requests_in_flight',
    help: 'Requests received and not yet answered.',
    registers: [this.registry],
  });

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly cache: ResponseCache,
  ) {}

  onModuleInit(): void {
    collectDefaultMetrics({ register: this.registry });
    const pool = () => (this.dataSource.driver as unknown as { master?: PgPool }).master;
    new Gauge({
      name: 'db_pool_connections',
      help: 'Database connections by state (PostgreSQL pool; SQLite has one connection, reported as in use).',
      labelNames: ['state'] as const,
      registers: [this.registry],
      collect() {
        const p = pool();
        if (p && typeof p.totalCount === 'number') {
          this.set({ state: 'total' }, p.totalCount);
          this.set({ state: 'idle' }, p.idleCount);
          this.set({ state: 'waiting' }, p.waitingCount);
        } else {
          this.set({ state: 'total' }, 1);
        }
      },
    });
    const stats = this.cache.stats;
    new Gauge({
      name: 'response_cache_lookups',
      help: "Response cache lookups since start, by result (hits, of them nearHits: with Redis, served from this instance's copy after checking its stamp; misses), and answers stored, refused (a purge raced them), purges, errors.",
      labelNames: ['event'] as const,
      registers: [this.registry],
      collect() {
        for (const [event, count] of Object.entries(stats)) this.set({ event }, count);
      },
    });
    new Gauge({
      name: 'response_cache_hit_ratio',
      help: 'Hits over lookups since start (0 before the first lookup).',
      registers: [this.registry],
      collect() {
        const lookups = stats.hits + stats.misses;
        this.set(lookups ? stats.hits / lookups : 0);
      },
    });
    const outbox = this.outbox;
    new Gauge({
      name: 'outbox_jobs',
      help: 'Outbox jobs waiting (pending, including retries) and given up (dead), by consumer.',
      labelNames: ['consumer', 'status'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const row of await outbox.backlog()) {
          this.set({ consumer: row.consumer, status: 'pending' }, row.pending);
          this.set({ consumer: row.consumer, status: 'dead' }, row.dead);
        }
      },
    });
  }

  /** Called as each request arrives (a Fastify onRequest hook). */
  received(): void {
    this.receivedTotal.inc();
    this.inFlight.inc();
  }

  /** Called for every answered request (a Fastify onResponse hook). */
  observe(method: string, route: string, status: number, seconds: number): void {
    this.inFlight.dec();
    this.requests.inc({ method, route, status: String(status) });
    this.latency.observe({ method, route }, seconds);
  }

  /** Called for each read answered on the direct path. */
  answeredDirectly(route: string): void {
    this.directAnswers.inc({ route });
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
