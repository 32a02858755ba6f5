import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

export const API_KEY_ROLES = ['operator', 'admin', 'consumer', 'auditor'] as const;
export type ApiKeyRole = (typeof API_KEY_ROLES)[number];

@Entity('api_keys')
@Check('api_keys_role_check', `"role" IN ('operator', 'admin', 'consumer', 'auditor')`)
export class ApiKeyEntity {
  /** The public half of the key (msk_<id>_<secret>): safe to log and to show in lists. */
  @PrimaryColumn('text') id!: string;
  @Column('text') name!: string;
  @Column('text') role!: ApiKeyRole;
  /** sha256 of the secret half; the secret is 32 random bytes, so a slow hash would add nothing. */
  @Column('text', { name: 'secret_hash' }) secretHash!: string;
  @Column('text', { array: true, default: '{}' }) counties!: string[];
  @Column('text', { array: true, default: '{}' }) departments!: string[];
  @Column('integer', { name: 'rate_per_minute', default: 600 }) ratePerMinute!: number;
  @Column('text', { name: 'created_by' }) createdBy!: string;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt!: Date;
  @Column('timestamptz', { name: 'expires_at', nullable: true }) expiresAt!: Date | null;
  @Column('timestamptz', { name: 'revoked_at', nullable: true }) revokedAt!: Date | null;
  @Column('timestamptz', { name: 'last_used_at', nullable: true }) lastUsedAt!: Date | null;
  @Column('text', { name: 'rotated_from', nullable: true }) rotatedFrom!: string | null;
}
