-- The matcher's embedding index: one unit-length vector per opportunity and per competency, with the
-- model that made it and a hash of the text it was made from, so that only what changed is re-embedded.

CREATE TABLE embeddings (
    item_kind VARCHAR NOT NULL,      -- 'opportunity' or 'competency'
    item_id VARCHAR NOT NULL,
    model VARCHAR NOT NULL,          -- ModelRef.name of the model that made the vector
    text_hash VARCHAR NOT NULL,      -- sha256 of the embedded text (matcher/index.py: document_text)
    vector FLOAT[] NOT NULL,
    embedded_at TIMESTAMP NOT NULL DEFAULT now(),
    PRIMARY KEY (item_kind, item_id)
);
