-- promo_pg schema, version 1: where libpromo_pg counts redemptions (R11).
--
-- libpromo_pg applies this file by itself on first use, inside one
-- transaction under an advisory lock, when the database has no schema
-- "promo" yet; operators who keep DDL rights from the service's role apply it
-- with `promo store init --store URL` (or psql) instead. Every statement is
-- idempotent. A later version of the library ships schema-2.sql, which
-- migrates from this one; the library refuses a database whose schema is
-- newer than it knows.
--
-- Isolation: every function runs as one statement in the caller's implicit
-- transaction at READ COMMITTED. Decisions about a campaign are taken under
-- its row's lock (SELECT ... FOR NO KEY UPDATE in promo.lock_campaign), and
-- every later statement of the function takes a fresh snapshot, so it sees
-- everything the previous holder of the lock committed: the campaign row is
-- the campaign's mutex. Functions that touch several campaigns lock them in
-- the order given, which the library sorts by campaign id, so two of them
-- never deadlock. Instants are seconds since the epoch, passed by the caller
-- (its store clock), or the database's clock when NULL.

CREATE SCHEMA IF NOT EXISTS promo;

CREATE TABLE IF NOT EXISTS promo.schema_version (
  version integer PRIMARY KEY,
  applied_at timestamptz NOT NULL DEFAULT now()
);

-- One row per campaign id ever reserved or committed: its counts, and the
-- lock that serialises every decision about it. `reserved` counts the
-- reservation rows, live or expired but not yet purged.
CREATE TABLE IF NOT EXISTS promo.campaign (
  campaign text PRIMARY KEY,
  redeemed bigint NOT NULL DEFAULT 0 CHECK (redeemed >= 0),
  reserved bigint NOT NULL DEFAULT 0 CHECK (reserved >= 0)
);

-- One row per (campaign, order) that holds or held a slot: 'reserved' until
-- expires_at (then purged by the next write on the campaign), 'redeemed'
-- (counted), 'refunded' (kept for the record; it holds nothing).
CREATE TABLE IF NOT EXISTS promo.claim (
  campaign text NOT NULL REFERENCES promo.campaign (campaign),
  order_id text NOT NULL,
  state text NOT NULL CHECK (state IN ('reserved', 'redeemed', 'refunded')),
  expires_at bigint,
  updated_at bigint NOT NULL,
  PRIMARY KEY (campaign, order_id),
  CHECK ((state = 'reserved') = (expires_at IS NOT NULL))
);

CREATE INDEX IF NOT EXISTS claim_reserved_by_expiry
  ON promo.claim (campaign, expires_at) WHERE state = 'reserved';

-- The database's clock, when the caller passes no instant.
CREATE OR REPLACE FUNCTION promo.clock(p_now bigint) RETURNS bigint
LANGUAGE sql VOLATILE AS $$
  SELECT coalesce(p_now, floor(extract(epoch FROM clock_timestamp()))::bigint)
$$;

-- Locks campaign p_campaign's row (made first when p_create), purges the
-- reservations expired at p_now, and returns the row; NULL when there is
-- no row and p_create is false.
CREATE OR REPLACE FUNCTION promo.lock_campaign(p_campaign text, p_now bigint,
                                               p_create boolean)
RETURNS promo.campaign LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  r promo.campaign;
  gone bigint;
BEGIN
  SELECT * INTO r FROM promo.campaign WHERE campaign = p_campaign
    FOR NO KEY UPDATE;
  IF NOT FOUND THEN
    IF NOT p_create THEN
      RETURN NULL;
    END IF;
    INSERT INTO promo.campaign (campaign) VALUES (p_campaign)
      ON CONFLICT DO NOTHING;
    SELECT * INTO r FROM promo.campaign WHERE campaign = p_campaign
      FOR NO KEY UPDATE;
  END IF;
  WITH expired AS (
    DELETE FROM promo.claim
     WHERE campaign = p_campaign AND state = 'reserved'
       AND expires_at <= p_now
    RETURNING 1)
  SELECT count(*) INTO gone FROM expired;
  IF gone > 0 THEN
    r.reserved := r.reserved - gone;
    UPDATE promo.campaign SET reserved = r.reserved
     WHERE campaign = p_campaign;
  END IF;
  RETURN r;
END
$$;

-- The counts of a campaign at p_now, and whether order p_order holds a slot
-- (counted, or reserved and live). One snapshot, no lock: a read never
-- waits for a writer.
CREATE OR REPLACE FUNCTION promo.count(p_campaign text, p_order text,
                                       p_now bigint)
RETURNS TABLE (redeemed bigint, reserved bigint, held boolean)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  t bigint := promo.clock(p_now);
BEGIN
  RETURN QUERY
  SELECT coalesce(c.redeemed, 0),
         coalesce(c.reserved, 0) -
           (SELECT count(*) FROM promo.claim k
             WHERE k.campaign = p_campaign AND k.state = 'reserved'
               AND k.expires_at <= t),
         EXISTS (SELECT 1 FROM promo.claim k
                  WHERE k.campaign = p_campaign AND k.order_id = p_order
                    AND (k.state = 'redeemed'
                         OR (k.state = 'reserved' AND k.expires_at > t)))
    FROM (SELECT 1) one
    LEFT JOIN promo.campaign c ON c.campaign = p_campaign;
