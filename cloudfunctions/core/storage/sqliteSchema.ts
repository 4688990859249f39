// Schema migrations for the SQLite adapter, applied in order; `PRAGMA user_version` records progress.
/**
 * The complaints filed per subject and period, counted from the complaints (the migration that makes
 * filed_counts, and bench/fill.ts after writing rows straight into the table). Periods as filedPeriod in
 * sqlite.ts: a site's Beijing hour (YYYY-MM-DDTHH), an employer's Beijing day (YYYY-MM-DD).
 */
export const FILED_COUNTS_BUILD = `
  INSERT INTO filed_counts (subject, period, n)
    SELECT 'site:' || site_code, strftime('%Y-%m-%dT%H', created_at, '+8 hours'), COUNT(*)
    FROM complaints WHERE site_code IS NOT NULL AND site_code <> '' GROUP BY 1, 2;
  INSERT INTO filed_counts (subject, period, n)
    SELECT employer_key, strftime('%Y-%m-%d', created_at, '+8 hours'), COUNT(*)
    FROM complaints WHERE employer_key IS NOT NULL AND employer_key <> '' GROUP BY 1, 2;
`

export const MIGRATIONS: string[] = [
  `
  CREATE TABLE depts (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, area_code TEXT NOT NULL,
    parent_id TEXT REFERENCES depts(id), active INTEGER NOT NULL DEFAULT 1, created_at TEXT NOT NULL
  );
  CREATE TABLE users (
    openid TEXT PRIMARY KEY, role TEXT NOT NULL, dept_id TEXT REFERENCES depts(id), name TEXT,
    created_at TEXT NOT NULL
  );
  CREATE TABLE rules (
    id TEXT PRIMARY KEY, area_prefix TEXT NOT NULL, industry TEXT NOT NULL,
    dept_id TEXT NOT NULL REFERENCES depts(id), created_at TEXT NOT NULL,
    UNIQUE (area_prefix, industry)
  );
  CREATE TABLE sites (
    code TEXT PRIMARY KEY, name TEXT NOT NULL, address TEXT NOT NULL, area_code TEXT NOT NULL,
    industry TEXT NOT NULL, funding TEXT NOT NULL, contractor_name TEXT NOT NULL, contractor_uscc TEXT NOT NULL,
    supervising_dept_id TEXT NOT NULL REFERENCES depts(id), issuer_dept_id TEXT NOT NULL REFERENCES depts(id),
    retired INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL
  );
  CREATE TABLE invites (
    code TEXT PRIMARY KEY, role TEXT NOT NULL, dept_id TEXT NOT NULL REFERENCES depts(id),
    created_by TEXT NOT NULL, created_at TEXT NOT NULL, expires_at TEXT NOT NULL,
    used_by TEXT, used_at TEXT, revoked INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE case_seq (area_code TEXT NOT NULL, year INTEGER NOT NULL, last INTEGER NOT NULL, PRIMARY KEY (area_code, year));
  CREATE TABLE complaints (
    id TEXT PRIMARY KEY, case_no TEXT NOT NULL UNIQUE, channel TEXT NOT NULL,
    site_code TEXT, placement TEXT, project_name TEXT NOT NULL, project_address TEXT NOT NULL,
    employer_name TEXT NOT NULL, employer_uscc TEXT, area_code TEXT NOT NULL, industry TEXT NOT NULL,
    funding TEXT NOT NULL, owner_openid TEXT, client_request_id TEXT NOT NULL, filed_by TEXT NOT NULL,
    complainant TEXT NOT NULL, complainants TEXT NOT NULL, worker_count INTEGER NOT NULL,
    amount_owed_fen INTEGER NOT NULL, owed_since TEXT NOT NULL, description TEXT NOT NULL,
    photos TEXT NOT NULL, hide_identity INTEGER NOT NULL, boss_unreachable INTEGER NOT NULL,
    status TEXT NOT NULL, first_responder_dept_id TEXT NOT NULL, handler_dept_id TEXT NOT NULL,
    accept_due_at TEXT, resolve_due_at TEXT, complex INTEGER NOT NULL DEFAULT 0,
    card TEXT NOT NULL DEFAULT 'none', risk_level TEXT NOT NULL DEFAULT 'none', claim_code TEXT,
    amount_recovered_fen INTEGER, rating INTEGER, rating_comment TEXT, reopen_count INTEGER NOT NULL DEFAULT 0,
    last_progress_at TEXT, accepted_at TEXT, resolved_at TEXT, closed_at TEXT,
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL, version INTEGER NOT NULL DEFAULT 1,
    UNIQUE (filed_by, client_request_id)
  );
  -- One index per queue query (see queue() in sqlite.ts).
  CREATE INDEX complaints_handler ON complaints (handler_dept_id, status, created_at, id);
  CREATE INDEX complaints_first_responder ON complaints (first_responder_dept_id, status, created_at, id);
  CREATE INDEX complaints_area ON complaints (area_code, created_at, id);
  CREATE INDEX complaints_owner ON complaints (owner_openid, created_at);
  CREATE INDEX complaints_accept_due ON complaints (status, accept_due_at);
  CREATE INDEX complaints_resolve_due ON complaints (status, resolve_due_at);
  CREATE INDEX complaints_site ON complaints (site_code, status);
  CREATE TABLE events (
    id INTEGER PRIMARY KEY AUTOINCREMENT, complaint_id TEXT NOT NULL REFERENCES complaints(id),
    at TEXT NOT NULL, type TEXT NOT NULL, actor_openid TEXT, actor_dept_id TEXT, note TEXT NOT NULL,
    visible_to_worker INTEGER NOT NULL, data TEXT
  );
  CREATE INDEX events_complaint ON events (complaint_id, id);
  -- The timeline is append-only.
  CREATE TRIGGER events_no_update BEFORE UPDATE ON events BEGIN SELECT RAISE(ABORT, 'timeline is append-only'); END;
  CREATE TRIGGER events_no_delete BEFORE DELETE ON events BEGIN SELECT RAISE(ABORT, 'timeline is append-only'); END;
  CREATE TABLE config (id INTEGER PRIMARY KEY CHECK (id = 1), value TEXT NOT NULL, updated_at TEXT NOT NULL);
  `,
  `
  CREATE INDEX complaints_resolved_at ON complaints (status, resolved_at);
  `,
  `
  -- Messages to send, written in the same transaction as the events they announce (outbox).
  CREATE TABLE outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT, complaint_id TEXT, recipient TEXT NOT NULL, template TEXT NOT NULL,
    title TEXT NOT NULL, body TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'pending', attempts INTEGER NOT NULL DEFAULT 0,
    next_at TEXT NOT NULL, lease_until TEXT, last_error TEXT, created_at TEXT NOT NULL, sent_at TEXT
  );
  CREATE INDEX outbox_due ON outbox (status, next_at);
  -- Immediate reports (即时报告): one per subject and trigger.
  CREATE TABLE alerts (
    id TEXT PRIMARY KEY, subject TEXT NOT NULL, trigger TEXT NOT NULL, area_code TEXT NOT NULL,
    note TEXT NOT NULL, complaint_ids TEXT NOT NULL, created_at TEXT NOT NULL,
    UNIQUE (subject, trigger)
  );
  CREATE INDEX alerts_area ON alerts (area_code, created_at);
  ALTER TABLE complaints ADD COLUMN accept_escalated_at TEXT;
  ALTER TABLE complaints ADD COLUMN employer_key TEXT NOT NULL DEFAULT '';
  CREATE INDEX complaints_employer ON complaints (employer_key, status, created_at);
  `,
  `
  CREATE TABLE templates (
    id TEXT PRIMARY KEY, action TEXT NOT NULL, title TEXT NOT NULL, text TEXT NOT NULL,
    area_code TEXT NOT NULL, updated_by TEXT NOT NULL, updated_at TEXT NOT NULL
  );
  CREATE INDEX invites_dept ON invites (dept_id, created_at);
  CREATE INDEX sites_area ON sites (area_code);
  `,
  `
  CREATE INDEX complaints_filed_by ON complaints (filed_by, created_at);
  CREATE INDEX complaints_site_time ON complaints (site_code, created_at);
  `,
  `
  CREATE INDEX complaints_employer_time ON complaints (employer_key, created_at);
  `,
  `
  -- Messages go by WeChat or SMS; an SMS row's recipient is the phone, its parameters JSON.
  ALTER TABLE outbox ADD COLUMN channel TEXT NOT NULL DEFAULT 'wechat';
  ALTER TABLE outbox ADD COLUMN params TEXT;
  CREATE INDEX outbox_sms_recipient ON outbox (recipient, created_at) WHERE channel = 'sms';
  -- One-time WeChat subscription credits per user and template (each accepted request adds one).
  CREATE TABLE consents (
    openid TEXT NOT NULL, template_id TEXT NOT NULL, credits INTEGER NOT NULL CHECK (credits >= 0),
    updated_at TEXT NOT NULL, PRIMARY KEY (openid, template_id)
  );
  `,
  `
  -- Each unit's public complaint phone, shown to workers for tap-to-call.
  ALTER TABLE depts ADD COLUMN phone TEXT NOT NULL DEFAULT '';
  `,
  `
  -- The workers of a desk-filed case, each with their own claim code and, once claimed, their WeChat.
  CREATE TABLE case_members (
    complaint_id TEXT NOT NULL REFERENCES complaints(id), idx INTEGER NOT NULL, claim_code TEXT NOT NULL,
    owner_openid TEXT, claimed_at TEXT, PRIMARY KEY (complaint_id, idx)
  ) WITHOUT ROWID;
  CREATE INDEX case_members_owner ON case_members (owner_openid) WHERE owner_openid IS NOT NULL;
  -- Cases filed before: their one claim code is member 0's.
  INSERT INTO case_members (complaint_id, idx, claim_code, owner_openid, claimed_at)
    SELECT id, 0, claim_code, owner_openid, NULL FROM complaints WHERE claim_code IS NOT NULL;
  `,
  `
  -- Sign-in by SMS code: one live code per phone, kept as a keyed hash, with its wrong tries.
  CREATE TABLE signin_codes (
    phone TEXT PRIMARY KEY, hash TEXT NOT NULL, created_at TEXT NOT NULL, expires_at TEXT NOT NULL,
    wrong_tries INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX signin_codes_expires ON signin_codes (expires_at);
  -- Rate limits of sign-in code requests: recent request times per (hashed) key, as a JSON array.
  CREATE TABLE rate_limits (key TEXT PRIMARY KEY, hits TEXT NOT NULL, updated_at TEXT NOT NULL);
  CREATE INDEX rate_limits_updated ON rate_limits (updated_at);
  -- A phone a user proved by SMS code: at most one user holds it.
  ALTER TABLE users ADD COLUMN phone TEXT;
  ALTER TABLE users ADD COLUMN phone_linked_at TEXT;
  CREATE UNIQUE INDEX users_phone ON users (phone) WHERE phone IS NOT NULL;
  -- An invite may name the official's mobile, which the invited must prove.
  ALTER TABLE invites ADD COLUMN phone TEXT;
  `,
  `
  -- Configuration per area: one document per area code, '000000' the country level. The single
  -- configuration of before becomes the country level.
  CREATE TABLE area_config (area_code TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at TEXT NOT NULL);
  INSERT INTO area_config (area_code, value, updated_at) SELECT '000000', value, updated_at FROM config WHERE id = 1;
  DROP TABLE config;
  `,
  `
  -- Evidence photos as uploaded, each with its uploader: only they may attach it to a case (photos.ts).
  CREATE TABLE uploads (file_id TEXT PRIMARY KEY, uploader TEXT NOT NULL, created_at TEXT NOT NULL) WITHOUT ROWID;
  -- Photos already on cases: uploaded by whoever filed the first case that carries them.
  INSERT OR IGNORE INTO uploads (file_id, uploader, created_at)
    SELECT j.value, c.filed_by, c.created_at FROM complaints c, json_each(c.photos) j ORDER BY c.created_at, c.id;
  -- Exports built in pages across calls (ledgerExport.ts): the job, and the chunks of its file.
  CREATE TABLE export_jobs (
    id TEXT PRIMARY KEY, owner TEXT NOT NULL, job TEXT NOT NULL, expires_at TEXT NOT NULL, version INTEGER NOT NULL
  );
  CREATE INDEX export_jobs_expires ON export_jobs (expires_at);
  CREATE TABLE export_chunks (job_id TEXT NOT NULL, n INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (job_id, n)) WITHOUT ROWID;
  -- A department's ledger read page by page in time order: handled, and first responded (ledgerPage).
  CREATE INDEX complaints_handler_time ON complaints (handler_dept_id, created_at, id);
  CREATE INDEX complaints_first_responder_time ON complaints (first_responder_dept_id, created_at, id);
  `,
  `
  -- Leads from other channels (12345, the national platform, 12333, 信访, walk-ins, media): the outside
  -- reference and the source's reply-back deadline. Idempotency is (filed_by = 'lead:<channel>', client_request_id = ref).
  ALTER TABLE complaints ADD COLUMN external_ref TEXT;
  ALTER TABLE complaints ADD COLUMN reply_due_at TEXT;
  `,
  `
  -- Keys of outside systems calling the Open311 API (a city's 12345): only the SHA-256 of each key is kept.
  CREATE TABLE api_keys (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, hash TEXT NOT NULL UNIQUE, dept_id TEXT NOT NULL REFERENCES depts(id),
    area_code TEXT NOT NULL, per_minute INTEGER NOT NULL, created_by TEXT NOT NULL, created_at TEXT NOT NULL, revoked_at TEXT
  );
  CREATE INDEX api_keys_area ON api_keys (area_code, created_at);
  `,
  `
  -- Who carries a case (承办人), a coordinator's supervision (挂牌督办) with its deadline, and a referred
  -- case's follow-up deadline; an official's office phone for colleagues.
  ALTER TABLE complaints ADD COLUMN assignee_openid TEXT;
  ALTER TABLE complaints ADD COLUMN supervision TEXT;
  ALTER TABLE complaints ADD COLUMN supervise_due_at TEXT;
  ALTER TABLE complaints ADD COLUMN follow_up_due_at TEXT;
  CREATE INDEX complaints_assignee ON complaints (assignee_openid, created_at, id) WHERE assignee_openid IS NOT NULL;
  CREATE INDEX complaints_supervise_due ON complaints (supervise_due_at) WHERE supervise_due_at IS NOT NULL;
  CREATE INDEX complaints_follow_up_due ON complaints (follow_up_due_at) WHERE follow_up_due_at IS NOT NULL;
  ALTER TABLE users ADD COLUMN office_phone TEXT;
  `,
  `
  -- Tries at claim codes (complaint.claim) per case number, known or not: their times as a JSON array,
  -- counted from the case's registration and emptied when the desk issues new codes. A caller's tries are
  -- kept in rate_limits.
  CREATE TABLE claim_tries (case_no TEXT PRIMARY KEY, hits TEXT NOT NULL, updated_at TEXT NOT NULL) WITHOUT ROWID;
  `,
  `
  -- Alerts are worked (issue 17): new, read, or handled with a note; who and when.
  ALTER TABLE alerts ADD COLUMN state TEXT NOT NULL DEFAULT 'new';
  ALTER TABLE alerts ADD COLUMN ack_note TEXT NOT NULL DEFAULT '';
  ALTER TABLE alerts ADD COLUMN ack_by TEXT;
  ALTER TABLE alerts ADD COLUMN ack_at TEXT;
  CREATE INDEX alerts_area_state ON alerts (area_code, state, created_at);
  -- Every coordinator's change (departments, rules, sites, configuration, templates): who, when, before, after.
  CREATE TABLE admin_audit (
    id TEXT PRIMARY KEY, at TEXT NOT NULL, actor_openid TEXT NOT NULL, actor_dept_id TEXT, area_code TEXT NOT NULL,
    action TEXT NOT NULL, entity TEXT NOT NULL, entity_id TEXT NOT NULL, before TEXT, after TEXT
  );
  CREATE INDEX admin_audit_area ON admin_audit (area_code, at, id);
  `,
  `
  -- The severe cases of an area, for the 政法委 and 信访局 (queue view 'severe', issue 16): a small partial index.
  CREATE INDEX complaints_severe ON complaints (area_code, created_at, id) WHERE risk_level = 'severe';
  `,
  `
  -- Queue indexes (sqliteQueue.ts): each view and overdue tier read along its own index in the view's order
  -- (created_at, id), partial on the statuses it lists, so a page is a seek and a few rows, never a sort. The
  -- WHERE of each is repeated word for word by its query (QUEUE_INDEX_PREDICATES).
  CREATE INDEX complaints_q_accept ON complaints (handler_dept_id, created_at, id, accept_due_at) WHERE status IN ('routed','returned');
  CREATE INDEX complaints_q_accept_area ON complaints (area_code, created_at, id, accept_due_at) WHERE status IN ('routed','returned');
  CREATE INDEX complaints_q_open ON complaints (handler_dept_id, created_at, id)
    WHERE status IN ('accepted','in_progress','referred','reopened');
  CREATE INDEX complaints_q_waiting ON complaints (first_responder_dept_id, created_at, id)
    WHERE status IN ('registered','routed','returned');
  CREATE INDEX complaints_q_mine ON complaints (assignee_openid, handler_dept_id, created_at, id)
    WHERE status IN ('accepted','in_progress','referred','reopened');
  CREATE INDEX complaints_q_red ON complaints (handler_dept_id, created_at, id)
    WHERE status IN ('accepted','in_progress','reopened') AND card = 'red';
  CREATE INDEX complaints_q_red_area ON complaints (area_code, created_at, id)
    WHERE status IN ('accepted','in_progress','reopened') AND card = 'red';
  CREATE INDEX complaints_q_yellow ON complaints (handler_dept_id, created_at, id, resolve_due_at)
    WHERE status IN ('accepted','in_progress','reopened') AND card != 'red';
  CREATE INDEX complaints_q_yellow_area ON complaints (area_code, created_at, id, resolve_due_at)
    WHERE status IN ('accepted','in_progress','reopened') AND card != 'red';
  CREATE INDEX complaints_q_severe ON complaints (handler_dept_id, created_at, id) WHERE risk_level = 'severe';
  -- The area codes complaints use, kept by the database itself: a coordinator's queue reads one ordered scan
  -- per code instead of a range of codes (which would need a sort).
  CREATE TABLE complaint_areas (area_code TEXT PRIMARY KEY) WITHOUT ROWID;
  INSERT INTO complaint_areas (area_code) SELECT DISTINCT area_code FROM complaints;
  CREATE TRIGGER complaint_areas_insert AFTER INSERT ON complaints BEGIN
    INSERT INTO complaint_areas (area_code) SELECT NEW.area_code WHERE NOT EXISTS (SELECT 1 FROM complaint_areas WHERE area_code = NEW.area_code);
  END;
  CREATE TRIGGER complaint_areas_update AFTER UPDATE OF area_code ON complaints BEGIN
    INSERT INTO complaint_areas (area_code) SELECT NEW.area_code WHERE NOT EXISTS (SELECT 1 FROM complaint_areas WHERE area_code = NEW.area_code);
  END;
  -- Indexes no query needs any more, each still written by every submit: the queues' (dept, status, time)
  -- indexes and the 承办人 index are replaced by the partial ones above; (site_code, status) and
  -- (employer_key, status, created_at) by the (site_code, created_at) and (employer_key, created_at) indexes
  -- that lead with the same column and that every read of a site's or employer's cases names (INDEXED BY).
  DROP INDEX complaints_handler;
  DROP INDEX complaints_first_responder;
  DROP INDEX complaints_assignee;
  DROP INDEX complaints_site;
  DROP INDEX complaints_employer;
  `,
  `
  -- Risk in constant time (issue 18): running totals of the open cases per site ('site:<code>') and per
  -- employer (its key) in risk_subjects, with the level computed from them, its cause and the triggers
  -- reported; and per subject, area and handling department in risk_rows (the risk register's scopes).
  -- owed_months: open cases per owedSince month as a JSON object. A case's severe signals (complaint.flag)
  -- are kept on it (flags, a JSON array) so that closing it takes them off the totals. Built here from the
  -- existing rows; from now on each write of a case changes them in its own transaction.
  ALTER TABLE complaints ADD COLUMN flags TEXT;
  UPDATE complaints SET flags = (
    SELECT json_group_array(DISTINCT json_extract(e.data, '$.signal')) FROM events e WHERE e.complaint_id = complaints.id AND e.type = 'flagged'
  ) WHERE id IN (SELECT complaint_id FROM events WHERE type = 'flagged');
  CREATE TABLE risk_subjects (
    subject TEXT PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL, area_code TEXT NOT NULL,
    open_count INTEGER NOT NULL, workers INTEGER NOT NULL, amount_owed_fen INTEGER NOT NULL,
    boss_unreachable INTEGER NOT NULL, flagged INTEGER NOT NULL, owed_months TEXT NOT NULL,
    level TEXT NOT NULL DEFAULT 'none', trigger_note TEXT NOT NULL DEFAULT '', reported TEXT NOT NULL DEFAULT '[]',
    updated_at TEXT NOT NULL
  ) WITHOUT ROWID;
  CREATE TABLE risk_rows (
    subject TEXT NOT NULL, area_code TEXT NOT NULL, dept_id TEXT NOT NULL, kind TEXT NOT NULL, name TEXT NOT NULL,
    open_count INTEGER NOT NULL, workers INTEGER NOT NULL, amount_owed_fen INTEGER NOT NULL,
    boss_unreachable INTEGER NOT NULL, flagged INTEGER NOT NULL, owed_months TEXT NOT NULL, updated_at TEXT NOT NULL,
    PRIMARY KEY (subject, area_code, dept_id)
  ) WITHOUT ROWID;
  CREATE INDEX risk_rows_area ON risk_rows (area_code, subject);
  CREATE INDEX risk_rows_dept ON risk_rows (dept_id, subject);
  CREATE TEMP TABLE risk_open AS
    SELECT 'site:' || site_code AS subject, 'site' AS kind, project_name AS name, area_code, handler_dept_id AS dept_id,
      worker_count, amount_owed_fen, boss_unreachable, (CASE WHEN flags IS NOT NULL AND flags <> '[]' THEN 1 ELSE 0 END) AS flagged,
      owed_since, risk_level, created_at
    FROM complaints WHERE site_code IS NOT NULL AND status IN ('registered','routed','returned','accepted','in_progress','referred','reopened')
    UNION ALL
    SELECT employer_key, 'employer', employer_name, area_code, handler_dept_id,
      worker_count, amount_owed_fen, boss_unreachable, (CASE WHEN flags IS NOT NULL AND flags <> '[]' THEN 1 ELSE 0 END),
      owed_since, risk_level, created_at
    FROM complaints WHERE employer_key <> '' AND status IN ('registered','routed','returned','accepted','in_progress','referred','reopened');
  CREATE INDEX temp.risk_open_subject ON risk_open (subject, area_code, dept_id, owed_since);
  INSERT INTO risk_rows
    SELECT g.subject, g.area_code, g.dept_id, MAX(g.kind), MAX(g.name), COUNT(*), SUM(g.worker_count), SUM(g.amount_owed_fen),
      SUM(g.boss_unreachable), SUM(g.flagged),
      (SELECT json_group_object(m.owed_since, m.n) FROM (
        SELECT owed_since, COUNT(*) AS n FROM risk_open o WHERE o.subject = g.subject AND o.area_code = g.area_code AND o.dept_id = g.dept_id
        GROUP BY owed_since) m),
      strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
    FROM risk_open g GROUP BY g.subject, g.area_code, g.dept_id;
  INSERT INTO risk_subjects
    SELECT g.subject, MAX(g.kind), MAX(g.name), MIN(g.area_code), COUNT(*), SUM(g.worker_count), SUM(g.amount_owed_fen),
      SUM(g.boss_unreachable), SUM(g.flagged),
      (SELECT json_group_object(m.owed_since, m.n) FROM (
        SELECT owed_since, COUNT(*) AS n FROM risk_open o WHERE o.subject = g.subject GROUP BY owed_since) m),
      -- The level its open cases were last given (the next change of the subject recomputes it).
      CASE MAX(CASE risk_level WHEN 'severe' THEN 3 WHEN 'major' THEN 2 WHEN 'general' THEN 1 ELSE 0 END)
        WHEN 3 THEN 'severe' WHEN 2 THEN 'major' WHEN 1 THEN 'general' ELSE 'none' END,
      '',
      -- Triggers reported before stay reported (no report is raised twice for the same facts).
      COALESCE((SELECT json_group_array(DISTINCT a.trigger) FROM alerts a WHERE a.subject = g.subject), '[]'),
      strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
    FROM risk_open g GROUP BY g.subject;
  DROP TABLE temp.risk_open;
  -- Immediate reports merge within a Beijing day (one entry per subject and day, its key in trigger):
  -- the triggers it reports, the case numbers it was raised for, and how many times.
  ALTER TABLE alerts ADD COLUMN triggers TEXT;
  ALTER TABLE alerts ADD COLUMN case_nos TEXT;
  ALTER TABLE alerts ADD COLUMN raised INTEGER NOT NULL DEFAULT 1;
  `,
  `
  -- A department's "all" queue, second scan: the cases it first responded to and another unit handles (few),
  -- in time order. Read along (first_responder_dept_id, created_at) it would step over every case the
  -- department handles itself to find them (sqliteQueue.ts).
  CREATE INDEX complaints_q_handed ON complaints (first_responder_dept_id, created_at, id) WHERE handler_dept_id <> first_responder_dept_id;
  `,
  `
  -- Complaints filed per site and Beijing clock hour, per employer and Beijing day (issue 18): kept in the
  -- submit's transaction, so "filed since" sums a few periods and counts rows of the first period only
  -- (countSiteSince, countEmployerSince), instead of stepping over every complaint in the window.
  CREATE TABLE filed_counts (subject TEXT NOT NULL, period TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (subject, period)) WITHOUT ROWID;
  ${FILED_COUNTS_BUILD}
  `,
  `
  -- Rate limits (issue 18): one row per counted hit, numbered on per key in time order, instead of each
  -- key's hits as a JSON list read, parsed, sorted and written whole on every hit. A check reads the
  -- key's max-th newest hit by its number (the window is full exactly when that hit is inside it); a
  -- key keeps its newest hits only (as many as its largest window's max), one row deleted as one comes.
  ALTER TABLE rate_limits RENAME TO rate_limits_json;
  CREATE TABLE rate_limits (key TEXT NOT NULL, seq INTEGER NOT NULL, at TEXT NOT NULL, PRIMARY KEY (key, seq)) WITHOUT ROWID;
  INSERT INTO rate_limits (key, seq, at) SELECT r.key, CAST(j.key AS INTEGER), j.value FROM rate_limits_json r, json_each(r.hits) j;
  DROP TABLE rate_limits_json;
  CREATE INDEX rate_limits_at ON rate_limits (at);
  `,
  `
  -- A revision of what a queue shows of a case (issue 18): the read connections keep the rows of queue pages
  -- as read (SqliteStorage.queue) and read a page's ids and revisions first, the full row only where its
  -- revision moved. The storage's own writes bump it in the same statement; any other UPDATE of a queue
  -- column (a script, SQL typed by hand) is caught by the trigger. The column list is QUEUE_FIELDS'
  -- (test/integration/queueRows.test.ts compares them).
  ALTER TABLE complaints ADD COLUMN queue_rev INTEGER NOT NULL DEFAULT 0;
  CREATE TRIGGER complaints_queue_rev AFTER UPDATE OF
    id, case_no, status, project_name, amount_owed_fen, worker_count, created_at, accept_due_at, resolve_due_at, card,
    risk_level, handler_dept_id, version, channel, external_ref, reply_due_at, assignee_openid, supervision, follow_up_due_at
  ON complaints WHEN NEW.queue_rev = OLD.queue_rev
  BEGIN
    UPDATE complaints SET queue_rev = OLD.queue_rev + 1 WHERE rowid = NEW.rowid;
  END;
  `,
]
