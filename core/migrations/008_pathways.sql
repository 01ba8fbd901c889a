-- Interest and career pathways the district declares (pathways.json): a named progression of
-- opportunities, in order. Steps (role, name, any_of) are JSON text validated by pydantic on read.
-- Pathways the matcher infers for a student are never stored.
CREATE TABLE pathways (
    id VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    description VARCHAR NOT NULL,
    occupations VARCHAR[] NOT NULL,
    steps VARCHAR NOT NULL,
    position INTEGER NOT NULL
);
