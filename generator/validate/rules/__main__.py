"""`python -m generator.validate.rules` lists the rules across files, in the order they run."""

from . import describe

print("\n".join(describe()))
