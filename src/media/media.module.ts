import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config.module.js';
import { MediaController } from './media.controller.js';
import { MediaEntity } from './media.entity.js';
import { MediaResolver } from './media.resolver.js';
import { MediaService } from './media.service.js';
import { RenditionsService } from './renditions/renditions.service.js';
import { LocalDiskStorage } from './storage/local-disk.storage.js';
import { MEDIA_STORAGE } from './storage/media-storage.js';
import { MediaIngestService } from './upload/media-ingest.service.js';
import { MediaUploadService } from './upload/media-upload.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([MediaEntity])],
  controllers: [MediaController],
  providers: [
    { provide: MEDIA_STORAGE, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new LocalDiskStorage(join(config.dataDir, 'media')) },
    MediaService,
    MediaIngestService,
    MediaUploadService,
    RenditionsService,
    MediaResolver,
  ],
  exports: [MediaService, MediaIngestService],
})
export class MediaModule {}
