import { Args, ID, Mutation, Resolver } from '@nestjs/graphql';
import { PublicWrite, RequireRole } from '../auth/auth.decorators.js';
import { LoginInput } from '../auth/dto/auth.dto.js';
import { ClientIp } from '../common/http/request.js';
import { ParseIdPipe } from '../common/validation/id.pipe.js';
import {
  BanReaderInput,
  ReaderAccepted,
  ReaderModel,
  ReaderTokenInput,
  ReaderTokens,
  RefreshTokenInput,
  RegisterReaderInput,
} from './dto/reader.dto.js';
import { ReadersService } from './readers.service.js';

@Resolver()
export class ReadersResolver {
  constructor(private readonly readers: ReadersService) {}

  @Mutation(() => ReaderAccepted, { description: 'Register a reader account; a verification link is emailed. The same answer for known addresses.' })
  @PublicWrite()
  registerReader(@Args('input') input: RegisterReaderInput, @ClientIp() ip: string): Promise<ReaderAccepted> {
    return this.readers.register(input, ip);
  }

  @Mutation(() => ReaderModel, { description: 'Verify a reader’s email address with the token from the verification email.' })
  @PublicWrite()
  verifyReader(@Args('input') input: ReaderTokenInput, @ClientIp() ip: string): Promise<ReaderModel> {
    return this.readers.verify(input, ip);
  }

  @Mutation(() => ReaderTokens, { description: 'Log a reader in: a short-lived access token and a rotating refresh token.' })
  @PublicWrite()
  loginReader(@Args('input') input: LoginInput, @ClientIp() ip: string): Promise<ReaderTokens> {
    return this.readers.login(input, ip);
  }

  @Mutation(() => ReaderTokens, { description: 'Exchange a refresh token for new tokens; a reused one revokes its family.' })
  @PublicWrite()
  refreshReaderToken(@Args('input') input: RefreshTokenInput): Promise<ReaderTokens> {
    return this.readers.refresh(input);
  }

  @Mutation(() => ReaderModel, { description: 'Ban a reader from the discussion (editors).' })
  @RequireRole('editor')
  banReader(
    @Args('id', { type: () => ID, description: 'Reader (user) id.' }, ParseIdPipe) id: string,
    @Args('input', { type: () => BanReaderInput, nullable: true }) input?: BanReaderInput,
  ): Promise<ReaderModel> {
    return this.readers.setBan(id, true, input ?? {});
  }
}
