import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import type Ajv2020Module from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import type addFormatsModule from 'ajv-formats';
import { DomainError, type FieldError } from '../../common/errors/domain-error.js';
import { projectRoot } from '../../common/util/project-root.js';

/** The ninjs versions this CMS writes and reads; 3.x input is checked against 3.1, 2.x input against 2.2. */
export const NINJS_VERSIONS = ['3.1', '2.2'] as const;
export type NinjsVersion = (typeof NINJS_VERSIONS)[number];

/** A ninjs document: a JSON object (its shape is what the schema says). */
export type NinjsDocument = Record<string, unknown>;

const SCHEMA_FILES: Record<NinjsVersion, string> = { '3.1': 'ninjs-schema_3.1.json', '2.2': 'ninjs-schema_2.2.json' };
const MAX_REPORTED_ERRORS = 50;

/**
 * ajv and the compiled schemas cost about a tenth of the server's start-up and a few MB of
 * heap, for routes few requests use: they are loaded (ajv is CommonJS, so synchronously)
 * and compiled on the first document checked.
 */
const require = createRequire(import.meta.url);
type Ajv = InstanceType<typeof Ajv2020Module.default>;

interface SchemaFile {
  id: string;
  json: Record<string, unknown>;
  /** The top-level property names of a news item in this version. */
  properties: Set<string>;
}

export const ninjsAssetsDir = () => join(projectRoot(), 'assets', 'standards', 'ninjs');

const readSchema = (file: string) => JSON.parse(readFileSync(join(ninjsAssetsDir(), file), 'utf8')) as Record<string, unknown>;

const escapePointer = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

/** ajv's errors as `{ field: JSON pointer, message }`, pointing at the offending property itself where ajv names it. */
export function toFieldErrors(errors: readonly ErrorObject[], version: NinjsVersion): FieldError[] {
  const seen = new Map<string, FieldError>();
  for (const error of errors) {
    const params = error.params as Record<string, unknown>;
    let field = error.instancePath;
    let message = error.message ?? 'is not valid';
    if (error.keyword === 'additionalProperties' || error.keyword === 'unevaluatedProperties') {
      field += '/' + escapePointer(String(params.additionalProperty ?? params.unevaluatedProperty));
      message = `is not a ninjs ${version} property here`;
    } else if (error.keyword === 'required') {
      field += '/' + escapePointer(String(params.missingProperty));
      message = 'is required';
    } else if (error.keyword === 'enum' && Array.isArray(params.allowedValues)) {
      message = `must be one of: ${params.allowedValues.join(', ')}`;
    }
    seen.set(`${field}\u0000${message}`, { field, message });
  }
  return [...seen.values()].slice(0, MAX_REPORTED_ERRORS);
}

export const ninjsInvalid = (detail: string, errors: FieldError[]) => new DomainError('NINJS_INVALID', 422, detail, errors);

/**
 * IPTC's ninjs JSON Schemas (assets/standards/ninjs, byte-identical to IPTC's), each compiled
 * once, when first needed. Both are JSON Schema 2020-12 (their `$schema` says so, 2.2 included) and `$ref`
 * GeoJSON by its geojson.org `$id`, so that schema is preloaded: validation never goes online.
 */
@Injectable()
export class NinjsSchemas {
  private readonly files = new Map<NinjsVersion, SchemaFile>();
  private readonly validators = new Map<NinjsVersion, ValidateFunction>();
  private ajv?: Ajv;
  private names?: Map<string, string>;

  private file(version: NinjsVersion): SchemaFile {
    let file = this.files.get(version);
    if (!file) {
      const json = readSchema(SCHEMA_FILES[version]);
      const item = (json.$defs as Record<string, { properties: Record<string, unknown> }>).ninjsType;
      file = { id: String(json.$id), json, properties: new Set(Object.keys(item.properties)) };
      this.files.set(version, file);
    }
    return file;
  }

  private validator(version: NinjsVersion): ValidateFunction {
    let validate = this.validators.get(version);
    if (!validate) {
      if (!this.ajv) {
        // CommonJS: the class and the plugin are the modules' `default`.
        const { default: Ajv2020 } = require('ajv/dist/2020.js') as typeof Ajv2020Module;
        const { default: addFormats } = require('ajv-formats') as typeof addFormatsModule;
        this.ajv = new Ajv2020({ strict: false, allErrors: true });
        addFormats(this.ajv);
        this.ajv.addSchema(readSchema('GeoJSON-schema.json'));
      }
      validate = this.ajv.compile(this.file(version).json);
      this.validators.set(version, validate);
    }
    return validate;
  }

