"""Importers: each turns a file into validated schema objects or raises InputError naming the problem."""
