import { InputType, Int, ObjectType, registerEnumType, ID, GraphQLISODateTime } from '@nestjs/graphql';
import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { Prop } from '../../common/api/prop.js';
import { IsEmailAddress, IsNewPassword, IsSingleLine } from '../../common/validation/decorators.js';
import { ROLES, type Role } from '../roles.js';

export const RoleEnum = Object.fromEntries(ROLES.map((r) => [r, r])) as Record<Role, Role>;
registerEnumType(RoleEnum, { name: 'Role', description: 'admin > editor > author > reader' });

@InputType({ description: 'Email and password of a user account.' })
export class LoginInput {
  @Prop({ type: () => String, description: 'Account email.', example: 'editor@example.com' })
  @IsEmailAddress()
  email!: string;

  @Prop({ type: () => String, description: 'Account password.', example: 'correct horse battery staple' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password!: string;
}

@ObjectType({ description: 'A bearer token for the Authorization header.' })
export class LoginResult {
  @Prop({ type: () => String, description: 'The JWT to send as `Authorization: Bearer <token>`.', example: 'eyJhbGciOiJIUzI1NiJ9…' })
  accessToken!: string;

  @Prop({ type: () => String, description: 'Always "Bearer".', example: 'Bearer' })
  tokenType!: 'Bearer';

  @Prop({ type: () => Int, description: 'Seconds until the token expires.', example: 3600 })
  expiresIn!: number;
}

@InputType({ description: 'A new API key for an app.' })
export class CreateApiKeyInput {
  @Prop({ type: () => String, description: 'What the key is for.', example: 'iOS app' })
  @IsSingleLine(100)
  name!: string;

  @Prop({ type: () => RoleEnum, enum: RoleEnum, enumName: 'Role', description: 'The role the key acts with; at most your own.', example: 'reader' })
  @IsIn(ROLES)
  role!: Role;
}

@ObjectType('ApiKey', { description: 'An API key (the secret itself is shown once, at creation).' })
export class ApiKeyModel {
  @Prop({ type: () => ID, description: 'Key id.' })
  id!: string;

  @Prop({ type: () => String, description: 'What the key is for.', example: 'iOS app' })
  name!: string;

  @Prop({ type: () => String, description: 'The first characters of the key, to recognise it.', example: 'nrc_Ab12Cd' })
  prefix!: string;

  @Prop({ type: () => RoleEnum, enum: RoleEnum, enumName: 'Role', description: 'Role the key acts with.' })
  role!: Role;

  @Prop({ type: () => GraphQLISODateTime, description: 'When it was created.' })
  createdAt!: Date;

  @Prop({ type: () => GraphQLISODateTime, nullable: true, description: 'When it was last used (to the minute).' })
  lastUsedAt!: Date | null;
}

@ObjectType({ description: 'A new API key with its secret, shown this once.' })
export class CreatedApiKey extends ApiKeyModel {
  @Prop({ type: () => String, description: 'The key. Store it now: it cannot be shown again.', example: 'nrc_Ab12Cd…' })
  key!: string;
}

@InputType({ description: 'A new user account.' })
export class CreateUserInput {
  @Prop({ type: () => String, description: 'Login email.', example: 'author@example.com' })
  @IsEmailAddress()
  email!: string;

  @Prop({ type: () => String, description: 'At least 8 characters.', example: 'a long passphrase' })
  @IsNewPassword()
  password!: string;

  @Prop({ type: () => RoleEnum, enum: RoleEnum, enumName: 'Role', description: 'The account role.', example: 'author' })
  @IsIn(ROLES)
  role!: Role;

  @Prop({ type: () => String, optional: true, description: 'Name shown to colleagues.', example: 'Anna Petrova' })
  @IsOptional()
  @IsSingleLine(200)
  displayName?: string;
}

@ObjectType('User', { description: 'A user account.' })
export class UserModel {
  @Prop({ type: () => ID, description: 'User id.' })
  id!: string;

  @Prop({ type: () => String, description: 'Login email.' })
  email!: string;

  @Prop({ type: () => RoleEnum, enum: RoleEnum, enumName: 'Role', description: 'The account role.' })
  role!: Role;

  @Prop({ type: () => String, description: 'Name shown to colleagues.' })
  displayName!: string;

  @Prop({ type: () => GraphQLISODateTime, description: 'When the account was created.' })
  createdAt!: Date;
}
