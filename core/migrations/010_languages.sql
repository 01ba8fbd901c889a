-- Languages (docs/languages.md): the language a family account reads the product in, and the district's
-- own text in other languages (opportunities, competencies, pathways and terms carry a `translations`
-- map in their files: {"es": {"title": ...}}, stored as JSON text and validated by pydantic on read).

ALTER TABLE users ADD COLUMN language VARCHAR;   -- 'es', 'vi', ...; NULL: not chosen (English)

ALTER TABLE opportunities ADD COLUMN translations VARCHAR NOT NULL DEFAULT '{}';
ALTER TABLE competencies ADD COLUMN translations VARCHAR NOT NULL DEFAULT '{}';
ALTER TABLE pathways ADD COLUMN translations VARCHAR NOT NULL DEFAULT '{}';
ALTER TABLE terms ADD COLUMN translations VARCHAR NOT NULL DEFAULT '{}';
