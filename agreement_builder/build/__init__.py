"""Build: a spec becomes an assembly: the clause library, the one sandboxed Jinja
environment (with its code cache), and assembly (select clauses, number, resolve
references, find gaps)."""
