import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * 亮晒比 statistics (decision 035). Every writer of the sources (router replicas, the 督办 watch, the rating intake,
 * backfills) keeps them right in its own transaction through triggers:
 *
 * - `stats_rounds`: one row per handling round (a decision revision) with its key — the Shanghai day the ticket was
 *   received, county, town, lead department, channel — and what has happened to it; the triggers flip its flags once,
 *   so a re-sent event or a rating delivered twice counts once;
 * - `stats_deltas`: append-only counter changes the triggers write (no shared row is locked, so concurrent
 *   transactions never queue behind one another or deadlock on a hot rollup row);
 * - `stats_daily`: the rollup, keyed (day, county, town, department, channel); `stats_compact()` folds the deltas
 *   into it. Readers sum both, so what is committed is counted at once.
 */
export class StatsRollups1764328800000 implements MigrationInterface {
  name = 'StatsRollups1764328800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "stats_rounds" (
      "item_id" text NOT NULL, "decision_revision" integer NOT NULL,
      "day" date NOT NULL, "county_code" text NOT NULL, "town_code" text NOT NULL, "department" text NOT NULL,
      "channel" text NOT NULL, "first" boolean NOT NULL, "mode" text NOT NULL, "dispatched" boolean NOT NULL,
      "decided_at" timestamptz NOT NULL, "due_at" timestamptz,
      "accepted" boolean NOT NULL DEFAULT false, "returned" boolean NOT NULL DEFAULT false,
      "closed_at" timestamptz, "on_time" boolean NOT NULL DEFAULT false, "handling_days" integer,
      "rating" text, "overdue" boolean NOT NULL DEFAULT false, "escalated" boolean NOT NULL DEFAULT false,
      PRIMARY KEY ("item_id", "decision_revision"))`);
    const counters = `"received" integer NOT NULL DEFAULT 0, "routed_auto" integer NOT NULL DEFAULT 0,
      "triaged" integer NOT NULL DEFAULT 0, "dispatched" integer NOT NULL DEFAULT 0,
      "accepted" integer NOT NULL DEFAULT 0, "returned" integer NOT NULL DEFAULT 0, "closed" integer NOT NULL DEFAULT 0,
      "closed_on_time" integer NOT NULL DEFAULT 0, "handling_days" bigint NOT NULL DEFAULT 0,
      "rated" integer NOT NULL DEFAULT 0, "satisfied" integer NOT NULL DEFAULT 0,
      "basically_satisfied" integer NOT NULL DEFAULT 0, "dissatisfied" integer NOT NULL DEFAULT 0,
      "overdue" integer NOT NULL DEFAULT 0, "escalated" integer NOT NULL DEFAULT 0`;
    const key = `"day" date NOT NULL, "county_code" text NOT NULL, "town_code" text NOT NULL,
      "department" text NOT NULL, "channel" text NOT NULL`;
    await q.query(`CREATE TABLE "stats_daily" (${key}, ${counters},
      PRIMARY KEY ("day", "county_code", "town_code", "department", "channel"))`);
    // The API's filters: a county (and department) over a range of days, or a department city-wide.
    await q.query(
      `CREATE INDEX "ix_stats_daily_county" ON "stats_daily" ("county_code", "department", "day")`,
    );
    await q.query(`CREATE INDEX "ix_stats_daily_department" ON "stats_daily" ("department", "day")`);
    await q.query(`CREATE TABLE "stats_deltas" ("id" bigserial PRIMARY KEY, ${key}, ${counters})`);

    await q.query(`CREATE FUNCTION stats_is_working(d date) RETURNS boolean LANGUAGE sql STABLE AS $$
      SELECT coalesce((SELECT c.kind = 'workday' FROM calendar_days c WHERE c.date = d), extract(isodow FROM d) < 6)
    $$`);
    // Working days after the day of dispatch up to and including the day of closing (Shanghai dates): the count a
    // deadline of N working days is measured in (WorkingCalendar.dueDate), so a round closed on time took <= N.
    await q.query(`CREATE FUNCTION stats_working_days(a date, b date) RETURNS integer LANGUAGE sql STABLE AS $$
      SELECT count(*)::integer FROM generate_series(a + 1, b, interval '1 day') g(d) WHERE stats_is_working(g.d::date)
    $$`);
    await q.query(`CREATE FUNCTION stats_shanghai_day(t timestamptz) RETURNS date LANGUAGE sql IMMUTABLE AS $$
      SELECT (t AT TIME ZONE 'Asia/Shanghai')::date
    $$`);

    await q.query(`CREATE FUNCTION stats_on_decision() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE r stats_rounds;
      BEGIN
        INSERT INTO stats_rounds (item_id, decision_revision, day, county_code, town_code, department, channel, first,
          mode, dispatched, decided_at, due_at)
        VALUES (NEW.item_id, NEW.decision_revision,
          stats_shanghai_day(coalesce((NEW.ticket->'item'->>'receivedAt')::timestamptz, NEW.created_at)),
          coalesce(NEW.county_code, ''), coalesce(NEW.ticket->'decision'->'jurisdiction'->'codes'->>'town', ''),
          coalesce(NEW.department_code, ''), coalesce(NEW.ticket->'item'->>'channel', ''),
          NOT EXISTS (SELECT 1 FROM stats_rounds s WHERE s.item_id = NEW.item_id),
          NEW.mode, NEW.mode = 'auto' AND NEW.department_code IS NOT NULL,
          coalesce((NEW.ticket->'decision'->>'decidedAt')::timestamptz, NEW.created_at), NEW.due_at)
        ON CONFLICT DO NOTHING
        RETURNING * INTO r;
        IF r.item_id IS NULL THEN RETURN NULL; END IF;
        INSERT INTO stats_deltas (day, county_code, town_code, department, channel, received, routed_auto, triaged,
          dispatched)
        VALUES (r.day, r.county_code, r.town_code, r.department, r.channel, r.first::int,
          (r.first AND r.mode = 'auto')::int, (r.first AND r.mode = 'triage')::int, r.dispatched::int);
        RETURN NULL;
      END $$`);

    await q.query(`CREATE FUNCTION stats_on_feedback() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE r stats_rounds; acc int := 0; ret int := 0; clo int := 0; ontime int := 0; days int := 0;
      BEGIN
        IF NEW.kind NOT IN ('accepted', 'returned', 'closed') THEN RETURN NULL; END IF;
        SELECT * INTO r FROM stats_rounds WHERE item_id = NEW.item_id AND decision_revision = NEW.decision_revision
          FOR UPDATE;
        IF NOT FOUND THEN RETURN NULL; END IF;
        -- Closing a round means it was taken on (受理), with or without an accepted event before.
        IF NEW.kind IN ('accepted', 'closed') AND NOT r.accepted THEN acc := 1; END IF;
        IF NEW.kind = 'returned' AND NOT r.returned THEN ret := 1; END IF;
        IF NEW.kind = 'closed' AND r.closed_at IS NULL THEN
          clo := 1;
          ontime := (r.due_at IS NOT NULL AND NEW.at <= r.due_at)::int;
          days := greatest(stats_working_days(stats_shanghai_day(r.decided_at), stats_shanghai_day(NEW.at)), 0);
        END IF;
        IF acc + ret + clo = 0 THEN RETURN NULL; END IF;
        UPDATE stats_rounds SET accepted = accepted OR acc = 1, returned = returned OR ret = 1,
          closed_at = CASE WHEN clo = 1 THEN NEW.at ELSE closed_at END, on_time = on_time OR ontime = 1,
          handling_days = CASE WHEN clo = 1 THEN days ELSE handling_days END
        WHERE item_id = r.item_id AND decision_revision = r.decision_revision;
        INSERT INTO stats_deltas (day, county_code, town_code, department, channel, accepted, returned, closed,
          closed_on_time, handling_days)
        VALUES (r.day, r.county_code, r.town_code, r.department, r.channel, acc, ret, clo, ontime, days);
        RETURN NULL;
      END $$`);

    // One rating per round (the table's key); a changed rating moves the count from the old verdict to the new one.
    await q.query(`CREATE FUNCTION stats_on_rating() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE r stats_rounds; old_rating text;
      BEGIN
        SELECT * INTO r FROM stats_rounds WHERE item_id = NEW.item_id AND decision_revision = NEW.decision_revision
          FOR UPDATE;
        IF NOT FOUND OR r.rating IS NOT DISTINCT FROM NEW.rating THEN RETURN NULL; END IF;
        old_rating := r.rating;
        UPDATE stats_rounds SET rating = NEW.rating
        WHERE item_id = r.item_id AND decision_revision = r.decision_revision;
        INSERT INTO stats_deltas (day, county_code, town_code, department, channel, rated, satisfied,
          basically_satisfied, dissatisfied)
        VALUES (r.day, r.county_code, r.town_code, r.department, r.channel, (old_rating IS NULL)::int,
          (NEW.rating = 'satisfied')::int - (old_rating IS NOT DISTINCT FROM 'satisfied')::int,
          (NEW.rating = 'basically_satisfied')::int - (old_rating IS NOT DISTINCT FROM 'basically_satisfied')::int,
          (NEW.rating = 'dissatisfied')::int - (old_rating IS NOT DISTINCT FROM 'dissatisfied')::int);
        RETURN NULL;
      END $$`);

    await q.query(`CREATE FUNCTION stats_on_supervision() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE r stats_rounds; ove int := 0; esc int := 0;
      BEGIN
        SELECT * INTO r FROM stats_rounds WHERE item_id = NEW.item_id AND decision_revision = NEW.decision_revision
          FOR UPDATE;
        IF NOT FOUND THEN RETURN NULL; END IF;
        IF NEW.kind = 'overdue' AND NOT r.overdue THEN ove := 1; END IF;
        IF NEW.kind = 'escalated' AND NOT r.escalated THEN esc := 1; END IF;
        IF ove + esc = 0 THEN RETURN NULL; END IF;
        UPDATE stats_rounds SET overdue = overdue OR ove = 1, escalated = escalated OR esc = 1
        WHERE item_id = r.item_id AND decision_revision = r.decision_revision;
        INSERT INTO stats_deltas (day, county_code, town_code, department, channel, overdue, escalated)
        VALUES (r.day, r.county_code, r.town_code, r.department, r.channel, ove, esc);
        RETURN NULL;
      END $$`);

    await q.query(`CREATE TRIGGER stats_decision AFTER INSERT ON routing_decisions
      FOR EACH ROW EXECUTE FUNCTION stats_on_decision()`);
    await q.query(`CREATE TRIGGER stats_feedback AFTER INSERT ON feedback_events
      FOR EACH ROW EXECUTE FUNCTION stats_on_feedback()`);
    await q.query(`CREATE TRIGGER stats_rating AFTER INSERT OR UPDATE OF rating ON ticket_ratings
      FOR EACH ROW EXECUTE FUNCTION stats_on_rating()`);
    await q.query(`CREATE TRIGGER stats_supervision AFTER INSERT ON supervision_events
      FOR EACH ROW EXECUTE FUNCTION stats_on_supervision()`);

    // Folds the deltas written so far into the rollup; one caller at a time (the others return at once), so replicas
    // can all call it. Returns the number of deltas folded.
    await q.query(`CREATE FUNCTION stats_compact(max_rows integer DEFAULT 100000) RETURNS integer
      LANGUAGE plpgsql AS $$
      DECLARE n integer;
      BEGIN
        IF NOT pg_try_advisory_xact_lock(hashtext('stats_compact')) THEN RETURN 0; END IF;
        WITH moved AS (
          DELETE FROM stats_deltas WHERE id IN (SELECT id FROM stats_deltas ORDER BY id LIMIT max_rows) RETURNING *
        ), summed AS (
          SELECT day, county_code, town_code, department, channel, sum(received) received,
            sum(routed_auto) routed_auto, sum(triaged) triaged, sum(dispatched) dispatched, sum(accepted) accepted,
            sum(returned) returned, sum(closed) closed, sum(closed_on_time) closed_on_time,
            sum(handling_days) handling_days, sum(rated) rated, sum(satisfied) satisfied,
            sum(basically_satisfied) basically_satisfied, sum(dissatisfied) dissatisfied, sum(overdue) overdue,
            sum(escalated) escalated, count(*) n
          FROM moved GROUP BY day, county_code, town_code, department, channel
        ), folded AS (
          INSERT INTO stats_daily AS s (day, county_code, town_code, department, channel, received, routed_auto,
            triaged, dispatched, accepted, returned, closed, closed_on_time, handling_days, rated, satisfied,
            basically_satisfied, dissatisfied, overdue, escalated)
          SELECT day, county_code, town_code, department, channel, received, routed_auto, triaged, dispatched,
            accepted, returned, closed, closed_on_time, handling_days, rated, satisfied, basically_satisfied,
            dissatisfied, overdue, escalated
          FROM summed ORDER BY day, county_code, town_code, department, channel
          ON CONFLICT (day, county_code, town_code, department, channel) DO UPDATE SET
            received = s.received + EXCLUDED.received, routed_auto = s.routed_auto + EXCLUDED.routed_auto,
            triaged = s.triaged + EXCLUDED.triaged, dispatched = s.dispatched + EXCLUDED.dispatched,
            accepted = s.accepted + EXCLUDED.accepted, returned = s.returned + EXCLUDED.returned,
            closed = s.closed + EXCLUDED.closed, closed_on_time = s.closed_on_time + EXCLUDED.closed_on_time,
            handling_days = s.handling_days + EXCLUDED.handling_days, rated = s.rated + EXCLUDED.rated,
            satisfied = s.satisfied + EXCLUDED.satisfied,
            basically_satisfied = s.basically_satisfied + EXCLUDED.basically_satisfied,
            dissatisfied = s.dissatisfied + EXCLUDED.dissatisfied, overdue = s.overdue + EXCLUDED.overdue,
            escalated = s.escalated + EXCLUDED.escalated
        )
        SELECT coalesce(sum(summed.n), 0) INTO n FROM summed;
        RETURN n;
      END $$`);

    // Rebuilds rounds and rollup from the sources: the migration's backfill, and a repair after a bulk load that
    // bypassed the triggers. Working days come from one ordinal per calendar day rather than a count per round.
    await q.query(`CREATE FUNCTION stats_backfill() RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM set_config('work_mem', '256MB', true);
        LOCK TABLE stats_rounds, stats_daily, stats_deltas IN EXCLUSIVE MODE;
        TRUNCATE stats_rounds, stats_daily, stats_deltas;
        CREATE TEMP TABLE stats_ordinals ON COMMIT DROP AS
          SELECT g.d::date AS day, count(*) FILTER (WHERE stats_is_working(g.d::date)) OVER (ORDER BY g.d) AS ord
          FROM generate_series(
            least(current_date, (SELECT min(stats_shanghai_day(created_at)) FROM routing_decisions),
              (SELECT min(stats_shanghai_day(at)) FROM feedback_events)) - 1,
            greatest(current_date, (SELECT max(stats_shanghai_day(at)) FROM feedback_events)) + 1,
            interval '1 day') g(d);
        ALTER TABLE stats_ordinals ADD PRIMARY KEY (day);
        ANALYZE stats_ordinals;
        INSERT INTO stats_rounds (item_id, decision_revision, day, county_code, town_code, department, channel, first,
          mode, dispatched, decided_at, due_at, accepted, returned, closed_at, on_time, handling_days, rating, overdue,
          escalated)
        SELECT d.item_id, d.decision_revision, d.day, d.county_code, d.town_code, d.department, d.channel, d.first,
          d.mode, d.dispatched, d.decided_at, d.due_at, coalesce(f.accepted, false), coalesce(f.returned, false),
          f.closed_at, coalesce(f.closed_at <= d.due_at, false),
          CASE WHEN f.closed_at IS NOT NULL THEN greatest(coalesce(oc.ord - od.ord, 0), 0) END,
          t.rating, coalesce(e.overdue, false), coalesce(e.escalated, false)
        FROM (
          SELECT item_id, decision_revision,
            stats_shanghai_day(coalesce((ticket->'item'->>'receivedAt')::timestamptz, created_at)) AS day,
            coalesce(county_code, '') AS county_code,
            coalesce(ticket->'decision'->'jurisdiction'->'codes'->>'town', '') AS town_code,
            coalesce(department_code, '') AS department, coalesce(ticket->'item'->>'channel', '') AS channel,
            decision_revision = min(decision_revision) OVER (PARTITION BY item_id) AS first, mode,
            mode = 'auto' AND department_code IS NOT NULL AS dispatched,
            coalesce((ticket->'decision'->>'decidedAt')::timestamptz, created_at) AS decided_at, due_at
          FROM routing_decisions
        ) d
        LEFT JOIN (
          SELECT item_id, decision_revision, bool_or(kind IN ('accepted', 'closed')) AS accepted,
            bool_or(kind = 'returned') AS returned, min(at) FILTER (WHERE kind = 'closed') AS closed_at
          FROM feedback_events WHERE kind IN ('accepted', 'returned', 'closed')
          GROUP BY item_id, decision_revision
        ) f ON f.item_id = d.item_id AND f.decision_revision = d.decision_revision
        LEFT JOIN ticket_ratings t ON t.item_id = d.item_id AND t.decision_revision = d.decision_revision
        LEFT JOIN (
          SELECT item_id, decision_revision, bool_or(kind = 'overdue') AS overdue,
            bool_or(kind = 'escalated') AS escalated
          FROM supervision_events GROUP BY item_id, decision_revision
        ) e ON e.item_id = d.item_id AND e.decision_revision = d.decision_revision
        LEFT JOIN stats_ordinals od ON od.day = stats_shanghai_day(d.decided_at)
        LEFT JOIN stats_ordinals oc ON oc.day = stats_shanghai_day(f.closed_at)
        ON CONFLICT DO NOTHING;
        INSERT INTO stats_daily (day, county_code, town_code, department, channel, received, routed_auto, triaged,
          dispatched, accepted, returned, closed, closed_on_time, handling_days, rated, satisfied,
          basically_satisfied, dissatisfied, overdue, escalated)
        SELECT day, county_code, town_code, department, channel, count(*) FILTER (WHERE first),
          count(*) FILTER (WHERE first AND mode = 'auto'), count(*) FILTER (WHERE first AND mode = 'triage'),
          count(*) FILTER (WHERE dispatched), count(*) FILTER (WHERE accepted), count(*) FILTER (WHERE returned),
          count(*) FILTER (WHERE closed_at IS NOT NULL), count(*) FILTER (WHERE on_time),
          coalesce(sum(handling_days), 0), count(rating), count(*) FILTER (WHERE rating = 'satisfied'),
          count(*) FILTER (WHERE rating = 'basically_satisfied'), count(*) FILTER (WHERE rating = 'dissatisfied'),
          count(*) FILTER (WHERE overdue), count(*) FILTER (WHERE escalated)
        FROM stats_rounds GROUP BY day, county_code, town_code, department, channel;
      END $$`);
    await q.query(`SELECT stats_backfill()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER stats_supervision ON supervision_events`);
    await q.query(`DROP TRIGGER stats_rating ON ticket_ratings`);
    await q.query(`DROP TRIGGER stats_feedback ON feedback_events`);
    await q.query(`DROP TRIGGER stats_decision ON routing_decisions`);
    for (const f of [
      'stats_backfill()',
      'stats_compact(integer)',
      'stats_on_supervision()',
      'stats_on_rating()',
      'stats_on_feedback()',
      'stats_on_decision()',
      'stats_shanghai_day(timestamptz)',
      'stats_working_days(date, date)',
      'stats_is_working(date)',
    ])
      await q.query(`DROP FUNCTION ${f}`);
    await q.query(`DROP TABLE "stats_deltas"`);
    await q.query(`DROP TABLE "stats_daily"`);
    await q.query(`DROP TABLE "stats_rounds"`);
  }
}
