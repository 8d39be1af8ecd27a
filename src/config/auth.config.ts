import { EnvReader } from './env.js';

export interface AuthConfig {
  jwtSecret?: string;
  jwtTtlSeconds: number;
  adminEmail?: string;
  adminPassword?: string;
  loginRateLimit: { perMinute: number };
}

export function readAuthConfig(env: NodeJS.ProcessEnv = process.env): AuthConfig {
  const r = new EnvReader(env);
  const jwtSecret = r.optional('JWT_SECRET');
  if (jwtSecret !== undefined && jwtSecret.length < 32) {
    r.problems.push('JWT_SECRET must be at least 32 characters (or leave it unset to have one generated in DATA_DIR).');
  }
  const adminEmail = r.optional('ADMIN_EMAIL');
  const adminPassword = r.optional('ADMIN_PASSWORD');
  if ((adminEmail === undefined) !== (adminPassword === undefined)) {
    r.problems.push('Set both ADMIN_EMAIL and ADMIN_PASSWORD, or neither (a first admin is then generated and printed once).');
  }
  if (adminPassword !== undefined && adminPassword.length < 8) {
    r.problems.push('ADMIN_PASSWORD must be at least 8 characters.');
  }
  const config: AuthConfig = {
    jwtSecret,
    jwtTtlSeconds: r.int('JWT_TTL_SECONDS', 3600, 60, 7 * 24 * 3600),
    adminEmail: adminEmail?.toLowerCase(),
    adminPassword,
    loginRateLimit: { perMinute: r.int('LOGIN_RATE_LIMIT_PER_MINUTE', 10, 1, 10_000) },
  };
  r.done();
  return config;
}
