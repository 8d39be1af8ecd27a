import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EditionsService } from './editions.service.js';
import { SectionEntity } from './section.entity.js';
import { SectionsController } from './sections.controller.js';
import { SectionsResolver } from './sections.resolver.js';
import { SectionsService } from './sections.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([SectionEntity])],
  controllers: [SectionsController],
  providers: [SectionsService, SectionsResolver, EditionsService],
  exports: [SectionsService, EditionsService],
})
export class SectionsModule {}
