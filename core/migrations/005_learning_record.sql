-- The learning record (records/evidence.py, records/placements.py, records/links.py): evidence of
-- mastery, work-based learning placements and their timesheets, supervisor links, the competencies a
-- teacher assesses, and the requirement set's performance scale and credit. Times are UTC without a zone.

ALTER TABLE requirement_sets ADD COLUMN scale VARCHAR;                     -- core.schema.PerformanceScale as JSON; NULL: the four levels
ALTER TABLE requirement_sets ADD COLUMN credit_per_term DOUBLE DEFAULT 0.5; -- credit of one term of an opportunity

-- The opportunities a teacher or assessor assesses: they see the students enrolled in (planned for) them.
CREATE TABLE user_opportunities (
    user_id VARCHAR NOT NULL,
    opportunity_id VARCHAR NOT NULL,
    PRIMARY KEY (user_id, opportunity_id)
);

CREATE SEQUENCE evidence_entry_ids START 1;

-- Append-only: an entry is never updated or deleted. A correction, a verification or a return is a new
-- entry naming the one it supersedes; the current evidence is the entries nobody supersedes.
CREATE TABLE evidence_entries (
    id BIGINT PRIMARY KEY DEFAULT nextval('evidence_entry_ids'),
    student_id VARCHAR NOT NULL,
    competency VARCHAR NOT NULL,
    level VARCHAR NOT NULL,              -- a level of the student's requirement set's scale
    demonstrated_on DATE NOT NULL,
    opportunity VARCHAR,                 -- NULL: credit by demonstration
    placement_id BIGINT,                 -- when a supervisor rated it at a placement
    assessor VARCHAR NOT NULL,           -- who judged it, by name ('' while only submitted)
    rubric_criterion VARCHAR NOT NULL,
    rubric_score DOUBLE,
    rubric_max DOUBLE,
    comment VARCHAR NOT NULL,
    state VARCHAR NOT NULL,              -- submitted, verified or returned
    reason VARCHAR NOT NULL,             -- why it was returned, or why corrected
    supersedes BIGINT UNIQUE,            -- the entry this one replaces (one successor each)
    author_id VARCHAR NOT NULL,
    author_role VARCHAR NOT NULL,
    recorded_at TIMESTAMP NOT NULL
);

-- Uploaded files, once per content (SHA-256), and the artifacts of each entry (a file or a URL).
CREATE TABLE artifact_files (
    sha256 VARCHAR PRIMARY KEY,
    size BIGINT NOT NULL,
    content BLOB NOT NULL
);

CREATE TABLE evidence_artifacts (
    entry_id BIGINT NOT NULL,
    position INTEGER NOT NULL,
    name VARCHAR NOT NULL,
    url VARCHAR,                         -- a link, or NULL for a file
    sha256 VARCHAR,                      -- a file's content, or NULL for a link
    size BIGINT,
    PRIMARY KEY (entry_id, position)
);

CREATE SEQUENCE placement_ids START 1;

-- Work-based learning: a student at a site for an opportunity, with a supervisor.
CREATE TABLE placements (
    id BIGINT PRIMARY KEY DEFAULT nextval('placement_ids'),
    student_id VARCHAR NOT NULL,
    opportunity_id VARCHAR NOT NULL,
    term_id VARCHAR NOT NULL,
    site VARCHAR NOT NULL,
    supervisor_name VARCHAR NOT NULL,
    supervisor_email VARCHAR NOT NULL,
    created_by VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL
);

CREATE SEQUENCE timesheet_ids START 1;

-- A timesheet entry: submitted by the student, approved or rejected (with a reason) by the supervisor.
-- An approved entry is locked: the service never changes it again.
CREATE TABLE timesheet_entries (
    id BIGINT PRIMARY KEY DEFAULT nextval('timesheet_ids'),
    placement_id BIGINT NOT NULL,
    worked_on DATE NOT NULL,
    start_minute INTEGER NOT NULL,
    end_minute INTEGER NOT NULL,
    hours DOUBLE NOT NULL,
    tasks VARCHAR NOT NULL,
    reflection VARCHAR NOT NULL,
    state VARCHAR NOT NULL,              -- submitted, approved or rejected
    reason VARCHAR NOT NULL,
    submitted_at TIMESTAMP NOT NULL,
    decided_by VARCHAR NOT NULL,
    decided_at TIMESTAMP
);

-- A supervisor's link: only the SHA-256 of its token is kept. One placement, one purpose, an expiry,
-- and a revocation time once revoked.
CREATE SEQUENCE supervisor_link_ids START 1;

CREATE TABLE supervisor_links (
    id BIGINT PRIMARY KEY DEFAULT nextval('supervisor_link_ids'),
    token_hash VARCHAR NOT NULL UNIQUE,
    placement_id BIGINT NOT NULL,
    purpose VARCHAR NOT NULL,
    created_by VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP
);
