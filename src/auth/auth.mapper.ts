import type { ApiKeyEntity } from './api-key.entity.js';
import type { ApiKeyModel, UserModel } from './dto/auth.dto.js';
import type { UserEntity } from './user.entity.js';

export const toApiKeyModel = (key: ApiKeyEntity): ApiKeyModel => ({
  id: key.id,
  name: key.name,
  prefix: key.prefix,
  role: key.role,
  createdAt: key.createdAt,
  lastUsedAt: key.lastUsedAt,
});

export const toUserModel = (user: UserEntity): UserModel => ({
  id: user.id,
  email: user.email,
  role: user.role,
  displayName: user.displayName,
  createdAt: user.createdAt,
});