  /** 2.x property names (lowercase) → their 3.x spelling, for reading 2.x input with the 3.x reader. */
  private get v3Names(): Map<string, string> {
    if (this.names) return this.names;
    const names = new Map<string, string>([['embargoed', 'embargoedUntil']]);
    const collect = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(collect);
      if (!node || typeof node !== 'object') return;
      const properties = (node as { properties?: unknown }).properties;
      if (properties && typeof properties === 'object' && !Array.isArray(properties)) {
        for (const name of Object.keys(properties)) if (!names.has(name.toLowerCase())) names.set(name.toLowerCase(), name);
      }
      Object.values(node).forEach(collect);
    };
    collect(this.file('3.1').json);
    return (this.names = names);
  }

  /** The schema's `$id`, as `standard.schema` declares it. */
  schemaId(version: NinjsVersion): string {
    return this.file(version).id;
  }

  /** Schema errors of a document against one version; none when it is valid. */
  errors(version: NinjsVersion, document: unknown): FieldError[] {
    const validate = this.validator(version);
    return validate(document) ? [] : toFieldErrors(validate.errors ?? [], version);
  }

  /**
   * Which schema an incoming document is checked against: the version its `standard`
   * declares (`version`, else the schema URI), else 2.2 when it uses 2.x-only (lowercase)
   * property names and no 3.x-only one, else 3.1. ninjs 1.x is not accepted.
   */
  detect(document: NinjsDocument): NinjsVersion {
    const standard = document.standard;
    if (standard && typeof standard === 'object' && !Array.isArray(standard)) {
      const { version, schema } = standard as { version?: unknown; schema?: unknown };
      const declared =
        typeof version === 'string' ? version : typeof schema === 'string' ? /ninjs-schema_(\d+(?:\.\d+)*)\.json/.exec(schema)?.[1] : undefined;
      const major = declared?.split('.')[0];
      if (major === '3') return '3.1';
      if (major === '2') return '2.2';
      if (major !== undefined)
        throw ninjsInvalid(`ninjs ${declared} is not accepted; send ninjs 3.x (checked against 3.1) or 2.x (checked against 2.2).`, [
          { field: typeof version === 'string' ? '/standard/version' : '/standard/schema', message: 'must declare ninjs 2.x or 3.x' },
        ]);
    }
    const keys = Object.keys(document);
    const only = (version: NinjsVersion, other: NinjsVersion) =>
      keys.some((key) => this.file(version).properties.has(key) && !this.file(other).properties.has(key));
    return only('2.2', '3.1') && !only('3.1', '2.2') ? '2.2' : '3.1';
  }

  /**
   * A valid document with 3.x property names (a 2.x one renamed: `versioncreated` →
   * `versionCreated`, `embargoed` → `embargoedUntil`…), so one reader serves both.
   * Invalid → 422 NINJS_INVALID with each schema error as `{ field: JSON pointer, message }`.
   */
  parse(document: unknown): { version: NinjsVersion; item: NinjsDocument } {
    if (!document || typeof document !== 'object' || Array.isArray(document))
      throw ninjsInvalid('A ninjs document is a JSON object.', [{ field: '', message: 'must be object' }]);
    const version = this.detect(document as NinjsDocument);
    const errors = this.errors(version, document);
    if (errors.length > 0) {
      const listed = errors.slice(0, 5).map((e) => `${e.field || '(the document)'} ${e.message}`);
      const more = errors.length > listed.length ? ` (and ${errors.length - listed.length} more in errors[])` : '';
      throw ninjsInvalid(`The document is not valid ninjs ${version}: ${listed.join('; ')}${more}.`, errors);
    }
    return { version, item: version === '2.2' ? (this.toV3Names(document) as NinjsDocument) : (document as NinjsDocument) };
  }

  private toV3Names(node: unknown): unknown {
    if (Array.isArray(node)) return node.map((value) => this.toV3Names(value));
    if (!node || typeof node !== 'object') return node;
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [this.v3Names.get(key) ?? key, this.toV3Names(value)]));
  }
}
