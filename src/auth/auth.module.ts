import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AUTH_CONFIG, type AppConfig, type AuthConfig } from '../config/config.module.js';
import { ApiKeyEntity } from './api-key.entity.js';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { AuthResolver } from './auth.resolver.js';
import { AuthService } from './auth.service.js';
import { resolveJwtSecret } from './jwt-secret.js';
import { UserEntity } from './user.entity.js';

@Module({
  imports: [
    TypeOrmModule.forFeature([UserEntity, ApiKeyEntity]),
    JwtModule.registerAsync({
      inject: [AUTH_CONFIG, APP_CONFIG],
      useFactory: (auth: AuthConfig, app: AppConfig) => ({
        secret: resolveJwtSecret(auth.jwtSecret, app.dataDir),
        signOptions: { algorithm: 'HS256', issuer: 'newsroom-cms' },
        verifyOptions: { algorithms: ['HS256'], issuer: 'newsroom-cms' },
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [AuthService, AuthResolver, AuthGuard],
  exports: [AuthService, AuthGuard, JwtModule],
})
export class AuthModule {}
