"""Print the rows of bench/deid/README.md's source tables: python -m tests.deid_eval"""

from tests.deid_eval import label_table, source_table

print("\n".join(source_table()))
print()
print("\n".join(label_table()))
