import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { matchLocale } from '../common/http/accept-language.js';
import { APP_CONFIG, type AppConfig } from '../config/config.module.js';
import { SectionEntity } from './section.entity.js';

/**
 * The editions (locales) the site publishes, and which one a reader gets: the locale asked for
 * (`?locale=`), else the best edition for the client's Accept-Language, else FALLBACK_LOCALE.
 */
@Injectable()
export class EditionsService {
  constructor(
    @InjectRepository(SectionEntity) private readonly sections: Repository<SectionEntity>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Every edition: the locales that have sections (each article's locale is its section's). */
  async locales(): Promise<string[]> {
    const rows = await this.sections.createQueryBuilder('s').select('DISTINCT s.locale', 'locale').getRawMany<{ locale: string }>();
    return rows.map((r) => r.locale).sort();
  }

  /**
   * The locale a REST read serves: `explicit` when given; with no Accept-Language, undefined
   * (the read's own default); else the best edition for the client, or FALLBACK_LOCALE.
   */
  async negotiate(explicit: string | undefined, acceptLanguage: string[]): Promise<string | undefined> {
    if (explicit) return explicit;
    if (acceptLanguage.length === 0) return undefined;
    return matchLocale(acceptLanguage, await this.locales()) ?? this.config.fallbackLocale;
  }

  /** The order in which a reader with these preferences is served the versions of one story. */
  preferenceOrder(acceptLanguage: string[]): string[] {
    return [...acceptLanguage, this.config.fallbackLocale, this.config.defaultLocale];
  }
}
