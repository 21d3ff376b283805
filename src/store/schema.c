/*
 * schema.c - the SQLite schema, one migration per release that changed it.
 * Never edit a migration that has shipped; add the next one.
 */
#include "schema.h"

const char *const store_migrations[] = {
	/* 1: plan, items, indicators with provenance; organisations; journal */
	"CREATE TABLE org ("
	"  code TEXT PRIMARY KEY,"
	"  name TEXT NOT NULL,"
	"  kind TEXT NOT NULL CHECK (kind IN ('province','city','county','department','office')),"
	"  parent TEXT REFERENCES org(code)"
	") STRICT;"
	"CREATE INDEX org_parent ON org(parent);"
	"CREATE TABLE source ("
	"  sha256 TEXT PRIMARY KEY,"
	"  bytes BLOB NOT NULL"
	") STRICT;"
	"CREATE TABLE plan ("
	"  id TEXT PRIMARY KEY,"
	"  title TEXT NOT NULL,"
	"  issuer TEXT NOT NULL,"
	"  issued_on TEXT NOT NULL,"
	"  region_code TEXT NOT NULL REFERENCES org(code),"
	"  year INTEGER NOT NULL,"
	"  start_on TEXT NOT NULL,"
	"  source_sha256 TEXT NOT NULL REFERENCES source(sha256),"
	"  doc TEXT NOT NULL,"
	"  loaded_at TEXT NOT NULL"
	") STRICT;"
	"CREATE TABLE item ("
	"  plan TEXT NOT NULL REFERENCES plan(id),"
	"  no INTEGER NOT NULL,"
	"  title TEXT NOT NULL,"
	"  present_in_source INTEGER NOT NULL CHECK (present_in_source IN (0,1)),"
	"  PRIMARY KEY (plan, no)"
	") STRICT;"
	"CREATE TABLE item_unit ("
	"  plan TEXT NOT NULL,"
	"  item_no INTEGER NOT NULL,"
	"  role TEXT NOT NULL CHECK (role IN ('lead','responsible')),"
	"  seq INTEGER NOT NULL,"
	"  org TEXT NOT NULL REFERENCES org(code),"
	"  basis TEXT NOT NULL,"
	"  PRIMARY KEY (plan, item_no, role, seq),"
	"  FOREIGN KEY (plan, item_no) REFERENCES item(plan, no)"
	") STRICT;"
	"CREATE TABLE indicator ("
	"  plan TEXT NOT NULL,"
	"  id TEXT NOT NULL,"
	"  item_no INTEGER NOT NULL,"
	"  name TEXT NOT NULL,"
	"  kind TEXT NOT NULL CHECK (kind IN ('count','money','rate','standard','qualitative')),"
	"  unit TEXT,"
	"  comparator TEXT CHECK (comparator IN ('>=','<=','=')),"
	"  target INTEGER,"
	"  baseline INTEGER,"
	"  aggregation TEXT NOT NULL,"
	"  PRIMARY KEY (plan, id),"
	"  FOREIGN KEY (plan, item_no) REFERENCES item(plan, no)"
	") STRICT;"
	"CREATE TABLE provenance ("
	"  plan TEXT NOT NULL REFERENCES plan(id),"
	"  subject TEXT NOT NULL,"
	"  seq INTEGER NOT NULL,"
	"  quote TEXT,"
	"  src_offset INTEGER,"
	"  src_length INTEGER,"
	"  basis TEXT NOT NULL CHECK (basis IN ('text','inferred','external','assumption')),"
	"  note TEXT,"
	"  citation TEXT,"
	"  PRIMARY KEY (plan, subject, seq)"
	") STRICT;"
	"CREATE TABLE round ("
	"  plan TEXT NOT NULL REFERENCES plan(id),"
	"  due_on TEXT NOT NULL,"
	"  kind TEXT NOT NULL CHECK (kind IN ('progress','evaluation')),"
	"  label TEXT NOT NULL,"
	"  PRIMARY KEY (plan, due_on)"
	") STRICT;"
	"CREATE TABLE note ("
	"  plan TEXT NOT NULL REFERENCES plan(id),"
	"  id TEXT NOT NULL,"
	"  flag TEXT NOT NULL,"
	"  item_no INTEGER,"
	"  topic TEXT NOT NULL,"
	"  text TEXT NOT NULL,"
	"  PRIMARY KEY (plan, id)"
	") STRICT;"
	"CREATE TABLE journal ("
	"  id INTEGER PRIMARY KEY,"
	"  at TEXT NOT NULL,"
	"  actor TEXT NOT NULL,"
	"  action TEXT NOT NULL,"
	"  tbl TEXT NOT NULL,"
	"  key TEXT NOT NULL,"
	"  before TEXT,"
	"  after TEXT"
	") STRICT;"
	/* the journal is append-only */
	"CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal"
	"  BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;"
	"CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal"
	"  BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;",

	/* 2: the ledger: regional targets (任务分解), reports per round, sites (点位), settings */
	"CREATE TABLE assignment ("
	"  plan TEXT NOT NULL,"
	"  indicator TEXT NOT NULL,"
	"  org TEXT NOT NULL REFERENCES org(code),"
	"  target INTEGER NOT NULL CHECK (target >= 0),"
	"  updated_at TEXT NOT NULL,"
	"  PRIMARY KEY (plan, indicator, org),"
	"  FOREIGN KEY (plan, indicator) REFERENCES indicator(plan, id)"
	") STRICT;"
	"CREATE TABLE report ("
	"  plan TEXT NOT NULL,"
	"  indicator TEXT NOT NULL,"
	"  org TEXT NOT NULL REFERENCES org(code),"
	"  round TEXT NOT NULL,"
	"  value INTEGER,"
	"  numerator INTEGER,"
	"  denominator INTEGER,"
	"  narrative TEXT,"
	"  reason TEXT,"
	"  status TEXT NOT NULL CHECK (status IN ('draft','submitted','approved','returned')),"
	"  submitted_at INTEGER,"
	"  reviewed_at INTEGER,"
	"  review_note TEXT,"
	"  origin TEXT NOT NULL,"
	"  updated_at TEXT NOT NULL,"
	"  PRIMARY KEY (plan, indicator, org, round),"
	"  FOREIGN KEY (plan, indicator) REFERENCES indicator(plan, id),"
	"  FOREIGN KEY (plan, round) REFERENCES round(plan, due_on),"
	"  CHECK (value IS NULL OR value >= 0),"
	"  CHECK (numerator IS NULL OR (numerator >= 0 AND denominator > 0))"
	") STRICT;"
	"CREATE INDEX report_org ON report(org);"
	"CREATE TABLE site ("
	"  id INTEGER PRIMARY KEY,"
	"  plan TEXT NOT NULL,"
	"  indicator TEXT NOT NULL,"
	"  org TEXT NOT NULL REFERENCES org(code),"
	"  name TEXT NOT NULL,"
	"  address TEXT NOT NULL DEFAULT '',"
	"  kind TEXT NOT NULL DEFAULT '',"
	"  lat_e6 INTEGER,"
	"  lon_e6 INTEGER,"
	"  delivered_on TEXT,"
	"  status TEXT NOT NULL CHECK (status IN ('planned','building','delivered')),"
	"  quantity INTEGER NOT NULL DEFAULT 1 CHECK (quantity > 0),"
	"  origin TEXT NOT NULL,"
	"  FOREIGN KEY (plan, indicator) REFERENCES indicator(plan, id)"
	") STRICT;"
	"CREATE INDEX site_indicator ON site(plan, indicator, org);"
	"CREATE TABLE setting ("
	"  key TEXT PRIMARY KEY,"
	"  value TEXT NOT NULL"
	") STRICT;",

	/*
	 * 3: people and their sessions (app_user, not "user": a reserved word in
	 * PostgreSQL), login throttling, and locked rounds
	 */
	"CREATE TABLE app_user ("
	"  name TEXT PRIMARY KEY,"
	"  password_hash TEXT NOT NULL,"
	"  role TEXT NOT NULL CHECK (role IN ('admin','lead','reporter','viewer')),"
	"  org TEXT REFERENCES org(code),"
	"  created_at TEXT NOT NULL,"
	"  CHECK (role IN ('admin','viewer') OR org IS NOT NULL)"
	") STRICT;"
	"CREATE TABLE app_session ("
	"  token_hash TEXT PRIMARY KEY,"
	"  user_name TEXT NOT NULL REFERENCES app_user(name),"
	"  kind TEXT NOT NULL CHECK (kind IN ('web','api')),"
	"  created_at INTEGER NOT NULL,"
	"  expires_at INTEGER NOT NULL"
	") STRICT;"
	"CREATE INDEX app_session_user ON app_session(user_name);"
	"CREATE TABLE login_failure ("
	"  key TEXT PRIMARY KEY,"
	"  count INTEGER NOT NULL,"
	"  last_at INTEGER NOT NULL"
	") STRICT;"
	"CREATE TABLE round_lock ("
	"  plan TEXT NOT NULL,"
	"  due_on TEXT NOT NULL,"
	"  locked_at TEXT NOT NULL,"
	"  locked_by TEXT NOT NULL,"
	"  PRIMARY KEY (plan, due_on),"
	"  FOREIGN KEY (plan, due_on) REFERENCES round(plan, due_on)"
	") STRICT;",

	/* 4: the year-end evaluation: survey responses, saved evaluations (immutable) */
	"CREATE TABLE survey_response ("
	"  id INTEGER PRIMARY KEY,"
	"  plan TEXT NOT NULL,"
	"  item_no INTEGER NOT NULL,"
	"  region TEXT NOT NULL REFERENCES org(code),"
	"  satisfaction TEXT NOT NULL CHECK (satisfaction IN ('satisfied','basic','unsatisfied')),"
	"  score INTEGER CHECK (score IS NULL OR score BETWEEN 1 AND 5),"
	"  aware INTEGER CHECK (aware IS NULL OR aware IN (0,1)),"
	"  respondent TEXT NOT NULL CHECK (respondent IN ('public','deputy','member')),"
	"  batch TEXT NOT NULL,"
	"  FOREIGN KEY (plan, item_no) REFERENCES item(plan, no)"
	") STRICT;"
	"CREATE INDEX survey_item ON survey_response(plan, item_no, region);"
	"CREATE TABLE evaluation ("
	"  id INTEGER PRIMARY KEY,"
	"  plan TEXT NOT NULL REFERENCES plan(id),"
	"  year INTEGER NOT NULL,"
	"  as_of TEXT NOT NULL,"
	"  saved_at TEXT NOT NULL,"
	"  saved_by TEXT NOT NULL,"
	"  doc TEXT NOT NULL"
	") STRICT;"
	"CREATE TRIGGER evaluation_no_update BEFORE UPDATE ON evaluation"
	"  BEGIN SELECT RAISE(ABORT, 'a saved evaluation is immutable'); END;"
	"CREATE TRIGGER evaluation_no_delete BEFORE DELETE ON evaluation"
	"  BEGIN SELECT RAISE(ABORT, 'a saved evaluation is immutable'); END;",

	/*
	 * 5: rounds close by themselves (rounds.grace_days after their due date);
	 * a round_lock row now says what a person decided: 'locked' by hand, or
	 * 'open' (reopened past its closing day, with the reason). The journal
	 * is looked up by its key (who submitted a report).
	 */
	"ALTER TABLE round_lock ADD COLUMN state TEXT NOT NULL DEFAULT 'locked'"
	"  CHECK (state IN ('open','locked'));"
	"ALTER TABLE round_lock ADD COLUMN reason TEXT;"
	"CREATE INDEX journal_key ON journal(tbl, key);",

	/*
	 * 6: issued bulletins (通报): the built document frozen as JSON, numbered
	 * (文号, unique per plan) and dated; a correction names the one it corrects
	 * (at most one correction each); immutable like a saved evaluation
	 */
	"CREATE TABLE bulletin ("
	"  id INTEGER PRIMARY KEY,"
	"  plan TEXT NOT NULL REFERENCES plan(id),"
	"  round TEXT NOT NULL,"
	"  as_of TEXT NOT NULL,"
	"  number TEXT NOT NULL,"
	"  issued_at TEXT NOT NULL,"
	"  issued_by TEXT NOT NULL,"
	"  corrects INTEGER REFERENCES bulletin(id),"
	"  doc TEXT NOT NULL,"
	"  UNIQUE (plan, number),"
	"  FOREIGN KEY (plan, round) REFERENCES round(plan, due_on)"
	") STRICT;"
	"CREATE UNIQUE INDEX bulletin_corrects ON bulletin(corrects);"
	"CREATE TRIGGER bulletin_no_update BEFORE UPDATE ON bulletin"
	"  BEGIN SELECT RAISE(ABORT, 'an issued bulletin is immutable'); END;"
	"CREATE TRIGGER bulletin_no_delete BEFORE DELETE ON bulletin"
	"  BEGIN SELECT RAISE(ABORT, 'an issued bulletin is immutable'); END;",

	/*
	 * 7: assessors' ratings (评定) of work without figures: an item or an
	 * indicator, 0-100 points with the basis; the latest of a target is in
	 * force, earlier ones are kept (no update, no delete)
	 */
	"CREATE TABLE rating ("
	"  id INTEGER PRIMARY KEY,"
	"  plan TEXT NOT NULL REFERENCES plan(id),"
	"  target_kind TEXT NOT NULL CHECK (target_kind IN ('item','indicator')),"
	"  target TEXT NOT NULL,"
	"  score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100),"
	"  basis TEXT NOT NULL CHECK (length(basis) > 0),"
	"  rated_by TEXT NOT NULL,"
	"  rated_at TEXT NOT NULL"
	") STRICT;"
	"CREATE INDEX rating_target ON rating(plan, target_kind, target);"
	"CREATE TRIGGER rating_no_update BEFORE UPDATE ON rating"
	"  BEGIN SELECT RAISE(ABORT, 'a rating is kept as given; rate again to change it'); END;"
	"CREATE TRIGGER rating_no_delete BEFORE DELETE ON rating"
	"  BEGIN SELECT RAISE(ABORT, 'a rating is kept as given; rate again to change it'); END;",

	/*
	 * 8: reviewed data: how many review steps a report has passed
	 * where a plan asks for two (a county's city, then the lead unit); reset
	 * to 0 whenever the report is written again
	 */
	"ALTER TABLE report ADD COLUMN review_level INTEGER NOT NULL DEFAULT 0"
	"  CHECK (review_level BETWEEN 0 AND 2);",

	/*
	 * 9: the user lifecycle: a disabled account (its sessions and tokens end,
	 * it cannot log in) and an expired password (refused until reset); a
	 * token's public id is the first 12 hex digits of its stored hash
	 */
	"ALTER TABLE app_user ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0,1));"
	"ALTER TABLE app_user ADD COLUMN password_expired INTEGER NOT NULL DEFAULT 0"
	"  CHECK (password_expired IN (0,1));",

	/*
	 * 10 (follow-up: 催报 and 督办): where reminders go (remind_channel: a
	 * unit's e-mail addresses, webhooks and contact), each reminder sent
	 * (remind_send: at most one per unit, round, day and kind), 督办单
	 * (duban: issued to a unit about an indicator, answered by it;
	 * evidence_ref left for the evidence the answer cites)
	 */
	"CREATE TABLE remind_channel ("
	"  org TEXT NOT NULL REFERENCES org(code),"
	"  kind TEXT NOT NULL CHECK (kind IN ('email','webhook','contact')),"
	"  address TEXT NOT NULL CHECK (length(address) BETWEEN 1 AND 500),"
	"  added_at TEXT NOT NULL,"
	"  PRIMARY KEY (org, kind, address)"
	") STRICT;"
	"CREATE TABLE remind_send ("
	"  id INTEGER PRIMARY KEY,"
	"  plan TEXT NOT NULL REFERENCES plan(id),"
	"  round TEXT NOT NULL,"
	"  org TEXT NOT NULL REFERENCES org(code),"
	"  day TEXT NOT NULL,"
	"  kind TEXT NOT NULL CHECK (kind IN ('email','webhook')),"
	"  addresses TEXT NOT NULL,"
	"  missing INTEGER NOT NULL,"
	"  status TEXT NOT NULL CHECK (status IN ('sending','sent')),"
	"  sent_at TEXT NOT NULL,"
	"  sent_by TEXT NOT NULL,"
	"  UNIQUE (plan, round, org, day, kind)"
	") STRICT;"
	"CREATE TABLE duban ("
	"  id INTEGER PRIMARY KEY,"
	"  plan TEXT NOT NULL REFERENCES plan(id),"
	"  indicator TEXT NOT NULL,"
	"  org TEXT NOT NULL REFERENCES org(code),"
	"  what TEXT NOT NULL CHECK (length(what) > 0),"
	"  why TEXT NOT NULL CHECK (length(why) > 0),"
	"  answer_by TEXT NOT NULL,"
	"  issued_by TEXT NOT NULL,"
	"  issued_at TEXT NOT NULL,"
	"  answer TEXT,"
	"  answered_by TEXT,"
	"  answered_at TEXT,"
	"  evidence_ref TEXT,"
	"  FOREIGN KEY (plan, indicator) REFERENCES indicator(plan, id),"
	"  CHECK ((answer IS NULL) = (answered_at IS NULL))"
	") STRICT;"
	"CREATE INDEX duban_plan ON duban(plan, answer_by);",
	/*
	 * 11: the front half of the cycle (docs/VOTE.md): proposals (征集; the
	 * contact is staff-only and deleted after the retention period, addr a
	 * hash of the client's address for the day's limit), candidates (筛选)
	 * and the proposals they merge, vote sessions with their candidates and
	 * deputies, single-use tokens (a hash and "used", nothing else), ballots
	 * (a random key, the choices, no token, no deputy, no time), the
	 * four-eyes counts, and the online survey's one-per-address-and-day
	 */
	"CREATE TABLE proposal ("
	"  id INTEGER PRIMARY KEY,"
	"  region TEXT NOT NULL,"
	"  level TEXT NOT NULL,"
	"  year INTEGER NOT NULL,"
	"  title TEXT NOT NULL CHECK (length(title) > 0),"
	"  body TEXT NOT NULL,"
	"  field TEXT NOT NULL,"
	"  place TEXT NOT NULL,"
	"  source TEXT NOT NULL CHECK (source IN ('public','paper','deputy','government')),"
	"  name TEXT,"
	"  phone TEXT,"
	"  addr TEXT,"
	"  received_on TEXT NOT NULL,"
	"  received_at TEXT NOT NULL,"
	"  status TEXT NOT NULL DEFAULT 'pending'"
	"    CHECK (status IN ('pending','published','merged','declined')),"
	"  reason TEXT,"
	"  candidate INTEGER"
	") STRICT;"
	"CREATE INDEX proposal_gov ON proposal(region, year);"
	"CREATE INDEX proposal_addr ON proposal(addr, received_on);"
	"CREATE TABLE candidate ("
	"  id INTEGER PRIMARY KEY,"
	"  region TEXT NOT NULL,"
	"  level TEXT NOT NULL,"
	"  year INTEGER NOT NULL,"
	"  title TEXT NOT NULL CHECK (length(title) > 0),"
	"  targets TEXT NOT NULL,"
	"  lead TEXT NOT NULL,"
	"  units TEXT NOT NULL,"
	"  cost INTEGER NOT NULL CHECK (cost >= 0),"
	"  cost_basis TEXT NOT NULL,"
	"  feasibility TEXT NOT NULL,"
	"  published_at TEXT,"
	"  UNIQUE (region, year, title)"
	") STRICT;"
	"CREATE TABLE vote_session ("
	"  id INTEGER PRIMARY KEY,"
	"  region TEXT NOT NULL,"
	"  level TEXT NOT NULL,"
	"  year INTEGER NOT NULL,"
	"  title TEXT NOT NULL,"
	"  places INTEGER NOT NULL CHECK (places > 0),"
	"  state TEXT NOT NULL CHECK (state IN ('open','closed')),"
	"  runoff_of INTEGER REFERENCES vote_session(id),"
	"  opened_at TEXT NOT NULL,"
	"  closed_at TEXT,"
	"  tokens_issued INTEGER NOT NULL DEFAULT 0 CHECK (tokens_issued IN (0,1))"
	") STRICT;"
	"CREATE TABLE vote_candidate ("
	"  session INTEGER NOT NULL REFERENCES vote_session(id),"
	"  no INTEGER NOT NULL,"
	"  candidate INTEGER NOT NULL REFERENCES candidate(id),"
	"  PRIMARY KEY (session, no)"
	") STRICT;"
	"CREATE TABLE deputy ("
	"  session INTEGER NOT NULL REFERENCES vote_session(id),"
	"  no INTEGER NOT NULL,"
	"  name TEXT NOT NULL,"
	"  delegation TEXT NOT NULL,"
	"  PRIMARY KEY (session, no)"
	") STRICT;"
	"CREATE TABLE one_time_token ("
	"  hash TEXT PRIMARY KEY,"
	"  scope TEXT NOT NULL,"
	"  used INTEGER NOT NULL DEFAULT 0 CHECK (used IN (0,1))"
	") STRICT;"
	"CREATE TABLE ballot ("
	"  id INTEGER PRIMARY KEY,"
	"  session INTEGER NOT NULL REFERENCES vote_session(id),"
	"  choices TEXT NOT NULL"
	") STRICT;"
	"CREATE TABLE vote_count ("
	"  session INTEGER NOT NULL REFERENCES vote_session(id),"
	"  entry INTEGER NOT NULL CHECK (entry IN (1,2)),"
	"  method TEXT NOT NULL CHECK (method IN ('device','paper')),"
	"  figures TEXT NOT NULL,"
	"  entered_by TEXT NOT NULL,"
	"  entered_at TEXT NOT NULL,"
	"  PRIMARY KEY (session, entry)"
	") STRICT;"
	"CREATE TABLE survey_seen ("
	"  scope TEXT NOT NULL,"
	"  addr TEXT NOT NULL,"
	"  day TEXT NOT NULL,"
	"  PRIMARY KEY (scope, addr, day)"
	") STRICT;",
	/*
	 * 12: evidence (佐证材料): each file's bytes once, by SHA-256, with what
	 * its content said (type, size, an image's dimensions, EXIF time and GPS)
	 * and its EXIF-free thumbnail and public copy; the links of a file to a
	 * report or a site, who uploaded it, when, under which name
	 */
	"CREATE TABLE evidence_file ("
	"  sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),"
	"  type TEXT NOT NULL,"
	"  size INTEGER NOT NULL CHECK (size > 0),"
	"  width INTEGER,"
	"  height INTEGER,"
	"  taken_at TEXT,"
	"  lat_e6 INTEGER,"
	"  lon_e6 INTEGER,"
	"  bytes BLOB NOT NULL,"
	"  thumb BLOB,"
	"  public_copy BLOB,"
	"  stored_at TEXT NOT NULL"
	") STRICT;"
	"CREATE TABLE evidence ("
	"  id INTEGER PRIMARY KEY,"
	"  plan TEXT NOT NULL REFERENCES plan(id),"
	"  target TEXT NOT NULL CHECK (target IN ('report','site')),"
	"  indicator TEXT NOT NULL,"
	"  org TEXT NOT NULL REFERENCES org(code),"
	"  round TEXT NOT NULL DEFAULT '',"
	"  site INTEGER REFERENCES site(id),"
	"  sha256 TEXT NOT NULL REFERENCES evidence_file(sha256),"
	"  kind TEXT NOT NULL CHECK (kind IN ('photo','document')),"
	"  name TEXT NOT NULL,"
	"  note TEXT NOT NULL DEFAULT '',"
	"  uploaded_by TEXT NOT NULL,"
	"  uploaded_at TEXT NOT NULL,"
	"  CHECK ((target = 'site') = (site IS NOT NULL))"
	") STRICT;"
	"CREATE INDEX evidence_of ON evidence(plan, indicator, org, round);"
	"CREATE INDEX evidence_site ON evidence(site);",
	/*
	 * 13: an organisation's contact for the 台账 and the 通报: 联系人 and
	 * 联系电话, "" when not known
	 */
	"ALTER TABLE org ADD COLUMN contact TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE org ADD COLUMN phone TEXT NOT NULL DEFAULT '';",
	/*
	 * 14: every level of government: a region's short name for matching text
	 * (南昌 for 南昌市); a plan's government is its region_code, whose kind is
	 * its level (province, city, county)
	 */
	"ALTER TABLE org ADD COLUMN short_name TEXT;",
	/*
	 * 15: townships (乡镇/街道): org.kind may be 'township', the nine-digit
	 * 统计用区划代码 under a county, loaded per province on demand.
	 *
	 * SQLite: the CHECK of migration 1 is widened by editing its text in
	 * sqlite_master (SQLite's ALTER TABLE page, "making other kinds of table
	 * schema changes": allowed for changes that leave the stored rows as they
	 * are, e.g. removing or loosening a CHECK; every existing row still
	 * passes the wider one). Not the 12-step table rebuild: migrations run in
	 * one transaction with foreign_keys ON, which cannot be turned off inside
	 * it; DROP TABLE org would then delete the rows the plans, reports, users
	 * … refer to and fail, and renaming org away first would rewrite those
	 * references to the old name. The text replaced is migration 1's own,
	 * which never changes; db_sqlite.c bumps PRAGMA schema_version after a
	 * migration that writes the schema (the page's step 6), so this and every
	 * other connection re-read the wider CHECK. PostgreSQL has no
	 * sqlite_master (schema_pg.c drops the statement) and takes the
	 * `-- postgresql:` lines instead: the column's CHECK, named org_kind_check
	 * by PostgreSQL, dropped and added again with the new kind.
	 */
	"PRAGMA writable_schema = ON;"
	"UPDATE sqlite_master SET sql = replace(sql,"
	" '''county'',''department'',''office'')',"
	" '''county'',''township'',''department'',''office'')')"
	" WHERE type = 'table' AND name = 'org';"
	"PRAGMA writable_schema = OFF;\n"
	"-- postgresql: ALTER TABLE org DROP CONSTRAINT org_kind_check;\n"
	"-- postgresql: ALTER TABLE org ADD CONSTRAINT org_kind_check CHECK"
	" (kind IN ('province','city','county','township','department','office'));\n",
	/*
	 * 16: the site register's index covers what progress sums (status,
	 * day, quantity), in the order it groups them: at 100× (ten million
	 * sites) `status` read every site's row by its rowid and sorted them
	 */
	"DROP INDEX site_indicator;"
	"CREATE INDEX site_indicator ON site(plan, indicator, org, status, delivered_on, quantity);",
	/*
	 * 17: a round's reports (the 审核 page, the round's 台账) by the round,
	 * not by a scan of the plan's reports of every round
	 */
	"CREATE INDEX report_round ON report(plan, round, indicator, org);"
	"CREATE INDEX report_plan_org ON report(plan, org, indicator, round);",
	/*
	 * 18: a report's previous value (store_report_prev, read by every
	 * report written) from the index alone, not a row of the table per
	 * earlier round
	 */
	"DROP INDEX report_plan_org;"
	"CREATE INDEX report_plan_org ON report(plan, org, indicator, round, status, value);",
	/*
	 * 19: 18 undone. Measured in pairs (bench/README.md, the mixed
	 * scenario, the same binary on either index): with the 报送 page's rows
	 * from the kept load, status and value in the index only made every
	 * report write rewrite its entry; the narrow index served 3-7% more
	 * requests a second
	 */
	"DROP INDEX report_plan_org;"
	"CREATE INDEX report_plan_org ON report(plan, org, indicator, round);",
	0
};
