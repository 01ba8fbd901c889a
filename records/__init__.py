"""The student-record service: accounts, roles, access control, plan versions, audit, transfer."""
