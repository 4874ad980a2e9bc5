"""`mallctl rehearse`: a claim rush against a running mall, with its consistency check."""
