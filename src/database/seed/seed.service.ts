import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { AuthService } from '../../auth/auth.service.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.module.js';
import { DemoContentService } from './demo-content.service.js';

/** First start: migrations have run (at DataSource init); now the first admin, then the demo content. */
@Injectable()
export class SeedService implements OnApplicationBootstrap {
  constructor(
    private readonly auth: AuthService,
    private readonly demo: DemoContentService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const admin = await this.auth.ensureFirstAdmin();
    if (this.config.demoContent) {
      await this.demo.loadIfEmpty({ kind: 'user', id: admin.id, role: 'admin', userId: admin.id, label: 'demo-content' });
    }
  }
}
