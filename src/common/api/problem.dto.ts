import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiResponse, getSchemaPath } from '@nestjs/swagger';

export class FieldErrorDto {
  @ApiProperty({ description: 'The failing field, as a path.', example: 'body[2].text' })
  field!: string;

  @ApiProperty({ description: 'What is wrong with it.', example: 'text must be shorter than or equal to 20000 characters' })
  message!: string;
}

/** RFC 9457 problem details, as every REST error is answered (Content-Type application/problem+json). */
export class ProblemDto {
  @ApiProperty({ description: 'A URI naming the problem type.', example: 'https://newsroom-cms.dev/problems/validation-failed' })
  type!: string;

  @ApiProperty({ description: 'Short summary of the status.', example: 'Bad request' })
  title!: string;

  @ApiProperty({ description: 'The HTTP status.', example: 400, type: 'integer' })
  status!: number;

  @ApiProperty({ description: 'What went wrong and what to do.', example: 'headline: headline should not be empty' })
  detail!: string;

  @ApiProperty({ description: 'Stable machine-readable code (the same as GraphQL `extensions.code`).', example: 'VALIDATION_FAILED' })
  code!: string;

  @ApiProperty({ description: 'The request path.', example: '/api/v1/articles' })
  instance!: string;

  @ApiProperty({ description: 'The request id, also in the X-Request-Id header.', example: 'req-1f' })
  requestId!: string;

  @ApiPropertyOptional({ type: [FieldErrorDto], description: 'For VALIDATION_FAILED: each failing field.' })
  errors?: FieldErrorDto[];

  @ApiPropertyOptional({ description: 'For 429: seconds to wait (also in Retry-After).', type: 'integer', example: 42 })
  retryAfter?: number;

  @ApiPropertyOptional({ description: 'For 412 VERSION_CONFLICT: the current version.', type: 'integer', example: 4 })
  currentVersion?: number;
}

const DESCRIPTIONS: Record<number, string> = {
  400: 'Bad input: validation failed, a bad cursor, id, slug or locale.',
  401: 'No credential where one is needed, or a bad, expired or forged one.',
  403: "The credential's role may not do this.",
  404: 'Not found (or not visible to you).',
  409: 'Conflicts with the current state (a slug in use, an illegal transition, still referenced).',
  412: 'The version in If-Match is stale; fetch the article again.',
  413: 'The body is too large.',
  415: 'Unsupported content type.',
  428: 'This update needs If-Match with the version it is based on.',
  429: 'Too many requests; see Retry-After.',
};

/** Documents problem+json answers for the given statuses. */
export function ApiProblems(...statuses: number[]) {
  return applyDecorators(
    ApiExtraModels(ProblemDto),
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: DESCRIPTIONS[status] ?? 'Error',
        content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDto) } } },
      }),
    ),
  );
}
