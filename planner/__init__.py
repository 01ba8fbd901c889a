"""The planner: CP-SAT pathway solver, explanations and the chat agent. Reads catalog/, never the UI."""
