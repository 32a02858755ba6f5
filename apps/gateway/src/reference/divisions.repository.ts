import { Inject, Injectable } from '@nestjs/common';
import { type DataSource } from 'typeorm';
import { DATA_SOURCE } from '@minsheng/shared/runtime';

export interface DivisionRow {
  code: string;
  name: string;
  level: string;
  parentCode: string;
}

/** divisions (the gazetteer, seeded by migration): read for pickers; the router owns matching text against it. */
@Injectable()
export class DivisionsRepository {
  constructor(@Inject(DATA_SOURCE) private readonly db: DataSource) {}

  /** Children of one division (the city's counties for 341200), or any division whose name holds `q`, by code. */
  async find(f: { parent?: string; q?: string; limit: number; after?: string }): Promise<DivisionRow[]> {
    const rows = await this.db.query<{ code: string; name: string; level: string; parent_code: string }[]>(
      `SELECT code, name, level, parent_code FROM divisions
       WHERE ($1::text IS NULL OR parent_code = $1) AND ($2::text IS NULL OR strpos(name, $2) > 0)
         AND ($3::text IS NULL OR code > $3)
       ORDER BY code LIMIT $4`,
      [f.parent ?? null, f.q ?? null, f.after ?? null, f.limit],
    );
    return rows.map((r) => ({ code: r.code, name: r.name, level: r.level, parentCode: r.parent_code }));
  }
}
