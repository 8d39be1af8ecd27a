import { Module } from '@nestjs/common';
import { ArticlesModule } from '../../articles/articles.module.js';
import { AuthModule } from '../../auth/auth.module.js';
import { MediaModule } from '../../media/media.module.js';
import { SectionsModule } from '../../sections/sections.module.js';
import { TaxonomyModule } from '../../taxonomy/taxonomy.module.js';
import { DemoContentService } from './demo-content.service.js';
import { SeedService } from './seed.service.js';

@Module({
  imports: [AuthModule, SectionsModule, TaxonomyModule, MediaModule, ArticlesModule],
  providers: [DemoContentService, SeedService],
})
export class SeedModule {}
