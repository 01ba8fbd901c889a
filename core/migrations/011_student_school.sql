-- The school a student attends (optional; `pathways cohort plan --school S` selects by it). Added after
-- `position`, so core/store.py's put_students writes it last.

ALTER TABLE students ADD COLUMN school VARCHAR NOT NULL DEFAULT '';
