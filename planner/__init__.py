"""The pathway solver: the plan request and result types, one function per rule, the CP-SAT model,
explanations and the independent checker. Reads core/, never the chat, the records or the UI."""
