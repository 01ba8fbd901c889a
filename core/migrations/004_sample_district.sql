-- A row here says that the database holds the sample district as `pathways setup --demo` loaded it;
-- only then may the sample's demo accounts (published passwords) sign in. Any other district import
-- through the record service deletes the row.
CREATE TABLE sample_district (
    loaded_at TIMESTAMP NOT NULL
);
