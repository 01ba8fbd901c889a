-- Cohort runs (cohort/, records/cohort.py): a district's planning of many students at once, with shared
-- seats. A run is never updated; a what-if is a new run naming its parent. Times are UTC.

CREATE TABLE cohort_runs (
    id VARCHAR PRIMARY KEY,
    created_at TIMESTAMP NOT NULL,
    created_by VARCHAR NOT NULL,         -- the staff account that ran it
    parent VARCHAR,                      -- the run a what-if started from
    status VARCHAR NOT NULL,             -- 'complete', or 'complete with N failed'
    students INTEGER NOT NULL,
    planned INTEGER NOT NULL,
    note VARCHAR NOT NULL,               -- the what-if in words; empty for a plain run
    run_json VARCHAR NOT NULL            -- cohort.domain.CohortRun without its students, as JSON
);

-- Each student's part of a run: the plan, or why there is none, the seats lost and the backups.
CREATE TABLE cohort_students (
    run_id VARCHAR NOT NULL,
    position INTEGER NOT NULL,
    student_id VARCHAR NOT NULL,
    outcome VARCHAR NOT NULL,            -- planned, off track or failed
    student_json VARCHAR NOT NULL,       -- cohort.domain.StudentRun as JSON
    PRIMARY KEY (run_id, student_id)
);
