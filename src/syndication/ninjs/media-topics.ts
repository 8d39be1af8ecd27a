import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { projectRoot } from '../../common/util/project-root.js';
import { MEDIA_TOPIC_URI_PATTERN } from '../../taxonomy/dto/tag.dto.js';

interface Concept {
  uri: string;
  qcode: string;
  label?: string;
}

/** A Media Topic URI as tags store it: `http://cv.iptc.org/newscodes/mediatopic/NNNNNNNN` (also read from https and `medtop:` qcodes). */
export function toMediaTopicUri(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const code = /^(?:https?:\/\/cv\.iptc\.org\/newscodes\/mediatopic\/|medtop:)(\d{8})\/?$/.exec(value.trim())?.[1];
  const uri = code ? `http://cv.iptc.org/newscodes/mediatopic/${code}` : null;
  return uri && MEDIA_TOPIC_URI_PATTERN.test(uri) ? uri : null;
}

/**
 * IPTC NewsCodes Media Topics (c) IPTC, CC BY 4.0: the 2023-03-31 snapshot of active
 * concepts in assets/standards/iptc-mediatopic, for matching tags by their label.
 */
@Injectable()
export class MediaTopics {
  private readonly byLabel = new Map<string, string>();
  private readonly labels = new Map<string, string>();

  constructor() {
    const file = join(projectRoot(), 'assets', 'standards', 'iptc-mediatopic', 'mediatopics-en-US.json');
    const { concepts } = JSON.parse(readFileSync(file, 'utf8')) as { concepts: Concept[] };
    for (const concept of concepts) {
      if (!concept.label) continue;
      this.labels.set(concept.uri, concept.label);
      this.byLabel.set(concept.label.toLowerCase(), concept.uri);
    }
  }

  /** The topic whose en-US label is exactly this name, ignoring case ("Diplomacy" → medtop:20000639). */
  uriForLabel(name: string): string | null {
    return this.byLabel.get(name.trim().toLowerCase()) ?? null;
  }

  labelOf(uri: string): string | null {
    return this.labels.get(uri) ?? null;
  }
}
