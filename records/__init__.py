"""The student-record service: accounts, roles, access control, plan versions, audit, transfer."""

import logging

# A library does not decide where its log goes: without a handler configured by the application, the
# records loggers say nothing (instead of Python's last-resort printing of warnings to stderr).
logging.getLogger("records").addHandler(logging.NullHandler())
