import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditEntryEntity } from './audit-entry.entity.js';
import { AuditController } from './audit.controller.js';
import { AuditInterceptor } from './audit.interceptor.js';
import { AuditResolver } from './audit.resolver.js';
import { AuditService } from './audit.service.js';

/**
 * The audit log. AppModule registers AuditInterceptor globally (APP_INTERCEPTOR);
 * other modules import this one to call AuditService.record themselves.
 */
@Module({
  imports: [TypeOrmModule.forFeature([AuditEntryEntity])],
  controllers: [AuditController],
  providers: [AuditService, AuditResolver, AuditInterceptor],
  exports: [AuditService, AuditInterceptor],
})
export class AuditModule {}
