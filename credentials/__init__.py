"""Signed, verifiable credentials of a student's mastery: 1EdTech Open Badges 3.0 achievement
credentials and a CLR 2.0 learner record, with Data Integrity proofs (eddsa-rdfc-2022), built, signed
and verified offline."""
