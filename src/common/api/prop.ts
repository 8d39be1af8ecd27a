import { applyDecorators } from '@nestjs/common';
import { Field, Float, GraphQLISODateTime, ID, Int, type ReturnTypeFuncValue } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';

export interface PropOptions {
  /** The GraphQL type, e.g. `() => String`, `() => Int`, `() => [Tag]`. */
  type: () => ReturnTypeFuncValue;
  description: string;
  example?: unknown;
  nullable?: boolean;
  /** Input only: may be left out. */
  optional?: boolean;
  /** An enum object registered with registerEnumType, for the OpenAPI enum. */
  enum?: Record<string, string>;
  enumName?: string;
  /** Leave the field out of GraphQL (REST-only shape). */
  restOnly?: boolean;
  /** Leave the field out of OpenAPI (GraphQL-only shape). */
  graphqlOnly?: boolean;
  /** Extra OpenAPI settings (minimum, maxLength, format, oneOf…). */
  openapi?: ApiPropertyOptions;
}

function openApiType(gqlType: unknown): Pick<ApiPropertyOptions, 'type' | 'format'> {
  if (gqlType === ID) return { type: String, format: 'uuid' };
  if (gqlType === Int) return { type: 'integer' };
  if (gqlType === Float) return { type: Number };
  if (gqlType === GraphQLISODateTime || gqlType === Date) return { type: String, format: 'date-time' };
  return { type: gqlType as ApiPropertyOptions['type'] };
}

/**
 * One declaration for a field that both transports expose: GraphQL @Field and
 * OpenAPI @ApiProperty, with one description, so the two documents never drift.
 */
export function Prop(options: PropOptions): PropertyDecorator {
  const decorators: PropertyDecorator[] = [];
  if (!options.restOnly) {
    decorators.push(
      Field(options.type, {
        description: options.description,
        nullable: options.nullable || options.optional ? true : undefined,
      }),
    );
  }
  if (!options.graphqlOnly) {
    const raw = options.type();
    const isArray = Array.isArray(raw);
    const inner = isArray ? (raw as unknown[])[0] : raw;
    const apiOptions = {
      description: options.description,
      ...(options.example !== undefined ? { example: options.example } : {}),
      ...(options.nullable ? { nullable: true } : {}),
      ...(options.enum ? { enum: Object.values(options.enum), enumName: options.enumName } : openApiType(inner)),
      ...(isArray ? { isArray: true } : {}),
      ...options.openapi,
    } as ApiPropertyOptions;
    decorators.push(options.optional ? ApiPropertyOptional(apiOptions) : ApiProperty(apiOptions));
  }
  return applyDecorators(...decorators);
}
