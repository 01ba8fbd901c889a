-- The catalog and the students: one table per domain model, lists as DuckDB lists,
-- nested shapes (meetings, prerequisites, minimums) as JSON text validated by pydantic on read.

CREATE TABLE frameworks (
    id VARCHAR PRIMARY KEY,
    title VARCHAR NOT NULL,
    creator VARCHAR NOT NULL,
    publisher VARCHAR NOT NULL,
    version VARCHAR NOT NULL,
    adoption_status VARCHAR NOT NULL,
    subjects VARCHAR[] NOT NULL,
    source_uri VARCHAR NOT NULL,
    last_changed TIMESTAMP
);

CREATE TABLE competencies (
    id VARCHAR PRIMARY KEY,
    code VARCHAR NOT NULL,
    statement VARCHAR NOT NULL,
    subject VARCHAR NOT NULL,
    education_levels VARCHAR[] NOT NULL,
    framework VARCHAR NOT NULL,
    parent VARCHAR,
    item_type VARCHAR NOT NULL,
    source_uri VARCHAR NOT NULL,
    is_heading BOOLEAN NOT NULL,
    precedes VARCHAR[] NOT NULL,
    position INTEGER NOT NULL
);

CREATE TABLE competency_links (
    origin VARCHAR NOT NULL,
    type VARCHAR NOT NULL,
    destination VARCHAR NOT NULL,
    destination_uri VARCHAR NOT NULL,
    destination_title VARCHAR NOT NULL,
    framework VARCHAR NOT NULL
);

CREATE TABLE opportunities (
    id VARCHAR PRIMARY KEY,
    title VARCHAR NOT NULL,
    description VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    provider VARCHAR NOT NULL,
    mode VARCHAR NOT NULL,
    location VARCHAR NOT NULL,
    competencies VARCHAR[] NOT NULL,
    hours_per_week DOUBLE NOT NULL,
    length_terms INTEGER NOT NULL,
    seasons VARCHAR[] NOT NULL,
    only_terms VARCHAR[] NOT NULL,
    meetings VARCHAR NOT NULL,
    prerequisites VARCHAR NOT NULL,
    seats INTEGER,
    min_grade INTEGER NOT NULL,
    max_grade INTEGER NOT NULL,
    cost DOUBLE NOT NULL,
    position INTEGER NOT NULL
);

CREATE TABLE requirement_sets (
    id VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    required VARCHAR[] NOT NULL,
    subject_minimums VARCHAR NOT NULL,
    proficiency_share DOUBLE NOT NULL,
    pace_loads VARCHAR NOT NULL
);

CREATE TABLE terms (
    id VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    season VARCHAR NOT NULL,
    school_year INTEGER NOT NULL,
    start_date DATE NOT NULL,
    end_date DATE NOT NULL
);

CREATE TABLE calendar_settings (
    singleton BOOLEAN PRIMARY KEY DEFAULT TRUE,
    current_school_year INTEGER NOT NULL,
    first_plannable_term VARCHAR NOT NULL
);

CREATE TABLE students (
    id VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    grade INTEGER NOT NULL,
    target_graduation_term VARCHAR NOT NULL,
    requirement_set VARCHAR NOT NULL,
    interests VARCHAR NOT NULL,
    career_goals VARCHAR NOT NULL,
    unavailable VARCHAR NOT NULL,
    max_hours_per_week DOUBLE NOT NULL,
    pace VARCHAR NOT NULL,
    allowed_modes VARCHAR[] NOT NULL,
    preferred_modes VARCHAR[] NOT NULL,
    completed_opportunities VARCHAR[] NOT NULL,
    position INTEGER NOT NULL
);

CREATE TABLE evidence (
    student VARCHAR NOT NULL,
    competency VARCHAR NOT NULL,
    level VARCHAR NOT NULL,
    evidence_date DATE NOT NULL,
    source VARCHAR NOT NULL,
    assessor VARCHAR NOT NULL,
    position INTEGER NOT NULL
);
