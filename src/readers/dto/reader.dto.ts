import { GraphQLISODateTime, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { LoginResult } from '../../auth/dto/auth.dto.js';
import { Prop } from '../../common/api/prop.js';
import { IsEmailAddress, IsNewPassword, IsSingleLine } from '../../common/validation/decorators.js';

@InputType({ description: 'A new reader account: email, password and the name shown with comments.' })
export class RegisterReaderInput {
  @Prop({ type: () => String, description: 'Email address; a verification link is sent to it.', example: 'reader@example.com' })
  @IsEmailAddress()
  email!: string;

  @Prop({ type: () => String, description: 'At least 8 characters.', example: 'a long passphrase' })
  @IsNewPassword()
  password!: string;

  @Prop({ type: () => String, description: 'The name shown with the reader’s comments.', example: 'Anna P.' })
  @IsSingleLine(80)
  displayName!: string;
}

@InputType({ description: 'A token from an email sent to a reader (verification).' })
export class ReaderTokenInput {
  @Prop({ type: () => String, description: 'The token from the link in the email.', example: 'q3Zr8…' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  token!: string;
}

@InputType({ description: 'A refresh token, to rotate or to revoke.' })
export class RefreshTokenInput {
  @Prop({ type: () => String, description: 'The refresh token from login or the last refresh.', example: 'rt_…' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  refreshToken!: string;
}

@InputType({ description: 'Ask for a password reset link.' })
export class PasswordResetInput {
  @Prop({ type: () => String, description: 'The account email.', example: 'reader@example.com' })
  @IsEmailAddress()
  email!: string;
}

@InputType({ description: 'Set a new password with the token from the reset email.' })
export class PasswordResetConfirmInput {
  @Prop({ type: () => String, description: 'The token from the reset email.', example: 'q3Zr8…' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  token!: string;

  @Prop({ type: () => String, description: 'The new password, at least 8 characters.', example: 'another long passphrase' })
  @IsNewPassword()
  password!: string;
}

@InputType({ description: 'Why a reader is banned (kept for the newsroom, not shown publicly).' })
export class BanReaderInput {
  @Prop({ type: () => String, optional: true, nullable: true, description: 'The reason.', example: 'Repeated abuse' })
  @IsOptional()
  @IsSingleLine(500)
  reason?: string;
}

@ObjectType({ description: 'A request taken; the same answer whether or not the address is known.' })
export class ReaderAccepted {
  @Prop({ type: () => Boolean, description: 'Always true.', example: true })
  accepted!: boolean;

  @Prop({ type: () => String, description: 'What happens next.', example: 'Check your inbox for a link.' })
  message!: string;
}

@ObjectType({ description: 'A reader’s tokens: a short-lived access token (READER_ACCESS_TTL_SECONDS) and a refresh token (rotated on each use).' })
export class ReaderTokens extends LoginResult {
  @Prop({ type: () => String, description: 'Exchange at /readers/refresh for new tokens; each is good once.', example: 'rt_Zx…' })
  refreshToken!: string;

  @Prop({ type: () => Int, description: 'Seconds until the refresh token expires.', example: 2592000 })
  refreshExpiresIn!: number;
}

@ObjectType('Reader', { description: 'A reader account as its owner and moderators see it.' })
export class ReaderModel {
  @Prop({ type: () => ID, description: 'User id.' })
  id!: string;

  @Prop({ type: () => String, description: 'The name shown with comments.', example: 'Anna P.' })
  displayName!: string;

  @Prop({ type: () => Boolean, description: 'Whether the email address was verified.' })
  verified!: boolean;

  @Prop({ type: () => GraphQLISODateTime, nullable: true, description: 'When the reader was banned (null: not banned).' })
  bannedAt!: Date | null;
}