END
$$;

-- Reserves (p_commit false: until p_now + p_ttl) or commits (p_commit true)
-- one slot of each campaign for order p_order, all or nothing: returns
-- {0}, or {i, redeemed, reserved} for the first campaign (1-based) without
-- a free slot (then nothing was reserved or counted). An order already counted is left alone;
-- its live reservation is renewed (reserve) or becomes the redemption
-- (commit); otherwise a slot is free when p_caps[i] is 0 or redeemed +
-- reserved < p_caps[i].
CREATE OR REPLACE FUNCTION promo.take(p_campaigns text[], p_caps bigint[],
                                      p_order text, p_now bigint,
                                      p_ttl bigint, p_commit boolean)
RETURNS bigint[] LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  t bigint := promo.clock(p_now);
  expires bigint;
  n integer := coalesce(array_length(p_campaigns, 1), 0);
  states text[];
  r promo.campaign;
  s text;
BEGIN
  IF NOT p_commit THEN
    expires := least(t::numeric + p_ttl, 9223372036854775807)::bigint;
  END IF;
  FOR i IN 1 .. n LOOP
    r := promo.lock_campaign(p_campaigns[i], t, true);
    SELECT k.state INTO s FROM promo.claim k
     WHERE k.campaign = p_campaigns[i] AND k.order_id = p_order;
    s := CASE WHEN s IN ('reserved', 'redeemed') THEN s ELSE 'none' END;
    IF s = 'none' AND p_caps[i] > 0
       AND r.redeemed + r.reserved >= p_caps[i] THEN
      RETURN ARRAY[i, r.redeemed, r.reserved];
    END IF;
    states[i] := s;
  END LOOP;
  FOR i IN 1 .. n LOOP
    IF states[i] = 'redeemed' THEN
      CONTINUE;
    ELSIF states[i] = 'reserved' AND NOT p_commit THEN
      UPDATE promo.claim SET expires_at = expires, updated_at = t
       WHERE campaign = p_campaigns[i] AND order_id = p_order;
    ELSIF states[i] = 'reserved' THEN
      UPDATE promo.claim
         SET state = 'redeemed', expires_at = NULL, updated_at = t
       WHERE campaign = p_campaigns[i] AND order_id = p_order;
      UPDATE promo.campaign
         SET reserved = reserved - 1, redeemed = redeemed + 1
       WHERE campaign = p_campaigns[i];
    ELSE
      INSERT INTO promo.claim AS k
             (campaign, order_id, state, expires_at, updated_at)
      VALUES (p_campaigns[i], p_order,
              CASE WHEN p_commit THEN 'redeemed' ELSE 'reserved' END,
              expires, t)
      ON CONFLICT (campaign, order_id) DO UPDATE
         SET state = excluded.state, expires_at = excluded.expires_at,
             updated_at = excluded.updated_at;
      IF p_commit THEN
        UPDATE promo.campaign SET redeemed = redeemed + 1
         WHERE campaign = p_campaigns[i];
      ELSE
        UPDATE promo.campaign SET reserved = reserved + 1
         WHERE campaign = p_campaigns[i];
      END IF;
    END IF;
  END LOOP;
  RETURN ARRAY[0];
END
$$;

-- Releases (p_refund false: drops the order's reservation) or refunds
-- (p_refund true: un-counts its redemption, kept as 'refunded') each
-- campaign's slot held by order p_order. Nothing to do is fine.
CREATE OR REPLACE FUNCTION promo.give_back(p_campaigns text[], p_order text,
                                           p_now bigint, p_refund boolean)
RETURNS void LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  t bigint := promo.clock(p_now);
  r promo.campaign;
BEGIN
  FOR i IN 1 .. coalesce(array_length(p_campaigns, 1), 0) LOOP
    r := promo.lock_campaign(p_campaigns[i], t, false);
    IF r.campaign IS NULL THEN
      CONTINUE;
    END IF;
    IF p_refund THEN
      UPDATE promo.claim SET state = 'refunded', updated_at = t
       WHERE campaign = p_campaigns[i] AND order_id = p_order
         AND state = 'redeemed';
      IF FOUND THEN
        UPDATE promo.campaign SET redeemed = redeemed - 1
         WHERE campaign = p_campaigns[i];
      END IF;
    ELSE
      DELETE FROM promo.claim
       WHERE campaign = p_campaigns[i] AND order_id = p_order
         AND state = 'reserved';
      IF FOUND THEN
        UPDATE promo.campaign SET reserved = reserved - 1
         WHERE campaign = p_campaigns[i];
      END IF;
    END IF;
  END LOOP;
END
$$;

INSERT INTO promo.schema_version (version) VALUES (1)
  ON CONFLICT DO NOTHING;
