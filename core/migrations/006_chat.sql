-- The student's conversation with the chat, kept with the plan's record across sign-ins (records/chat.py).
-- One row per message, in order; a message is never updated. Read and written only through the record
-- service (view_chat, chat), audited with counts, never with the text.

CREATE TABLE chat_messages (
    student_id VARCHAR NOT NULL,
    seq INTEGER NOT NULL,                -- 1, 2, ... per student
    speaker VARCHAR NOT NULL,            -- student or assistant
    author_id VARCHAR NOT NULL,          -- the account whose turn it was
    said_at TIMESTAMP NOT NULL,
    body VARCHAR NOT NULL,
    PRIMARY KEY (student_id, seq)
);
