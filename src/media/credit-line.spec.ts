import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CREDIT_LINE_SEPARATOR, renderCreditLine } from './credit-line.js';

describe('credit line', () => {
  it('renders the site style: "© RIA Novosti . Mikhail Klementiev"', () => {
    assert.equal(CREDIT_LINE_SEPARATOR, ' . ');
    assert.equal(renderCreditLine({ copyrightNotice: '© RIA Novosti', creator: 'Mikhail Klementiev' }), '© RIA Novosti . Mikhail Klementiev');
  });

  it('lets a stored credit line win over everything else', () => {
    assert.equal(
      renderCreditLine({ creditLine: 'Sputnik / Mikhail Klementiev', copyrightNotice: '© RIA Novosti', source: 'Reuters', creator: 'Someone' }),
      'Sputnik / Mikhail Klementiev',
    );
    assert.equal(renderCreditLine({ creditLine: '  Photo: AP  ' }), 'Photo: AP');
  });

  it('ignores a blank stored credit line', () => {
    assert.equal(
      renderCreditLine({ creditLine: '   ', copyrightNotice: '© RIA Novosti', creator: 'Mikhail Klementiev' }),
      '© RIA Novosti . Mikhail Klementiev',
    );
    assert.equal(renderCreditLine({ creditLine: '', source: 'RIA Novosti' }), '© RIA Novosti');
  });

  it('falls back to "© source" when there is no copyright notice', () => {
    assert.equal(renderCreditLine({ source: 'RIA Novosti', creator: 'Mikhail Klementiev' }), '© RIA Novosti . Mikhail Klementiev');
    assert.equal(renderCreditLine({ source: ' RIA Novosti ', creator: null }), '© RIA Novosti');
    assert.equal(
      renderCreditLine({ copyrightNotice: '   ', source: 'RIA Novosti', creator: 'Mikhail Klementiev' }),
      '© RIA Novosti . Mikhail Klementiev',
    );
  });

  it('prefers the copyright notice to the source', () => {
    assert.equal(
      renderCreditLine({ copyrightNotice: '© Sputnik', source: 'RIA Novosti', creator: 'Mikhail Klementiev' }),
      '© Sputnik . Mikhail Klementiev',
    );
  });

  it('credits the creator alone when nothing else is known', () => {
    assert.equal(renderCreditLine({ creator: ' Mikhail Klementiev ' }), 'Mikhail Klementiev');
  });

  it('trims every part', () => {
    assert.equal(renderCreditLine({ copyrightNotice: '  © RIA Novosti\n', creator: '\tMikhail Klementiev  ' }), '© RIA Novosti . Mikhail Klementiev');
  });

  it('is null when nothing is known', () => {
    assert.equal(renderCreditLine({}), null);
    assert.equal(renderCreditLine({ creditLine: null, copyrightNotice: null, source: null, creator: null }), null);
    assert.equal(renderCreditLine({ creditLine: ' ', copyrightNotice: '', source: '\n', creator: '\t' }), null);
  });
});
