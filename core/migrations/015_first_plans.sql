-- Each student's conversation opening (greeting, what the record says, the first plan), made in advance
-- by `pathways setup` / `pathways plan prepare` or live at a first sign-in (chat/opening.py), so that a
-- student signing in is shown the first plan without waiting for the model and the solver. One row per
-- student; `inputs` is the fingerprint of everything it was made from, and a row whose fingerprint is
-- not the current one is never shown (records/first_plans.py). Read and written only through the record
-- service.

CREATE TABLE first_plans (
    student_id VARCHAR PRIMARY KEY,
    inputs VARCHAR NOT NULL,             -- chat.opening.opening_inputs
    opening_json VARCHAR NOT NULL,       -- chat.opening.Opening
    made_at TIMESTAMP NOT NULL,
    made_by VARCHAR NOT NULL             -- the account (or "(setup)") whose act made it
);
