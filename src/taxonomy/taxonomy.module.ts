import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MediaModule } from '../media/media.module.js';
import { AuthorEntity } from './author.entity.js';
import { AuthorsController } from './authors.controller.js';
import { AuthorsResolver } from './authors.resolver.js';
import { AuthorsService } from './authors.service.js';
import { TagEntity } from './tag.entity.js';
import { TagsController } from './tags.controller.js';
import { TagsResolver } from './tags.resolver.js';
import { TagsService } from './tags.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([TagEntity, AuthorEntity]), MediaModule],
  controllers: [TagsController, AuthorsController],
  providers: [TagsService, TagsResolver, AuthorsService, AuthorsResolver],
  exports: [TagsService, AuthorsService],
})
export class TaxonomyModule {}
