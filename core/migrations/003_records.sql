-- The student-record service (records/): accounts, sessions, plan versions, comments and the audit log.
-- Times are UTC, stored as TIMESTAMP without a zone. No foreign keys: students are rewritten by delete and
-- insert on import, and the service checks references itself.

CREATE TABLE users (
    id VARCHAR PRIMARY KEY,              -- the sign-in name, lower case
    display_name VARCHAR NOT NULL,
    role VARCHAR NOT NULL,               -- student, family, advisor or admin
    email VARCHAR,                       -- lower case; maps an OpenID Connect identity to this account
    password_hash VARCHAR,               -- argon2id; NULL when the account signs in only through OpenID Connect
    active BOOLEAN NOT NULL,
    demo BOOLEAN NOT NULL,               -- a documented demo account of the sample district
    created_at TIMESTAMP NOT NULL
);

-- Which students an account is linked to: a student's own record, a family member's student(s), an
-- advisor's caseload.
CREATE TABLE user_students (
    user_id VARCHAR NOT NULL,
    student_id VARCHAR NOT NULL,
    PRIMARY KEY (user_id, student_id)
);

-- A session holds only a hash of its token: the database never sees the token itself.
CREATE TABLE sessions (
    token_hash VARCHAR PRIMARY KEY,
    user_id VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);

-- Every save of a plan is a new row; the highest version of a student is the current plan. A version
-- is never updated or deleted (except when a whole record is imported with replace).
CREATE TABLE plan_versions (
    student_id VARCHAR NOT NULL,
    version INTEGER NOT NULL,
    state VARCHAR NOT NULL,              -- draft, proposed, approved or acknowledged
    action VARCHAR NOT NULL,             -- edit, restore, propose, approve, acknowledge
    plan_json VARCHAR NOT NULL,          -- planner.domain.PlanResult as JSON
    edits_json VARCHAR NOT NULL,         -- records.plans.PlanEdits (locks, exclusions, wishes off) as JSON
    author_id VARCHAR NOT NULL,
    author_name VARCHAR NOT NULL,
    author_role VARCHAR NOT NULL,
    saved_at TIMESTAMP NOT NULL,
    summary VARCHAR NOT NULL,            -- what changed, in words
    restored_from INTEGER,
    PRIMARY KEY (student_id, version)
);

CREATE SEQUENCE plan_comment_ids START 1;

CREATE TABLE plan_comments (
    id BIGINT PRIMARY KEY DEFAULT nextval('plan_comment_ids'),
    student_id VARCHAR NOT NULL,
    version INTEGER NOT NULL,            -- the plan version that was current when it was written
    author_id VARCHAR NOT NULL,
    author_name VARCHAR NOT NULL,
    author_role VARCHAR NOT NULL,
    written_at TIMESTAMP NOT NULL,
    body VARCHAR NOT NULL
);

CREATE SEQUENCE audit_ids START 1;

-- Who did (or was refused) what to which student's record, and when. `detail` never holds student data:
-- only ids, version numbers and counts.
CREATE TABLE audit_log (
    id BIGINT PRIMARY KEY DEFAULT nextval('audit_ids'),
    happened_at TIMESTAMP NOT NULL,
    user_id VARCHAR NOT NULL,
    role VARCHAR NOT NULL,
    action VARCHAR NOT NULL,
    student_id VARCHAR,
    allowed BOOLEAN NOT NULL,
    detail VARCHAR NOT NULL
);
