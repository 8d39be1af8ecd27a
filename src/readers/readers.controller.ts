import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentActor, PublicWrite, RequireRole } from '../auth/auth.decorators.js';
import { LoginInput } from '../auth/dto/auth.dto.js';
import type { Actor } from '../auth/roles.js';
import { ApiProblems } from '../common/api/problem.dto.js';
import { ClientIp } from '../common/http/request.js';
import { ParseIdPipe } from '../common/validation/id.pipe.js';
import { CommentsService } from '../comments/comments.service.js';
import {
  BanReaderInput,
  PasswordResetConfirmInput,
  PasswordResetInput,
  ReaderAccepted,
  ReaderModel,
  ReaderTokenInput,
  ReaderTokens,
  RefreshTokenInput,
  RegisterReaderInput,
} from './dto/reader.dto.js';
import { ReadersService } from './readers.service.js';

const RATE = 'Rate-limited per client (READER_ACCOUNT_RATE_LIMIT_PER_CLIENT a minute) with 429 and Retry-After.';

@ApiTags('readers')
@Controller('readers')
export class ReadersController {
  constructor(
    private readonly readers: ReadersService,
    private readonly comments: CommentsService,
  ) {}

  @Post('register')
  @HttpCode(202)
  @PublicWrite()
  @ApiSecurity({})
  @ApiOperation({
    summary: 'Register a reader account (a verification link is emailed)',
    description: `The answer is the same whether or not the address is known. Passwords are hashed with scrypt. ${RATE}`,
  })
  @ApiAcceptedResponse({ type: ReaderAccepted })
  @ApiProblems(400, 401, 429)
  register(@Body() input: RegisterReaderInput, @ClientIp() ip: string): Promise<ReaderAccepted> {
    return this.readers.register(input, ip);
  }

  @Post('verify')
  @HttpCode(200)
  @PublicWrite()
  @ApiSecurity({})
  @ApiOperation({ summary: 'Verify the email address with the token from the verification email', description: `One use. ${RATE}` })
  @ApiOkResponse({ type: ReaderModel })
  @ApiProblems(400, 401, 404, 429)
  verify(@Body() input: ReaderTokenInput, @ClientIp() ip: string): Promise<ReaderModel> {
    return this.readers.verify(input, ip);
  }

  @Post('login')
  @HttpCode(200)
  @PublicWrite()
  @ApiSecurity({})
  @ApiOperation({
    summary: 'Log a reader in: a short-lived access token and a refresh token',
    description:
      'Reader accounts only (staff use /auth/login). 403 EMAIL_NOT_VERIFIED before verification, READER_BANNED when banned. ' +
      'Rate-limited per client and per account (LOGIN_RATE_LIMIT_PER_MINUTE).',
  })
  @ApiOkResponse({ type: ReaderTokens })
  @ApiProblems(400, 401, 403, 429)
  login(@Body() input: LoginInput, @ClientIp() ip: string): Promise<ReaderTokens> {
    return this.readers.login(input, ip);
  }

  @Post('refresh')
  @HttpCode(200)
  @PublicWrite()
  @ApiSecurity({})
  @ApiOperation({
    summary: 'Exchange a refresh token for new tokens (rotation)',
    description: 'Each refresh token works once. Using a rotated one again revokes its whole family (401 REFRESH_TOKEN_REUSED).',
  })
  @ApiOkResponse({ type: ReaderTokens })
  @ApiProblems(400, 401)
  refresh(@Body() input: RefreshTokenInput): Promise<ReaderTokens> {
    return this.readers.refresh(input);
  }

  @Post('logout')
  @HttpCode(204)
  @PublicWrite()
  @ApiSecurity({})
  @ApiOperation({ summary: 'Revoke a refresh token and its family (log this device out)', description: 'Unknown tokens answer the same.' })
  @ApiNoContentResponse({ description: 'Revoked.' })
  @ApiProblems(400, 401)
  async logout(@Body() input: RefreshTokenInput): Promise<void> {
    await this.readers.logout(input);
  }

  @Post('password-reset')
  @HttpCode(202)
  @PublicWrite()
  @ApiSecurity({})
  @ApiOperation({ summary: 'Email a password reset link', description: `The same answer for unknown addresses. ${RATE}` })
  @ApiAcceptedResponse({ type: ReaderAccepted })
  @ApiProblems(400, 401, 429)
  requestReset(@Body() input: PasswordResetInput, @ClientIp() ip: string): Promise<ReaderAccepted> {
    return this.readers.requestPasswordReset(input, ip);
  }

  @Post('password-reset/confirm')
  @HttpCode(204)
  @PublicWrite()
  @ApiSecurity({})
  @ApiOperation({
    summary: 'Set a new password with the token from the reset email',
    description: `Revokes every refresh token of the account. ${RATE}`,
  })
  @ApiNoContentResponse({ description: 'Password changed.' })
  @ApiProblems(400, 401, 404, 429)
  async confirmReset(@Body() input: PasswordResetConfirmInput, @ClientIp() ip: string): Promise<void> {
    await this.readers.confirmPasswordReset(input, ip);
  }

  @Get('me')
  @RequireRole('reader')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The signed-in reader' })
  @ApiOkResponse({ type: ReaderModel })
  @ApiProblems(401, 403)
  me(@CurrentActor() actor: Actor): Promise<ReaderModel> {
    return this.readers.me(actor);
  }

  @Delete('me')
  @HttpCode(204)
  @RequireRole('reader')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Delete the signed-in reader’s account',
    description: 'Their comments stay in their threads with the text kept, shown as by "Deleted reader" and no longer linked to anyone.',
  })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiProblems(401, 403)
  async deleteMe(@CurrentActor() actor: Actor): Promise<void> {
    await this.readers.deleteAccount(actor, (m, userId) => this.comments.anonymise(m, userId));
  }

  @Post(':id/ban')
  @HttpCode(200)
  @RequireRole('editor')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Ban a reader from commenting and reporting (editors)', description: 'Revokes their refresh tokens.' })
  @ApiOkResponse({ type: ReaderModel })
  @ApiProblems(400, 401, 403, 404)
  ban(@Param('id', ParseIdPipe) id: string, @Body() input: BanReaderInput): Promise<ReaderModel> {
    return this.readers.setBan(id, true, input);
  }

  @Post(':id/unban')
  @HttpCode(200)
  @RequireRole('editor')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Lift a reader’s ban (editors)' })
  @ApiOkResponse({ type: ReaderModel })
  @ApiProblems(400, 401, 403, 404)
  unban(@Param('id', ParseIdPipe) id: string): Promise<ReaderModel> {
    return this.readers.setBan(id, false);
  }
}
