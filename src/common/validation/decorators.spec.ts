import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateSync } from 'class-validator';
import { IsLocale, isLocaleTag } from './decorators.js';

class WithLocale {
  @IsLocale()
  locale!: unknown;
}

describe('isLocaleTag', () => {
  it('accepts exactly what @IsLocale() accepts (the direct article read checks `locale` with it)', () => {
    const samples: unknown[] = ['en', 'pt-BR', 'zh-Hant-TW', 'ast', 'EN', 'e', 'en_US', 'en-', '-en', 'en--gb', 'en-toolongsub', 'en-GB ', ''];
    samples.push(`en-${'ab-'.repeat(10)}cd`, `en-${'ab-'.repeat(11)}cd`, 7, null, ['en'], { en: true });
    let accepted = 0;
    for (const value of samples) {
      const byDecorator = validateSync(Object.assign(new WithLocale(), { locale: value })).length === 0;
      assert.equal(isLocaleTag(value), byDecorator, JSON.stringify(value));
      if (byDecorator) accepted += 1;
    }
    // Both answers occur among the samples: the comparison is not one-sided.
    assert.ok(accepted >= 4 && accepted < samples.length - 8, `${accepted} of ${samples.length} accepted`);
  });
});
