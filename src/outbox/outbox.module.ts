import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Transactions } from '../database/transactions.js';
import { OutboxJobEntity } from './outbox-job.entity.js';
import { OutboxRepository } from './outbox.repository.js';
import { Outbox } from './outbox.service.js';

/** Transactions and the outbox, for every feature: writers record events, consumers register handlers. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([OutboxJobEntity])],
  providers: [Transactions, OutboxRepository, Outbox],
  exports: [Transactions, Outbox],
})
export class OutboxModule {}
