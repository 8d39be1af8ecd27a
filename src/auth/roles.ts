export const ROLES = ['reader', 'author', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** admin > editor > author > reader */
export function roleAtLeast(role: Role, required: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(required);
}

/** Who is acting: a signed-in user or an app's API key. Services take it first. */
export interface Actor {
  kind: 'user' | 'apiKey';
  id: string;
  role: Role;
  /** The user behind the credential (the key's creator for API keys). */
  userId: string | null;
  label: string;
}

export const isEditorial = (actor: Actor | null | undefined): actor is Actor => !!actor && roleAtLeast(actor.role, 'author');
